/**
 * The allow-list of sql-syntax-check.ts: valid statement shapes that node-sql-parser 5.4's BigQuery or Snowflake
 * grammar cannot parse, matched by their leading keywords. Each says why it is valid (the vendor's grammar) and,
 * where a part of it is ordinary SQL, hands that part back to be parsed instead (`inner`), so a shape skips only
 * the syntax the grammar lacks. A shape without `inner` is not parsed at all: keep those few and exact.
 */
import type { Stmt, SyntaxDialect } from './sql-syntax-check.js';

export interface Shape {
  name: string;
  dialects: SyntaxDialect[];
  /** Tested against the masked statement, whitespace collapsed and upper-cased: literals read `'___'`. */
  lead: RegExp;
  /** Why the statement is valid, citing the vendor's reference. */
  why: string;
  /** The SQL to parse in its place (none: nothing is parsed). */
  inner?: (s: Stmt) => string[];
}

// A name as the masked text shows it: bare words and quoted parts (`___`, "___") joined by dots.
const NAME = String.raw`(?:[A-Za-z_][\w$-]*|\x60_*\x60|"_*")(?:\s*\.\s*(?:[A-Za-z_][\w$-]*|\x60_*\x60|"_*"))*`;

/** Where the part of `s` after the regex `re` (run on the masked text) starts, or -1. */
function after(s: Stmt, re: RegExp): number {
  const m = re.exec(s.masked);
  return m ? m.index + m[0].length : -1;
}

/** The index just after the bracket that closes the one at `open` in the masked text. */
function closing(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')' && --depth === 0) return i + 1;
  }
  return masked.length;
}

/** The name that starts at `at` (after blanks) in the masked text: [start, end), or [at, at) if none. */
function nameAt(s: Stmt, at: number): [number, number] {
  const m = new RegExp(String.raw`^\s*(${NAME})`).exec(s.masked.slice(at));
  return m ? [at + m[0].length - m[1].length, at + m[0].length] : [at, at];
}

/**
 * MERGE INTO target [AS] t USING source [AS] s ON cond WHEN ... THEN UPDATE SET ... | INSERT (...) VALUES (...):
 * the target, source (a name or a parenthesised query), aliases and condition are parsed as
 * `SELECT 1 FROM target t JOIN source s ON cond`, and each WHEN action as an UPDATE or INSERT.
 */
function mergeParts(s: Stmt): string[] {
  const [t0] = nameAt(s, after(s, /^\s*MERGE\s+(?:INTO\s+)?/i));
  const using = s.masked.search(/\bUSING\b/i);
  const src = using + 5 + (/^\s*/.exec(s.masked.slice(using + 5))![0].length);
  const srcEnd = s.masked[src] === '(' ? closing(s.masked, src) : nameAt(s, src)[1];
  const whens = [...s.masked.matchAll(/\bWHEN\s+(?:NOT\s+)?MATCHED\b/gi)].map((m) => m.index!);
  const parts = [`SELECT 1 FROM ${s.text.slice(t0, using)} JOIN ${s.text.slice(src, srcEnd)}${s.text.slice(srcEnd, whens[0] ?? s.text.length)}`];
  for (const [i, at] of whens.entries()) {
    const end = whens[i + 1] ?? s.text.length;
    const action = /\bTHEN\s+(?:(UPDATE\s+SET)|(INSERT)|(DELETE\s*$))/i.exec(s.masked.slice(at, end));
    const body = action ? s.text.slice(at + action.index + action[0].length, end) : '';
    // A clause this cannot read is handed to the parser as it is, which rejects it.
    if (!action) parts.push(s.text.slice(at, end));
    // The target's name was parsed above; a bare one here, as BigQuery's grammar crashes on UPDATE `d`.`t` SET.
    else if (action[1]) parts.push(`UPDATE merge_target SET ${body}`);
    else if (action[2]) parts.push(`INSERT INTO merge_target ${body}`);
  }
  return parts;
}

