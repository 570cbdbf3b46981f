/**
 * A wire-faithful fake of the Snowflake endpoints snowflake-sdk 3.3.0 uses (shared/reference Part B): login,
 * query-request with JSON rowsets and result chunks, `333333` + getResultUrl polling for slow queries, abort-request,
 * monitoring, session token renew and delete, telemetry, and errors as HTTP 200 `{success:false, code, data}`.
 * Results are laid out as Snowflake does (result-encoding.ts `ChunkLayout`): small ones inline, large ones as a small
 * inline rowset and chunks growing x2 up to the session's CLIENT_RESULT_CHUNK_SIZE (session-parameters.ts).
 * SQL runs on an in-memory DuckDB after translation (engine.ts, sql-translate.ts). Faults are injectable.
 * Start: `const fake = await FakeSnowflake.start({ users: { TESTER: { password: 'pw' } } })`, then point the driver
 * at `accessUrl: fake.url` with any `account`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { checkSyntax } from '../sql-syntax-check.js';
import { checkLogin, type FakeUser } from './auth.js';
import { Engine, paramName, SfError, snowflakeError, type FakeSession, type StatementResult } from './engine.js';
import { defaultLayout, resultLayout, type ChunkLayout } from './result-encoding.js';
import { alterSession, chunkSizeMb, layoutFor } from './session-parameters.js';

export interface FakeSnowflakeOptions {
  users?: Record<string, FakeUser>;
  /**
   * At most this many rows per result chunk, on top of Snowflake's byte layout: not Snowflake's behaviour, a knob for
   * tests that want many chunk boundaries out of little data. Default: no row cap.
   */
  chunkRows?: number;
  /** Overrides of the result layout's thresholds (result-encoding.ts `defaultLayout`), e.g. smaller chunks in tests. */
  layout?: Partial<ChunkLayout>;
  /** How long a request waits for its query before answering 333333 (in progress). */
  asyncAfterMs?: number;
}

export interface Faults {
  /** Milliseconds a statement waits before it runs (a slow warehouse); abort-request ends the wait. */
  delayMs?: (sql: string) => number;
  /** A Snowflake error to answer instead of running the statement. */
  error?: (sql: string) => { code: string; sqlState: string; message: string } | undefined;
}

interface FakeQuery {
  id: string;
  requestId: string;
  session: FakeSession;
  sql: string;
  status: 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR' | 'ABORTED';
  body?: object;
  chunks: string[];
  done: Promise<unknown>;
  cancel(): void;
}

