/**
 * The per-batch protocol that makes syncs exact: a batch is written to the outbox before it is sent;
 * its acknowledged rows are staged (and the batch marked done) in one transaction when it is answered.
 * A crash between the two leaves the batch in the outbox, and the next run replays it under the same id,
 * which the destination deduplicates: nothing acknowledged is sent twice, nothing is lost.
 */
import PQueue from 'p-queue';
import type { DestinationClient, OutgoingBatch, OutgoingRow, RowResult } from '../../connectors/types.js';
import { BatchFailedError, sendBatch, type RetryPolicy, type Throttle } from './send-batch.js';
import { ackColumns, outboxColumns, type StateStore } from './state-store.js';
import { outboxRows } from './outbox.js';
import { mask } from './identifiers.js';

/** Destinations echo values in their errors ("x@y.com looks fake"): a reason is stored with the row's values masked. */
function scrub(reason: string, row: OutgoingRow | undefined): string {
  if (!row) return reason;
  let out = reason;
  for (const v of [...Object.values(row.identifiers), ...Object.values(row.fields)]) {
    if (typeof v === 'string' && v.length >= 3) out = out.split(v).join(mask(v));
  }
  return out;
}

/** Batches waiting per send slot (BatchPipeline.room): a pipeline holds concurrency x (1 + this) batches at most. */
export const queuedPerSlot = 2;

/** What a sending run knows of the rows it staged since its last fold; absent: nothing (replays, removals). */
export type FoldKind = 'additions' | 'changes';

/** Acknowledged rows between two folds into the snapshot during a run (see foldAcks). */
export const defaultMergeEveryRows = 100_000;
/**
 * A fold of changes is an UPDATE whose undo data DuckDB keeps pinned until it commits: 100k changed rows into a
 * 10M-row snapshot ran out of memory under the sending phase's 48 MB (after the diff; alone it fitted), 25k fit
 * (bench diff-10m-sync: 263-267 MB RSS, 45-52 s, each fold scanning the snapshot once). Changes fold this often.
 */
export const changesFoldDivisor = 4;

export interface BatchBody {
  batch: OutgoingBatch;
  /** key -> row hash (null for a removal): what the snapshot records once acknowledged. */
  hashes: Record<string, string | null>;
  /** Every row is an addition (no key in the snapshot) or every row a change (every key in it): see mergeAcks. */
  kind?: FoldKind;
}

export interface BatchTally {
  acknowledged: number;
  rejected: number;
  failedBatches: number;
  firstError?: string;
}

export class BatchPipeline {
  private readonly sendQueue: PQueue;
  /** Commits are serialised: one writer on the state tables keeps every engine free of write conflicts. */
  private readonly commitQueue = new PQueue({ concurrency: 1 });
  readonly tally: BatchTally = { acknowledged: 0, rejected: 0, failedBatches: 0 };

  constructor(
    private readonly store: StateStore,
    private readonly client: DestinationClient,
    private readonly sync: string,
    private readonly runId: string,
    private readonly throttle: Throttle,
    private readonly policy: RetryPolicy,
    opts: { concurrency: number; requestsPerSecond: number; useOutbox: boolean; redact?: (s: string) => string; mergeEveryRows?: number },
    private readonly hooks: { onRetry?(why: string): void; onCommitted?(acked: number, rejected: number): void } = {},
  ) {
    this.sendQueue = new PQueue({
      concurrency: Math.max(1, opts.concurrency),
      ...(opts.requestsPerSecond > 0 ? { intervalCap: opts.requestsPerSecond, interval: 1000 } : {}),
    });
    this.useOutbox = opts.useOutbox;
    this.redact = opts.redact ?? ((s) => s);
    this.mergeEveryRows = opts.mergeEveryRows ?? defaultMergeEveryRows;
  }
  private readonly mergeEveryRows: number;
  private readonly redact: (s: string) => string;
  private readonly useOutbox: boolean;

  /** Waits until there is room, so the warehouse stream is never read far ahead of the destination. */
  async room(): Promise<void> {
    await this.sendQueue.onSizeLessThan(this.sendQueue.concurrency * queuedPerSlot);
  }

  async submit(body: BatchBody, alreadyInOutbox = false): Promise<void> {
    if (this.fatal) throw this.fatal;
    // A replayed batch's rows were additions or changes to the snapshot of the run that wrote it, not to this one's.
    if (alreadyInOutbox && body.kind) body = { ...body, kind: undefined };
    if (this.useOutbox && !alreadyInOutbox) await this.commitQueue.add(() => this.writeOutbox(body));
    void this.sendQueue.add(async () => {
      let results: RowResult[];
      try {
        results = await sendBatch(this.client, body.batch, this.throttle, this.policy, this.hooks.onRetry);
      } catch (e) {
        if (!(e instanceof BatchFailedError)) return this.fail(e);
        this.tally.failedBatches++;
        this.tally.firstError ??= e.message;
        await this.commitQueue.add(() => this.recordFailure(body, e.message)).catch((x) => this.fail(x));
        return;
      }
      await this.commitQueue.add(() => this.commit(body, results)).catch((x) => this.fail(x));
    });
  }

  /**
   * Anything else (the warehouse refusing a commit, a connector bug) stops the run: the batch stays in the
   * outbox, and drain() rethrows so the sync ends with an error instead of an unhandled rejection.
   */
  private fatal: unknown;
  private fail(e: unknown): void {
    this.fatal ??= e;
    this.sendQueue.clear();
  }

  async drain(): Promise<void> {
    await this.sendQueue.onIdle();
    await this.commitQueue.onIdle();
    if (this.fatal) throw this.fatal;
  }

  private async writeOutbox(body: BatchBody): Promise<void> {
    const s = this.store;
    await s.append(s.syncTable('outbox', this.sync), outboxColumns, outboxRows(body, this.runId));
  }