export const shapes: Shape[] = [
  {
    name: 'transaction control',
    dialects: ['bigquery', 'snowflake'],
    lead: /^(BEGIN|START)( TRANSACTION| WORK)?$|^(COMMIT|ROLLBACK)( TRANSACTION| WORK)?$/,
    why: 'GoogleSQL "BEGIN [TRANSACTION]", "COMMIT [TRANSACTION]", "ROLLBACK [TRANSACTION]" (procedural language: ' +
      'transactions); Snowflake "BEGIN [ { WORK | TRANSACTION } ]", "COMMIT [ WORK ]", "ROLLBACK [ WORK ]". Neither grammar has them.',
  },
  {
    name: 'DROP VIEW, DROP TABLE IF EXISTS',
    dialects: ['bigquery', 'snowflake'],
    lead: /^DROP VIEW |^DROP TABLE IF EXISTS /,
    why: 'GoogleSQL "DROP TABLE [IF EXISTS] table_name", "DROP VIEW [IF EXISTS] view_name"; Snowflake ' +
      '"DROP TABLE [ IF EXISTS ] <name>", "DROP VIEW [ IF EXISTS ] <name>". The grammars have no DROP VIEW and reject IF EXISTS: ' +
      'the rest is parsed as a DROP TABLE.',
    inner: (s) => [`DROP TABLE ${s.text.slice(after(s, /^\s*DROP\s+(?:TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?/i))}`],
  },
  {
    name: 'CREATE SCHEMA',
    dialects: ['bigquery'],
    lead: new RegExp(String.raw`^CREATE SCHEMA (IF NOT EXISTS )?${NAME}$`),
    why: 'GoogleSQL "CREATE SCHEMA [ IF NOT EXISTS ] [project_name.]dataset_name". The grammar crashes on it ' +
      '("t.toLowerCase is not a function"): the name is parsed as FROM name.',
    inner: (s) => [`SELECT * FROM ${s.text.slice(after(s, /^\s*CREATE\s+SCHEMA\s+(?:IF\s+NOT\s+EXISTS\s+)?/i))}`],
  },
  {
    name: 'DROP SCHEMA',
    dialects: ['bigquery', 'snowflake'],
    lead: new RegExp(String.raw`^DROP SCHEMA (IF EXISTS )?${NAME}( CASCADE| RESTRICT)?$`),
    why: 'GoogleSQL "DROP SCHEMA [IF EXISTS] [project_name.]dataset_name [ CASCADE | RESTRICT ]"; Snowflake "DROP SCHEMA ' +
      '[ IF EXISTS ] <name> [ CASCADE | RESTRICT ]". Neither grammar has DROP SCHEMA: the name is parsed as FROM name.',
    inner: (s) => [`SELECT * FROM ${s.text.slice(after(s, /^\s*DROP\s+SCHEMA\s+(?:IF\s+EXISTS\s+)?/i)).replace(/\s+(CASCADE|RESTRICT)\s*$/i, '')}`],
  },
  {
    name: 'DELETE FROM',
    dialects: ['bigquery', 'snowflake'],
    lead: /^DELETE FROM /,
    why: 'GoogleSQL "DELETE [FROM] target_name [[AS] alias] WHERE condition"; Snowflake "DELETE FROM <table> [ [ AS ] alias ] ' +
      '[ WHERE <condition> ]". BigQuery\'s grammar rejects the alias, Snowflake\'s every DELETE FROM: the table, alias and WHERE ' +
      'are parsed as SELECT 1 FROM ....',
    inner: (s) => [`SELECT 1 ${s.text.slice(after(s, /^\s*DELETE\s+/i))}`],
  },
  {
    name: 'UPDATE of a qualified table FROM another',
    dialects: ['bigquery'],
    lead: new RegExp(String.raw`^UPDATE ${NAME} AS ${NAME} SET .+ FROM ${NAME} AS ${NAME} WHERE .+$`),
    why: 'GoogleSQL "UPDATE target_name [[AS] alias] SET set_clause [FROM from_clause] WHERE condition" (the snapshot fold ' +
      'of changed rows). BigQuery\'s grammar crashes on dataset-qualified names in an UPDATE (`dbObj is not defined`): the ' +
      'SET clause is parsed against a bare target, the tables and WHERE as SELECT 1 FROM target CROSS JOIN source WHERE ....',
    inner: (s) => {
      // Found on the masked text (a literal cannot hold a keyword), cut from the real one.
      const m = /^\s*UPDATE\s+(.+?)\s+SET\s+(.+?)\s+FROM\s+(.+?)\s+WHERE\s+(.+)$/ds.exec(s.masked)!;
      const [target, sets, source, where] = m.indices!.slice(1).map(([a, b]) => s.text.slice(a, b));
      return [`UPDATE update_target SET ${sets}`, `SELECT 1 FROM ${target} CROSS JOIN ${source} WHERE ${where}`];
    },
  },
  {
    name: 'MERGE',
    dialects: ['bigquery', 'snowflake'],
    lead: /^MERGE INTO /,
    why: 'GoogleSQL "MERGE [INTO] target_name [[AS] alias] USING source_name ON merge_condition { when_clause }"; Snowflake ' +
      '"MERGE INTO <target> USING <source> ON <join_expr> { matchedClause | notMatchedClause }". Neither grammar has MERGE: its ' +
      'join and each WHEN action are parsed as a SELECT, UPDATE or INSERT.',
    inner: mergeParts,
  },
  {
    name: 'ALTER TABLE ... SWAP WITH | RENAME TO',
    dialects: ['snowflake'],
    lead: new RegExp(String.raw`^ALTER TABLE (IF EXISTS )?${NAME} (SWAP WITH|RENAME TO) ${NAME}$`),
    why: 'Snowflake "ALTER TABLE [ IF EXISTS ] <name> SWAP WITH <target_table_name>" and "RENAME TO <new_table_name>" (a qualified ' +
      'name moves it). The grammar has no SWAP WITH and only a bare RENAME TO name: both names are parsed as FROM a, b.',
    inner: (s) => {
      const m = new RegExp(String.raw`^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${NAME})\s+(?:SWAP\s+WITH|RENAME\s+TO)\s+(${NAME})\s*$`, 'id').exec(s.masked)!;
      const [a, b] = [m.indices![1], m.indices![2]];
      return [`SELECT * FROM ${s.text.slice(a[0], a[1])}, ${s.text.slice(b[0], b[1])}`];
    },
  },
  {
    name: 'COPY INTO a table FROM a stage',
    dialects: ['snowflake'],
    lead: new RegExp(String.raw`^COPY INTO ${NAME} FROM @`),
    why: 'Snowflake "COPY INTO [<namespace>.]<table_name> FROM { internalStage | externalStage } [ FILE_FORMAT = ( ... ) ] ' +
      '[ copyOptions ]", which the grammar lacks. The table name is parsed as FROM name; the stage and options are not.',
    inner: (s) => {
      const at = after(s, /^\s*COPY\s+INTO\s+/i);
      return [`SELECT * FROM ${s.text.slice(at, s.masked.search(/\s+FROM\s+@/i))}`];
    },
  },
  {
    name: 'CREATE TABLE with PRIMARY KEY ... NOT ENFORCED',
    dialects: ['bigquery'],
    lead: /^CREATE TABLE .*, PRIMARY KEY \([^()]*\) NOT ENFORCED\)$/,
    why: 'GoogleSQL "CREATE TABLE ... (column_definition[, ...][, table_constraints])" with "PRIMARY KEY (column[, ...]) NOT ' +
      'ENFORCED" (table constraints; BigQuery accepts them only unenforced). The grammar has no table constraints: the ' +
      'statement is parsed without that one clause.',
    inner: (s) => [s.text.replace(/,\s*PRIMARY\s+KEY\s*\([^()]*\)\s*NOT\s+ENFORCED\s*\)\s*$/i, ')')],
  },
  {
    name: 'PUT',
    dialects: ['snowflake'],
    lead: /^PUT ('_*'|FILE:\/\/\S+) @\S+( [A-Z_]+ = [A-Z0-9_]+)*$/,
    why: 'Snowflake "PUT file://<path> internalStage [ AUTO_COMPRESS = TRUE | FALSE ] [ OVERWRITE = TRUE | FALSE ] ...": a ' +
      'file-transfer command the driver carries out, not SQL, and in no grammar. Not parsed; this pattern is its whole check.',
  },
];

/** The allow-listed shape `s` has, if any. */
export function shapeOf(s: Stmt, d: SyntaxDialect): Shape | undefined {
  const lead = s.masked.replace(/\s+/g, ' ').trim().toUpperCase();
  return shapes.find((x) => x.dialects.includes(d) && x.lead.test(lead));
}
