import type { DateGrain } from '../ast.js';
import type { Dialect } from '../dialect.js';
import { unitOf } from '../printer.js';
import { bigqueryNumeric, bigqueryTypeForDuckdb } from './seed-cast.js';

/** GoogleSQL date parts; `week` is ISO (Monday) everywhere in Cible, BigQuery's plain WEEK starts on Sunday. */
const datePart: Record<DateGrain, string> = { day: 'DAY', week: 'ISOWEEK', month: 'MONTH', quarter: 'QUARTER', year: 'YEAR' };

/**
 * BigQuery (GoogleSQL). Names are `project`.`dataset`.`table`, each part quoted on its own, and quoted names and
 * strings take backslash escapes (a single-quoted string cannot hold a raw newline). Multi-statement transactions
 * exist only inside a session and refuse DDL, so a table is replaced atomically by CREATE OR REPLACE TABLE alone:
 * `transactionalDdl: false` without `swapTable` makes src/run/materialize.ts build it that way.
 */
/** An INTERVAL count: a bare integer literal, or a parenthesised expression. */
const intArg = (n: string) => (/^-?\d+$/.test(n) ? n : `(${n})`);

export const bigqueryDialect: Dialect = {
  name: 'bigquery',
  quote: '`',
  quoteEscape: 'backslash',
  stringEscape: 'backslash',
  types: {
    string: 'STRING', int: 'INT64', bigint: 'INT64', float: 'FLOAT64', decimal: 'NUMERIC',
    bool: 'BOOL', date: 'DATE', timestamp: 'TIMESTAMP',
  },
  typeFromDuckdb: bigqueryTypeForDuckdb,
  capabilities: { merge: true, qualify: true, createOrReplaceTable: true, transactionalDdl: false },
  dateTrunc: (grain, expr) => `DATE_TRUNC(${expr}, ${datePart[grain]})`,
  functions: {
    current_date: () => 'CURRENT_DATE()',
    current_timestamp: () => 'CURRENT_TIMESTAMP()',
    date_add_days: ([d, n]) => `DATE_ADD(${d}, INTERVAL (${n}) DAY)`,
    // DATE_DIFF(later, earlier, DAY): the catalogue's (a, b) means b - a, as DuckDB's DATE_DIFF('day', a, b).
    date_diff_days: ([a, b]) => `DATE_DIFF(${b}, ${a}, DAY)`,
    safe_divide: ([a, b]) => `SAFE_DIVIDE(${a}, ${b})`,
    seconds_between: ([a, b]) => `TIMESTAMP_DIFF(${b}, ${a}, SECOND)`,
    // A CAST takes no parameterised type (NUMERIC(12, 2) is for columns only): round to the scale instead.
    to_decimal: ([x, precision, scale]) => `ROUND(CAST(${x} AS ${bigqueryNumeric(Number(precision), Number(scale))}), ${scale})`,
    sha256_hex: ([x]) => `TO_HEX(SHA256(${x}))`,
    md5_hex: ([x]) => `TO_HEX(MD5(${x}))`,
    hash64: ([x]) => `FARM_FINGERPRINT(${x})`,
    // GoogleSQL function reference (string, date, aggregate and mathematical functions), checked for each line:
    // REGEXP_REPLACE replaces every non-overlapping match and takes exactly three arguments (no flags).
    regexp_replace_all: ([s, p, r]) => `REGEXP_REPLACE(${s}, ${p}, ${r})`,
    // REGEXP_CONTAINS is a partial match, like the catalogue's regexp_contains (REGEXP_MATCH would be a full one).
    regexp_contains: ([s, p]) => `REGEXP_CONTAINS(${s}, ${p})`,
    // DATE_SUB(date_expression, INTERVAL int64_expression date_part): DAY, WEEK (7 days), MONTH, QUARTER, YEAR.
    date_sub_interval: ([d, n, unit]) => `DATE_SUB(${d}, INTERVAL ${intArg(n)} ${unitOf(unit)})`,
    // No SPLIT_PART: SPLIT returns an array; SAFE_OFFSET is 0-based and NULL out of range (SPLIT_PART gives '').
    split_part: ([s, d, i]) => `SPLIT(${s}, ${d})[SAFE_OFFSET(${/^\d+$/.test(i) ? Number(i) - 1 : `(${i}) - 1`})]`,
    // LEAST is NULL when any argument is NULL, the catalogue's semantics.
    least: (args) => `LEAST(${args.join(', ')})`,
    substr: (args) => `SUBSTR(${args.join(', ')})`,
    // LENGTH counts characters of a STRING (bytes only for BYTES).
    length: ([x]) => `LENGTH(${x})`,
    // With DISTINCT, the ORDER BY key must be the aggregated expression itself.
    string_agg_distinct: ([x, d]) => `STRING_AGG(DISTINCT ${x}, ${d} ORDER BY ${x})`,
  },
  hooks: {
    // BigQuery accepts a primary key only as metadata: without NOT ENFORCED the statement is rejected.
    create_table: (s, p) => {
      const cols = s.columns.map((c) => `${p.ident(c.name)} ${bigqueryDialect.types[c.type]}`);
      if (s.primaryKey?.length) cols.push(`PRIMARY KEY (${s.primaryKey.map((k) => p.ident(k)).join(', ')}) NOT ENFORCED`);
      return `CREATE TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${p.table(s.table)} (${cols.join(', ')})`;
    },
  },
};
