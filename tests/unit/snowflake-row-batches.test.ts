/** rowBatches() on object-mode Readables shaped like the SDK's row stream (pushes a few rows per tick). */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { rowBatches } from '../../src/warehouse/snowflake/row-batches.js';

/** `n` rows {ID: 1..n}, pushed in ticks of `perTick` like row_stream.js, failing after `failAt` rows if given. */
function rowStream(n: number, perTick: number, failAt?: number): Readable & { pushed: () => number } {
  let next = 1;
  const s = new Readable({
    objectMode: true,
    highWaterMark: 10,
    read() {
      setImmediate(() => {
        for (let i = 0; i < perTick; i++) {
          if (failAt !== undefined && next > failAt) return void s.destroy(new Error('chunk download failed'));
          if (next > n) return void s.push(null);
          if (!s.push({ ID: next++ })) return;
        }
      });
    },
  });
  return Object.assign(s, { pushed: () => next - 1 });
}

async function collect(it: AsyncIterable<Record<string, unknown>[]>): Promise<Record<string, unknown>[][]> {
  const out: Record<string, unknown>[][] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe('rowBatches', () => {
  it('yields every row, in order, in batches of exactly the size asked (the last one shorter)', async () => {
    const batches = await collect(rowBatches(rowStream(25_003, 7), 1000));
    expect(batches.map((b) => b.length)).toEqual([...Array(25).fill(1000), 3]);
    expect(batches.flat().map((r) => r.ID)).toEqual(Array.from({ length: 25_003 }, (_, i) => i + 1));
  });

  it('yields nothing for an empty result, and one exact batch when the size divides the rows', async () => {
    expect(await collect(rowBatches(rowStream(0, 5), 10))).toEqual([]);
    expect((await collect(rowBatches(rowStream(20, 3), 10))).map((b) => b.length)).toEqual([10, 10]);
  });

  it('reads ahead no further than the stream buffer while the consumer holds a batch', async () => {
    const s = rowStream(100_000, 50);
    const it = rowBatches(s, 100)[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.pushed()).toBeLessThanOrEqual(100 + 10 + 50);
    await it.return?.(undefined);
  });

  it('destroys the stream when the consumer stops early', async () => {
    const s = rowStream(100_000, 50);
    for await (const b of rowBatches(s, 100)) {
      expect(b).toHaveLength(100);
      break;
    }
    expect(s.destroyed).toBe(true);
  });

  it('rethrows a stream error after the rows that came before it', async () => {
    const seen: number[] = [];
    await expect(async () => {
      for await (const b of rowBatches(rowStream(1000, 9, 250), 100)) seen.push(b.length);
    }).rejects.toThrow('chunk download failed');
    expect(seen).toEqual([100, 100]);
  });
});
