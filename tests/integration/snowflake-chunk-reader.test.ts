/**
 * The adapter's own chunk reader (src/warehouse/snowflake/chunked-result.ts) through the real snowflake-sdk and the
 * wire-faithful fake: rows equal, value for value, to what the SDK's `streamRows()` yields for every column type the
 * fake produces (with NULLs and hostile strings, across many chunk boundaries); the SDK path whenever the reader cannot
 * serve (no token, a description request that fails in any way, a small result); and early stops and cancelAll()
 * ending the downloads.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/warehouse/adapter.js';
import { MIN_ROWS } from '../../src/warehouse/snowflake/chunked-result.js';
import { SnowflakeAdapter, type SnowflakeSettings } from '../../src/warehouse/snowflake/snowflake-adapter.js';
import { sdkConnector, type SnowflakeConnector } from '../../src/warehouse/snowflake/snowflake-connect.js';
import { WarehouseError } from '../../src/warehouse/warehouse-error.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';

const PASSWORD = 'chunk-Reader-pw-42';
const ROWS = 3000;
let fake: FakeSnowflake;
let work: string;
let db: SnowflakeAdapter;
const settings = (extra: Partial<SnowflakeSettings> = {}): SnowflakeSettings => ({
  account: 'testacct', user: 'tester', password: PASSWORD, database: 'DEMO', schema: 'ANALYTICS', warehouse: 'WH', access_url: fake.url, ...extra,
});

/** Every column type the fake reports (fixed scale 0 and 3, real, text, boolean, date, time, timestamp_ntz/ltz, binary, array, object), NULLs in each. */
const ALL_TYPES = `CREATE OR REPLACE TABLE "DEMO"."ANALYTICS"."ALL_TYPES" AS SELECT range AS N,
  CASE WHEN range % 11 = 0 THEN NULL ELSE range * 1000003 END::BIGINT AS I,
  CASE WHEN range % 12 = 0 THEN NULL ELSE (range / 7)::DECIMAL(18,3) END AS D,
  CASE WHEN range % 13 = 0 THEN NULL ELSE range * 0.1 END::DOUBLE AS R,
  CASE range % 9 WHEN 0 THEN NULL WHEN 1 THEN 'quote " and \\ backslash \\' WHEN 2 THEN 'unicode é 日本 😀 𝄞' WHEN 3 THEN 'new' || chr(10) || 'line' || chr(13) || chr(9) || 'tab'
    WHEN 4 THEN '] [ , "], [" ,' WHEN 5 THEN '' WHEN 6 THEN 'nul' || chr(0) || chr(1) || chr(31) WHEN 7 THEN '\\u00e9 \\n literal' ELSE 'plain ' || range END AS T,
  CASE WHEN range % 14 = 0 THEN NULL ELSE range % 3 = 0 END AS B,
  CASE WHEN range % 15 = 0 THEN NULL ELSE DATE '2024-01-01' + range::INT - 1500 END AS DT,
  CASE WHEN range % 16 = 0 THEN NULL ELSE TIME '00:00:00.25' + to_seconds(range * 7) END AS TM,
  CASE WHEN range % 17 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01 00:00:00.123456' + to_minutes(range) - to_days(800) END AS TS,
  CASE WHEN range % 18 = 0 THEN NULL ELSE TIMESTAMPTZ '2024-01-01 00:00:00.5+02' + to_hours(range) END AS TZ,
  CASE WHEN range % 19 = 0 THEN NULL ELSE ('\\x0a\\xff' || range::VARCHAR)::BLOB END AS BIN,
  CASE WHEN range % 20 = 0 THEN NULL ELSE [range, range + 1] END AS ARR,
  CASE WHEN range % 21 = 0 THEN NULL ELSE {'k': range, 's': 'x"y é 😀'} END AS OBJ,
  CASE WHEN range % 22 = 0 THEN NULL ELSE ['a"b', 'c, d]'] END AS SARR
  FROM range(${ROWS})`;
const SELECT_ALL = 'select * from analytics.all_types order by n';

