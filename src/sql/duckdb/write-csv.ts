import type { TableName } from '../ast.js';
import type { SqlPrinter } from '../printer.js';

/** Scalar DuckDB types that CSV carries as they are; anything else (LIST, STRUCT, MAP, UUID, ENUM, ...) goes as text. */
const scalar = /^(VARCHAR|BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DOUBLE|FLOAT|DATE|TIME|DECIMAL\(\d+,\s*\d+\))$/;

/**
 * `COPY` of a DuckDB table to one CSV file that any loader reads the same way: a header, `"` quoting, NULL as
 * `nullString` (so an empty field is an empty string), timestamps in one explicit format (UTC wall-clock time, as
 * Snowflake's COPY declares it), lists and structs as JSON text, other non-scalar types as text. Returns the
 * statement and each column's DuckDB type as written to the file, for the target to map to its own types.
 */
export function duckdbWriteCsv(p: SqlPrinter, table: TableName, columns: { name: string; type: string }[], file: string, nullString: string): { sql: string; types: Record<string, string> } {
  const types: Record<string, string> = {};
  const select = columns.map(({ name, type }) => {
    const col = p.ident(name);
    const t = type.toUpperCase();
    if (t === 'TIMESTAMP' || t.startsWith('TIMESTAMP WITH')) {
      types[name] = 'TIMESTAMP';
      const utc = t === 'TIMESTAMP' ? col : `timezone('UTC', ${col})`;
      return `strftime(${utc}, '%Y-%m-%d %H:%M:%S.%f') AS ${col}`;
    }
    if (scalar.test(t)) {
      types[name] = t;
      return col;
    }
    types[name] = 'VARCHAR';
    return /[[\]]|^STRUCT|^MAP/.test(t) ? `CAST(to_json(${col}) AS VARCHAR) AS ${col}` : `CAST(${col} AS VARCHAR) AS ${col}`;
  });
  const options = `FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR ${p.string(nullString)}`;
  return { sql: `COPY (SELECT ${select.join(', ')} FROM ${p.table(table)}) TO ${p.string(file)} (${options})`, types };
}