const PARAMETERS = [
  { name: 'TIMEZONE', value: 'UTC' }, { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' }, { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' }, { name: 'TIME_OUTPUT_FORMAT', value: 'HH24:MI:SS' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FakeSnowflake {
  readonly faults: Faults = {};
  /** Every statement received, with the QUERY_TAG it ran under. */
  readonly statements: { sql: string; queryTag?: string; session: number }[] = [];
  readonly logins: { user: string; authenticator: string; ok: boolean }[] = [];
  /** `METHOD path` of every HTTP request, for wire assertions. */
  readonly requests: string[] = [];
  /** How each successful statement's result was laid out: rows inline, rows and bytes of each chunk, and the cap. */
  readonly results: { queryId: string; sql: string; inlineRows: number; chunkRows: number[]; chunkBytes: number[]; maxChunkBytes: number }[] = [];
  url = '';
  private readonly users: Map<string, FakeUser>;
  private readonly sessions = new Map<string, FakeSession>();
  private readonly queries = new Map<string, FakeQuery>();
  private nextSession = 1;
  private admin!: DuckDBConnection;
  /** CLIENT_RESULT_CHUNK_SIZE (MB) of the sessions that set it. */
  private readonly chunkMb = new WeakMap<FakeSession, number>();
  private readonly layout: ChunkLayout;

  private constructor(private readonly engine: Engine, private readonly opts: FakeSnowflakeOptions, private server: Server = createServer()) {
    this.users = new Map(Object.entries(opts.users ?? {}).map(([k, v]) => [k.toUpperCase(), v]));
    this.layout = { ...defaultLayout, ...opts.layout };
  }

  static async start(opts: FakeSnowflakeOptions = {}): Promise<FakeSnowflake> {
    const instance = await DuckDBInstance.create(':memory:');
    const fake = new FakeSnowflake(new Engine(instance, mkdtempSync(join(tmpdir(), 'fake-snowflake-stages-')), opts.chunkRows ?? Number.POSITIVE_INFINITY), opts);
    fake.admin = await instance.connect();
    fake.server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    const addr = fake.server.address() as { port: number };
    fake.url = `http://127.0.0.1:${addr.port}`;
    return fake;
  }

  /** Adds or replaces a user (e.g. to register a public key). */
  setUser(name: string, user: FakeUser): void {
    this.users.set(name.toUpperCase(), user);
  }

  /** Reads the fake's DuckDB directly (every Snowflake database is a DuckDB catalog), rows as JS arrays. */
  async query(sql: string): Promise<unknown[][]> {
    return (await this.admin.runAndReadAll(sql)).getRowsJS();
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    for (const s of this.sessions.values()) s.conn.closeSync();
    this.admin.closeSync();
    this.engine.instance.closeSync();
    rmSync(this.engine.stageRoot, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip' && raw.length) raw = gunzipSync(raw);
    const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    const send = (status: number, payload: object | string, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };
    try {
      const path = url.pathname;
      if (req.method === 'POST' && path === '/session/v1/login-request') return send(200, await this.login(url, body));
      if (req.method === 'POST' && path === '/telemetry/send') return send(200, { success: true });
      const chunk = /^\/chunks\/([^/]+)\/(\d+)$/.exec(path);
      if (req.method === 'GET' && chunk) {
        const body = this.queries.get(chunk[1])?.chunks[Number(chunk[2])];
        return body === undefined ? send(404, 'no such chunk', 'text/plain') : send(200, body, 'application/octet-stream');
      }
      const token = /Snowflake Token="([^"]*)"/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      const session = this.sessions.get(token);
      if (path === '/session/token-request') return send(200, this.renew(body));
      if (!session) return send(401, { success: false, code: '390104', message: 'Authentication token is invalid.', data: null });
      if (path === '/session' && url.searchParams.get('delete') === 'true') {
        this.sessions.delete(token);
        await session.tail;
        session.conn.closeSync();
        return send(200, { success: true, code: null, message: null, data: null });
      }
      if (path === '/session/heartbeat') return send(200, { success: true, code: null, message: null, data: null });
      if (req.method === 'POST' && path === '/queries/v1/query-request') {
        const q = this.start(session, String(body.sqlText ?? ''), url.searchParams.get('requestId') ?? randomUUID(), body.parameters as Record<string, unknown> | undefined);
        return send(200, await this.answer(q));
      }
      const result = /^\/queries\/([^/]+)\/result$/.exec(path);
      if (req.method === 'GET' && result) {
        const q = this.queries.get(result[1]);
        return send(200, q ? await this.answer(q) : this.errorBody(new SfError('000709', '02000', `Statement ${result[1]} not found`), result[1]));
      }
      const abort = /^\/queries\/(?:v1|([^/]+))\/abort-request$/.exec(path);
      if (req.method === 'POST' && abort) {
        const q = abort[1] ? this.queries.get(abort[1]) : [...this.queries.values()].find((x) => x.requestId === body.requestId);
        if (!q || q.status !== 'RUNNING') return send(200, { success: false, code: '000605', message: 'Identified SQL statement is not currently executing.', data: null });
        q.cancel();
        return send(200, { success: true, code: null, message: null, data: null });
      }
      const mon = /^\/monitoring\/queries\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && mon) {
        const q = this.queries.get(mon[1]);
        return send(200, { success: true, code: null, message: null, data: { queries: q ? [{ id: q.id, status: q.status, sqlText: q.sql, errorCode: q.status === 'SUCCESS' ? null : (q.body as { code?: string })?.code ?? null, errorMessage: q.status === 'SUCCESS' ? null : (q.body as { message?: string })?.message ?? null }] : [] } });
      }
      send(404, { success: false, code: '390400', message: `fake Snowflake: no route for ${req.method} ${path}`, data: null });
    } catch (e) {
      send(500, { success: false, code: '390000', message: String((e as Error).message), data: null });
    }
  }

  private async login(url: URL, body: Record<string, unknown>): Promise<object> {
    const data = (body.data ?? {}) as Record<string, unknown>;
    const user = String(data.LOGIN_NAME ?? '');
    const failure = checkLogin(this.users, data);
    this.logins.push({ user, authenticator: String(data.AUTHENTICATOR ?? 'SNOWFLAKE'), ok: !failure });
    if (failure) return { success: false, code: failure.code, message: failure.message, data: { nextAction: 'RETRY_LOGIN', authnMethod: String(data.AUTHENTICATOR ?? 'SNOWFLAKE'), loginName: user, errorCode: failure.code }, headers: null };
    const q = url.searchParams;
    const token = randomUUID();
    const session = await this.engine.openSession({
      id: this.nextSession++, token, masterToken: randomUUID(), account: String(data.ACCOUNT_NAME ?? '').toUpperCase(), user: user.toUpperCase(),
      role: paramName(q.get('roleName') ?? undefined) || 'PUBLIC', warehouse: paramName(q.get('warehouse') ?? undefined),
      database: paramName(q.get('databaseName') ?? undefined), schema: paramName(q.get('schemaName') ?? undefined),
    });
    this.sessions.set(token, session);
    const mb = chunkSizeMb((data.SESSION_PARAMETERS as Record<string, unknown> | undefined)?.CLIENT_RESULT_CHUNK_SIZE);
    if (mb !== undefined) this.chunkMb.set(session, mb);
    return {
      success: true, code: null, message: null,
      data: {
        token, masterToken: session.masterToken, validityInSeconds: 3600, masterValidityInSeconds: 14400, sessionId: session.id,
        displayUserName: session.user, serverVersion: '9.38.0', firstLogin: false, healthCheckInterval: 45, parameters: PARAMETERS,
        sessionInfo: { databaseName: session.database || null, schemaName: session.schema || null, warehouseName: session.warehouse || null, roleName: session.role },
      },
    };
  }

  private renew(body: Record<string, unknown>): object {
    const session = this.sessions.get(String(body.oldSessionToken ?? ''));
    if (!session) return { success: false, code: '390104', message: 'Authentication token is invalid.', data: null };
    this.sessions.delete(session.token);
    session.token = randomUUID();
    this.sessions.set(session.token, session);
    return { success: true, code: null, message: null, data: { sessionToken: session.token, validityInSecondsST: 3600, masterToken: session.masterToken, validityInSecondsMT: 14400, sessionId: session.id } };
  }

  private start(session: FakeSession, sql: string, requestId: string, params?: Record<string, unknown>): FakeQuery {
    const id = randomUUID();
    let wake: () => void = () => undefined;
    let aborted = false;
    let running = false;
    const q: FakeQuery = {
      id, requestId, session, sql, status: 'RUNNING', chunks: [], done: Promise.resolve(),
      cancel: () => {
        aborted = true;
        wake();
        if (running) session.conn.interrupt();
      },
    };
    this.queries.set(id, q);
    this.statements.push({ sql, queryTag: (params?.QUERY_TAG as string | undefined) ?? session.queryTag, session: session.id });
    const run = async () => {
      const delay = this.faults.delayMs?.(sql) ?? 0;
      if (delay > 0) await new Promise<void>((r) => ((wake = r), setTimeout(r, delay)));
      try {
        if (aborted) throw new SfError('000604', '57014', 'SQL execution canceled', 'EXECUTION');
        const injected = this.faults.error?.(sql);
        if (injected) throw new SfError(injected.code, injected.sqlState, injected.message);
        // ALTER SESSION: its shape is checked by alterSession() (the parser below lacks it, session-parameters.ts).
        const alter = alterSession(sql);
        // Every statement through an independent Snowflake parser before translation, so DuckDB's leniency cannot
        // hide SQL Snowflake would reject; a rejection is Snowflake's syntax error (001003, 42000).
        if (!alter) {
          try {
            checkSyntax(sql, 'snowflake');
          } catch (e) {
            throw new SfError('001003', '42000', `SQL compilation error:\n${(e as Error).message}`);
          }
        }
        running = true;
        // A statement-level CLIENT_RESULT_CHUNK_SIZE wins over the session's, as QUERY_TAG does.
        const layout = layoutFor(chunkSizeMb(params?.CLIENT_RESULT_CHUNK_SIZE) ?? this.chunkMb.get(session), this.layout);
        const r = /^\s*PUT\s/i.test(sql) ? await this.put(session, sql, id) : this.successBody(q, await resultLayout.run(layout, () => this.engine.execute(session, sql)), layout);
        if (aborted) throw new SfError('000604', '57014', 'SQL execution canceled', 'EXECUTION');
        if (alter?.unset.includes('CLIENT_RESULT_CHUNK_SIZE')) this.chunkMb.delete(session);
        const mb = chunkSizeMb(alter?.set.CLIENT_RESULT_CHUNK_SIZE);
        if (mb !== undefined) this.chunkMb.set(session, mb);
        q.body = r;
        q.status = 'SUCCESS';
      } catch (e) {
        const err = snowflakeError(e);
        q.body = this.errorBody(err, id);
        q.status = err.code === '000604' ? 'ABORTED' : 'FAILED_WITH_ERROR';
      }
    };
    q.done = session.tail = session.tail.then(run, run);
    return q;
  }

  /** The query's answer if it ends within `asyncAfterMs`, else "in progress" with the URL to poll. */
  private async answer(q: FakeQuery): Promise<object> {
    await Promise.race([q.done, sleep(this.opts.asyncAfterMs ?? 300)]);
    if (q.body) return q.body;
    return { success: true, code: '333333', message: 'Query execution in progress', data: { queryId: q.id, getResultUrl: `/queries/${q.id}/result`, queryAbortsAfterSecs: 300, progressDesc: null } };
  }

  private async put(session: FakeSession, sql: string, queryId: string): Promise<object> {
    const { source, location } = await this.engine.putTarget(session, sql);
    return {
      success: true, code: null, message: null,
      data: { queryId, command: 'UPLOAD', src_locations: [source], stageInfo: { locationType: 'LOCAL_FS', location }, sourceCompression: 'auto_detect', autoCompress: false, parallel: 1, overwrite: true },
    };
  }

  private successBody(q: FakeQuery, r: StatementResult, layout: ChunkLayout): object {
    q.chunks = r.chunks.map((c) => c.body);
    const bytes = r.chunks.map((c) => c.bytes ?? Buffer.byteLength(c.body));
    this.results.push({ queryId: q.id, sql: q.sql, inlineRows: r.first.length, chunkRows: r.chunks.map((c) => c.rowCount), chunkBytes: bytes, maxChunkBytes: layout.maxChunkBytes });
    const s = q.session;
    return {
      success: true, code: null, message: null,
      data: {
        queryId: q.id, rowtype: r.rowtype, rowset: r.first, total: r.total, returned: r.total, statementTypeId: r.statementTypeId,
        version: 1, queryResultFormat: 'json', parameters: PARAMETERS,
        ...(r.chunks.length ? { chunks: r.chunks.map((c, i) => ({ url: `${this.url}/chunks/${q.id}/${i}`, rowCount: c.rowCount, uncompressedSize: bytes[i], compressedSize: bytes[i] })) } : {}),
        finalDatabaseName: s.database || null, finalSchemaName: s.schema || null, finalWarehouseName: s.warehouse || null, finalRoleName: s.role,
      },
    };
  }

  private errorBody(e: SfError, queryId: string): object {
    return { success: false, code: e.code, message: e.message, data: { internalError: false, errorCode: e.code, age: 0, sqlState: e.sqlState, queryId, line: -1, pos: -1, type: e.kind }, headers: null };
  }
}