/** A value as data: its type, JSON, own keys, and what each of its own methods returns (SfDate, Buffer.toStringSf). */
function shape(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return { t: typeof v, v };
  const calls = Object.entries(v).filter(([, f]) => typeof f === 'function').map(([k, f]) => [k, (f as () => unknown).call(v)]);
  const text = v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('hex') : undefined;
  return { ctor: v.constructor?.name, text, json: JSON.stringify(v), keys: Object.keys(v).filter((k) => !/^\d+$/.test(k)), calls };
}
const shapes = (rows: Row[]) => rows.map((r) => ({ keys: Object.keys(r), values: Object.values(r).map(shape) }));

async function collect(it: AsyncIterable<Row[]>): Promise<{ rows: Row[]; batches: number[] }> {
  const rows: Row[] = [];
  const batches: number[] = [];
  for await (const b of it) {
    batches.push(b.length);
    rows.push(...b);
  }
  return { rows, batches };
}

/** The adapter with connections whose serialize() holds no token: the reader must step aside (the SDK path). */
async function sdkOnly(extra: Partial<SnowflakeSettings> = {}): Promise<SnowflakeAdapter> {
  const connect = await sdkConnector(settings(), work, 'snow');
  const noToken: SnowflakeConnector = async () => Object.assign(await connect(), { serialize: () => '{}' });
  return SnowflakeAdapter.open(settings(extra), work, 'snow', noToken);
}

/** The query id the fake gave the last statement with this SQL, and whether our reader asked for its description. */
function described(sql: string): { queryId: string; inlineRows: number; chunks: number; describedByReader: boolean } {
  const r = fake.results.findLast((x) => x.sql === sql)!;
  return { queryId: r.queryId, inlineRows: r.inlineRows, chunks: r.chunkRows.length, describedByReader: fake.requests.includes(`GET /queries/${r.queryId}/result`) };
}

