/** Ephemeral models are never built: their SQL is inlined as CTEs into every query that reads them. */
import type { SqlPrinter } from '../sql/printer.js';

export function ephemeralCteName(name: string): string {
  return `__cible_ephemeral__${name}`;
}

/** Prefixes `sql` with the given ephemeral CTEs (already in dependency order). */
export function inlineEphemerals(sql: string, ctes: { name: string; sql: string }[], p: SqlPrinter): string {
  if (!ctes.length) return sql;
  const withClause = 'WITH ' + ctes.map((c) => `${p.ident(ephemeralCteName(c.name))} AS (\n${c.sql}\n)`).join(',\n');
  // A query that has its own WITH is wrapped rather than spliced, so WITH RECURSIVE and comments stay intact.
  return startsWithWith(sql) ? `${withClause}\nSELECT * FROM (\n${sql}\n) AS ${p.ident('__cible_model')}` : `${withClause}\n${sql}`;
}

function startsWithWith(sql: string): boolean {
  const stripped = sql.replace(/^(\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  return /^with\b/i.test(stripped);
}