  /**
   * Replaces the reject rows of these keys. Attempts accumulate across runs and the first run that saw the
   * failure is kept: read first, then delete + insert in one transaction (plain SQL every engine accepts).
   */
  private async recordRejects(rejects: { key: string; hash: string | null; reason: string; permanent: boolean }[]): Promise<void> {
    if (!rejects.length) return;
    const s = this.store;
    const i = (x: string) => s.p.ident(x);
    const where = `${i('sync')} = ${s.lit(this.sync)} AND ${i('key')} IN (${rejects.map((r) => s.lit(r.key)).join(', ')})`;
    const { rows } = await s.query(`SELECT ${i('key')} AS k, ${i('attempts')} AS a, ${i('first_run')} AS f FROM ${s.t('rejects')} WHERE ${where}`);
    const previous = new Map(rows.map((r) => [String(r.k), { attempts: Number(r.a), firstRun: String(r.f) }]));
    const now = s.ts(new Date());
    const values = rejects.map((r) => {
      const p = previous.get(r.key);
      return `(${[this.sync, r.key, r.hash, this.redact(r.reason).slice(0, 500), r.permanent, (p?.attempts ?? 0) + 1, p?.firstRun ?? this.runId, this.runId].map((v) => s.lit(v)).join(', ')}, ${now})`;
    });
    await s.transaction([
      `DELETE FROM ${s.t('rejects')} WHERE ${where}`,
      `INSERT INTO ${s.t('rejects')} (${['sync', 'key', 'row_hash', 'reason', 'permanent', 'attempts', 'first_run', 'last_run', 'updated_at'].map(i).join(', ')}) VALUES\n${values.join(',\n')}`,
    ]);
  }

  /** Rows a connector rejected before sending (bad identifiers): recorded the same way, no batch involved. */
  async rejectUnsent(rows: { key: string; hash: string; reason: string }[]): Promise<void> {
    if (!rows.length) return;
    this.tally.rejected += rows.length;
    await this.commitQueue.add(() => this.recordRejects(rows.map((r) => ({ ...r, permanent: true }))));
  }

  private async commit(body: BatchBody, results: RowResult[]): Promise<void> {
    const s = this.store;
    const ok = results.filter((r) => r.ok);
    const bad = results.filter((r) => !r.ok);
    const identifiers = new Map(body.batch.rows.map((r) => [r.key, r.identifiers]));
    // Only rejected rows need their values (to mask them in the reason): no map for a batch acknowledged whole.
    const byKey = bad.length ? new Map(body.batch.rows.map((r) => [r.key, r])) : undefined;
    // Rejects first: if the run dies before the acknowledgement below, the batch is replayed and the
    // destination answers the same again.
    await this.recordRejects(bad.map((r) => ({ key: r.key, hash: body.hashes[r.key] ?? null, reason: scrub(r.reason ?? 'rejected', byKey?.get(r.key)), permanent: !!r.permanent })));
    // Destinations that acknowledge on finalize stage nothing here: the run stages its rows once finalize()
    // succeeded (stageAllSent), and rows staged now would be folded in by the next run after a crash before it.
    if (this.useOutbox) {
      const acks: (string | null)[][] = ok.map((r) => [r.key, body.hashes[r.key] ?? null, r.destinationId ?? null, JSON.stringify(identifiers.get(r.key) ?? {}), this.runId, body.batch.id]);
      // A batch with nothing acknowledged still leaves its mark, so it is not replayed.
      if (!acks.length) acks.push([null, null, null, null, this.runId, body.batch.id]);
      // One kind per fold: a batch of another kind than those staged folds them first.
      const kind = body.kind ?? 'mixed';
      if (this.stagedKind !== undefined && this.stagedKind !== kind) await this.fold();
      this.stagedKind = kind;
      await s.append(s.syncTable('ack', this.sync), ackColumns.map((c) => c.name), acks);
      await this.foldAcks(acks.length);
    }
    this.tally.acknowledged += ok.length;
    this.tally.rejected += bad.length;
    this.hooks.onCommitted?.(ok.length, bad.length);
  }

  /**
   * Folds staged acknowledgements into the snapshot every `mergeEveryRows` rows instead of once at the end, so the
   * staged acknowledgements and the outbox stay bounded whatever the delta's size (a first send of 10M rows kept
   * 10M acknowledgements and ~1.3 GB of outbox bodies, then folded them in one window sort and one transaction).
   * Runs on the commit queue, so no append interleaves with it; mergeAcks is the same idempotent step a repair runs.
   */
  private stagedRows = 0;
  private stagedKind: FoldKind | 'mixed' | undefined;
  private async foldAcks(staged: number): Promise<void> {
    this.stagedRows += staged;
    if (this.stagedRows < (this.stagedKind === 'changes' ? this.mergeEveryRows / changesFoldDivisor : this.mergeEveryRows)) return;
    await this.fold();
  }

  /** Folds what this run staged; after drain(), the last fold of the run. */
  async fold(): Promise<void> {
    const kind = this.stagedKind === 'mixed' ? undefined : this.stagedKind;
    this.stagedRows = 0;
    this.stagedKind = undefined;
    await this.store.mergeAcks(this.sync, { kind });
  }

  /** The batch stays in the outbox for the next run's replay; its rows are reported as rejected for now. */
  private async recordFailure(body: BatchBody, reason: string): Promise<void> {
    this.tally.rejected += body.batch.rows.length;
    await this.recordRejects(body.batch.rows.map((r) => ({ key: r.key, hash: body.hashes[r.key] ?? null, reason: scrub(reason, r), permanent: false })));
    this.hooks.onCommitted?.(0, body.batch.rows.length);
  }
}
