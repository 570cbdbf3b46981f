/**
 * The receiver side of the webhook protocol, as a real HTTP server on 127.0.0.1: checks the HMAC signature,
 * deduplicates by Idempotency-Key (a replay gets the stored answer and is not applied again; only 2xx answers are
 * stored), applies operations to an in-memory table keyed by row key, records every request and every acknowledged
 * (key, content), and injects faults on demand.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WireRow {
  key: string;
  identifiers: Record<string, string>;
  fields: Record<string, unknown>;
  event?: string;
}
export interface WireBatch {
  sync: string;
  batch_id: string;
  operation: 'upsert' | 'update' | 'insert' | 'delete' | 'event';
  rows: WireRow[];
}
export interface Stored {
  identifiers: Record<string, string>;
  fields: Record<string, unknown>;
}
export interface RequestRecord {
  at: number;
  idempotencyKey: string;
  operation?: string;
  keys: string[];
  status: number;
  /** 'applied' | 'replayed' | the fault that answered | 'bad-signature' | 'batch-rejected'. */
  outcome: string;
  /** For a 429: the earliest time the sender may come back. */
  retryAt?: number;
}
export interface Ack {
  key: string;
  content: string;
  idempotencyKey: string;
}
export type Fault =
  | { kind: '429'; retryAfterSec: number }
  | { kind: '500' }
  /** Never answers within the client's timeout; `apply: true` processes (and stores) the batch first. */
  | { kind: 'timeout'; apply?: boolean }
  | { kind: 'malformed' };
interface Armed {
  fault: Fault;
  times: number;
  when?: (b: WireBatch) => boolean;
}
export interface RowRejection {
  when: (row: WireRow, batch: WireBatch) => boolean;
  permanent: boolean;
  /** The error text; by default it echoes the identifiers, as real APIs do ("x@y.com looks fake"). */
  error?: (row: WireRow) => string;
}

