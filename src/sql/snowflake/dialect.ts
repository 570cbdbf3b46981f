import type { Dialect } from '../dialect.js';
import { unitOf } from '../printer.js';
import { snowflakeTypeForDuckDb } from './seed-load.js';

/**
 * Snowflake.
 *
 * Identifier policy (for the README): Cible quotes every identifier it generates, and upper-cases its ASCII letters
 * first. Snowflake stores and resolves an unquoted name as its upper-case form, so the model `stg_orders` in schema
 * `analytics` becomes `"ANALYTICS"."STG_ORDERS"`: exactly the object users reach when they write `analytics.stg_orders`
 * unquoted in a model, a BI tool or a worksheet, and a column `order_id` in YAML (unique_key, tests) matches the
 * `ORDER_ID` column that `select order_id ...` created. Keeping lower-case names quoted instead would make every
 * unquoted reference miss them. Quoting is kept so that names with spaces, quotes or reserved words stay safe. The
 * cost: two names differing only by case cannot both be generated, and objects created with a quoted lower-case
 * name outside Cible (`"raw"."events"`) are not reachable from YAML `sources` in this version.
 *
 * Strings: Snowflake reads backslash escapes inside '...', so both `\` and `'` are escaped with a backslash.
 * DDL commits implicitly (no transactional DDL): an existing table is replaced with `ALTER TABLE tmp SWAP WITH t`.
 */
export const snowflakeDialect: Dialect = {
  name: 'snowflake',
  quote: '"',
  stringEscape: 'backslash',
  identifierCase: 'upper',
  types: {
    string: 'VARCHAR', int: 'NUMBER(38, 0)', bigint: 'NUMBER(38, 0)', float: 'FLOAT', decimal: 'NUMBER(38, 9)',
    bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP_NTZ',
  },
  typeFromDuckdb: snowflakeTypeForDuckDb,
  capabilities: { merge: true, qualify: true, createOrReplaceTable: true, transactionalDdl: false, swapTable: true },
  dateTrunc: (grain, expr) => `DATE_TRUNC('${grain}', ${expr})`,
  functions: {
    date_add_days: ([d, n]) => `DATEADD('day', ${n}, ${d})`,
    date_diff_days: ([a, b]) => `DATEDIFF('day', ${a}, ${b})`,
    seconds_between: ([a, b]) => `DATEDIFF('second', ${a}, ${b})`,
    to_decimal: ([x, precision, scale]) => `CAST(${x} AS NUMBER(${precision}, ${scale}))`,
    sha256_hex: ([x]) => `SHA2(${x}, 256)`,
    // NULL on a zero divisor like every other dialect (BigQuery SAFE_DIVIDE). DIV0NULL would return 0 instead.
    safe_divide: ([a, b]) => `(${a}) / NULLIF(${b}, 0)`,
    // Snowflake SQL reference, checked for each line. REGEXP_REPLACE's occurrence defaults to 0: every match.
    regexp_replace_all: ([s, p, r]) => `REGEXP_REPLACE(${s}, ${p}, ${r})`,
    // REGEXP_LIKE / RLIKE match the whole subject; REGEXP_INSTR is the 1-based position of the first match, 0 when
    // there is none (NULL on NULL input), so "> 0" is the catalogue's partial match.
    regexp_contains: ([s, p]) => `(REGEXP_INSTR(${s}, ${p}) > 0)`,
    // DATEADD(date_or_time_part, value, expr): a negative value subtracts; a DATE stays a DATE for day and larger parts.
    date_sub_interval: ([d, n, unit]) => `DATEADD(${unitOf(unit)}, -(${n}), ${d})`,
    // SPLIT_PART is 1-based and returns '' out of range, like DuckDB's and Postgres's.
    split_part: ([s, d, i]) => `SPLIT_PART(${s}, ${d}, ${i})`,
    // LEAST is NULL when any argument is NULL (LEAST_IGNORE_NULLS skips them).
    least: (args) => `LEAST(${args.join(', ')})`,
    substr: (args) => `SUBSTR(${args.join(', ')})`,
    length: ([x]) => `LENGTH(${x})`,
    // No STRING_AGG: LISTAGG orders by its WITHIN GROUP clause; with DISTINCT it must order by the same expression.
    string_agg_distinct: ([x, d]) => `LISTAGG(DISTINCT ${x}, ${d}) WITHIN GROUP (ORDER BY ${x})`,
    // ROW_NUMBER() needs ORDER BY in a Snowflake window ("Window function type [ROW_NUMBER] requires ORDER BY");
    // SEQ8() gives unique increasing integers per row (gaps possible), which is all a row id needs.
    row_id: () => 'SEQ8()',
  },
  hooks: {
    // An unqualified new name would move the table into the session's current schema: keep it where it is.
    rename: (s, p) => `ALTER ${s.object.toUpperCase()} ${p.table(s.table)} RENAME TO ${p.table({ ...s.table, name: s.to })}`,
    swap: (s, p) => `ALTER TABLE ${p.table(s.table)} SWAP WITH ${p.table(s.with)}`,
  },
};
