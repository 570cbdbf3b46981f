import type { DateGrain } from '../ast.js';
import type { Dialect } from '../dialect.js';

/** GoogleSQL date parts; `week` is ISO (Monday) everywhere in Cible, BigQuery's plain WEEK starts on Sunday. */
const datePart: Record<DateGrain, string> = { day: 'DAY', week: 'ISOWEEK', month: 'MONTH', quarter: 'QUARTER', year: 'YEAR' };

/**
 * BigQuery (GoogleSQL). Names are `project`.`dataset`.`table`, each part quoted on its own, and quoted names and
 * strings take backslash escapes (a single-quoted string cannot hold a raw newline). Multi-statement transactions
 * exist only inside a session and refuse DDL, so a table is replaced atomically by CREATE OR REPLACE TABLE alone:
 * `transactionalDdl: false` without `swapTable` makes src/run/materialize.ts build it that way.
 */
export const bigqueryDialect: Dialect = {
  name: 'bigquery',
  quote: '`',
  quoteEscape: 'backslash',
  stringEscape: 'backslash',
  types: {
    string: 'STRING', int: 'INT64', bigint: 'INT64', float: 'FLOAT64', decimal: 'NUMERIC',
    bool: 'BOOL', date: 'DATE', timestamp: 'TIMESTAMP',
  },
  capabilities: { merge: true, qualify: true, createOrReplaceTable: true, transactionalDdl: false },
  dateTrunc: (grain, expr) => `DATE_TRUNC(${expr}, ${datePart[grain]})`,
  functions: {
    current_date: () => 'CURRENT_DATE()',
    current_timestamp: () => 'CURRENT_TIMESTAMP()',
    date_add_days: ([d, n]) => `DATE_ADD(${d}, INTERVAL (${n}) DAY)`,
    // DATE_DIFF(later, earlier, DAY): the catalogue's (a, b) means b - a, as DuckDB's DATE_DIFF('day', a, b).
    date_diff_days: ([a, b]) => `DATE_DIFF(${b}, ${a}, DAY)`,
    safe_divide: ([a, b]) => `SAFE_DIVIDE(${a}, ${b})`,
    sha256_hex: ([x]) => `TO_HEX(SHA256(${x}))`,
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
