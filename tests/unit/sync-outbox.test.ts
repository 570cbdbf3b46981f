/** The outbox keeps a batch as pieces under DuckDB's 4 kB overflow threshold and gives it back exactly. */
import { describe, expect, it } from 'vitest';
import { outboxRows, pendingBatches } from '../../src/sync/outbox.js';
import type { BatchBody } from '../../src/sync/sync-batches.js';
import type { StateStore } from '../../src/sync/state-store.js';
import type { Row } from '../../src/warehouse/adapter.js';

function body(id: string, n: number): BatchBody {
  const rows = Array.from({ length: n }, (_, i) => ({
    key: `k${i}`,
    identifiers: { email: `user${i}@example.com` },
    // Non-ASCII, a surrogate pair and JSON metacharacters: a cut must never split a character.
    fields: { name: `Zoë "${i}" \u{1F600} \\ ${'é'.repeat(i % 7)}`, score: i },
  }));
  return { batch: { id, sync: 's', operation: 'upsert', rows }, hashes: Object.fromEntries(rows.map((r, i) => [r.key, `h${i}`])) };
}

/** A store whose pending query streams the given rows (as the warehouse would, ordered by batch), in small chunks. */
function storeOf(rows: Row[]): StateStore {
  const adapter = {
    async *stream() {
      for (let i = 0; i < rows.length; i += 3) yield rows.slice(i, i + 3);
    },
  };
  return { adapter, stream: adapter.stream, pendingBatchesQuery: () => 'pending' } as unknown as StateStore;
}

const asRow = (r: string[]): Row => ({ batch_id: r[0], body: r[3] });

describe('outbox pieces', () => {
  it('cuts a batch into ASCII pieces under 4 kB and rebuilds it exactly, whatever the order of its pieces', async () => {
    const a = body('run-000001', 400);
    const b = body('run-000002', 3);
    const piecesA = outboxRows(a, 'run', '2026-01-01T00:00:00.000Z');
    expect(piecesA.length).toBeGreaterThan(5);
    for (const p of piecesA) {
      expect(Buffer.byteLength(p[3], 'utf8')).toBeLessThan(4096);
      expect(p[3]).toMatch(/^[\x00-\x7f]*$/);
      expect(p.slice(0, 3)).toEqual(['run-000001', 'run', 'upsert']);
    }
    // An old whole-body row between two new batches is replayed as it was.
    const old = body('old-000001', 2);
    const rows = [...[...piecesA].reverse().map(asRow), { batch_id: 'old-000001', body: JSON.stringify(old) }, ...outboxRows(b, 'run').map(asRow)];
    const out: BatchBody[] = [];
    for await (const x of pendingBatches(storeOf(rows), 's')) out.push(x);
    expect(out).toEqual([a, old, b]);
  });
});
