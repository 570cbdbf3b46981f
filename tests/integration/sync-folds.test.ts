/**
 * Folding acknowledgements during a run: a first send folds batches of additions without deleting from the snapshot
 * (nothing of theirs can be there); batches holding changed rows must still replace the snapshot's rows. After
 * every run the snapshot holds exactly one row per audience member, with the hash the extract computed.
 */
import { describe, expect, it } from 'vitest';
import { webhookManifest } from '../../connectors/webhook/manifest.js';
import type { DestinationClient, OutgoingBatch } from '../../connectors/types.js';
import { printerFor } from '../../src/sql/registry.js';
import { runSync } from '../../src/sync/run-sync.js';
import { StateStore } from '../../src/sync/state-store.js';
import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';

const N = 3000;

const client = (sent: string[]): DestinationClient => ({
  async send(b: OutgoingBatch) {
    sent.push(...b.rows.map((r) => r.key));
    return b.rows.map((r) => ({ key: r.key, ok: true }));
  },
  async close() {},
});

describe('folds of acknowledgements during a run', () => {
  it('keep one snapshot row per member, equal to the audience, through additions, changes and removals', async () => {
    const adapter = await DuckDbAdapter.open({ path: ':memory:' }, process.cwd(), 'mem');
    try {
      const store = new StateStore(adapter, printerFor('duckdb'));
      const sync = { mode: 'mirror' as const, key: 'id', match: { email: 'email' }, fields: { v: { column: 'v' } }, options: {}, from: 'model.audience', destination: 'hook', destinationType: 'webhook' };
      const run = async (sent: string[]) => {
        const r = await runSync(store, { name: 'people', sync, source: 'SELECT * FROM audience', manifest: webhookManifest, openClient: async () => client(sent), batchSize: 100, concurrency: 2, requestsPerSecond: 0, mergeEveryRows: 250 });
        expect(r.status, r.error).toBe('success');
        return r;
      };
      const check = async () => {
        // The snapshot against the extract, computed independently of the folds: same keys, same hashes, no duplicates.
        const { rows } = await adapter.query(`SELECT
            (SELECT COUNT(*) FROM cible_state.snap__people) AS snap_rows,
            (SELECT COUNT(DISTINCT __key) FROM cible_state.snap__people) AS snap_keys,
            (SELECT COUNT(*) FROM cible_state.cur__people) AS audience,
            (SELECT COUNT(*) FROM (SELECT __key, __row_hash FROM cible_state.cur__people EXCEPT SELECT __key, __row_hash FROM cible_state.snap__people)) AS missing,
            (SELECT COUNT(*) FROM (SELECT __key, __row_hash FROM cible_state.snap__people EXCEPT SELECT __key, __row_hash FROM cible_state.cur__people)) AS extra`);
        const r = rows[0];
        expect(Number(r.snap_rows)).toBe(Number(r.audience));
        expect(Number(r.snap_keys)).toBe(Number(r.audience));
        expect(Number(r.missing)).toBe(0);
        expect(Number(r.extra)).toBe(0);
      };

      await adapter.execute(`CREATE TABLE audience AS SELECT range AS id, 'user' || range || '@example.com' AS email, 0 AS v FROM range(${N})`);
      const first: string[] = [];
      expect((await run(first)).added).toBe(N);
      expect(new Set(first).size).toBe(N);
      await check();

      // Every third member changes, 500 are new, the first 200 leave: batches mix changed and added rows.
      await adapter.execute(`CREATE OR REPLACE TABLE audience AS SELECT range AS id, 'user' || range || '@example.com' AS email, CASE WHEN range % 3 = 0 THEN 1 ELSE 0 END AS v FROM range(200, ${N + 500})`);
      const second: string[] = [];
      const r2 = await run(second);
      expect([r2.added, r2.changed, r2.removed]).toEqual([500, Math.floor((N - 1) / 3) + 1 - Math.ceil(200 / 3), 200]);
      await check();

      // Only changes: every batch holds rows already in the snapshot.
      await adapter.execute(`UPDATE audience SET v = v + 10 WHERE id % 2 = 0`);
      const third: string[] = [];
      const r3 = await run(third);
      expect([r3.added, r3.changed, r3.removed]).toEqual([0, (N + 300) / 2, 0]);
      await check();

      const fourth: string[] = [];
      await run(fourth);
      expect(fourth).toHaveLength(0);
    } finally {
      await adapter.close();
    }
  });
});
