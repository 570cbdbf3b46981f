import type { Statement, TableName } from '../ast.js';
import type { SqlPrinter } from '../printer.js';

/**
 * A seed is loaded into BigQuery with every column as STRING (a load job parses the file as it is), then this one
 * statement rewrites the table with each column cast to its type: the type declared in `column_types`, written in
 * GoogleSQL as the user typed it, or the one DuckDB's sniffer inferred (so a seed has the same types as on DuckDB).
 */
export function bigquerySeedCast(p: SqlPrinter, table: TableName, columns: { name: string; type: string }[]): Statement {
  const select = columns
    .map((c) => (c.type.toUpperCase() === 'STRING' ? p.ident(c.name) : `CAST(${p.ident(c.name)} AS ${c.type}) AS ${p.ident(c.name)}`))
    .join(', ');
  return { kind: 'create_table_as', table, replace: true, query: { kind: 'raw_query', sql: `SELECT ${select}\nFROM ${p.table(table)}` } };
}

/** The unparameterised GoogleSQL type holding DECIMAL(precision, scale): NUMERIC has 29 integer and 9 fraction digits. */
export function bigqueryNumeric(precision: number, scale: number): 'NUMERIC' | 'BIGNUMERIC' {
  return precision - scale > 29 || scale > 9 ? 'BIGNUMERIC' : 'NUMERIC';
}

/**
 * A `column_types` entry as GoogleSQL: names GoogleSQL lacks but other engines use (DuckDB's VARCHAR, DOUBLE,
 * BOOLEAN; Postgres' TEXT, DOUBLE PRECISION) are mapped, so one seed declaration serves every target. GoogleSQL
 * names and its aliases (INTEGER, BIGINT, DECIMAL) pass unchanged. Parameterised types lose their parameters:
 * "Parameterized types are not allowed in CAST expressions" (GoogleSQL data types: only columns and script
 * variables take them), and the seed's columns are made by a CAST.
 */
export function bigqueryDeclaredType(declared: string): string {
  const t = declared.trim().toUpperCase().replace(/\s+/g, ' ');
  const decimal = /^(DECIMAL|NUMERIC|BIGDECIMAL|BIGNUMERIC) ?\( ?(\d+) ?(?:, ?(\d+) ?)?\)$/.exec(t);
  if (decimal) return /^BIG/.test(decimal[1]) ? 'BIGNUMERIC' : bigqueryNumeric(Number(decimal[2]), Number(decimal[3] ?? 0));
  const sized = /^(STRING|BYTES) ?\( ?\d+ ?\)$/.exec(t);
  if (sized) return sized[1];
  if (/^(VARCHAR|TEXT|CHAR|BPCHAR|CHARACTER VARYING|CHARACTER)(\s*\(\s*\d+\s*\))?$/.test(t)) return 'STRING';
  if (/^(DOUBLE|DOUBLE PRECISION|REAL|FLOAT|FLOAT4|FLOAT8)$/.test(t)) return 'FLOAT64';
  if (t === 'BOOLEAN') return 'BOOL';
  if (t === 'HUGEINT') return 'BIGNUMERIC';
  if (/^TIMESTAMP ?(WITH TIME ZONE|TZ)$/.test(t) || t === 'TIMESTAMPTZ') return 'TIMESTAMP';
  return declared.trim();
}

/** DuckDB's sniffed type names -> GoogleSQL; anything unknown stays a STRING. */
export function bigqueryTypeForDuckdb(duckdbType: string): string {
  const t = duckdbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t)) return 'INT64';
  if (t === 'DOUBLE' || t === 'FLOAT') return 'FLOAT64';
  if (t.startsWith('DECIMAL')) return 'NUMERIC';
  if (t === 'BOOLEAN') return 'BOOL';
  if (t === 'DATE') return 'DATE';
  if (t === 'TIME') return 'TIME';
  if (t.startsWith('TIMESTAMP')) return 'TIMESTAMP';
  return 'STRING';
}
