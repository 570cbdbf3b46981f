/**
 * Folding acknowledgements during a run: additions are appended to the snapshot, changes updated in place, removals
 * and anything else deleted and re-inserted (mergeAcks); the diff compares 64-bit hashes of the row hashes. After
 * every run, on DuckDB, the real Postgres and the BigQuery and Snowflake fakes, the snapshot holds exactly one row per audience member, with the hash
 * the extract computed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookManifest } from '../../connectors/webhook/manifest.js';
import type { DestinationClient, OutgoingBatch } from '../../connectors/types.js';
import { printerFor } from '../../src/sql/registry.js';
import { runSync } from '../../src/sync/run-sync.js';
import { StateStore } from '../../src/sync/state-store.js';
import type { WarehouseAdapter } from '../../src/warehouse/adapter.js';
import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';
import { BigQueryAdapter } from '../../src/warehouse/bigquery/bigquery-adapter.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';
import { SnowflakeAdapter } from '../../src/warehouse/snowflake/snowflake-adapter.js';
import { fakeClient } from '../fakes/bigquery/client.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';
import { uniqueSchema } from '../helpers/sync-helpers.js';

const N = 3000;

const client = (sent: string[]): DestinationClient => ({
  async send(b: OutgoingBatch) {
    sent.push(...b.rows.map((r) => r.key));
    return b.rows.map((r) => ({ key: r.key, ok: true }));
  },
  async close() {},
});

interface Member { id: number; email: string; v: number }
const members = (from: number, to: number, v: (id: number) => number): Member[] =>
  Array.from({ length: to - from }, (_, i) => ({ id: from + i, email: `user${from + i}@example.com`, v: v(from + i) }));

/** An engine: how to open it, where the audience and the state live, and the DDL of the audience table. */
interface Engine {
  name: string;
  open(): Promise<WarehouseAdapter>;
  audience: string;
  state: string;
  create: string;
  cleanup?: string[];
}

const pgSchema = uniqueSchema('folds');
let bq: FakeBigQuery;
let snow: FakeSnowflake;
const PASSWORD = 'folds-Pa55';
beforeAll(async () => {
  bq = await FakeBigQuery.start();
  snow = await FakeSnowflake.start({ users: { TESTER: { password: PASSWORD } }, chunkRows: 1000 });
});
afterAll(async () => {
  await bq?.close();
  await snow?.close();
});

const engines: Engine[] = [
  { name: 'DuckDB', open: () => DuckDbAdapter.open({ path: ':memory:' }, process.cwd(), 'mem'), audience: 'audience', state: 'cible_state', create: 'CREATE OR REPLACE TABLE audience (id BIGINT, email VARCHAR, v BIGINT)' },
  {
    name: 'Postgres',
    open: async () => {
      const a = await PostgresAdapter.open({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }, 'folds');
      await a.execute(`CREATE SCHEMA IF NOT EXISTS ${pgSchema}`);
      return a;
    },
    audience: `${pgSchema}.audience`, state: `${pgSchema}_state`, create: `DROP TABLE IF EXISTS ${pgSchema}.audience; CREATE TABLE ${pgSchema}.audience (id BIGINT, email TEXT, v BIGINT)`,
    cleanup: [`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`, `DROP SCHEMA IF EXISTS ${pgSchema}_state CASCADE`],
  },
  {
    name: 'BigQuery (fake)',
    open: async () => {
      const a = await BigQueryAdapter.open({ project: 'test-proj', dataset: 'folds', location: 'US' }, '.', 'folds', { client: fakeClient(bq) });
      await a.execute('CREATE SCHEMA IF NOT EXISTS `folds`');
      return a;
    },
    audience: '`folds`.`audience`', state: 'folds_state', create: 'CREATE OR REPLACE TABLE `folds`.`audience` (id INT64, email STRING, v INT64)',
  },
  {
    name: 'Snowflake (fake)',
    open: () => SnowflakeAdapter.open({ account: 'testacct', user: 'tester', password: PASSWORD, database: 'DEMO', schema: 'FOLDS', warehouse: 'WH', access_url: snow.url }, mkdtempSync(join(tmpdir(), 'cible-folds-')), 'folds'),
    audience: 'FOLDS.AUDIENCE', state: 'folds_state', create: 'CREATE SCHEMA IF NOT EXISTS FOLDS; CREATE OR REPLACE TABLE FOLDS.AUDIENCE (ID NUMBER, EMAIL VARCHAR, V NUMBER)',
  },
];

async function load(adapter: WarehouseAdapter, e: Engine, rows: Member[]): Promise<void> {
  for (const st of e.create.split('; ')) await adapter.execute(st);
  for (let i = 0; i < rows.length; i += 1000) {
    await adapter.execute(`INSERT INTO ${e.audience} (id, email, v) VALUES ${rows.slice(i, i + 1000).map((r) => `(${r.id}, '${r.email}', ${r.v})`).join(', ')}`);
  }
}

