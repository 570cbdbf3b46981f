/**
 * A destination that acknowledges on finalize (files): a run whose finalize fails stages nothing, so the next run's
 * repair cannot fold rows the destination never committed into the snapshot; they are all sent again.
 */
import { describe, expect, it } from 'vitest';
import { fileManifest } from '../../connectors/file/manifest.js';
import type { DestinationClient, OutgoingBatch } from '../../connectors/types.js';
import { printerFor } from '../../src/sql/registry.js';
import { runSync } from '../../src/sync/run-sync.js';
import { StateStore } from '../../src/sync/state-store.js';
import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';

const N = 2500;

function client(sent: string[], finalizeFails: boolean): DestinationClient {
  return {
    async send(b: OutgoingBatch) {
      sent.push(...b.rows.map((r) => r.key));
      return b.rows.map((r) => ({ key: r.key, ok: true }));
    },
    async finalize() {
      if (finalizeFails) throw new Error('rename failed');
    },
    async close() {},
  };
}

describe('sync with ackOn finalize', () => {
  it('a failed finalize acknowledges nothing: the next run sends every row again', async () => {
    const adapter = await DuckDbAdapter.open({ path: ':memory:' }, process.cwd(), 'mem');
    try {
      await adapter.execute(`CREATE TABLE audience AS SELECT range AS id, 'user' || range || '@example.com' AS email FROM range(${N})`);
      const store = new StateStore(adapter, printerFor('duckdb'));
      const sync = { mode: 'upsert' as const, key: 'id', match: { email: 'email' }, fields: {}, options: {}, from: 'model.audience', destination: 'files', destinationType: 'file' };
      const run = (sent: string[], fails: boolean) =>
        runSync(store, { name: 'people', sync, source: 'SELECT * FROM audience', manifest: fileManifest, openClient: async () => client(sent, fails), batchSize: 1000, concurrency: 1, requestsPerSecond: 0 });
      const first: string[] = [];
      expect((await run(first, true)).status).toBe('error');
      expect(first).toHaveLength(N);
      const second: string[] = [];
      const r = await run(second, false);
      expect(r.status, r.error).toBe('success');
      expect(second).toHaveLength(N);
      const third: string[] = [];
      await run(third, false);
      expect(third).toHaveLength(0);
    } finally {
      await adapter.close();
    }
  });
});
