/**
 * Sends one batch until the destination answers: exponential backoff with jitter on retryable failures,
 * never before a `Retry-After` (shared by every batch of the sync, since throttling is destination-wide),
 * and a batch rejected as a whole is split in halves until the bad rows stand alone.
 */
import { DestinationError, type DestinationClient, type OutgoingBatch, type RowResult } from '../../connectors/types.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/** Throttling state shared by all batches of one sync: nobody sends before `notBefore`. */
export class Throttle {
  notBefore = 0;
  constructor(private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))) {}
  async wait(): Promise<void> {
    for (let d = this.notBefore - Date.now(); d > 0; d = this.notBefore - Date.now()) await this.sleep(d);
  }
  pause(ms: number): void {
    this.notBefore = Math.max(this.notBefore, Date.now() + ms);
  }
  delay(ms: number): Promise<void> {
    return this.sleep(ms);
  }
}

/** The batch failed for good in this run (retries exhausted or a non-retryable error): it stays in the outbox. */
export class BatchFailedError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'BatchFailedError';
  }
}

export async function sendBatch(client: DestinationClient, batch: OutgoingBatch, throttle: Throttle, policy: RetryPolicy = defaultRetry, onRetry?: (why: string) => void): Promise<RowResult[]> {
  for (let attempt = 1; ; attempt++) {
    await throttle.wait();
    try {
      return checkResults(batch, await client.send(batch));
    } catch (e) {
      if (!(e instanceof DestinationError)) throw e;
      if (e.info.wholeBatchRejected) return splitAndSend(client, batch, e, throttle, policy, onRetry);
      if (!e.info.retryable || attempt >= policy.maxAttempts) {
        throw new BatchFailedError(`batch ${batch.id} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${e.message}`, e);
      }
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      if (e.info.retryAfterMs !== undefined) throttle.pause(e.info.retryAfterMs);
      onRetry?.(`${e.message}; retry ${attempt}/${policy.maxAttempts - 1}${e.info.retryAfterMs !== undefined ? ` after ${Math.ceil(e.info.retryAfterMs / 1000)}s (Retry-After)` : ''}`);
      await throttle.delay(e.info.retryAfterMs !== undefined ? 0 : backoff);
    }
  }
}

async function splitAndSend(client: DestinationClient, batch: OutgoingBatch, e: DestinationError, throttle: Throttle, policy: RetryPolicy, onRetry?: (why: string) => void): Promise<RowResult[]> {
  if (batch.rows.length === 1) {
    return [{ key: batch.rows[0].key, ok: false, reason: e.message, permanent: e.info.permanent ?? true }];
  }
  const mid = Math.ceil(batch.rows.length / 2);
  // Ids derive from the parent, so a replay after a crash splits the same way and reuses the same keys.
  const halves = [batch.rows.slice(0, mid), batch.rows.slice(mid)].map((rows, i) => ({ ...batch, id: `${batch.id}.${i}`, rows }));
  const out: RowResult[] = [];
  for (const h of halves) out.push(...(await sendBatch(client, h, throttle, policy, onRetry)));
  return out;
}

/** Every row gets exactly one result; a destination that answers for rows it was not sent is malformed. */
function checkResults(batch: OutgoingBatch, results: RowResult[]): RowResult[] {
  const sent = new Set(batch.rows.map((r) => r.key));
  const seen = new Set<string>();
  for (const r of results) {
    if (!sent.has(r.key) || seen.has(r.key)) throw new BatchFailedError(`batch ${batch.id}: the destination answered for an unknown or repeated key`, undefined);
    seen.add(r.key);
  }
  if (seen.size !== sent.size) throw new BatchFailedError(`batch ${batch.id}: the destination answered for ${seen.size} of ${sent.size} rows`, undefined);
  return results;
}
