/**
 * A Snowflake JSON result read without holding a chunk: the result description (`GET /queries/<id>/result`, the
 * request snowflake-sdk makes for a result it does not hold, statement.js `sendRequestPostExec`), then its inline
 * `rowset`, then each chunk streamed through ChunkRowParser.
 *
 * Chunk downloads follow snowflake-sdk 3.3.0 (large_result_set.js, result.js): GET the URL with `chunkHeaders`, or with
 * the SSE-C headers built from `qrmk` when only that is given; retry 5xx, 403 (S3 answers it spuriously), 408, 429 and
 * network errors, 10 times with decorrelated-jitter backoff from 1 s capped at 16 s (its `largeResultSetRetry*`
 * defaults); a 200 with `Content-Type: application/xml` is an S3 error. Two differences, both because rows are read as
 * they arrive: a chunk cut short is fetched again and its rows already read are skipped, and a chunk must hold the
 * `rowCount` its description announces (the SDK slices by it silently). Presigned URLs expire (6 hours, per the Python
 * connector's result_batch.py): after a 403 the description is fetched again for fresh URLs, at most 3 times per result,
 * as the SDK's row stream refreshes the statement (row_stream.js, `resultStreamInterrupts` = 3).
 *
 * One chunk downloads ahead of the one being read, buffered up to `maxBuffered` bytes; the one being read is paused at
 * that bound until its reader asks for more rows.
 */
import { BufferedGet, HttpStatusError, StallError } from './buffered-get.js';
import { ChunkParseError, ChunkRowParser } from './chunk-row-parser.js';

export interface ChunkRef {
  url: string;
  rowCount: number;
}

export interface ResultDescription {
  rowtype: { name: string; type: string }[];
  rowset: unknown[][];
  chunks: ChunkRef[];
  /** Headers for every chunk GET: `chunkHeaders`, or SSE-C from `qrmk`. */
  chunkHeaders: Record<string, string>;
  returned: number;
}

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  capMs: number;
}

export const sdkRetry: RetryPolicy = { retries: 10, baseMs: 1000, capMs: 16_000 };

export interface ChunkReadOptions {
  signal: AbortSignal;
  /** Headers sent with every chunk GET besides the chunk headers (User-Agent, Accept). */
  headers: Record<string, string>;
  /** The description again, for fresh chunk URLs after a 403. */
  refresh(): Promise<ResultDescription>;
  retry?: RetryPolicy;
  maxBuffered?: number;
  stallMs?: number;
}

