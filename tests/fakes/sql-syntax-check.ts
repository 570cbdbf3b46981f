/**
 * An independent syntax check for the SQL the BigQuery and Snowflake fakes receive (issue 3): the fakes translate
 * to DuckDB, and DuckDB's leniency (or the translator's) could otherwise hide SQL the real warehouse rejects. Each
 * statement is parsed with node-sql-parser's grammar for the dialect. That grammar is incomplete, so a short
 * allow-list (sql-syntax-shapes.ts) names the valid statement shapes it cannot parse, and a few in-statement gaps
 * are masked below; anything else the parser rejects fails the statement.
 */
import { createRequire } from 'node:module';
import type { Parser as SqlParser } from 'node-sql-parser';
import { shapeOf } from './sql-syntax-shapes.js';

export type SyntaxDialect = 'bigquery' | 'snowflake';

/** One statement: its text and the same text with literals, quoted names and comments masked (same offsets). */
export interface Stmt {
  text: string;
  masked: string;
}

/** A statement that passed: the allow-listed shape it has (none: parsed whole), and how many texts were parsed. */
export interface Checked {
  text: string;
  shape?: string;
  parsed: number;
}

export class SqlSyntaxError extends Error {
  constructor(readonly dialect: SyntaxDialect, readonly statement: string, readonly parserMessage: string) {
    super(`Syntax error (node-sql-parser's ${dialect} grammar) in \`${head(statement)}\`: ${parserMessage}`);
  }
}

// The per-dialect builds (200-260 kB each) instead of the package entry, which loads every grammar (2.5 MB).
const require = createRequire(import.meta.url);
const grammar: Record<SyntaxDialect, { db: string; module: string }> = {
  bigquery: { db: 'BigQuery', module: 'node-sql-parser/build/bigquery' },
  snowflake: { db: 'Snowflake', module: 'node-sql-parser/build/snowflake' },
};
const parsers = new Map<SyntaxDialect, SqlParser>();
function parserFor(d: SyntaxDialect): SqlParser {
  if (!parsers.has(d)) parsers.set(d, new (require(grammar[d].module) as { Parser: new () => SqlParser }).Parser());
  return parsers.get(d)!;
}

