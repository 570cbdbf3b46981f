import type { SqlPrinter } from '../printer.js';

/** DuckDB reads CSV itself: declared types where given, sniffed types for the other columns. */
export function duckdbReadCsv(p: SqlPrinter, file: string, opts: { columnTypes: Record<string, string>; delimiter: string }): string {
  const args = [p.string(file), 'header = true', `delim = ${p.string(opts.delimiter)}`];
  const typed = Object.entries(opts.columnTypes);
  if (typed.length) args.push(`types = {${typed.map(([c, t]) => `${p.string(c)}: ${p.string(t)}`).join(', ')}}`);
  return `SELECT * FROM read_csv(${args.join(', ')})`;
}
