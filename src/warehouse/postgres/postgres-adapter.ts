/** Postgres through knex's pool and the pg driver: server-side cursors for streaming, pg_cancel_backend to cancel. */
import type { Knex } from 'knex';
import type { TableName } from '../../sql/ast.js';
import { printerFor } from '../../sql/registry.js';
import type { CsvOptions, RelationKind, Row, Session, WarehouseAdapter } from '../adapter.js';
import { readCsv } from '../csv-reader.js';
import { WarehouseConfigError } from '../warehouse-config-error.js';
import { WarehouseError } from '../warehouse-error.js';

interface PgClient {
  query(sql: string, values?: unknown[]): Promise<{ rows: Row[]; fields: { name: string }[] }>;
  processID: number;
}

export interface PostgresSettings {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  ssl?: boolean;
  threads?: number;
}

export class PostgresAdapter implements WarehouseAdapter {
  readonly type = 'postgres';
  private readonly busy = new Set<PgClient>();
  private readonly p = printerFor('postgres');

  private constructor(private readonly knex: Knex, private readonly target: string) {}

  static async open(settings: PostgresSettings, target: string): Promise<PostgresAdapter> {
    const { default: knexFactory } = await import('knex');
    const connection = settings.url
      ? { connectionString: settings.url, ssl: settings.ssl }
      : { host: settings.host ?? '127.0.0.1', port: settings.port ?? 5432, user: settings.user, password: settings.password, database: settings.database, ssl: settings.ssl };
    // knex's logger would print "Acquire connection error" with a stack to the console: errors are reported by Cible.
    const quiet = () => undefined;
    const knex = knexFactory({ client: 'pg', connection, pool: { min: 0, max: Math.max(2, (settings.threads ?? 4) + 1) }, log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet } });
    const adapter = new PostgresAdapter(knex, target);
    try {
      await adapter.query('SELECT 1');
    } catch (e) {
      await knex.destroy();
      throw loginFailure(e, settings, target);
    }
    return adapter;
  }

  private fail(sql: string, e: unknown): never {
    const code = (e as { code?: string }).code;
    throw new WarehouseError('Postgres error', { target: this.target, sql, engineCode: code, cause: e });
  }

  private session(c: PgClient): Session {
    return {
      execute: async (sql) => {
        await c.query(sql).catch((e) => this.fail(sql, e));
      },
      query: async (sql) => {
        const r = await c.query(sql).catch((e) => this.fail(sql, e));
        return { columns: r.fields.map((f) => f.name), rows: r.rows };
      },
      stream: (sql, batchRows = 10_000) => this.cursor(c, sql, batchRows),
    };
  }

  /** A server-side cursor inside its own transaction: memory stays bounded by one batch. */
  private async *cursor(c: PgClient, sql: string, batchRows: number): AsyncIterable<Row[]> {
    const name = this.p.ident(`cible_cursor_${c.processID}`);
    await c.query('BEGIN');
    try {
      await c.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`).catch((e) => this.fail(sql, e));
      for (;;) {
        const r = await c.query(`FETCH ${Math.floor(batchRows)} FROM ${name}`);
        if (!r.rows.length) break;
        yield r.rows;
      }
      await c.query(`CLOSE ${name}`);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async withSession<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    const c = (await this.knex.client.acquireConnection()) as PgClient;
    this.busy.add(c);
    try {
      return await fn(this.session(c));
    } finally {
      this.busy.delete(c);
      await this.knex.client.releaseConnection(c);
    }
  }

  execute(sql: string): Promise<void> {
    return this.withSession((s) => s.execute(sql));
  }

  query(sql: string): Promise<{ columns: string[]; rows: Row[] }> {
    return this.withSession((s) => s.query(sql));
  }

  async *stream(sql: string, batchRows?: number): AsyncIterable<Row[]> {
    const c = (await this.knex.client.acquireConnection()) as PgClient;
    this.busy.add(c);
    try {
      yield* this.cursor(c, sql, batchRows ?? 10_000);
    } finally {
      this.busy.delete(c);
      await this.knex.client.releaseConnection(c);
    }
  }

  async relations(schemas: string[]): Promise<Map<string, RelationKind>> {
    const list = schemas.map((s) => this.p.string(s)).join(', ');
    const { rows } = await this.query(`SELECT table_schema AS s, table_name AS n, table_type AS k FROM information_schema.tables WHERE table_schema IN (${list})`);
    return new Map(rows.map((r) => [`${r.s}.${r.n}`.toLowerCase(), r.k === 'VIEW' ? 'view' : 'table']));
  }

  async columns(t: TableName): Promise<{ name: string; type: string }[]> {
    const { rows } = await this.query(
      `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = ${this.p.string(t.schema ?? 'public')} AND table_name = ${this.p.string(t.name)} ORDER BY ordinal_position`,
    );
    return rows as { name: string; type: string }[];
  }

  async loadCsv(table: TableName, file: string, opts: CsvOptions): Promise<number> {
    const csv = await readCsv(file, opts);
    try {
      const cols = csv.columns.map((c) => ({ name: c.name, type: opts.columnTypes[c.name] ?? this.p.dialect.typeFromDuckdb(c.duckdbType) }));
      const tableSql = this.p.table(table);
      let n = 0;
      await this.withSession(async (s) => {
        await s.execute(`DROP TABLE IF EXISTS ${tableSql}`);
        await s.execute(`CREATE TABLE ${tableSql} (${cols.map((c) => `${this.p.ident(c.name)} ${c.type}`).join(', ')})`);
        for await (const batch of csv.batches) {
          const values = batch.map((r) => `(${cols.map((c) => this.literal(r[c.name])).join(', ')})`).join(',\n');
          await s.execute(`INSERT INTO ${tableSql} VALUES ${values}`);
          n += batch.length;
        }
      });
      return n;
    } finally {
      await csv.close();
    }
  }

  private literal(v: unknown): string {
    if (v === null || v === undefined) return 'NULL';
    if (v instanceof Date) return this.p.string(v.toISOString());
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number' || typeof v === 'boolean') return this.p.literal(v);
    return this.p.string(typeof v === 'object' ? JSON.stringify(v) : String(v));
  }

  async cancelAll(): Promise<void> {
    const pids = [...this.busy].map((c) => c.processID);
    if (!pids.length) return;
    const killer = (await this.knex.client.acquireConnection()) as PgClient;
    try {
      await killer.query(`SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid`, [pids]);
    } finally {
      await this.knex.client.releaseConnection(killer);
    }
  }

  async describe(): Promise<Record<string, string>> {
    const { rows } = await this.query('SELECT version() AS v, current_database() AS db, current_user AS u');
    return { engine: 'postgres', version: String(rows[0].v).split(' on ')[0], database: String(rows[0].db), user: String(rows[0].u) };
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

/**
 * SQLSTATEs of a refused connection that mean the settings are wrong (PostgreSQL Appendix A, class 28 and 3D), and
 * the setting each points at. With `url`, every one points at `url`, whose value is never printed (it holds the
 * password). The server's message names the user or database, never the password.
 */
const refusals: Record<string, { setting: keyof PostgresSettings; what: string }> = {
  '28P01': { setting: 'password', what: 'the password was rejected' },
  '28000': { setting: 'user', what: 'the login was refused' },
  '3D000': { setting: 'database', what: 'the database does not exist' },
  '42501': { setting: 'user', what: 'the user may not connect' },
};

function loginFailure(e: unknown, s: PostgresSettings, target: string): Error {
  const cause = (e as { cause?: unknown }).cause ?? e;
  const code = (cause as { code?: string }).code;
  const server = String((cause as Error).message ?? cause).split('\n')[0];
  const known = code ? refusals[code] : undefined;
  if (!known) {
    if (e instanceof WarehouseError) return e;
    const where = s.url ? 'the server in `url`' : `${s.host ?? '127.0.0.1'}:${s.port ?? 5432}`;
    const safe = new Error(server) as Error & { code?: string };
    safe.code = code;
    return new WarehouseError(`cannot connect to Postgres at ${where}`, { target, engineCode: code, cause: safe });
  }
  const setting = s.url ? 'url' : known.setting;
  const field = s.url ? 'the user, password and database in `url`' : `\`${known.setting}\``;
  const who = s.url ? '' : ` as '${s.user ?? '(default user)'}' to database '${s.database ?? '(default)'}' on ${s.host ?? '127.0.0.1'}:${s.port ?? 5432}`;
  const safe = new Error(server) as Error & { code?: string };
  safe.code = code;
  return new WarehouseConfigError({
    target, type: 'postgres', setting, engineCode: code, cause: safe,
    message: `Postgres refused the connection${who}: ${known.what} (SQLSTATE ${code}: ${server})`,
    hint: `check ${field} of this target${known.setting === 'database' ? ' (CREATE DATABASE it, or name an existing one)' : ''}`,
  });
}