/** A local server answering the description request in a given way, recording what it received. */
async function describeServer(answer: (res: import('node:http').ServerResponse) => void): Promise<{ server: Server; url: string; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    answer(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

beforeAll(async () => {
  // Many chunk boundaries out of little data (a row cap per chunk on top of Snowflake's byte layout).
  fake = await FakeSnowflake.start({ users: { tester: { password: PASSWORD } }, chunkRows: 250 });
  work = mkdtempSync(join(tmpdir(), 'cible-sf-chunks-'));
  db = await SnowflakeAdapter.open(settings(), work, 'snow');
  await db.execute('CREATE SCHEMA IF NOT EXISTS analytics');
  await fake.query(ALL_TYPES);
});

afterAll(async () => {
  await db?.close();
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('snowflake chunk reader', () => {
  it('yields, value for value, what the SDK row stream yields, for every type, NULLs and hostile strings', async () => {
    const own = await collect(db.stream(SELECT_ALL, 700));
    const ownRun = described(SELECT_ALL);
    expect(ownRun.describedByReader).toBe(true);
    // Rows from the inline rowset, then from many chunks.
    expect(ownRun.inlineRows).toBeGreaterThan(0);
    expect(ownRun.chunks).toBeGreaterThanOrEqual(10);
    const reference = await sdkOnly();
    try {
      const sdk = await collect(reference.stream(SELECT_ALL, 700));
      expect(described(SELECT_ALL).describedByReader).toBe(false);
      expect(own.rows).toHaveLength(ROWS);
      expect(own.batches).toEqual(sdk.batches);
      expect(shapes(own.rows)).toEqual(shapes(sdk.rows));
      // Spot checks that the comparison saw the interesting values.
      expect(own.rows.map((r) => r.N)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
      expect(own.rows[4].T).toBe('] [ , "], [" ,');
      expect(own.rows[2].T).toBe('unicode é 日本 😀 𝄞');
      expect(own.rows[6].T).toBe('nul\u0000\u0001\u001f');
      expect(own.rows[1].DT).toBeInstanceOf(Date);
      expect(Buffer.isBuffer(own.rows[1].BIN)).toBe(true);
      expect(own.rows[1].OBJ).toEqual({ k: 1, s: 'x"y é 😀' });
      expect(Object.keys(own.rows[0])).toEqual(['N', 'I', 'D', 'R', 'T', 'B', 'DT', 'TM', 'TS', 'TZ', 'BIN', 'ARR', 'OBJ', 'SARR']);
    } finally {
      await reference.close();
    }
  });

  it('leaves a small result to the SDK without asking for its description again', async () => {
    const sql = `select * from analytics.all_types where n < ${MIN_ROWS} order by n`;
    const { rows } = await collect(db.stream(sql, 100));
    expect(rows).toHaveLength(MIN_ROWS);
    expect(described(sql).describedByReader).toBe(false);
  });

  it.each([
    ['an HTTP error', (res: import('node:http').ServerResponse) => (res.writeHead(503), res.end('busy'))],
    ['a body that is not JSON', (res: import('node:http').ServerResponse) => (res.writeHead(200, { 'Content-Type': 'text/html' }), res.end('<html>proxy login</html>'))],
    ['an expired session token', (res: import('node:http').ServerResponse) => (res.writeHead(200), res.end(JSON.stringify({ success: false, code: '390112', message: 'Your session has expired. Please login again.', data: null })))],
    ['an Arrow result', (res: import('node:http').ServerResponse) => (res.writeHead(200), res.end(JSON.stringify({ success: true, data: { queryResultFormat: 'arrow', rowtype: [], rowset: [], rowsetBase64: '', chunks: [], returned: ROWS } })))],
    ['a description without chunks', (res: import('node:http').ServerResponse) => (res.writeHead(200), res.end(JSON.stringify({ success: true, data: { rowtype: [], rowset: [], returned: ROWS } })))],
  ])('falls back to the SDK when the description request gets %s', async (_, answer) => {
    // Logged in to the fake, but the reader's description request goes to `access_url`: a server answering badly.
    const bad = await describeServer(answer);
    const connect = await sdkConnector(settings(), work, 'snow');
    const other = await SnowflakeAdapter.open(settings({ access_url: bad.url }), work, 'snow', connect);
    try {
      const { rows } = await collect(other.stream(SELECT_ALL, 1000));
      expect(rows.map((r) => r.N)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
      // The request was the SDK's own for a result (statement.js, sf.js): same path, query and headers.
      expect(bad.seen).toHaveLength(1);
      const { queryId } = described(SELECT_ALL);
      expect(bad.seen[0].url).toMatch(new RegExp(`^/queries/${queryId}/result\\?disableOfflineChunks=false&request_guid=[0-9a-f-]{36}$`));
      expect(bad.seen[0].headers).toMatchObject({ accept: 'application/snowflake', 'content-type': 'application/json', authorization: expect.stringMatching(/^Snowflake Token="[0-9a-f-]{36}"$/) });
      expect(bad.seen[0].headers['user-agent']).toMatch(/^JavaScript\/3\.\d+\.\d+ \(\w+-\w+\) NodeJS\/\d+\./);
    } finally {
      await other.close();
      await new Promise((r) => bad.server.close(r));
    }
  });

  it('falls back to the SDK when the connection holds no session token, or the description cannot be reached', async () => {
    const noToken = await sdkOnly();
    const closed = await describeServer(() => undefined);
    await new Promise((r) => closed.server.close(r));
    const connect = await sdkConnector(settings(), work, 'snow');
    const unreachable = await SnowflakeAdapter.open(settings({ access_url: closed.url }), work, 'snow', connect);
    try {
      for (const a of [noToken, unreachable]) expect((await collect(a.stream(SELECT_ALL, 1000))).rows).toHaveLength(ROWS);
    } finally {
      await noToken.close();
      await unreachable.close();
    }
  });

  it('stops downloading when the consumer stops early: no chunk beyond the one read and the one ahead', async () => {
    const chunkGets = () => fake.requests.filter((r) => r.startsWith('GET /chunks/')).length;
    const before = chunkGets();
    for await (const b of db.stream(SELECT_ALL, 100)) {
      expect(b).toHaveLength(100);
      break;
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(chunkGets() - before).toBeLessThanOrEqual(2);
    // The connection is free and works for the next statement.
    expect((await db.query('select 1 as one')).rows).toEqual([{ ONE: 1 }]);
  });

  it('ends a running read with a cancellation error on cancelAll()', async () => {
    const it = db.stream(SELECT_ALL, 100)[Symbol.asyncIterator]();
    expect((await it.next()).value).toHaveLength(100);
    await db.cancelAll();
    const err = await (async () => {
      for (;;) if ((await it.next()).done) return undefined;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.message).toMatch(/cancelled/);
  });
});
