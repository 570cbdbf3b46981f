/**
 * Snowflake through the official snowflake-sdk (loaded lazily, see snowflake-connect.ts).
 *
 * Connections: a small pool of logged-in connections, reused across nodes and opened only when more sessions run at
 * once (the runner's --threads bounds that). The SDK's createPool is not used: its factory rethrows a login error as
 * `new Error(err.message)` (core.js), losing the code (390100...) that says "fix your settings", and it logs
 * through winston to stdout. The first connection is opened by `open()`, so bad credentials stop the run before any
 * node starts. Every statement carries `QUERY_TAG` as a statement parameter (no ALTER SESSION round trip, and no
 * tag left on a pooled connection), naming Cible, the target and the node.
 */
import type { Connection, RowStatement } from 'snowflake-sdk';
import type { TableName } from '../../sql/ast.js';
import { printerFor } from '../../sql/registry.js';
import { copyInto, createSeedTable, putFile } from '../../sql/snowflake/seed-load.js';
import type { CsvOptions, RelationKind, Row, Session, SessionOptions, WarehouseAdapter } from '../adapter.js';
import { WarehouseError } from '../warehouse-error.js';
import { chunkedResultBatches } from './chunked-result.js';
import { rowBatches } from './row-batches.js';
import { writeSeedFile } from './seed-file.js';
import { safeError, scrubber, sdkConnector, type SnowflakeConnector, type SnowflakeSettings } from './snowflake-connect.js';

export type { SnowflakeConnector, SnowflakeSettings } from './snowflake-connect.js';

const cancelled = () => Object.assign(new Error('the result download was cancelled'), { name: 'AbortError' });

export class SnowflakeAdapter implements WarehouseAdapter {
  readonly type = 'snowflake';
  private readonly p = printerFor('snowflake');
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  /** Statements in flight, for cancelAll(). */
  private readonly running = new Set<RowStatement>();
  /** Our own result reads in flight (chunked-result.ts), for cancelAll(). */
  private readonly reads = new Set<AbortController>();
  private readonly scrub: (s: string) => string;

  private constructor(private readonly connect: SnowflakeConnector, private readonly target: string, private readonly settings: SnowflakeSettings) {
    this.scrub = scrubber(settings);
  }

  /** Logs in once (so misconfiguration fails here); `connector` replaces the SDK-built one when given. */
  static async open(settings: SnowflakeSettings, projectDir: string, target: string, connector?: SnowflakeConnector): Promise<SnowflakeAdapter> {
    const adapter = new SnowflakeAdapter(connector ?? (await sdkConnector(settings, projectDir, target)), target, settings);
    adapter.release(await adapter.acquire());
    return adapter;
  }

  private async acquire(): Promise<Connection> {
    const c = this.idle.pop() ?? (await this.connect());
    this.all.add(c);
    return c;
  }

  private release(c: Connection): void {
    if (c.isUp()) this.idle.push(c);
    else this.all.delete(c);
  }

  private tag(node?: string): string {
    return JSON.stringify({ app: 'cible', target: this.target, ...(node ? { node } : {}) });
  }

  /** A WarehouseError with the Snowflake code and SQLSTATE; no secret survives in its message or cause. */
  private fail(sql: string, e: unknown): WarehouseError {
    const src = e as { code?: unknown; sqlState?: string };
    const code = src?.code !== undefined && src.code !== null ? String(src.code) : undefined;
    // Server-reported SQL errors hold only the server's answer; anything else may hold the HTTP request.
    const cause = src?.sqlState ? e : safeError(e, this.scrub);
    const label = `Snowflake error${code ? ' ' + code : ''}${src?.sqlState ? ` (SQLSTATE ${src.sqlState})` : ''}`;
    const err = new WarehouseError(label, { target: this.target, sql, engineCode: code, cause });
    err.message = this.scrub(err.message);
    return err;
  }

  private run(c: Connection, sql: string, tag: string, streamResult = false): Promise<{ stmt: RowStatement; rows?: Row[] }> {
    return new Promise((resolve, reject) => {
      const holder: { stmt?: RowStatement } = {};
      try {
        holder.stmt = c.execute({
          sqlText: sql, streamResult, parameters: { QUERY_TAG: tag },
          complete: (err, stmt, rows) => {
            if (!streamResult || err) this.running.delete(holder.stmt ?? (stmt as RowStatement));
            if (err) reject(this.fail(sql, err));
            else resolve({ stmt: stmt as RowStatement, rows: rows as Row[] | undefined });
          },
        }) as RowStatement;
        this.running.add(holder.stmt);
      } catch (e) {
        reject(this.fail(sql, e));
      }
    });
  }

  private session(c: Connection, tag: string): Session {
    const query = async (sql: string) => {
      const { stmt, rows } = await this.run(c, sql, tag);
      return { columns: (stmt.getColumns() ?? []).map((col) => col.getName()), rows: rows ?? [] };
    };
    return {
      execute: async (sql) => void (await query(sql)),
      query,
      stream: (sql, batchRows = 10_000) => this.streamOn(c, sql, tag, batchRows),
    };
  }

