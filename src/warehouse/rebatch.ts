import type { Row } from './adapter.js';

/** Regroups rows arriving in engine-sized chunks into batches of exactly `size` (the last one shorter). */
export async function* rebatch(chunks: AsyncIterable<Row[]>, size: number): AsyncIterable<Row[]> {
  let batch: Row[] = [];
  for await (const chunk of chunks) {
    for (const r of chunk) {
      batch.push(r);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
