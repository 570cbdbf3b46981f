/**
 * The fake's storage and SQL engine: an in-memory DuckDB where a BigQuery dataset is a schema. Query results are
 * written to a table in `_fake_results` (BigQuery also writes them to an anonymous table) and paged from there,
 * so a large result costs the fake no JavaScript memory. A BigQuery session is a DuckDB connection of its own,
 * which is what lets a transaction span several jobs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { checkSyntax } from '../sql-syntax-check.js';
import { leadingKeyword, translate } from './translate.js';
import { BqError, byteWidth, duckTypeOf, fromDuckDb, wireType, type Field } from './wire.js';

const RESULTS = '_fake_results';
const hidden = new Set([RESULTS, 'information_schema', 'pg_catalog']);
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface Results {
  table: string;
  fields: Field[];
  cells: string[];
  totalRows: number;
  sessionId?: string;
}

export interface RunOutcome {
  statementType: string;
  results?: Results;
  dmlRows?: number;
  sessionId?: string;
  bytes: number;
}

export interface RunOptions {
  project: string;
  sessionId?: string;
  createSession?: boolean;
  dryRun?: boolean;
  maximumBytesBilled?: string;
}

export class Engine {
  readonly projects = new Set<string>();
  private readonly sessions = new Map<string, { conn: DuckDBConnection; inTx: boolean }>();
  private seq = 0;

  private constructor(private readonly db: DuckDBInstance, private readonly admin: DuckDBConnection) {}

  static async create(): Promise<Engine> {
    const db = await DuckDBInstance.create(':memory:');
    const admin = await db.connect();
    await admin.run(`CREATE SCHEMA ${RESULTS}`);
    return new Engine(db, admin);
  }

  /** Direct DuckDB access for tests (already DuckDB SQL). */
  async duck(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.admin.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  }

  private async one<T>(sql: string): Promise<T | undefined> {
    return (await this.duck(sql))[0] as T | undefined;
  }

  async datasets(): Promise<string[]> {
    const rows = await this.duck(`SELECT schema_name AS s FROM information_schema.schemata WHERE catalog_name = current_database()`);
    return rows.map((r) => String(r.s)).filter((s) => !hidden.has(s));
  }

  async createDataset(d: string): Promise<void> {
    if ((await this.datasets()).includes(d)) throw new BqError('duplicate', `Already Exists: Dataset ${d}`, 409);
    await this.admin.run(`CREATE SCHEMA ${q(d)}`);
  }

  async deleteDataset(d: string, contents: boolean): Promise<void> {
    if (!(await this.datasets()).includes(d)) throw new BqError('notFound', `Not found: Dataset ${d}`, 404);
    await this.admin.run(`DROP SCHEMA ${q(d)}${contents ? ' CASCADE' : ''}`).catch((e) => {
      throw new BqError('resourceInUse', `Dataset ${d} is still in use: ${(e as Error).message}`, 400);
    });
  }

  async tables(d: string): Promise<{ name: string; type: 'TABLE' | 'VIEW' }[]> {
    const rows = await this.duck(`SELECT table_name AS n, table_type AS t FROM information_schema.tables WHERE table_schema = ${lit(d)} ORDER BY table_name`);
    return rows.map((r) => ({ name: String(r.n), type: r.t === 'VIEW' ? 'VIEW' : 'TABLE' }));
  }

  async table(d: string, t: string): Promise<{ type: 'TABLE' | 'VIEW'; fields: Field[]; numRows: number; numBytes: number } | undefined> {
    const found = (await this.tables(d)).find((x) => x.name === t);
    if (!found) return undefined;
    const cols = await this.duck(`SELECT column_name AS n, data_type AS t FROM information_schema.columns WHERE table_schema = ${lit(d)} AND table_name = ${lit(t)} ORDER BY ordinal_position`);
    const fields = cols.map((c) => ({ name: String(c.n), type: wireType(String(c.t)).type, mode: 'NULLABLE' as const }));
    const numRows = found.type === 'TABLE' ? Number((await this.one<{ n: bigint }>(`SELECT COUNT(*) AS n FROM ${q(d)}.${q(t)}`))!.n) : 0;
    return { type: found.type, fields, numRows, numBytes: found.type === 'TABLE' ? await this.estimate([`${d}.${t}`]) : 0 };
  }

  async dropTable(d: string, t: string): Promise<void> {
    const found = await this.table(d, t);
    if (!found) throw new BqError('notFound', `Not found: Table ${d}.${t}`, 404);
    await this.admin.run(`DROP ${found.type === 'VIEW' ? 'VIEW' : 'TABLE'} ${q(d)}.${q(t)}`);
  }

  /**
   * What BigQuery would bill for reading these tables whole: rows x column widths (strings: 2 + their length).
   * A view bills the tables it reads (BigQuery expands logical views at query time), found through its definition.
   */
  async estimate(names: string[]): Promise<number> {
    let bytes = 0;
    for (const name of await this.baseTables(names)) {
      const [d, t] = name.split('.');
      const cols = await this.duck(`SELECT column_name AS n, data_type AS t FROM information_schema.columns c JOIN information_schema.tables USING (table_schema, table_name) WHERE table_type = 'BASE TABLE' AND lower(table_schema) = ${lit(d)} AND lower(table_name) = ${lit(t)}`);
      if (!cols.length) continue;
      const strs = cols.filter((c) => /^(VARCHAR|BLOB|JSON)$/.test(String(c.t)));
      const sums = strs.map((c) => `COALESCE(SUM(strlen(${q(String(c.n))})), 0)`);
      const row = await this.one<Record<string, unknown>>(`SELECT COUNT(*) AS n${sums.map((s, i) => `, ${s} AS s${i}`).join('')} FROM ${q(d)}.${q(t)}`);
      const n = Number(row!.n);
      bytes += n * cols.reduce((a, c) => a + byteWidth(String(c.t)), 0) + strs.reduce((a, _c, i) => a + Number(row![`s${i}`]), 0);
    }
    return bytes;
  }

  /** The tables each view's SELECT names, recorded when the view is created. */
  private readonly viewReads = new Map<string, string[]>();

  /** The base tables behind these names, views expanded (recursively) through what each view reads. */
  private async baseTables(names: string[], seen = new Set<string>()): Promise<string[]> {
    const out: string[] = [];
    for (const name of names.map((n) => n.toLowerCase())) {
      if (seen.has(name)) continue;
      seen.add(name);
      const [d, t] = name.split('.');
      const isView = await this.one(`SELECT 1 FROM duckdb_views() WHERE NOT internal AND lower(schema_name) = ${lit(d)} AND lower(view_name) = ${lit(t)}`);
      if (!isView) out.push(name);
      else out.push(...(await this.baseTables(this.viewReads.get(name) ?? [], seen)));
    }
    return out;
  }

  private async connFor(o: RunOptions): Promise<{ conn: DuckDBConnection; session?: { conn: DuckDBConnection; inTx: boolean }; done(): void }> {
    if (o.sessionId) {
      const session = this.sessions.get(o.sessionId);
      if (!session) throw new BqError('invalid', `Session ${o.sessionId} has expired or does not exist`, 400);
      return { conn: session.conn, session, done: () => undefined };
    }
    const conn = await this.db.connect();
    if (!o.createSession) return { conn, done: () => conn.closeSync() };
    const session = { conn, inTx: false };
    return { conn, session, done: () => undefined };
  }

  async run(sql: string, o: RunOptions): Promise<RunOutcome> {
    this.projects.add(o.project);
    if (/^\s*CALL\s+BQ\.ABORT_SESSION\s*\(\s*\)\s*;?\s*$/i.test(sql)) return this.abortSession(o.sessionId);
    let translated;
    try {
      // Every job's SQL, dry run or not, through an independent GoogleSQL parser first: DuckDB's leniency after
      // translation must not hide SQL BigQuery would reject. Its message rides in BigQuery's invalidQuery shape.
      checkSyntax(sql, 'bigquery');
      translated = translate(sql, this.projects);
    } catch (e) {
      throw new BqError('invalidQuery', (e as Error).message, 400, 'query');
    }
    const { sql: text, tables } = translated;
    const kw = leadingKeyword(text);
    const isQuery = ['SELECT', 'WITH', 'VALUES', 'FROM'].includes(kw);
    const txControl = ['BEGIN', 'COMMIT', 'ROLLBACK'].includes(kw);
    if (txControl && !o.sessionId && !o.createSession) throw new BqError('invalidQuery', 'Transaction control statements are supported only in scripts or sessions', 400, 'query');
    const bytes = isQuery || ['INSERT', 'MERGE', 'DELETE', 'UPDATE', 'CREATE'].includes(kw) ? await this.estimate(tables) : 0;
    if (o.dryRun) {
      await this.check(text, isQuery);
      return { statementType: isQuery ? 'SELECT' : kw, bytes };
    }
    if (o.maximumBytesBilled && bytes > Number(o.maximumBytesBilled)) {
      throw new BqError('bytesBilledLimitExceeded', `Query exceeded limit for bytes billed: ${o.maximumBytesBilled}. ${bytes} or higher required.`, 400);
    }
    const c = await this.connFor(o);
    try {
      if (c.session?.inTx && ['CREATE', 'DROP', 'ALTER'].includes(kw)) {
        throw new BqError('invalidQuery', `${kw} statements are not supported inside a multi-statement transaction (fake BigQuery wording)`, 400, 'query');
      }
      let outcome: RunOutcome;
      if (isQuery) {
        const table = `${RESULTS}.r${++this.seq}`;
        await c.conn.run(`CREATE TABLE ${table} AS ${text}`);
        const desc = (await c.conn.runAndReadAll(`DESCRIBE ${table}`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
        const totalRows = Number(((await c.conn.runAndReadAll(`SELECT COUNT(*) AS n FROM ${table}`)).getRowObjectsJS()[0] as { n: bigint }).n);
        const fields = desc.map((d) => ({ name: d.column_name, type: wireType(d.column_type).type, mode: 'NULLABLE' as const }));
        const cells = desc.map((d) => wireType(d.column_type).cell(q(d.column_name)));
        outcome = { statementType: 'SELECT', bytes, results: { table, fields, cells, totalRows, sessionId: o.sessionId } };
      } else {
        const r = await c.conn.run(text);
        const view = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s/i.test(text) ? tables[0]?.toLowerCase() : undefined;
        if (view) this.viewReads.set(view, tables.slice(1));
        outcome = { statementType: kw, bytes, dmlRows: ['INSERT', 'MERGE', 'DELETE', 'UPDATE'].includes(kw) ? Number(r.rowsChanged) : undefined };
      }
      if (c.session) {
        if (kw === 'BEGIN') c.session.inTx = true;
        if (kw === 'COMMIT' || kw === 'ROLLBACK') c.session.inTx = false;
      }
      if (o.createSession && c.session) {
        outcome.sessionId = randomUUID();
        this.sessions.set(outcome.sessionId, c.session);
      }
      return outcome;
    } catch (e) {
      if (o.createSession) c.conn.closeSync();
      throw e instanceof BqError ? e : fromDuckDb(e, o.project);
    } finally {
      c.done();
    }
  }

  /** A dry run validates without running: DuckDB plans the statement. */
  private async check(text: string, isQuery: boolean): Promise<void> {
    if (!isQuery && !/^\s*(INSERT|CREATE\s+(OR\s+REPLACE\s+)?TABLE[\s\S]*\bAS\b)/i.test(text)) return;
    try {
      await this.admin.run(`EXPLAIN ${text}`);
    } catch (e) {
      throw fromDuckDb(e, [...this.projects][0] ?? 'project');
    }
  }

  private async abortSession(id: string | undefined): Promise<RunOutcome> {
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) throw new BqError('invalidQuery', 'BQ.ABORT_SESSION() must be called inside a session', 400, 'query');
    if (s.inTx) await s.conn.run('ROLLBACK').catch(() => undefined);
    s.conn.closeSync();
    this.sessions.delete(id!);
    return { statementType: 'CALL', bytes: 0 };
  }

  /** Rows [start, start + max) of a result, as wire cells. */
  async page(r: Results, start: number, max: number): Promise<{ f: { v: string | null }[] }[]> {
    if (max <= 0 || start >= r.totalRows) return [];
    const conn = (r.sessionId && this.sessions.get(r.sessionId)?.conn) || this.admin;
    const sql = `SELECT ${r.cells.join(', ')} FROM ${r.table} LIMIT ${Math.floor(max)} OFFSET ${Math.floor(start)}`;
    const rows = (await conn.runAndReadAll(sql)).getRows() as (string | null)[][];
    return rows.map((row) => ({ f: row.map((v) => ({ v })) }));
  }

  /** A load job from an uploaded CSV file (configuration.load). Returns the rows written. */
  async load(config: Record<string, unknown>, data: Buffer): Promise<number> {
    const dest = config.destinationTable as { datasetId: string; tableId: string };
    if (!(await this.datasets()).includes(dest.datasetId)) throw new BqError('notFound', `Not found: Dataset ${dest.datasetId}`, 404);
    const dir = mkdtempSync(join(tmpdir(), 'fake-bq-load-'));
    const file = join(dir, 'data.csv');
    writeFileSync(file, data);
    try {
      const fields = ((config.schema as { fields?: Field[] } | undefined)?.fields ?? []) as Field[];
      const args = [lit(file), `delim = ${lit(String(config.fieldDelimiter ?? ','))}`, `quote = '"'`, `escape = '"'`];
      // nullMarker (default ''): with another marker, an empty STRING field is an empty string.
      if (config.nullMarker !== undefined) args.push(`nullstr = ${lit(String(config.nullMarker))}`);
      if (fields.length) {
        args.push('header = false', `skip = ${Number(config.skipLeadingRows ?? 0)}`);
        args.push(`columns = {${fields.map((f) => `${lit(f.name)}: ${lit(duckTypeOf(f.type))}`).join(', ')}}`);
      } else args.push('header = true');
      const target = `${q(dest.datasetId)}.${q(dest.tableId)}`;
      const select = `SELECT * FROM read_csv(${args.join(', ')})`;
      const exists = !!(await this.table(dest.datasetId, dest.tableId));
      const disposition = String(config.writeDisposition ?? 'WRITE_APPEND');
      if (exists && disposition === 'WRITE_EMPTY') throw new BqError('duplicate', `Already Exists: Table ${dest.datasetId}.${dest.tableId}`, 409);
      if (exists && disposition === 'WRITE_APPEND') await this.admin.run(`INSERT INTO ${target} ${select}`);
      else await this.admin.run(`CREATE OR REPLACE TABLE ${target} AS ${select}`);
      return Number((await this.one<{ n: bigint }>(`SELECT COUNT(*) AS n FROM read_csv(${args.join(', ')})`))!.n);
    } catch (e) {
      throw e instanceof BqError ? e : new BqError('invalid', `Error while reading data: ${(e as Error).message.split('\n')[0]}`, 400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  close(): void {
    for (const s of this.sessions.values()) s.conn.closeSync();
    this.sessions.clear();
    this.admin.closeSync();
    this.db.closeSync();
  }
}
