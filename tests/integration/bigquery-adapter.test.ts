/**
 * The BigQuery adapter through the official client (@google-cloud/bigquery 8) against the wire-faithful fake:
 * DDL, atomic replacement, MERGE in a session transaction, paging, error mapping, retries, cancellation, labels,
 * maximum_bytes_billed, dry runs and CSV loads. No request leaves 127.0.0.1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incrementalApply, tablePlan, viewPlan } from '../../src/run/materialize.js';
import { sql, type Statement } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import type { Session } from '../../src/warehouse/adapter.js';
import { BigQueryAdapter, type BigQueryAdapterOptions } from '../../src/warehouse/bigquery/bigquery-adapter.js';
import { WarehouseError } from '../../src/warehouse/warehouse-error.js';
import { fakeClient } from '../fakes/bigquery/client.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';

const p = printerFor('bigquery');
const caps = p.dialect.capabilities;
const t = (name: string) => sql.table(name, 'analytics', 'test-proj');
const fast: BigQueryAdapterOptions['retry'] = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };

let fake: FakeBigQuery;
let bq: BigQueryAdapter;
const open = (settings: Record<string, unknown> = {}) =>
  BigQueryAdapter.open({ project: 'test-proj', dataset: 'analytics', location: 'US', ...settings }, '.', 'bq', { client: fakeClient(fake), retry: fast });
const run = (s: Session, stmts: Statement[]) => stmts.reduce((acc, x) => acc.then(() => s.execute(p.statement(x))), Promise.resolve());
const rows = async (q: string) => (await bq.query(q)).rows;

beforeAll(async () => {
  fake = await FakeBigQuery.start();
  bq = await open();
  await bq.execute(p.statement({ kind: 'create_schema', schema: 'analytics', database: 'test-proj' }));
});
afterAll(async () => {
  await bq.close();
  await fake.close();
});

describe('DDL and materialisations', () => {
  it('creates a schema (dataset), a table and a view, and lists them with their columns', async () => {
    await bq.execute(p.statement({ kind: 'create_schema', schema: 'analytics', database: 'test-proj' })); // IF NOT EXISTS: again is fine
    await bq.withSession((s) => run(s, tablePlan(t('people'), t('people__cible_tmp'), "SELECT 1 AS id, 'Ada' AS name UNION ALL SELECT 2, 'Grace'", undefined, caps)));
    await bq.withSession((s) => run(s, viewPlan(t('people_v'), `SELECT name FROM ${p.table(t('people'))}`, undefined, caps)));
    const rels = await bq.relations(['analytics', 'no_such_dataset']);
    expect(rels.get('analytics.people')).toBe('table');
    expect(rels.get('analytics.people_v')).toBe('view');
    expect(await bq.columns(t('people'))).toEqual([{ name: 'id', type: 'INTEGER' }, { name: 'name', type: 'STRING' }]);
    expect(await rows(`SELECT name FROM ${p.table(t('people_v'))} ORDER BY name`)).toEqual([{ name: 'Ada' }, { name: 'Grace' }]);
  });

  it('replaces a table atomically with CREATE OR REPLACE TABLE, straight into place', async () => {
    const plan = tablePlan(t('people'), t('people__cible_tmp'), "SELECT 3 AS id, 'Linus' AS name", 'table', caps);
    expect(plan.map((x) => p.statement(x))).toEqual(["CREATE OR REPLACE TABLE `test-proj`.`analytics`.`people` AS\nSELECT 3 AS id, 'Linus' AS name"]);
    await bq.withSession((s) => run(s, plan));
    expect(await rows(`SELECT * FROM ${p.table(t('people'))}`)).toEqual([{ id: 3, name: 'Linus' }]);
    expect((await bq.relations(['analytics'])).has('analytics.people__cible_tmp')).toBe(false);
  });

  it('turns a view into a table and back (no DDL inside a transaction)', async () => {
    await bq.withSession((s) => run(s, tablePlan(t('people_v'), t('people_v__cible_tmp'), 'SELECT 1 AS id', 'view', caps)));
    expect((await bq.relations(['analytics'])).get('analytics.people_v')).toBe('table');
    await bq.withSession((s) => run(s, viewPlan(t('people_v'), 'SELECT 2 AS id', 'table', caps)));
    expect((await bq.relations(['analytics'])).get('analytics.people_v')).toBe('view');
  });

  it('shows why: BigQuery refuses DDL inside a multi-statement transaction', async () => {
    const err = await bq.withSession(async (s) => {
      await s.execute('BEGIN TRANSACTION');
      return s.execute(`CREATE TABLE ${p.table(t('nope'))} AS SELECT 1 AS x`).catch((e) => e);
    });
    expect(err).toBeInstanceOf(WarehouseError);
    expect(err.details.engineCode).toBe('invalidQuery');
  });

  it('merges an increment inside a session transaction, and ends the session', async () => {
    await bq.execute(`CREATE OR REPLACE TABLE ${p.table(t('events'))} AS SELECT 1 AS id, 'old' AS v UNION ALL SELECT 2, 'keep'`);
    await bq.execute(`CREATE OR REPLACE TABLE ${p.table(t('events__cible_tmp'))} AS SELECT 1 AS id, 'new' AS v UNION ALL SELECT 3, 'added'`);
    const before = fake.requests.length;
    await bq.withSession((s) => run(s, incrementalApply(t('events'), t('events__cible_tmp'), 'merge', ['id'], ['id', 'v'])), { node: 'model.events' });
    const inserts = fake.requests.slice(before).filter((r) => r.route === 'jobs.insert').map((r) => (r.body as { configuration: { query: Record<string, unknown>; labels: Record<string, string> } }).configuration);
    expect(inserts.map((c) => String(c.query.query).split(/\s/)[0])).toEqual(['BEGIN', 'MERGE', 'COMMIT', 'DROP', 'CALL']);
    expect(inserts[0].query.createSession).toBe(true);
    const sessionIds = new Set(inserts.slice(1).map((c) => (c.query.connectionProperties as { value: string }[])[0].value));
    expect(sessionIds.size).toBe(1);
    expect(inserts.every((c) => c.labels['cible-node'] === 'model_events' && c.labels['cible-target'] === 'bq' && !!c.labels['cible-run'])).toBe(true);
    expect(await rows(`SELECT id, v FROM ${p.table(t('events'))} ORDER BY id`)).toEqual([{ id: 1, v: 'new' }, { id: 2, v: 'keep' }, { id: 3, v: 'added' }]);
  });

  it('rolls back a failed delete+insert: the table is unchanged', async () => {
    await bq.execute(`CREATE OR REPLACE TABLE ${p.table(t('events__cible_tmp'))} AS SELECT 2 AS id, 'x' AS v`);
    const err = await bq.withSession(async (s) => {
      await s.execute('BEGIN TRANSACTION');
      await s.execute(p.statement({ kind: 'delete_matching', target: t('events'), source: t('events__cible_tmp'), keys: ['id'] }));
      const e = await s.execute(`INSERT INTO ${p.table(t('events'))} (id, v) SELECT id, no_such_column FROM ${p.table(t('events__cible_tmp'))}`).catch((x) => x);
      await s.execute('ROLLBACK');
      return e;
    });
    expect(err).toBeInstanceOf(WarehouseError);
    expect((await rows(`SELECT COUNT(*) AS n FROM ${p.table(t('events'))}`))[0].n).toBe(3);
  });
});

describe('reading results', () => {
  it('streams 200,000 rows in bounded pages (maxResults + pageToken)', async () => {
    await fake.duck(`CREATE TABLE analytics.big AS SELECT range AS id, 'name_' || range AS name, range * 0.5 AS amount, DATE '2024-01-01' + CAST(range % 365 AS INTEGER) AS d, TIMESTAMP '2024-01-01 00:00:00' + to_seconds(range) AS ts FROM range(200000)`);
    const pagesBefore = fake.routes('jobs.getQueryResults').length;
    const heap0 = process.memoryUsage().heapUsed;
    const started = Date.now();
    let n = 0;
    let sum = 0;
    let biggest = 0;
    let peakHeap = 0;
    let peakRss = 0;
    let first: Record<string, unknown> | undefined;
    for await (const batch of bq.stream(`SELECT * FROM ${p.table(t('big'))}`, 10_000)) {
      first ??= batch[0];
      biggest = Math.max(biggest, batch.length);
      n += batch.length;
      for (const r of batch) sum += r.id as number;
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed - heap0);
      peakRss = Math.max(peakRss, m.rss);
    }
    const ms = Date.now() - started;
    console.log(`stream 200k rows x 5 columns through the fake: ${ms} ms, ${fake.routes('jobs.getQueryResults').length - pagesBefore} pages, peak heap +${(peakHeap / 2 ** 20).toFixed(0)} MB, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB (test process, fake and DuckDB included)`);
    expect(n).toBe(200_000);
    expect(sum).toBe((199_999 * 200_000) / 2);
    expect(biggest).toBe(10_000);
    expect(first).toEqual({ id: 0, name: 'name_0', amount: 0, d: new Date('2024-01-01T00:00:00Z'), ts: new Date('2024-01-01T00:00:00Z') });
    const maxResults = fake.routes('jobs.getQueryResults').slice(pagesBefore).map((r) => r.query.maxResults);
    expect(new Set(maxResults)).toEqual(new Set(['10000']));
    expect(peakHeap).toBeLessThan(200 * 2 ** 20);
  });

  it('returns column names even for an empty result, and decodes every scalar type', async () => {
    const r = await bq.query(`SELECT CAST(NULL AS INT64) AS a, TRUE AS b, CAST(1.25 AS NUMERIC) AS c, DATE '2024-02-29' AS d, TIMESTAMP '2024-01-02 03:04:05.678' AS e, 9007199254740993 AS f`);
    expect(r.rows).toEqual([{ a: null, b: true, c: 1.25, d: new Date('2024-02-29T00:00:00Z'), e: new Date('2024-01-02T03:04:05.678Z'), f: 9007199254740993n }]);
    expect((await bq.query(`SELECT id FROM ${p.table(t('big'))} WHERE id < 0`)).columns).toEqual(['id']);
  });

  it('round-trips hostile string literals through the dialect and the wire', async () => {
    const hostile = ["single'quote", 'back\\slash', 'new\nline', 'tab\tand\rreturn', 'unicode é 東京 🚀', 'DROP TABLE x; --', '`backtick`', "\\'"];
    const select = hostile.map((h, i) => `${p.literal(h)} AS ${p.ident(`c${i}`)}`).join(', ');
    expect(Object.values((await rows(`SELECT ${select}`))[0])).toEqual(hostile);
  });
});

describe('failures', () => {
  it('maps a bad query to a WarehouseError with the BigQuery reason, the SQL and the original error', async () => {
    const bad = `SELEC 1`;
    const e = (await bq.query(bad).catch((x) => x)) as WarehouseError;
    expect(e).toBeInstanceOf(WarehouseError);
    expect(e.details.engineCode).toBe('invalidQuery');
    expect(e.details.sql).toBe(bad);
    expect((e.cause as { errors: { reason: string }[] }).errors[0].reason).toBe('invalidQuery');
    expect(e.message).toContain((e.cause as Error).message);
    const missing = (await bq.query(`SELECT * FROM ${p.table(t('no_such_table'))}`).catch((x) => x)) as WarehouseError;
    expect(missing.details.engineCode).toBe('notFound');
  });

  it('retries rateLimitExceeded (403) and backendError (500, 503) requests with the same job id', async () => {
    fake.failRequests('jobs.insert', 403, 'rateLimitExceeded', 2);
    fake.failRequests('jobs.getQueryResults', 500, 'backendError', 1);
    fake.failRequests('jobs.getQueryResults', 503, 'backendError', 1);
    const before = fake.requests.length;
    expect(await rows('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    const seen = fake.requests.slice(before);
    const ids = seen.filter((r) => r.route === 'jobs.insert').map((r) => (r.body as { jobReference: { jobId: string } }).jobReference.jobId);
    expect(ids.length).toBe(3);
    expect(new Set(ids).size).toBe(1);
    expect(seen.filter((r) => r.route === 'jobs.getQueryResults').length).toBe(3);
  });

  it('reruns a job that failed with backendError under a new job id', async () => {
    fake.failJobs('backendError', 1, /SELECT 7/);
    const before = fake.requests.length;
    expect(await rows('SELECT 7 AS n')).toEqual([{ n: 7 }]);
    const ids = fake.requests.slice(before).filter((r) => r.route === 'jobs.insert').map((r) => (r.body as { jobReference: { jobId: string } }).jobReference.jobId);
    expect(ids.length).toBe(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('does not retry what is not transient (403 accessDenied)', async () => {
    fake.failRequests('jobs.insert', 403, 'accessDenied', 1);
    const e = (await bq.query('SELECT 1 AS x').catch((x) => x)) as WarehouseError;
    expect(e.details.engineCode).toBe('accessDenied');
  });

  it('gives up after the retry budget (3 retries here), with the last error', async () => {
    fake.failRequests('jobs.insert', 429, 'rateLimitExceeded', 4);
    const before = fake.routes('jobs.insert').length;
    const e = (await bq.query('SELECT 1 AS x').catch((x) => x)) as WarehouseError;
    expect(e.details.engineCode).toBe('rateLimitExceeded');
    expect(fake.routes('jobs.insert').length - before).toBe(4);
  });

  it('cancels a running job on cancelAll(); later work runs normally', async () => {
    const a = await open();
    fake.slowJobs(10_000, 1, /slow_result/);
    const pending = a.execute(`CREATE TABLE ${p.table(t('slow_result'))} AS SELECT 1 AS x`).catch((x) => x);
    await new Promise((r) => setTimeout(r, 300));
    await a.cancelAll();
    const e = (await pending) as WarehouseError;
    expect(e).toBeInstanceOf(WarehouseError);
    expect(e.details.engineCode).toBe('stopped');
    expect(fake.routes('jobs.cancel').length).toBeGreaterThan(0);
    expect((await bq.relations(['analytics'])).has('analytics.slow_result')).toBe(false);
    expect(e.message).toMatch(/cancelled/);
    expect((await a.query('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
  });
});

describe('cost controls and loads', () => {
  it('sends maximum_bytes_billed and surfaces bytesBilledLimitExceeded', async () => {
    const capped = await open({ maximum_bytes_billed: 1000 });
    const e = (await capped.query(`SELECT * FROM ${p.table(t('big'))}`).catch((x) => x)) as WarehouseError;
    expect(e.details.engineCode).toBe('bytesBilledLimitExceeded');
    const last = fake.routes('jobs.insert').at(-1)!.body as { configuration: { query: { maximumBytesBilled: string } } };
    expect(last.configuration.query.maximumBytesBilled).toBe('1000');
    await expect(open({ maximum_bytes_billed: 'lots' })).rejects.toThrow(/maximum_bytes_billed/);
  });

  it('dry-runs a statement: bytes it would process, nothing run', async () => {
    const { bytes } = await bq.dryRun(`CREATE OR REPLACE TABLE ${p.table(t('big_copy'))} AS SELECT * FROM ${p.table(t('big'))}`);
    expect(bytes).toBeGreaterThan(200_000 * 8);
    expect((await bq.relations(['analytics'])).has('analytics.big_copy')).toBe(false);
    const bad = (await bq.dryRun('SELECT nope FROM nowhere').catch((x) => x)) as WarehouseError;
    expect(bad.details.engineCode).toBe('notFound');
  });

  it('loads a CSV through a load job (multipart upload) with declared and inferred types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cible-bq-csv-'));
    const file = join(dir, 'customers.csv');
    writeFileSync(file, 'id,name,amount,joined,vip\n1,"Lovelace, Ada",10.50,2024-01-31,true\n2,"multi\nline",,2024-02-01,false\n3,,3.25,,true\n');
    const n = await bq.loadCsv(t('customers__cible_tmp'), file, { columnTypes: { amount: 'NUMERIC(10, 2)' }, delimiter: ',', node: 'seed.customers' });
    expect(n).toBe(3);
    expect(await bq.columns(t('customers__cible_tmp'))).toEqual([
      { name: 'id', type: 'INTEGER' }, { name: 'name', type: 'STRING' }, { name: 'amount', type: 'NUMERIC' }, { name: 'joined', type: 'DATE' }, { name: 'vip', type: 'BOOLEAN' },
    ]);
    expect(await rows(`SELECT * FROM ${p.table(t('customers__cible_tmp'))} ORDER BY id`)).toEqual([
      { id: 1, name: 'Lovelace, Ada', amount: 10.5, joined: new Date('2024-01-31T00:00:00Z'), vip: true },
      { id: 2, name: 'multi\nline', amount: null, joined: new Date('2024-02-01T00:00:00Z'), vip: false },
      { id: 3, name: null, amount: 3.25, joined: null, vip: true },
    ]);
    const upload = fake.routes('jobs.upload').at(-1)!;
    expect(upload.query.uploadType).toBe('multipart');
    expect(upload.auth).toBe('Bearer fake-token');
  });

  it('names the setting at fault when the target is misconfigured', async () => {
    await expect(BigQueryAdapter.open({ dataset: 'x' }, '.', 'bq')).rejects.toThrow(/'project' is required/);
    await expect(BigQueryAdapter.open({ project: 'p', keyfile: 'no/such/key.json' }, '.', 'bq')).rejects.toThrow(/'keyfile' no\/such\/key.json does not exist/);
  });
});
