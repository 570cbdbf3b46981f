/**
 * Folding acknowledgements during a run: additions are appended to the snapshot, changes updated in place, removals
 * and anything else deleted and re-inserted (mergeAcks); the diff compares 64-bit hashes of the row hashes. After
 * every run, on DuckDB and the real Postgres, the snapshot holds exactly one row per audience member, with the hash
 * the extract computed.
 */
import { describe, expect, it } from 'vitest';
import { webhookManifest } from '../../connectors/webhook/manifest.js';
import type { DestinationClient, OutgoingBatch } from '../../connectors/types.js';
import { printerFor } from '../../src/sql/registry.js';
import { runSync } from '../../src/sync/run-sync.js';
import { StateStore } from '../../src/sync/state-store.js';
import type { WarehouseAdapter } from '../../src/warehouse/adapter.js';
import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';
import { uniqueSchema } from '../helpers/sync-helpers.js';

const N = 3000;

const client = (sent: string[]): DestinationClient => ({
  async send(b: OutgoingBatch) {
    sent.push(...b.rows.map((r) => r.key));
    return b.rows.map((r) => ({ key: r.key, ok: true }));
  },
  async close() {},
});

/** An engine with its own spelling of the audience: ids `from` to `to` (excluded), v = 1 for every third when `third`. */
interface Engine {
  name: string;
  open(): Promise<WarehouseAdapter>;
  audience(from: number, to: number, third: boolean): string;
  bump: string;
  schema?: string;
}

const pgSchema = uniqueSchema('folds');
const engines: Engine[] = [
  {
    name: 'DuckDB',
    open: () => DuckDbAdapter.open({ path: ':memory:' }, process.cwd(), 'mem'),
    audience: (from, to, third) => `CREATE OR REPLACE TABLE audience AS SELECT range AS id, 'user' || range || '@example.com' AS email, CASE WHEN ${third} AND range % 3 = 0 THEN 1 ELSE 0 END AS v FROM range(${from}, ${to})`,
    bump: 'UPDATE audience SET v = v + 10 WHERE id % 2 = 0',
  },
  {
    name: 'Postgres',
    open: async () => {
      const a = await PostgresAdapter.open({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }, 'folds');
      await a.execute(`CREATE SCHEMA IF NOT EXISTS ${pgSchema}`);
      return a;
    },
    audience: (from, to, third) => `DROP TABLE IF EXISTS ${pgSchema}.audience; CREATE TABLE ${pgSchema}.audience AS SELECT g AS id, 'user' || g || '@example.com' AS email, CASE WHEN ${third} AND g % 3 = 0 THEN 1 ELSE 0 END AS v FROM generate_series(${from}, ${to - 1}) AS g`,
    bump: `UPDATE ${pgSchema}.audience SET v = v + 10 WHERE id % 2 = 0`,
    schema: pgSchema,
  },
];

describe.each(engines)('folds of acknowledgements during a run, on $name', (engine) => {
  it('keep one snapshot row per member, equal to the audience, through additions, changes and removals', async () => {
    const adapter = await engine.open();
    const state = engine.schema ? `${engine.schema}_state` : 'cible_state';
    const from = engine.schema ? `${engine.schema}.audience` : 'audience';
    try {
      const store = new StateStore(adapter, printerFor(adapter.type), state);
      const sync = { mode: 'mirror' as const, key: 'id', match: { email: 'email' }, fields: { v: { column: 'v' } }, options: {}, from: 'model.audience', destination: 'hook', destinationType: 'webhook' };
      const run = async (sent: string[]) => {
        const r = await runSync(store, { name: 'people', sync, source: `SELECT * FROM ${from}`, manifest: webhookManifest, openClient: async () => client(sent), batchSize: 100, concurrency: 2, requestsPerSecond: 0, mergeEveryRows: 250 });
        expect(r.status, r.error).toBe('success');
        return r;
      };
      const check = async () => {
        // The snapshot against the extract, computed independently of the folds: same keys, same hashes, no duplicates.
        const { rows } = await adapter.query(`SELECT
            (SELECT COUNT(*) FROM ${state}.snap__people) AS snap_rows,
            (SELECT COUNT(DISTINCT __key) FROM ${state}.snap__people) AS snap_keys,
            (SELECT COUNT(*) FROM ${state}.cur__people) AS audience,
            (SELECT COUNT(*) FROM (SELECT __key, __row_hash FROM ${state}.cur__people EXCEPT SELECT __key, __row_hash FROM ${state}.snap__people) AS m) AS missing,
            (SELECT COUNT(*) FROM (SELECT __key, __row_hash FROM ${state}.snap__people EXCEPT SELECT __key, __row_hash FROM ${state}.cur__people) AS x) AS extra`);
        const r = rows[0];
        expect(Number(r.snap_rows)).toBe(Number(r.audience));
        expect(Number(r.snap_keys)).toBe(Number(r.audience));
        expect(Number(r.missing)).toBe(0);
        expect(Number(r.extra)).toBe(0);
      };

      for (const st of engine.audience(0, N, false).split('; ')) await adapter.execute(st);
      const first: string[] = [];
      expect((await run(first)).added).toBe(N);
      expect(new Set(first).size).toBe(N);
      await check();

      // Every third member changes, 500 are new, the first 200 leave: additions, changes and removals in one run.
      for (const st of engine.audience(200, N + 500, true).split('; ')) await adapter.execute(st);
      const second: string[] = [];
      const r2 = await run(second);
      expect([r2.added, r2.changed, r2.removed]).toEqual([500, Math.floor((N - 1) / 3) + 1 - Math.ceil(200 / 3), 200]);
      await check();

      // Only changes: every batch holds rows already in the snapshot.
      await adapter.execute(engine.bump);
      const third: string[] = [];
      const r3 = await run(third);
      expect([r3.added, r3.changed, r3.removed]).toEqual([0, (N + 300) / 2, 0]);
      await check();

      const fourth: string[] = [];
      await run(fourth);
      expect(fourth).toHaveLength(0);
    } finally {
      if (engine.schema) {
        await adapter.execute(`DROP SCHEMA IF EXISTS ${engine.schema} CASCADE`).catch(() => undefined);
        await adapter.execute(`DROP SCHEMA IF EXISTS ${state} CASCADE`).catch(() => undefined);
      }
      await adapter.close();
    }
  });
});
