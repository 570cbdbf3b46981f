/** One sync, end to end: lock, repair, replay, extract, diff, send, commit, record. */
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectorManifest, DestinationClient, Operation, OutgoingRow } from '../../connectors/types.js';
import type { CompiledSync } from '../compile/manifest.js';
import type { Row } from '../warehouse/adapter.js';
import { rebatch } from '../warehouse/rebatch.js';
import { deltaCountsQuery, deltaStatements, duplicateKeysQuery, extractStatements } from './audience-sql.js';
import { mask } from './identifiers.js';
import { mappingColumns, RowMapper } from './map-rows.js';
import { defaultRetry, Throttle, type RetryPolicy } from './send-batch.js';
import { BatchPipeline, type FoldKind } from './sync-batches.js';
import { pendingBatches } from './outbox.js';
import { lockOwner, SyncLock, SyncLockedError } from './sync-lock.js';
import type { StateStore } from './state-store.js';

export interface SyncRunOptions {
  name: string;
  sync: CompiledSync;
  /** SELECT of the audience (the built relation, or the model's SQL). */
  source: string;
  manifest: ConnectorManifest;
  openClient(runId: string): Promise<DestinationClient>;
  batchSize: number;
  concurrency: number;
  requestsPerSecond: number;
  dryRun?: boolean;
  fullResync?: boolean;
  /** Warehouse limits for the sending phase, where the adapter has them (embedded DuckDB). */
  sendLimits?: { memoryLimit: string; threads: number };
  /** Warehouse limits for the extract and diff (restored when an earlier sync of the run lowered them). */
  diffLimits?: { memoryLimit: string; threads: number };
  retry?: RetryPolicy;
  /** Acknowledged rows between two folds into the snapshot (default sync-batches.ts defaultMergeEveryRows). */
  mergeEveryRows?: number;
  onProgress?(p: { sent: number; total: number; acknowledged: number; rejected: number }): void;
  onNote?(text: string): void;
  /** Masks secret values in text written to the state tables (reject reasons, run errors). */
  redact?(text: string): string;
}

