/**
 * Stages of the fake: a directory per stage under the fake's temporary root (`@"S".%"T"` is table T's stage).
 * PUT is done by the driver itself (it copies into the LOCAL_FS location the fake names); COPY INTO reads the staged
 * files with DuckDB's read_csv as text and lets the INSERT cast to the table's types, as Snowflake casts on load.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, FakeSession, StatementResult } from './engine.js';
import { nameAt, quoteParts, SfError, snowflakeError, statusResult } from './engine.js';
import { rowType } from './result-encoding.js';
import { identName, type Tok } from './sql-translate.js';

const safe = (s: string) => encodeURIComponent(s).replace(/%/g, '_');

/** The stage referenced at token `at` (the `@`), resolved against the session, and its directory. */
export async function stageFor(engine: Engine, s: FakeSession, toks: Tok[], at: number): Promise<{ dir: string; end: number }> {
  const parts: string[] = [];
  let table = false;
  let i = at + 1;
  while (toks[i]) {
    if (toks[i].v === '%') {
      table = true;
      i++;
    }
    if (!toks[i] || (toks[i].t !== 'word' && toks[i].t !== 'qident')) break;
    parts.push(identName(toks[i++]));
    if (toks[i]?.v !== '.') break;
    i++;
  }
  if (!parts.length) throw new SfError('001003', '42000', 'SQL compilation error:\nsyntax error: a stage name must follow @');
  const [db, schema, name] = await engine.resolve(s, parts);
  const dir = join(engine.stageRoot, safe(db), safe(schema), (table ? '%' : '') + safe(name));
  mkdirSync(dir, { recursive: true });
  return { dir, end: i };
}

/** `KEY = value` options, with `FILE_FORMAT = ( ... )` flattened into the same map. */
function options(toks: Tok[], from: number): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (let i = from; i < toks.length; i++) {
    if (toks[i].t !== 'word' || toks[i + 1]?.v !== '=') continue;
    const key = toks[i].v;
    const v = toks[i + 2];
    if (v?.v === '(' && key !== 'FILE_FORMAT') {
      const list: string[] = [];
      let j = i + 3;
      for (; toks[j] && toks[j].v !== ')'; j++) if (toks[j].v !== ',') list.push(toks[j].v);
      out.set(key, list);
      i = j;
    } else if (v && v.v !== '(') {
      out.set(key, v.v);
      i += 2;
    }
  }
  return out;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** COPY INTO <table> FROM @stage [FILE_FORMAT = (...)] [PURGE = TRUE]: one result row per file, like Snowflake. */
export async function copyInto(engine: Engine, s: FakeSession, w: Tok[]): Promise<StatementResult> {
  if (w[1]?.v !== 'INTO') throw new SfError('001003', '42000', 'SQL compilation error:\nsyntax error: COPY INTO expected');
  const target = nameAt(w, 2);
  const at = w.findIndex((k, i) => i > target.end && k.v === '@');
  if (w[target.end]?.v !== 'FROM' || at < 0) throw new SfError('001003', '42000', 'fake: only COPY INTO <table> FROM @stage is supported');
  const table = await engine.resolve(s, target.parts);
  const stage = await stageFor(engine, s, w, at);
  const opts = options(w, stage.end);
  const files = readdirSync(stage.dir).filter((f) => !f.startsWith('.')).sort();
  if (!files.length) return statusResult('Copy executed with 0 files processed.', 0x3000);
  const cols = (await s.conn.runAndReadAll(`SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ? ORDER BY column_index`, table)).getRows();
  if (!cols.length) throw new SfError('002003', '42S02', `SQL compilation error:\nTable '${table.join('.')}' does not exist or not authorized.`);
  const quote = String(opts.get('FIELD_OPTIONALLY_ENCLOSED_BY') ?? '');
  const args = [
    `header = ${Number(opts.get('SKIP_HEADER') ?? 0) > 0}`, `delim = ${lit(String(opts.get('FIELD_DELIMITER') ?? ','))}`,
    `quote = ${lit(quote)}`, `escape = ${lit(quote)}`, 'auto_detect = false',
    // EMPTY_FIELD_AS_NULL makes an empty *unenclosed* field NULL; an enclosed "" stays an empty string.
    ...(quote ? ['allow_quoted_nulls = false'] : []),
    `columns = {${cols.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`,
  ];
  const rows: (string | null)[][] = [];
  const own = !s.inTx;
  if (own) await s.conn.run('BEGIN TRANSACTION');
  try {
    for (const f of files) {
      const sql = `INSERT INTO ${quoteParts(table)} SELECT * FROM read_csv(${lit(join(stage.dir, f))}, ${args.join(', ')})`;
      const n = String((await s.conn.runAndReadAll(sql)).getRowsJS()[0]?.[0] ?? 0);
      rows.push([f, 'LOADED', n, n, '1', '0', null, null, null, null]);
    }
    if (own) await s.conn.run('COMMIT');
  } catch (e) {
    if (own) await s.conn.run('ROLLBACK');
    const err = snowflakeError(e);
    throw new SfError(err.code === '002043' ? '100038' : err.code, err.code === '002043' ? '22018' : err.sqlState, err.message, 'EXECUTION');
  }
  if (String(opts.get('PURGE') ?? 'FALSE').toUpperCase() === 'TRUE') for (const f of files) rmSync(join(stage.dir, f), { force: true });
  const names = ['file', 'status', 'rows_parsed', 'rows_loaded', 'error_limit', 'errors_seen', 'first_error', 'first_error_line', 'first_error_character', 'first_error_column_name'];
  const types = ['text', 'text', 'fixed', 'fixed', 'fixed', 'fixed', 'text', 'fixed', 'fixed', 'text'];
  return { rowtype: names.map((n, i) => rowType(n, types[i], types[i] === 'fixed' ? 0 : null, types[i] === 'fixed' ? 38 : null)), first: rows, chunks: [], total: rows.length, statementTypeId: 0x3000 };
}
