/**
 * Batches out of the SDK's row stream (`statement.streamRows()`, an object-mode Readable), drained with `read()`. The
 * adapter streams through it the results its own chunk reader does not take (chunked-result.ts): small ones, and any
 * whose description that reader cannot use.
 *
 * Why not `for await (const row of stream)`: that costs a promise and an iterator result per row. On 1M rows
 * (bench extract-1m-snowflake-fake, before it went through chunked-result.ts) the loop below scavenged ~65 times
 * instead of ~105 and used ~20% less CPU.
 *
 * Backpressure: rows are read only while a batch is being filled, i.e. when the consumer asks for the next batch;
 * otherwise the stream stops at its high-water mark (`rowStreamHighWaterMark`, snowflake-connect.ts) and the driver
 * downloads no chunk beyond its `resultPrefetch` window (result_stream.js `doLoad` loads chunks only on `read()`).
 * A batch array is allocated at its final size and handed over, never reused nor kept.
 *
 * What this path cannot change (snowflake-sdk 3.3.0): the driver JSON-parses each whole chunk and turns it into row
 * objects (chunk.js `getRows` / `convertRowsetToRows`, ~570 B/row), kept until the next chunk is parsed. Snowflake's
 * chunks double up to CLIENT_RESULT_CHUNK_SIZE (16 MB here, snowflake-connect.ts): for a narrow table ~350k rows of
 * one chunk are live at once (the bench peaked at 711-755 MB on 1M rows this way). That is why large results go
 * through chunked-result.ts, which parses rows as they arrive (208-256 MB on the same bench).
 */
import type { Readable } from 'node:stream';
import type { Row } from '../adapter.js';

export async function* rowBatches(rows: Readable, batchRows: number): AsyncIterable<Row[]> {
  const size = Math.max(1, Math.floor(batchRows));
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  rows.on('readable', signal);
  rows.on('end', () => ((ended = true), signal()));
  rows.on('error', (error) => ((failure = { error }), signal()));
  try {
    let batch: Row[] = new Array(size);
    let n = 0;
    for (;;) {
      let row: Row | null;
      while (n < size && (row = rows.read() as Row | null) !== null) batch[n++] = row;
      if (n === size) {
        yield batch;
        batch = new Array(size);
        n = 0;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (n > 0) {
      batch.length = n;
      yield batch;
    }
  } finally {
    // Stops the driver's chunk downloads when the consumer stops early (break, error).
    rows.destroy();
  }
}