export interface SyncResult {
  sync: string;
  run_id: string;
  status: 'success' | 'error' | 'rejects_exceeded' | 'dry_run';
  added: number;
  changed: number;
  removed: number;
  replayed_batches: number;
  acknowledged: number;
  rejected: number;
  reject_rate: number;
  elapsed_ms: number;
  error?: string;
  sample?: unknown[];
}

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}Z-${randomBytes(3).toString('hex')}`;
}

export async function runSync(store: StateStore, o: SyncRunOptions): Promise<SyncResult> {
  const started = Date.now();
  const runId = newRunId();
  const s = o.sync;
  const base: SyncResult = { sync: o.name, run_id: runId, status: 'success', added: 0, changed: 0, removed: 0, replayed_batches: 0, acknowledged: 0, rejected: 0, reject_rate: 0, elapsed_ms: 0 };
  await store.ensure(o.name);
  const lock = new SyncLock(store, o.name, lockOwner(runId));
  if (!o.dryRun) {
    try {
      await lock.acquire();
    } catch (e) {
      // Another run holds the sync: a refusal reported like any failed sync (exit 1), not an internal error.
      if (!(e instanceof SyncLockedError)) throw e;
      return { ...base, status: 'error', error: e.message, elapsed_ms: Date.now() - started };
    }
  }
  // Renewed on a timer too: a long extract and diff, or a long Retry-After wait, commits nothing for minutes,
  // and a lock that lapses mid-run lets a second run in. Not on embedded DuckDB: no second process can open the
  // database file while this one holds it, and an UPDATE of the locks table (it has a primary key) while a long
  // read is open stops DuckDB's automatic checkpoints until that read ends (with the delta read as one stream, a
  // 10M-row send grew a 2.2 GB WAL, spilled 1.7 GB of unflushed rows and ran out of memory).
  const renews = !o.dryRun && store.adapter.type !== 'duckdb';
  const renewal = renews ? setInterval(() => void lock.renew().catch(() => undefined), 30_000) : undefined;
  renewal?.unref();
  let client: DestinationClient | undefined;
  try {
    // 1. Repair: acknowledgements staged by a run that died before folding them in.
    if (!o.dryRun) await store.mergeAcks(o.name);

    // 2. Audience and delta, in SQL.
    if (o.diffLimits) await store.adapter.limitResources?.(o.diffLimits);
    const columns = mappingColumns(s);
    const fingerprint = createHash('sha256').update(JSON.stringify({ k: s.key, m: s.match, f: s.fields, mode: s.mode })).digest('hex').slice(0, 16);
    for (const st of extractStatements(store, { sync: o.name, source: o.source, key: s.key, columns, fingerprint })) await store.adapter.execute(st);
    const dups = (await store.query(duplicateKeysQuery(store, o.name))).rows;
    if (dups.length) throw new Error(`key '${s.key}' is not unique in the audience (e.g. ${dups.map((d) => `${d.k} x${d.n}`).join(', ')}); a sync key must identify one member`);
    const removes = s.mode === 'mirror' || !!s.events?.onExit;
    for (const st of deltaStatements(store, o.name, { mode: s.mode, fullResync: !!o.fullResync, removes })) await store.adapter.execute(st);
    for (const r of (await store.query(deltaCountsQuery(store, o.name))).rows) {
      const n = Number(r.n);
      if (r.change === 'added') base.added = n;
      else if (r.change === 'changed') base.changed = n;
      else base.removed = n;
    }
    const mapper = new RowMapper(s, o.manifest);
    if (o.dryRun) return await dryRun(store, o, mapper, base, started);

    if (o.sendLimits) await store.adapter.limitResources?.(o.sendLimits);
    client = await o.openClient(runId);
    const throttle = new Throttle();
    const total = base.added + base.changed + base.removed;
    let sent = 0;
    const pipeline = new BatchPipeline(store, client, o.name, runId, throttle, o.retry ?? defaultRetry,
      { concurrency: o.concurrency, requestsPerSecond: o.requestsPerSecond, useOutbox: o.manifest.ackOn === 'batch', redact: o.redact, mergeEveryRows: o.mergeEveryRows },
      {
        onRetry: (why) => o.onNote?.(`${o.name}: ${why}`),
        onCommitted: () => {
          // The lock is renewed by the 30 s timer above, not by one UPDATE per batch on the hot path.
          o.onProgress?.({ sent, total, acknowledged: pipeline.tally.acknowledged, rejected: pipeline.tally.rejected });
        },
      });

    // 3. Replay batches an interrupted run sent (or was sending) but never saw answered, under their own ids.
    if (o.manifest.ackOn === 'batch') {
      // Streamed: a run whose destination was down for good leaves every batch of its delta in the outbox.
      for await (const body of pendingBatches(store, o.name)) {
        await pipeline.room();
        await pipeline.submit(body, true);
        base.replayed_batches++;
      }
      await pipeline.drain();
      if (pipeline.tally.failedBatches) throw new Error(`replaying ${base.replayed_batches} unanswered batch(es) from an earlier run failed: ${pipeline.tally.firstError}`);
      if (base.replayed_batches) {
        // Replayed rows are acknowledged now: recompute the delta so they are not sent again.
        await store.mergeAcks(o.name);
        for (const st of deltaStatements(store, o.name, { mode: s.mode, fullResync: false, removes })) await store.adapter.execute(st);
      }
    }

    // 4. Stream the delta in key order and send it.
    const operation: Operation = s.mode === 'insert' ? 'insert' : s.mode === 'update' ? 'update' : 'upsert';
    let seq = 0;
    const submitRows = async (op: Operation, rows: OutgoingRow[], hashes: Record<string, string | null>, kind?: FoldKind) => {
      if (!rows.length) return;
      await pipeline.room();
      sent += rows.length;
      await pipeline.submit({ batch: { id: `${runId}-${String(++seq).padStart(6, '0')}`, sync: o.name, operation: op, rows }, hashes, ...(kind ? { kind } : {}) });
    };
    // Added rows first, then changed ones: batches of one kind fold into the snapshot cheaply (sync-batches.ts).
    for (const kind of ['additions', 'changes'] as const) {
      const where = `${store.p.ident('__change')} = ${store.lit(kind === 'additions' ? 'added' : 'changed')}`;
      for await (const chunk of rebatch(readDelta(store, 'up', o.name, o.batchSize, where), o.batchSize)) {
        const rows: OutgoingRow[] = [];
        const hashes: Record<string, string> = {};
        const bad: { key: string; hash: string; reason: string }[] = [];
        for (const r of chunk) {
          const m = mapper.map(r);
          if (!m.ok) bad.push({ key: m.key, hash: m.rowHash, reason: m.reason });
          else {
            if (s.events?.onEnter && r.__change === 'added') m.row.event = s.events.onEnter;
            rows.push(m.row);
            hashes[m.row.key] = m.rowHash;
          }
        }
        await pipeline.rejectUnsent(bad);
        await submitRows(operation, rows, hashes, kind);
      }
    }
    if (removes) {
      const removeOp: Operation = s.mode === 'mirror' ? 'delete' : 'event';
      for await (const chunk of rebatch(readDelta(store, 'rm', o.name, o.batchSize), o.batchSize)) {
        const rows = chunk.map((r: Row): OutgoingRow => ({ key: String(r.__key), fields: {}, identifiers: JSON.parse(String(r.__identifiers ?? '{}')), event: s.events?.onExit }));
        await submitRows(removeOp, rows, Object.fromEntries(rows.map((r) => [r.key, null])));
      }
    }
    await pipeline.drain();

    // 5. Destinations that commit at the end (files): acknowledge everything sent only once that succeeded.
    if (client.finalize) await client.finalize();
    if (o.manifest.ackOn === 'finalize') await stageAllSent(store, o.name, runId, removes);
    if (o.manifest.ackOn === 'batch') await pipeline.fold();
    else await store.mergeAcks(o.name);

    const attempted = pipeline.tally.acknowledged + pipeline.tally.rejected;
    base.acknowledged = o.manifest.ackOn === 'finalize' ? total - pipeline.tally.rejected : pipeline.tally.acknowledged;
    base.rejected = pipeline.tally.rejected;
    base.reject_rate = attempted ? pipeline.tally.rejected / attempted : 0;
    if (pipeline.tally.failedBatches) {
      base.status = 'error';
      base.error = `${pipeline.tally.failedBatches} batch(es) could not be delivered; they will be replayed first next run: ${pipeline.tally.firstError}`;
    } else if (s.maxRejectRate !== undefined && base.reject_rate > s.maxRejectRate) {
      base.status = 'rejects_exceeded';
      base.error = `reject rate ${(base.reject_rate * 100).toFixed(2)}% is above max_reject_rate ${(s.maxRejectRate * 100).toFixed(2)}%`;
    }
    return base;
  } catch (e) {
    base.status = 'error';
    base.error = (e as Error).message;
    return base;
  } finally {
    base.elapsed_ms = Date.now() - started;
    clearInterval(renewal);
    if (base.error && o.redact) base.error = o.redact(base.error);
    await client?.close().catch(() => undefined);
    if (!o.dryRun) {
      await recordRun(store, o, base).catch(() => undefined);
      await lock.release().catch(() => undefined);
    }
  }
}

/**
 * A delta table, in batches: through the adapter's paged read where it has one (embedded DuckDB, whose one long
 * stream would hold back the cleanup of everything the run writes meanwhile), else one stream.
 */
function readDelta(store: StateStore, kind: 'up' | 'rm', sync: string, batchRows: number, where?: string): AsyncIterable<Row[]> {
  const table = store.syncTable(kind, sync);
  if (store.adapter.streamTable) return store.adapter.streamTable(table, batchRows, where);
  return store.stream(`SELECT * FROM ${store.p.table(table)}${where ? ` WHERE ${where}` : ''}`, batchRows);
}

/** Destinations that acknowledge on finalize: every row of the delta, less this run's rejects, once finalize succeeded. */
async function stageAllSent(store: StateStore, sync: string, runId: string, removes: boolean): Promise<void> {
  const p = store.p;
  const i = (x: string) => p.ident(x);
  const ack = p.table(store.syncTable('ack', sync));
  const cols = ['__key', '__row_hash', '__destination_id', '__identifiers', '__run_id', '__batch_id'].map(i).join(', ');
  const notRejected = `${i('__key')} NOT IN (SELECT ${i('key')} FROM ${store.t('rejects')} WHERE ${i('sync')} = ${store.lit(sync)} AND ${i('last_run')} = ${store.lit(runId)})`;
  const statements = [`INSERT INTO ${ack} (${cols}) SELECT ${i('__key')}, ${i('__row_hash')}, NULL, NULL, ${store.lit(runId)}, NULL FROM ${p.table(store.syncTable('up', sync))} WHERE ${notRejected}`];
  if (removes) statements.push(`INSERT INTO ${ack} (${cols}) SELECT ${i('__key')}, NULL, NULL, NULL, ${store.lit(runId)}, NULL FROM ${p.table(store.syncTable('rm', sync))}`);
  await store.transaction(statements);
}

async function dryRun(store: StateStore, o: SyncRunOptions, mapper: RowMapper, base: SyncResult, started: number): Promise<SyncResult> {
  const p = store.p;
  const { rows } = await store.query(`SELECT * FROM ${p.table(store.syncTable('up', o.name))} ORDER BY ${p.ident('__key')} LIMIT 3`);
  const { rows: pending } = await store.query(`SELECT COUNT(*) AS n FROM ${store.t('rejects')} WHERE ${p.ident('sync')} = ${store.lit(o.name)} AND NOT ${p.ident('permanent')}`);
  base.rejected = Number(pending[0].n);
  base.sample = rows.map((r) => {
    const m = mapper.map(r);
    if (!m.ok) return { key: m.key, rejected: m.reason };
    return { key: m.row.key, identifiers: Object.fromEntries(Object.entries(m.row.identifiers).map(([k, v]) => [k, mask(v)])), fields: Object.fromEntries(Object.entries(m.row.fields).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v])) };
  });
  base.status = 'dry_run';
  base.elapsed_ms = Date.now() - started;
  return base;
}

async function recordRun(store: StateStore, o: SyncRunOptions, r: SyncResult): Promise<void> {
  const cols = ['run_id', 'sync', 'destination', 'mode', 'status', 'rows_added', 'rows_changed', 'rows_removed', 'rows_acknowledged', 'rows_rejected', 'error'];
  const vals = [r.run_id, o.name, o.sync.destination, o.sync.mode, r.status, r.added, r.changed, r.removed, r.acknowledged, r.rejected, r.error ?? null];
  const i = (x: string) => store.p.ident(x);
  await store.adapter.execute(
    `INSERT INTO ${store.t('sync_runs')} (${[...cols, 'started_at', 'finished_at'].map(i).join(', ')}) VALUES (${vals.map((v) => store.lit(v)).join(', ')}, ${store.ts(new Date(Date.now() - r.elapsed_ms))}, ${store.ts(new Date())})`,
  );
}
