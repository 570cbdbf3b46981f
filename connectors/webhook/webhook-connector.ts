/**
 * POSTs JSON batches. Each request carries `Idempotency-Key: <batch id>` (a replay after a crash reuses it)
 * and `X-Cible-Signature: sha256=<hex HMAC of the body>` when a secret is set. The receiver answers 2xx,
 * optionally with per-row results `{results: [{key, ok, id?, error?, permanent?}]}`; 429 and 5xx are retried,
 * another 4xx rejects the batch as a whole (the engine splits it to isolate bad rows).
 */
import { createHmac } from 'node:crypto';
import { DestinationError, type Connector, type DestinationClient, type OutgoingBatch, type RowResult } from '../types.js';
import { webhookManifest } from './manifest.js';

export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export const webhookConnector: Connector = {
  manifest: webhookManifest,
  async open(config, ctx): Promise<DestinationClient> {
    const url = String(config.url) + (ctx.options.path ? String(ctx.options.path) : '');
    const secret = config.secret === undefined ? undefined : String(config.secret);
    const timeoutMs = Number(config.timeout_ms ?? 30_000);
    const extra = (config.headers ?? {}) as Record<string, string>;
    return {
      async send(batch: OutgoingBatch): Promise<RowResult[]> {
        const body = JSON.stringify({ sync: batch.sync, batch_id: batch.id, operation: batch.operation, rows: batch.rows });
        const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': batch.id, 'user-agent': 'cible', ...extra };
        if (secret) headers['x-cible-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
        let res: Response;
        try {
          res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
        } catch (e) {
          const timeout = (e as Error).name === 'TimeoutError';
          throw new DestinationError(timeout ? `webhook timed out after ${timeoutMs} ms` : `webhook unreachable: ${(e as Error).message}`, { retryable: true, cause: e });
        }
        const text = await res.text().catch(() => '');
        if (res.status === 429) throw new DestinationError('webhook throttled (429)', { status: 429, retryable: true, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) ?? 1000 });
        if (res.status >= 500 || res.status === 408) throw new DestinationError(`webhook answered ${res.status}`, { status: res.status, retryable: true, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) });
        // Credentials are wrong for every row alike: fail the batch (it is replayed next run) instead of splitting it into rejected rows.
        if (res.status === 401 || res.status === 403) throw new DestinationError(`webhook refused the request (${res.status}): check the destination's secret and headers`, { status: res.status, retryable: false });
        if (res.status >= 400) throw new DestinationError(`webhook rejected the batch (${res.status}): ${text.slice(0, 200)}`, { status: res.status, retryable: false, wholeBatchRejected: true, permanent: res.status !== 409 });
        if (!text.trim()) return batch.rows.map((r) => ({ key: r.key, ok: true }));
        let parsed: { results?: { key: string; ok: boolean; id?: string; error?: string; permanent?: boolean }[] };
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new DestinationError(`webhook answered ${res.status} with a body that is not JSON: ${text.slice(0, 80)}`, { status: res.status, retryable: false });
        }
        if (!parsed || typeof parsed !== 'object') throw new DestinationError('webhook answered with malformed JSON', { status: res.status, retryable: false });
        if (!parsed.results) return batch.rows.map((r) => ({ key: r.key, ok: true }));
        if (!Array.isArray(parsed.results)) throw new DestinationError('webhook answered with malformed results (not a list)', { status: res.status, retryable: false });
        return parsed.results.map((r) => ({ key: String(r.key), ok: !!r.ok, destinationId: r.id, reason: r.error, permanent: r.permanent }));
      },
      async close() {},
    };
  },
};