export class WebhookFake {
  readonly table = new Map<string, Stored>();
  readonly events: { key: string; event: string; idempotencyKey: string }[] = [];
  readonly requests: RequestRecord[] = [];
  readonly acks: Ack[] = [];
  /** Artificial latency before each answer. */
  delayMs = 0;
  secret?: string;
  rowRejection?: RowRejection;
  /** A batch with a row matching this is refused whole with a 400 (the sender must split it). */
  batchRejection?: (row: WireRow) => boolean;
  private readonly answered = new Map<string, string>();
  private readonly faults: Armed[] = [];
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  constructor(opts: { secret?: string; delayMs?: number } = {}) {
    this.secret = opts.secret;
    this.delayMs = opts.delayMs ?? 0;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => {
      res.statusCode = 599;
      res.end(String(e));
    }));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Arms a fault for the next `times` requests (optionally only those whose batch matches `when`). */
  inject(fault: Fault, times = 1, when?: (b: WireBatch) => boolean): void {
    this.faults.push({ fault, times, when });
  }
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The table as plain sorted entries, for equality checks. */
  snapshot(): [string, Stored][] {
    return [...this.table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Every (key, content) acknowledged under two or more different idempotency keys. */
  ackedTwice(): { key: string; content: string; idempotencyKeys: string[] }[] {
    const by = new Map<string, Set<string>>();
    for (const a of this.acks) {
      const id = `${a.key}\u0000${a.content}`;
      if (!by.has(id)) by.set(id, new Set());
      by.get(id)!.add(a.idempotencyKey);
    }
    return [...by.entries()].filter(([, ids]) => ids.size > 1).map(([id, ids]) => ({ key: id.split('\u0000')[0], content: id.split('\u0000')[1], idempotencyKeys: [...ids] }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const at = Date.now();
    const idem = String(req.headers['idempotency-key'] ?? '');
    let batch: WireBatch | undefined;
    try {
      batch = JSON.parse(raw.toString('utf8')) as WireBatch;
    } catch {
      batch = undefined;
    }
    const rec: RequestRecord = { at, idempotencyKey: idem, operation: batch?.operation, keys: batch?.rows?.map((r) => r.key) ?? [], status: 0, outcome: '' };
    this.requests.push(rec);
    const send = (status: number, body: string, outcome: string, headers: Record<string, string> = {}) => {
      rec.status = status;
      rec.outcome = outcome;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.secret !== undefined && !this.signatureOk(raw, req.headers['x-cible-signature'])) return send(401, '{"error":"bad signature"}', 'bad-signature');
    if (!batch || !Array.isArray(batch.rows) || !idem) return send(400, '{"error":"bad request"}', 'bad-request');

    const armed = this.faults.find((f) => f.times > 0 && (!f.when || f.when(batch!)));
    if (armed) armed.times--;
    const fault = armed?.fault;
    if (fault?.kind === '429') {
      rec.retryAt = at + fault.retryAfterSec * 1000;
      return send(429, '{"error":"slow down"}', '429', { 'retry-after': String(fault.retryAfterSec) });
    }
    if (fault?.kind === '500') return send(500, '{"error":"boom"}', '500');
    if (fault?.kind === 'malformed') return send(200, '<html>upstream proxy error</html>', 'malformed', { 'content-type': 'text/html' });
    if (fault?.kind === 'timeout') {
      if (fault.apply) this.process(batch, idem);
      rec.outcome = fault.apply ? 'timeout-after-apply' : 'timeout';
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return; // never answered: the client gives up and closes
    }
    const stored = this.answered.get(idem);
    if (stored !== undefined) return send(200, stored, 'replayed');
    if (this.batchRejection && batch.rows.some(this.batchRejection)) return send(400, '{"error":"the batch contains an invalid row"}', 'batch-rejected');
    return send(200, this.process(batch, idem), 'applied');
  }

  private signatureOk(raw: Buffer, header: string | string[] | undefined): boolean {
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret!).update(raw).digest('hex')}`);
    const got = Buffer.from(String(header ?? ''));
    return got.length === expected.length && timingSafeEqual(got, expected);
  }

  /** Applies a batch once and stores its answer under the idempotency key; a replay answers from the store. */
  private process(batch: WireBatch, idem: string): string {
    const stored = this.answered.get(idem);
    if (stored !== undefined) return stored;
    const results = batch.rows.map((row) => {
      const rej = this.rowRejection;
      if (rej?.when(row, batch)) {
        const error = rej.error ? rej.error(row) : `${Object.values(row.identifiers).join(', ')} looks fake or invalid`;
        return { key: row.key, ok: false, error, permanent: rej.permanent };
      }
      const error = this.apply(batch.operation, row, idem);
      if (error) return { key: row.key, ok: false, error, permanent: false };
      this.acks.push({ key: row.key, content: JSON.stringify([batch.operation, row.identifiers, row.fields, row.event ?? null]), idempotencyKey: idem });
      return { key: row.key, ok: true, id: `dest-${row.key}` };
    });
    const body = JSON.stringify({ results });
    this.answered.set(idem, body);
    return body;
  }

  private apply(op: WireBatch['operation'], row: WireRow, idem: string): string | undefined {
    if (row.event) this.events.push({ key: row.key, event: row.event, idempotencyKey: idem });
    const value: Stored = { identifiers: row.identifiers, fields: row.fields };
    switch (op) {
      case 'upsert':
        this.table.set(row.key, value);
        return undefined;
      case 'insert':
        if (!this.table.has(row.key)) this.table.set(row.key, value);
        return undefined;
      case 'update':
        if (!this.table.has(row.key)) return 'not found';
        this.table.set(row.key, value);
        return undefined;
      case 'delete':
        this.table.delete(row.key);
        return undefined;
      case 'event':
        return undefined;
      default:
        return `unknown operation ${String(op)}`;
    }
  }
}