/** The description in a `GET /queries/<id>/result` answer, or why it cannot be read here. */
export function parseDescription(body: unknown): ResultDescription | string {
  const b = body as { success?: unknown; code?: unknown; data?: Record<string, unknown> } | null;
  if (!b || typeof b !== 'object') return 'the answer is not a JSON object';
  if (b.success !== true) return `the answer is not a success (code ${String(b.code)})`;
  const d = b.data;
  if (!d || typeof d !== 'object') return 'the answer has no data';
  if (d.queryResultFormat !== undefined && d.queryResultFormat !== 'json') return `the result format is ${String(d.queryResultFormat)}`;
  if (!Array.isArray(d.rowtype) || !Array.isArray(d.rowset) || !d.rowset.every(Array.isArray)) return 'the answer has no rowtype or rowset';
  if (!Array.isArray(d.chunks)) return 'the result has no chunks';
  const chunks = d.chunks as { url?: unknown; rowCount?: unknown }[];
  if (!chunks.every((c) => c && typeof c.url === 'string' && /^https?:\/\//i.test(c.url) && Number.isInteger(c.rowCount) && (c.rowCount as number) >= 0)) return 'a chunk has no absolute URL or no rowCount';
  let headers: Record<string, string> = {};
  if (d.chunkHeaders && typeof d.chunkHeaders === 'object') headers = Object.fromEntries(Object.entries(d.chunkHeaders).map(([k, v]) => [k, String(v)]));
  else if (typeof d.qrmk === 'string') headers = { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key': d.qrmk };
  const returned = Number(d.returned);
  const rows = chunks.reduce((n, c) => n + (c.rowCount as number), d.rowset.length);
  if (rows !== returned) return `the chunks hold ${rows} rows, the result ${String(d.returned)}`;
  return {
    rowtype: d.rowtype as ResultDescription['rowtype'], rowset: d.rowset as unknown[][],
    chunks: chunks.map((c) => ({ url: c.url as string, rowCount: c.rowCount as number })), chunkHeaders: headers, returned,
  };
}

/** A retry may help: a network failure, a cut-short body or one of the statuses the SDK retries. */
function retryable(e: unknown): boolean {
  if (e instanceof HttpStatusError) return (e.status >= 500 && e.status < 600) || e.status === 403 || e.status === 408 || e.status === 429;
  if (e instanceof ShortChunkError || e instanceof StallError) return true;
  return !(e instanceof ChunkParseError || e instanceof NotRetried);
}

class ShortChunkError extends Error {}
class NotRetried extends Error {}

/** The SDK's next sleep (util.js `nextSleepTime`): decorrelated jitter between base and 3x the last sleep, capped. */
const nextSleep = (p: RetryPolicy, last: number) => Math.min(p.capMs, Math.abs(last * 3 - p.baseMs) * Math.random() + Math.min(p.baseMs, last * 3));

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(t), reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Raw rows (arrays of cells): the inline rowset, then every chunk's, in order, a piece of a chunk at a time. */
export async function* resultRows(first: ResultDescription, o: ChunkReadOptions): AsyncIterable<unknown[][]> {
  const policy = o.retry ?? sdkRetry;
  let desc = first;
  let refreshes = 0;
  const n = desc.chunks.length;
  const open = (i: number) =>
    new BufferedGet(desc.chunks[i].url, { headers: { ...o.headers, ...desc.chunkHeaders }, signal: o.signal, maxBuffered: o.maxBuffered ?? 8 * 2 ** 20, stallMs: o.stallMs ?? 90_000 });
  let get: BufferedGet | undefined;
  let ahead: BufferedGet | undefined;
  try {
    if (desc.rowset.length) yield desc.rowset;
    if (n) ahead = open(0);
    for (let i = 0; i < n; i++) {
      const label = `result chunk ${i + 1} of ${n}`;
      get = ahead!;
      ahead = undefined;
      /** Rows of this chunk already handed out, skipped when it is fetched again. */
      let done = 0;
      let retries = 0;
      let wait = policy.baseMs;
      for (;;) {
        try {
          if (o.signal.aborted) throw o.signal.reason;
          const res = await get.response;
          if (res.statusCode !== 200) throw new HttpStatusError(res.statusCode ?? 0, `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim());
          if (String(res.headers['content-type'] ?? '').startsWith('application/xml')) throw new NotRetried('HTTP 200 with an XML (cloud storage error) body');
          if (i + 1 < n && !ahead) ahead = open(i + 1);
          const parser = new ChunkRowParser();
          const want = desc.chunks[i].rowCount;
          const tooMany = () => new NotRetried(`more than the ${want} rows the result announces`);
          for await (const text of get.text()) {
            const rows = parser.push(text);
            if (parser.rows > want) throw tooMany();
            const skip = rows.length - (parser.rows - done);
            if (skip >= rows.length) continue;
            done = parser.rows;
            yield skip > 0 ? rows.slice(skip) : rows;
          }
          parser.end();
          if (parser.rows < want) throw new ShortChunkError(`${parser.rows} rows where the result announces ${want}`);
          break;
        } catch (e) {
          get.destroy();
          if (o.signal.aborted) throw o.signal.reason;
          if (!retryable(e) || retries >= policy.retries) {
            const why = retries ? `, after ${retries} retries` : '';
            throw Object.assign(new Error(`${label}: ${(e as Error).message}${why}`, { cause: e }), { name: 'ChunkDownloadError' });
          }
          retries++;
          wait = nextSleep(policy, wait);
          await sleep(wait, o.signal);
          if (e instanceof HttpStatusError && e.status === 403 && refreshes < 3) {
            refreshes++;
            const fresh = await o.refresh();
            if (fresh.chunks.length !== n || fresh.chunks.some((c, j) => c.rowCount !== desc.chunks[j].rowCount)) throw new Error(`${label}: the refreshed result has other chunks`);
            desc = fresh;
            ahead?.destroy();
            ahead = undefined;
          }
          get = open(i);
        }
      }
    }
  } finally {
    get?.destroy();
    ahead?.destroy();
  }
}