describe.each(engines)('folds of acknowledgements during a run, on $name', (engine) => {
  it('keep one snapshot row per member, equal to the audience, through additions, changes and removals', async () => {
    const adapter = await engine.open();
    const state = engine.state;
    try {
      const store = new StateStore(adapter, printerFor(adapter.type), state);
      const t = (name: string) => store.p.table(store.syncTable(name as never, 'people'));
      const sync = { mode: 'mirror' as const, key: 'id', match: { email: 'email' }, fields: { v: { column: 'v' } }, options: {}, from: 'model.audience', destination: 'hook', destinationType: 'webhook' };
      const run = async (sent: string[]) => {
        const r = await runSync(store, { name: 'people', sync, source: `SELECT * FROM ${engine.audience}`, manifest: webhookManifest, openClient: async () => client(sent), batchSize: 100, concurrency: 2, requestsPerSecond: 0, mergeEveryRows: 250 });
        expect(r.status, r.error).toBe('success');
        return r;
      };
      const check = async () => {
        // The snapshot against the extract, computed independently of the folds: same keys, same hashes, no duplicates.
        const [snap, cur, k, h] = [t('snap'), t('cur'), store.p.ident('__key'), store.p.ident('__row_hash')];
        const { rows } = await store.query(`SELECT
            (SELECT COUNT(*) FROM ${snap}) AS snap_rows,
            (SELECT COUNT(DISTINCT ${k}) FROM ${snap}) AS snap_keys,
            (SELECT COUNT(*) FROM ${cur}) AS audience,
            (SELECT COUNT(*) FROM ${cur} AS c LEFT JOIN ${snap} AS s ON s.${k} = c.${k} AND s.${h} = c.${h} WHERE s.${k} IS NULL) AS missing,
            (SELECT COUNT(*) FROM ${snap} AS s LEFT JOIN ${cur} AS c ON c.${k} = s.${k} AND c.${h} = s.${h} WHERE c.${k} IS NULL) AS extra`);
        const r = rows[0];
        expect(Number(r.snap_rows)).toBe(Number(r.audience));
        expect(Number(r.snap_keys)).toBe(Number(r.audience));
        expect(Number(r.missing)).toBe(0);
        expect(Number(r.extra)).toBe(0);
      };

      await load(adapter, engine, members(0, N, () => 0));
      const first: string[] = [];
      expect((await run(first)).added).toBe(N);
      expect(new Set(first).size).toBe(N);
      await check();

      // Every third member changes, 500 are new, the first 200 leave: additions, changes and removals in one run.
      const second = members(200, N + 500, (id) => (id % 3 === 0 ? 1 : 0));
      await load(adapter, engine, second);
      const sent2: string[] = [];
      const r2 = await run(sent2);
      expect([r2.added, r2.changed, r2.removed]).toEqual([500, second.filter((m) => m.id < N && m.v === 1).length, 200]);
      await check();

      // Only changes: every batch holds rows already in the snapshot.
      await load(adapter, engine, second.map((m) => ({ ...m, v: m.id % 2 === 0 ? m.v + 10 : m.v })));
      const sent3: string[] = [];
      const r3 = await run(sent3);
      expect([r3.added, r3.changed, r3.removed]).toEqual([0, second.filter((m) => m.id % 2 === 0).length, 0]);
      await check();

      const sent4: string[] = [];
      await run(sent4);
      expect(sent4).toHaveLength(0);
    } finally {
      for (const st of engine.cleanup ?? []) await adapter.execute(st).catch(() => undefined);
      await adapter.close();
    }
  });
});

describe('DuckDB limits of a sync run', () => {
  it('sends under the sending limits, and the next sync extracts and diffs under the diff limits again', async () => {
    const adapter = await DuckDbAdapter.open({ path: ':memory:', memory_limit: '64MB' }, process.cwd(), 'mem');
    try {
      await adapter.execute(`CREATE TABLE audience AS SELECT range AS id, 'user' || range || '@example.com' AS email, 0 AS v FROM range(500)`);
      const store = new StateStore(adapter, printerFor('duckdb'));
      const sync = { mode: 'upsert' as const, key: 'id', match: { email: 'email' }, fields: {}, options: {}, from: 'model.audience', destination: 'hook', destinationType: 'webhook' };
      const setting = async () => {
        const { rows } = await adapter.query(`SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t`);
        return [String(rows[0].m), Number(rows[0].t)];
      };
      const limits = { sendLimits: { memoryLimit: '48MB', threads: 1 }, diffLimits: { memoryLimit: '64MB', threads: 2 } };
      const sent: string[] = [];
      const run = (name: string, dryRun = false) => runSync(store, { name, sync, source: 'SELECT * FROM audience', manifest: webhookManifest, openClient: async () => client(sent), batchSize: 100, concurrency: 1, requestsPerSecond: 0, dryRun, ...limits });
      expect((await run('first')).status).toBe('success');
      expect(sent).toHaveLength(500);
      // DuckDB reports limits in MiB of its own rounding: 48 MB is 45.7 MiB, 64 MB is 61.0 MiB.
      expect(await setting()).toEqual(['45.7 MiB', 1]);
      expect((await run('second', true)).status).toBe('dry_run');
      expect(await setting()).toEqual(['61.0 MiB', 2]);
    } finally {
      await adapter.close();
    }
  });
});
