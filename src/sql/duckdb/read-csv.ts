import type { SqlPrinter } from '../printer.js';

/** DuckDB reads CSV itself: declared types where given, sniffed types for the other columns. */
export function duckdbReadCsv(p: SqlPrinter, file: string, opts: { columnTypes: Record<string, string>; delimiter: string; nullString?: string }): string {
  const args = [p.string(file), 'header = true', `delim = ${p.string(opts.delimiter)}`];
  // A custom NULL marker frees the empty field to mean the empty string (a quoted "" is one either way).
  if (opts.nullString !== undefined) args.push(`nullstr = ${p.string(opts.nullString)}`);
  const typed = Object.entries(opts.columnTypes);
  if (typed.length) args.push(`types = {${typed.map(([c, t]) => `${p.string(c)}: ${p.string(t)}`).join(', ')}}`);
  return `SELECT * FROM read_csv(${args.join(', ')})`;
}
