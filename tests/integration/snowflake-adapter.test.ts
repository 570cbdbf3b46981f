/**
 * The Snowflake adapter through the real snowflake-sdk 3.3.0 against the wire-faithful fake (tests/fakes/snowflake):
 * DDL, atomic swap, merge, streaming with bounded batches through Snowflake's result layout (a small inline rowset,
 * chunks growing x2 up to the session's CLIENT_RESULT_CHUNK_SIZE, which the adapter sets to 16 MB), error mapping,
 * secrets kept out of errors, cancellation of a slow query, QUERY_TAG per node, key-pair authentication and the
 * PUT + COPY INTO seed load.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { buildTempTable, incrementalApply, swapIn, tempName, viewPlan } from '../../src/run/materialize.js';
import { sql, type Statement } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { SnowflakeAdapter, type SnowflakeSettings } from '../../src/warehouse/snowflake/snowflake-adapter.js';
import { SESSION_SETUP } from '../../src/warehouse/snowflake/snowflake-connect.js';
import { WarehouseError } from '../../src/warehouse/warehouse-error.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';
import { repoRoot } from '../helpers/cli.js';

const PASSWORD = 'c0rrect-h0rse-Battery!';
const p = printerFor('snowflake');
const caps = p.dialect.capabilities;
const t = (name: string) => sql.table(name, 'analytics');

let fake: FakeSnowflake;
let db: SnowflakeAdapter;
let work: string;
const settings = (extra: Partial<SnowflakeSettings> = {}): SnowflakeSettings => ({
  account: 'testacct', user: 'tester', password: PASSWORD, database: 'DEMO', schema: 'ANALYTICS', warehouse: 'WH', role: 'TRANSFORMER', access_url: fake.url, ...extra,
});
const run = (stmts: Statement[], node?: string) => db.withSession(async (s) => {
  for (const x of stmts) await s.execute(p.statement(x));
}, { node });
const rows = async (name: string) => (await db.query(`SELECT * FROM ${p.table(t(name))} ORDER BY 1`)).rows.map((r) => Object.values(r));

beforeAll(async () => {
  fake = await FakeSnowflake.start({ users: { tester: { password: PASSWORD } }, asyncAfterMs: 200 });
  work = mkdtempSync(join(tmpdir(), 'cible-snowflake-'));
  db = await SnowflakeAdapter.open(settings(), work, 'snow');
  await db.execute(p.statement({ kind: 'create_schema', schema: 'analytics' }));
});

afterAll(async () => {
  await db?.close();
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('snowflake adapter against the fake', () => {
  it('creates a table and a view under upper-cased names, and lists them', async () => {
    await run([{ kind: 'create_table_as', table: t('base'), query: sql.rawQuery("select 1 as id, 'a' as v union all select 2, 'b'"), replace: true }]);
    await run(viewPlan(t('base_view'), `select id * 10 as id10 from ${p.table(t('base'))}`, undefined));
    expect(await rows('base')).toEqual([[1, 'a'], [2, 'b']]);
    const rels = await db.relations(['analytics']);
    expect(rels.get('analytics.base')).toBe('table');
    expect(rels.get('analytics.base_view')).toBe('view');
    expect(await db.columns(t('base'))).toEqual([{ name: 'ID', type: 'NUMBER' }, { name: 'V', type: 'TEXT' }]);
    // An unquoted reference, as users write it, reaches the generated object.
    expect((await db.query('select ID10 from analytics.base_view order by 1')).rows).toEqual([{ ID10: 10 }, { ID10: 20 }]);
    expect(await fake.query(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'DEMO' AND schema_name = 'ANALYTICS' AND table_name = 'BASE'`)).toEqual([['BASE']]);
  });

  it('replaces an existing table with ALTER TABLE ... SWAP WITH, then drops the old one', async () => {
    await run([{ kind: 'create_table_as', table: t('swapped'), query: sql.rawQuery('select 1 as id'), replace: true }]);
    const tmp = tempName(t('swapped'));
    const plan = [...buildTempTable(tmp, 'select 2 as id union all select 3'), ...swapIn(t('swapped'), tmp, 'table', caps)];
    expect(plan.map((x) => p.statement(x))).toContain('ALTER TABLE "ANALYTICS"."SWAPPED__CIBLE_TMP" SWAP WITH "ANALYTICS"."SWAPPED"');
    await run(plan);
    expect(await rows('swapped')).toEqual([[2], [3]]);
    expect([...(await db.relations(['analytics'])).keys()].filter((k) => k.includes('__cible_tmp'))).toEqual([]);
    // A view in the way is dropped and the table renamed, qualified so it stays in its schema.
    await run(viewPlan(t('was_view'), 'select 1 as id', undefined));
    const tmp2 = tempName(t('was_view'));
    await run([...buildTempTable(tmp2, 'select 5 as id'), ...swapIn(t('was_view'), tmp2, 'view', caps)]);
    expect((await db.relations(['analytics'])).get('analytics.was_view')).toBe('table');
  });

  it('merges new and changed rows on a key', async () => {
    await run([{ kind: 'create_table_as', table: t('merged'), query: sql.rawQuery("select 1 as id, 'old' as v union all select 2, 'keep'"), replace: true }]);
    const tmp = tempName(t('merged'));
    await run(buildTempTable(tmp, "select 1 as id, 'new' as v union all select 3, 'added'"));
    const cols = (await db.columns(tmp)).map((c) => c.name);
    await run(incrementalApply(t('merged'), tmp, 'merge', ['id'], cols));
    expect(await rows('merged')).toEqual([[1, 'new'], [2, 'keep'], [3, 'added']]);
    await run(buildTempTable(tmp, "select 2 as id, 'replaced' as v"));
    await run(incrementalApply(t('merged'), tmp, 'delete+insert', ['id'], cols));
    expect(await rows('merged')).toEqual([[1, 'new'], [2, 'replaced'], [3, 'added']]);
  });

  it('streams 200k rows, in order, through a small inline rowset and chunks growing x2, in bounded batches', async () => {
    const n = 200_000;
    await fake.query(`CREATE OR REPLACE TABLE "DEMO"."ANALYTICS"."BIG" AS SELECT range + 1 AS ID, 'customer_' || range AS NAME, range * 0.5 AS AMOUNT FROM range(${n})`);
    const chunkGets = () => fake.requests.filter((r) => r.startsWith('GET /chunks/')).length;
    const before = chunkGets();
    globalThis.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const t0 = performance.now();
    let count = 0;
    let max = 0;
    let outOfOrder = 0;
    for await (const batch of db.stream('select id, name, amount from analytics.big order by id', 5000)) {
      max = Math.max(max, batch.length);
      for (const r of batch) if (r.ID !== ++count) outOfOrder++;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const ms = performance.now() - t0;
    console.log(`stream ${n} rows: ${ms.toFixed(0)} ms, rss ${(rss0 / 2 ** 20).toFixed(0)} -> peak ${(peak / 2 ** 20).toFixed(0)} MB (fake in-process)`);
    expect(count).toBe(n);
    expect(outOfOrder).toBe(0);
    expect(max).toBe(5000);
    // The wire: the layout the fake answered with, and one GET per chunk.
    const layout = fake.results.findLast((r) => r.sql.includes('analytics.big'))!;
    console.log(`layout: ${layout.inlineRows} inline, chunks of ${layout.chunkRows.join(', ')} rows`);
    expect(chunkGets() - before).toBe(layout.chunkRows.length);
    expect(layout.chunkRows.reduce((a, b) => a + b, layout.inlineRows)).toBe(n);
    // A small inline rowset, not a full-size first chunk: it would stay in the driver for the statement's life.
    expect(layout.inlineRows).toBeLessThanOrEqual(200);
    expect(layout.inlineRows).toBeLessThan(layout.chunkRows[0] / 10);
    // Chunks grow x2 (each full one at its byte target, the last one holds the rest), up to the adapter's 16 MB.
    expect(layout.maxChunkBytes).toBe(16 * 2 ** 20);
    expect(layout.chunkRows.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < layout.chunkRows.length - 1; i++) expect(layout.chunkBytes[i] / layout.chunkBytes[i - 1]).toBeCloseTo(2, 1);
    for (const b of layout.chunkBytes) expect(b).toBeLessThanOrEqual(layout.maxChunkBytes);
  });

  it('sets CLIENT_RESULT_CHUNK_SIZE = 16 once on each connection it opens', async () => {
    const setups = () => fake.statements.filter((x) => x.sql === SESSION_SETUP).length;
    const before = setups();
    const other = await SnowflakeAdapter.open(settings(), work, 'snow');
    try {
      expect(setups()).toBe(before + 1);
      await other.query('select 1 as one');
      await other.query('select 2 as two');
      expect(setups()).toBe(before + 1);
      expect(fake.results.at(-1)!.maxChunkBytes).toBe(16 * 2 ** 20);
    } finally {
      await other.close();
    }
  });

  it('streams them with bounded memory in a process of its own (the compiled adapter, as the CLI runs it)', async () => {
    // The fake holds the whole result; measuring in a child keeps its memory out of the adapter's figure.
    const adapter = pathToFileURL(join(repoRoot, 'dist', 'src', 'warehouse', 'snowflake', 'snowflake-adapter.js')).href;
    const script = `
      const { SnowflakeAdapter } = await import(${JSON.stringify(adapter)});
      const db = await SnowflakeAdapter.open(${JSON.stringify(settings())}, process.cwd(), 'snow');
      const rss0 = process.memoryUsage().rss;
      let peak = rss0, count = 0;
      const t0 = performance.now();
      for await (const batch of db.stream('select id, name, amount from analytics.big', 10000)) {
        count += batch.length;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      console.log(JSON.stringify({ count, ms: Math.round(performance.now() - t0), rss0MB: Math.round(rss0 / 2 ** 20), peakMB: Math.round(peak / 2 ** 20) }));
      await db.close();`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: work });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
    });
    const m = JSON.parse(out.trim().split('\n').at(-1)!) as { count: number; ms: number; rss0MB: number; peakMB: number };
    console.log(`stream 200000 rows in a child: ${m.ms} ms, rss ${m.rss0MB} -> peak ${m.peakMB} MB`);
    expect(m.count).toBe(200_000);
    expect(m.peakMB).toBeLessThan(300);
  });

  it('maps SQL errors to WarehouseError with the Snowflake code, SQLSTATE, SQL and cause', async () => {
    const missing = 'select * from analytics.no_such_table';
    const err = await db.query(missing).catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.details).toMatchObject({ target: 'snow', sql: missing, engineCode: '002003' });
    expect(err.message).toMatch(/^Snowflake error 002003 \(SQLSTATE 42S02\): SQL compilation error:\nObject '.*NO_SUCH_TABLE' does not exist or not authorized\.$/);
    expect(err.cause).toMatchObject({ code: '002003', sqlState: '42S02' });
    // Snowflake matches quoted names exactly: the column created by `select 1 as id` is ID, not "id".
    const quoted = await db.query('select "id" from analytics.base').catch((e) => e);
    expect(quoted.message).toMatch(/^Snowflake error 000904 \(SQLSTATE 42000\): SQL compilation error: .*\ninvalid identifier '"id"'$/);
    expect((await db.query('select "ID", id from analytics.base order by 1')).rows[0]).toEqual({ ID: 1 });
    const syntax = await db.execute('selec 1').catch((e) => e);
    expect(syntax.details.engineCode).toBe('001003');
    fake.faults.error = (q) => (/warehouse_down/i.test(q) ? { code: '000606', sqlState: '57P03', message: 'No active warehouse selected in the current session.' } : undefined);
    const injected = await db.query('select 1 as warehouse_down').catch((e) => e);
    fake.faults.error = undefined;
    expect(injected.message).toBe('Snowflake error 000606 (SQLSTATE 57P03): No active warehouse selected in the current session.');
  });

  it('tags every statement with QUERY_TAG naming the target and the node', async () => {
    await run([{ kind: 'query', query: sql.rawQuery('select 42 as answer') }], 'model.orders');
    const last = fake.statements.at(-1)!;
    expect(last.sql).toBe('select 42 as answer');
    expect(JSON.parse(last.queryTag!)).toEqual({ app: 'cible', target: 'snow', node: 'model.orders' });
  });

  it('cancels a slow query through abort-request while the driver polls for its result', async () => {
    fake.faults.delayMs = (q) => (/slow_one/i.test(q) ? 60_000 : 0);
    const polls = () => fake.requests.filter((r) => /^GET \/queries\/.+\/result$/.test(r)).length;
    const before = polls();
    const t0 = performance.now();
    const running = db.query('select 1 as slow_one').then(() => 'finished', (e) => e);
    // The driver got 333333 (in progress) and polls the result URL: the statement is running server-side.
    while (polls() === before) await new Promise((r) => setTimeout(r, 50));
    await db.cancelAll();
    const outcome = await running;
    fake.faults.delayMs = undefined;
    expect(outcome).toBeInstanceOf(WarehouseError);
    expect(outcome.details.engineCode).toBe('000604');
    expect(outcome.message).toMatch(/SQL execution canceled/);
    expect(fake.requests.some((r) => /^POST \/queries\/.+\/abort-request$/.test(r))).toBe(true);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('loads a CSV seed with PUT into the table stage and COPY INTO, with the types DuckDB infers', async () => {
    const csv = join(work, 'people.csv');
    writeFileSync(csv, 'id,name,born,score,zip\n1,"Ann ""A"", Jr",1990-01-02,1.5,007\n2,O\'Brien\\x,,2,08\n3,,2001-12-31,,\n');
    const n = await db.loadCsv(t('people'), csv, { columnTypes: { zip: 'VARCHAR(5)' }, delimiter: ',', node: 'seed.people' });
    expect(n).toBe(3);
    expect((await db.columns(t('people'))).map((c) => `${c.name} ${c.type}`)).toEqual(['ID NUMBER', 'NAME TEXT', 'BORN DATE', 'SCORE FLOAT', 'ZIP TEXT']);
    expect(await fake.query(`SELECT ID::INT, NAME, BORN::VARCHAR, SCORE, ZIP FROM "DEMO"."ANALYTICS"."PEOPLE" ORDER BY 1`)).toEqual([
      [1, 'Ann "A", Jr', '1990-01-02', 1.5, '007'], [2, "O'Brien\\x", null, 2, '08'], [3, null, '2001-12-31', null, null],
    ]);
    const put = fake.statements.find((s) => s.sql.startsWith('PUT '))!;
    expect(put.sql).toMatch(/^PUT 'file:\/\/\/.*people\.csv' @"ANALYTICS"\.%"PEOPLE" AUTO_COMPRESS = TRUE OVERWRITE = TRUE$/);
    expect(JSON.parse(put.queryTag!).node).toBe('seed.people');
  });

  it('rejects a wrong password with a clear error that never contains the password', async () => {
    const wrong = 'Wr0ng-but-Secret-Value';
    const err = await SnowflakeAdapter.open(settings({ password: wrong }), work, 'snow').catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe("target 'snow' (snowflake): Snowflake rejected the login of 'tester' to account 'testacct': Incorrect username or password was specified. (390100)");
    expect(err.diagnostics[0].hint).toMatch(/user.*password/);
    const everything = inspect(err, { depth: 20, showHidden: true }) + JSON.stringify(err.diagnostics);
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(PASSWORD);
    expect(fake.logins.at(-1)).toEqual({ user: 'tester', authenticator: 'SNOWFLAKE', ok: false });
  });

  it('fails within seconds, as a WarehouseError, when the account URL does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const t0 = performance.now();
    const err = await SnowflakeAdapter.open(settings({ access_url: `http://127.0.0.1:${port}` }), work, 'snow').catch((e) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.message).toMatch(/^cannot connect to Snowflake account 'testacct': connect ECONNREFUSED/);
    expect(err.details.engineCode).toBe('401001');
    expect(inspect(err, { depth: 20, showHidden: true })).not.toContain(PASSWORD);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('names the missing setting when there are no credentials', async () => {
    const err = await SnowflakeAdapter.open(settings({ password: undefined }), work, 'snow').catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/no credentials: set `password` or `private_key_path`/);
  });

  it('authenticates with a key pair (private key file + passphrase)', async () => {
    const passphrase = 'key-Passphrase-42';
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
    });
    writeFileSync(join(work, 'rsa_key.p8'), privateKey);
    fake.setUser('KEY_USER', { publicKey });
    const keyed = await SnowflakeAdapter.open(settings({ user: 'key_user', password: undefined, private_key_path: 'rsa_key.p8', private_key_passphrase: passphrase }), work, 'snow');
    try {
      expect(await keyed.describe()).toMatchObject({ engine: 'snowflake', user: 'KEY_USER', role: 'TRANSFORMER', warehouse: 'WH', database: 'DEMO', account: 'TESTACCT' });
      expect(fake.logins.at(-1)).toEqual({ user: 'key_user', authenticator: 'SNOWFLAKE_JWT', ok: true });
    } finally {
      await keyed.close();
    }
    const badPass = await SnowflakeAdapter.open(settings({ user: 'key_user', password: undefined, private_key_path: 'rsa_key.p8', private_key_passphrase: 'nope-Not-It' }), work, 'snow').catch((e) => e);
    expect(badPass).toBeInstanceOf(UserError);
    expect(badPass.diagnostics[0].hint).toMatch(/private_key_passphrase/);
    expect(inspect(badPass, { depth: 20 })).not.toContain('nope-Not-It');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(join(work, 'other.p8'), other.privateKey);
    const wrongKey = await SnowflakeAdapter.open(settings({ user: 'key_user', password: undefined, private_key_path: join(work, 'other.p8') }), work, 'snow').catch((e) => e);
    expect(wrongKey).toBeInstanceOf(UserError);
    expect(wrongKey.message).toMatch(/JWT token is invalid\. \(390144\)/);
  });

  it('closes its sessions (POST /session?delete=true)', async () => {
    const other = await SnowflakeAdapter.open(settings(), work, 'snow');
    const open = fake.openSessions;
    await other.close();
    expect(fake.openSessions).toBe(open - 1);
    expect(fake.requests.at(-1)).toBe('POST /session');
  });
});