/** The statement's first 80 characters on one line, to name it in an error. */
function head(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

/**
 * Masks string literals and quoted identifiers (contents -> '_', delimiters kept) and comments (-> spaces), so that
 * keywords, `;` and brackets can be found by position. Both dialects read backslash escapes in '...' strings;
 * BigQuery also in "..." strings and `...` names; Snowflake doubles "" inside a quoted name.
 */
export function mask(sql: string, d: SyntaxDialect): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const two = sql.slice(i, i + 2);
    const lineComment = two === '--' || (d === 'bigquery' && c === '#') || (d === 'snowflake' && two === '//');
    if (lineComment || two === '/*') {
      const close = sql.indexOf(lineComment ? '\n' : '*/', i + 2);
      const stop = close < 0 ? sql.length : lineComment ? close : close + 2;
      out += sql.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      const backslash = c === "'" || d === 'bigquery';
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += backslash && sql[j] === '\\' ? 2 : 1;
      // A doubled quote ('' or "") continues the literal: the scan resumes after it.
      while (sql[j] === c && sql[j + 1] === c) {
        j += 2;
        while (j < sql.length && sql[j] !== c) j += backslash && sql[j] === '\\' ? 2 : 1;
      }
      const stop = Math.min(j + 1, sql.length);
      out += c + '_'.repeat(Math.max(0, stop - i - 2)) + (stop - i >= 2 ? sql[stop - 1] : '');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Splits on `;` outside literals and comments; empty statements (comments only) are dropped. */
export function splitStatements(sql: string, d: SyntaxDialect): Stmt[] {
  const masked = mask(sql, d);
  const out: Stmt[] = [];
  let start = 0;
  for (let i = 0; i <= masked.length; i++) {
    if (i < masked.length && masked[i] !== ';') continue;
    const m = masked.slice(start, i);
    if (m.trim()) out.push({ text: sql.slice(start, i), masked: m });
    start = i + 1;
  }
  return out;
}

/**
 * Valid SQL that node-sql-parser's grammars reject inside otherwise parseable statements, rewritten (same length, so
 * the parser's line:column stays right) once its own narrow form is checked:
 * - an escape inside a quoted name: `a\`b` in GoogleSQL ("quoted identifiers ... support the same escape sequences
 *   as string literals"), "a""b" in Snowflake (double quotes in a quoted identifier are doubled). Each escape -> '__'.
 * - BigQuery: a backtick-quoted CTE name, `WITH \`x\` AS (` (GoogleSQL "cte_name AS ( query_expr )": a quoted
 *   identifier is an identifier); its backticks go.
 * - BigQuery: an array subscript `[OFFSET(i)]`, `[SAFE_OFFSET(i)]`, `[ORDINAL(i)]`, `[SAFE_ORDINAL(i)]` with an integer
 *   literal (GoogleSQL "Array subscript operator"), which the grammar takes only on a bare select-list column: blanked.
 */
function grammarGaps(s: Stmt, d: SyntaxDialect): string {
  let text = s.text;
  const put = (at: number, v: string) => (text = text.slice(0, at) + v + text.slice(at + v.length));
  for (const m of s.masked.matchAll(d === 'bigquery' ? /`_+`/g : /"_+"/g)) {
    put(m.index!, text.slice(m.index!, m.index! + m[0].length).replace(d === 'bigquery' ? /(?<!^)\\./g : /(?<!^)""(?!$)/g, '__'));
  }
  if (d === 'snowflake') return text;
  for (const m of s.masked.matchAll(/(\bWITH\s+(?:RECURSIVE\s+)?|\)\s*,\s*)`_*`(?=\s+AS\s*\()/gi)) {
    const at = m.index! + m[1].length;
    const name = text.slice(at, m.index! + m[0].length);
    if (/^`[A-Za-z_][A-Za-z0-9_]*`$/.test(name)) put(at, ` ${name.slice(1, -1)} `);
  }
  for (const m of s.masked.matchAll(/\[\s*(?:SAFE_)?(?:OFFSET|ORDINAL)\s*\(\s*\d+\s*\)\s*\]/gi)) put(m.index!, ' '.repeat(m[0].length));
  return text;
}

function parse(text: string, d: SyntaxDialect, whole: string): void {
  try {
    parserFor(d).astify(text, { database: grammar[d].db });
  } catch (e) {
    const err = e as Error & { location?: { start: { line: number; column: number } } };
    const at = err.location ? ` (line ${err.location.start.line}, column ${err.location.start.column}: ${JSON.stringify(text.split('\n')[err.location.start.line - 1]?.trim().slice(0, 120))})` : '';
    throw new SqlSyntaxError(d, whole, `${err.message}${at}`);
  }
}

/**
 * Throws SqlSyntaxError naming the first statement of `sql` that is not valid `dialect` SQL. Returns each statement
 * with the allow-listed shape it matched (none: parsed whole), for tests to count.
 */
export function checkSyntax(sql: string, dialect: SyntaxDialect): Checked[] {
  const seen: Checked[] = [];
  for (const stmt of splitStatements(sql, dialect)) {
    // node-sql-parser's BigQuery grammar lets ':' into unquoted names, so `x::DATE` parses as a column named
    // "x::DATE"; GoogleSQL has no `::` token (only CAST(x AS T)), and it is the DuckDB/Postgres cast DuckDB accepts.
    if (dialect === 'bigquery' && stmt.masked.includes('::')) throw new SqlSyntaxError(dialect, stmt.text, 'GoogleSQL has no `::` cast operator: use CAST(x AS T)');
    // The grammar takes DECIMAL(10,2) as a cast target (not NUMERIC(10, 2)); BigQuery takes neither: "Parameterized
    // types are not allowed in CAST expressions" (its data types reference: only columns and script variables).
    const param = dialect === 'bigquery' && /\bAS\s+(NUMERIC|DECIMAL|BIGNUMERIC|BIGDECIMAL|STRING|BYTES)\s*\(\s*\d/i.exec(stmt.masked);
    if (param) throw new SqlSyntaxError(dialect, stmt.text, `Parameterized types are not allowed in CAST expressions (${param[1]}(...)): cast to plain ${param[1]}`);
    const shape = shapeOf(stmt, dialect);
    const parts = shape ? (shape.inner?.(stmt) ?? []).map((text) => ({ text, masked: mask(text, dialect) })) : [stmt];
    for (const part of parts) parse(grammarGaps(part, dialect), dialect, stmt.text);
    seen.push({ text: stmt.text, shape: shape?.name, parsed: parts.length });
  }
  return seen;
}
