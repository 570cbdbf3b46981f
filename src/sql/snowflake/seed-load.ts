/**
 * Snowflake's bulk load of a seed: a typed table, `PUT` of a local CSV into that table's stage, `COPY INTO`.
 * The CSV is the one Cible wrote itself (see src/warehouse/snowflake/seed-file.ts), so the file format is fixed:
 * comma-separated, no header, `"`-enclosed where needed with `""` inside, NULL as an empty unquoted field,
 * ISO dates and `YYYY-MM-DD HH24:MI:SS.FF6` timestamps.
 */
import type { TableName } from '../ast.js';
import type { SqlPrinter } from '../printer.js';

/** DuckDB's sniffed CSV types -> Snowflake column types. Unknown types load as text rather than fail. */
export function snowflakeTypeForDuckDb(duckdbType: string): string {
  const t = duckdbType.toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (decimal) return `NUMBER(${decimal[1]}, ${decimal[2]})`;
  if (/^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT))$/.test(t)) return 'NUMBER(38, 0)';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'FLOAT';
  if (t === 'BOOLEAN') return 'BOOLEAN';
  if (t === 'DATE') return 'DATE';
  if (t.startsWith('TIMESTAMP')) return 'TIMESTAMP_NTZ';
  if (t === 'TIME') return 'TIME';
  return 'VARCHAR';
}

/** `@"SCHEMA".%"TABLE"`: the stage every Snowflake table has, owned with it, so no stage needs creating. */
export function tableStage(p: SqlPrinter, t: TableName): string {
  const ns = [t.database, t.schema].filter((x): x is string => !!x).map((x) => p.ident(x));
  return '@' + [...ns, '%' + p.ident(t.name)].join('.');
}

export function createSeedTable(p: SqlPrinter, t: TableName, columns: { name: string; type: string }[]): string {
  return `CREATE OR REPLACE TABLE ${p.table(t)} (${columns.map((c) => `${p.ident(c.name)} ${c.type}`).join(', ')})`;
}

export function putFile(p: SqlPrinter, file: string, t: TableName): string {
  const url = 'file://' + (file.startsWith('/') ? '' : '/') + file.split('\\').join('/');
  return `PUT ${p.string(url)} ${tableStage(p, t)} AUTO_COMPRESS = TRUE OVERWRITE = TRUE`;
}

export function copyInto(p: SqlPrinter, t: TableName): string {
  const format = [
    'TYPE = CSV', "FIELD_DELIMITER = ','", 'SKIP_HEADER = 0', `FIELD_OPTIONALLY_ENCLOSED_BY = '"'`,
    // Unquoted backslashes are data, not escapes; only an empty unquoted field is NULL ("" stays an empty string).
    'ESCAPE_UNENCLOSED_FIELD = NONE', 'EMPTY_FIELD_AS_NULL = TRUE', 'NULL_IF = ()',
    "DATE_FORMAT = 'YYYY-MM-DD'", "TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6'", "TIME_FORMAT = 'HH24:MI:SS.FF6'",
  ];
  return `COPY INTO ${p.table(t)} FROM ${tableStage(p, t)} FILE_FORMAT = (${format.join(' ')}) ON_ERROR = ABORT_STATEMENT PURGE = TRUE`;
}