  /**
   * The SDK runs the statement (`streamResult`: it answers once the first response is in, before any chunk). A large
   * result is then read by our own chunk reader, which holds a piece of a chunk at a time (chunked-result.ts); any
   * other, or one that reader cannot take, through `streamRows()`, which downloads chunks only as the stream is read (at
   * most `resultPrefetch` ahead) but holds each whole chunk as row objects (row-batches.ts).
   */
  private async *streamOn(c: Connection, sql: string, tag: string, batchRows: number): AsyncIterable<Row[]> {
    const { stmt } = await this.run(c, sql, tag, true);
    const read = new AbortController();
    this.reads.add(read);
    try {
      const own = await chunkedResultBatches(c, stmt, { settings: this.settings, batchRows, signal: read.signal });
      yield* typeof own === 'string' ? rowBatches(stmt.streamRows(), batchRows) : own;
    } catch (e) {
      throw this.fail(sql, e);
    } finally {
      // Ends our chunk downloads when the consumer stops early (break, error).
      read.abort(cancelled());
      this.reads.delete(read);
      this.running.delete(stmt);
    }
  }

  async withSession<T>(fn: (s: Session) => Promise<T>, opts?: SessionOptions): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(this.session(c, this.tag(opts?.node)));
    } finally {
      this.release(c);
    }
  }

  execute(sql: string): Promise<void> {
    return this.withSession((s) => s.execute(sql));
  }

  query(sql: string): Promise<{ columns: string[]; rows: Row[] }> {
    return this.withSession((s) => s.query(sql));
  }

  async *stream(sql: string, batchRows?: number): AsyncIterable<Row[]> {
    const c = await this.acquire();
    try {
      yield* this.session(c, this.tag()).stream(sql, batchRows);
    } finally {
      this.release(c);
    }
  }

  /** The current database's INFORMATION_SCHEMA; names compare as Snowflake stores them (upper-cased, see the dialect). */
  async relations(schemas: string[]): Promise<Map<string, RelationKind>> {
    const list = schemas.map((s) => this.p.string(this.p.foldName(s))).join(', ');
    const { rows } = await this.query(`SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA IN (${list})`);
    return new Map(rows.map((r) => [`${r.TABLE_SCHEMA}.${r.TABLE_NAME}`.toLowerCase(), r.TABLE_TYPE === 'VIEW' ? 'view' : 'table']));
  }

  async columns(t: TableName): Promise<{ name: string; type: string }[]> {
    const infoSchema = t.database ? `${this.p.ident(t.database)}.INFORMATION_SCHEMA` : 'INFORMATION_SCHEMA';
    const schema = t.schema ? `TABLE_SCHEMA = ${this.p.string(this.p.foldName(t.schema))}` : 'TABLE_SCHEMA = CURRENT_SCHEMA()';
    const { rows } = await this.query(
      `SELECT COLUMN_NAME, DATA_TYPE FROM ${infoSchema}.COLUMNS WHERE ${schema} AND TABLE_NAME = ${this.p.string(this.p.foldName(t.name))} ORDER BY ORDINAL_POSITION`,
    );
    return rows.map((r) => ({ name: String(r.COLUMN_NAME), type: String(r.DATA_TYPE) }));
  }

  /**
   * Bulk load: DuckDB parses the CSV as the DuckDB target would and writes it back in one fixed format; then a typed
   * table, PUT into its table stage and COPY INTO. Three statements whatever the size: no 16,384-row VALUES limit,
   * no statement-size limit, no bind-array staging, and Snowflake's parallel loader does the work.
   */
  async loadCsv(table: TableName, file: string, opts: CsvOptions & SessionOptions): Promise<number> {
    const seed = await writeSeedFile(file, opts, table.name);
    try {
      const columns = seed.columns.map((c) => ({ name: c.name, type: opts.columnTypes[c.name] ?? this.p.dialect.typeFromDuckdb(c.duckdbType) }));
      return await this.withSession(async (s) => {
        await s.execute(createSeedTable(this.p, table, columns));
        if (seed.rows === 0) return 0;
        await s.execute(putFile(this.p, seed.path, table));
        const sql = copyInto(this.p, table);
        const { rows } = await s.query(sql);
        const loaded = rows.reduce((n, r) => n + Number(r.rows_loaded ?? 0), 0);
        if (loaded !== seed.rows) throw new WarehouseError(`Snowflake loaded ${loaded} of the ${seed.rows} rows of ${file}`, { target: this.target, sql, node: opts.node });
        return loaded;
      }, opts);
    } finally {
      seed.cleanup();
    }
  }

  async cancelAll(): Promise<void> {
    for (const read of this.reads) read.abort(cancelled());
    await Promise.all([...this.running].map((stmt) => new Promise<void>((done) => stmt.cancel(() => done()))));
  }

  async describe(): Promise<Record<string, string>> {
    const { rows } = await this.query(
      'SELECT CURRENT_VERSION() AS VERSION, CURRENT_ACCOUNT() AS ACCOUNT, CURRENT_USER() AS USER_NAME, CURRENT_ROLE() AS ROLE_NAME, CURRENT_WAREHOUSE() AS WAREHOUSE, CURRENT_DATABASE() AS DATABASE_NAME, CURRENT_SCHEMA() AS SCHEMA_NAME',
    );
    const r = rows[0] ?? {};
    const s = (v: unknown) => (v === null || v === undefined ? '(none)' : String(v));
    return {
      engine: 'snowflake', version: s(r.VERSION), account: s(r.ACCOUNT), user: s(r.USER_NAME), role: s(r.ROLE_NAME),
      warehouse: s(r.WAREHOUSE), database: s(r.DATABASE_NAME), schema: s(r.SCHEMA_NAME),
      ...(this.settings.access_url ? { access_url: this.settings.access_url } : {}),
    };
  }

  async close(): Promise<void> {
    const conns = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(conns.map((c) => new Promise<void>((done) => (c.isUp() ? c.destroy(() => done()) : done()))));
  }
}
