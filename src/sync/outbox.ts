/**
 * How a batch is kept in the outbox: its JSON body (`{batch, hashes}`) cut into pieces of at most `pieceChars`
 * ASCII characters, one outbox row per piece, each starting with its 6-digit position. A 1000-row batch in one
 * value is ~130 kB: DuckDB keeps strings of 4 kB or more as overflow blocks that stay in memory until a
 * checkpoint, and a 1M-row send held ~100 MB of them (under a 128 MB memory_limit, the checkpoint then failed and
 * invalidated the database). Pieces under 4 kB are ordinary column data, evicted and spilled like any table; a
 * row per outgoing row would do too, but costs ~15% more CPU per sync in appends.
 */
import type { Row } from '../warehouse/adapter.js';
import type { BatchBody } from './sync-batches.js';
import type { StateStore } from './state-store.js';

/** Characters per piece; the body is ASCII-only, so also bytes, below DuckDB's 4096-byte overflow threshold. */
const pieceChars = 3_500;
const positionDigits = 6;

/** JSON with every non-ASCII character escaped (`\uXXXX`): any cut is then between whole characters. */
function asciiJson(v: unknown): string {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The outbox rows of one batch, columns as `outboxColumns` (state-store.ts); every piece carries the batch's id and time. */
export function outboxRows(body: BatchBody, runId: string, createdAt = new Date().toISOString()): string[][] {
  const text = asciiJson(body);
  const rows: string[][] = [];
  for (let at = 0, n = 0; at < text.length; at += pieceChars, n++) {
    rows.push([body.batch.id, runId, body.batch.operation, String(n).padStart(positionDigits, '0') + text.slice(at, at + pieceChars), createdAt]);
  }
  return rows;
}

/** Batches written to the outbox and never answered, in the order they were written, each as it was written. */
export async function* pendingBatches(store: StateStore, sync: string, readRows = 1_000): AsyncIterable<BatchBody> {
  let id: string | undefined;
  let pieces: string[] = [];
  const whole = (): BatchBody => JSON.parse(pieces.sort().map((p) => p.slice(positionDigits)).join('')) as BatchBody;
  for await (const chunk of store.stream(store.pendingBatchesQuery(sync), readRows)) {
    for (const r of chunk as Row[]) {
      const text = String(r.body);
      if (String(r.batch_id) !== id && pieces.length) yield whole();
      if (String(r.batch_id) !== id) pieces = [];
      id = String(r.batch_id);
      // A whole body in one row, written by an earlier version of Cible: replayed as it was.
      if (text.startsWith('{')) {
        pieces = [];
        yield JSON.parse(text) as BatchBody;
      } else pieces.push(text);
    }
  }
  if (pieces.length) yield whole();
}
