/**
 * Runs the plan of `cible sync` in a worker thread whose V8 heap is capped to what a sync needs: its batches in
 * flight. A sync allocates a few kB per row it sends and keeps almost none of it; with the default heap, V8 lets
 * that garbage grow the old generation to 100-140 MB before collecting it (bench sync-throughput, 1M rows:
 * heap 129 MB of a 453 MB peak). Node cannot change heap limits after start (v8.setFlagsFromString does not
 * apply them), and a child process would outlive a SIGKILL of the parent, which the crash-safety tests do;
 * a worker's resourceLimits do both, in the same process. The compile stays on the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SyncResult } from './run-sync.js';
import { runSyncJobs } from './run-sync-jobs.js';
import { queuedPerSlot } from './sync-batches.js';
import { sendSettings, type SyncEvents, type SyncPlan } from './sync-plan.js';

/** Rows a sync holds at once: batches being sent plus those queued for room (BatchPipeline.room). */
const rowsInFlight = (plan: SyncPlan) =>
  Math.max(0, ...plan.jobs.map((j) => {
    const { batchSize, concurrency } = sendSettings(j);
    return batchSize * concurrency * (1 + queuedPerSlot);
  }));

/**
 * Old generation: 32 MB of working set plus ~2 kB per row in flight; young generation: 4 MB, so the per-row garbage
 * dies young instead of being promoted. Measured on a 1M-row send (12k rows in flight, so 56 MB): peak RSS 264 MB
 * and 21 s, against 381 MB and 23 s with Node's default heap. CIBLE_SYNC_HEAP_MB overrides the old generation.
 */
export function syncHeapLimits(plan: SyncPlan, env: NodeJS.ProcessEnv = process.env): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const fixed = Number(env.CIBLE_SYNC_HEAP_MB);
  const old = Number.isFinite(fixed) && fixed > 0 ? fixed : Math.min(2048, Math.max(48, 32 + Math.ceil((rowsInFlight(plan) * 2) / 1024)));
  return { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: 4 };
}

/** An error as it crosses from the worker: diagnostics for user mistakes (exit 2), else name, message and stack. */
export type WireError = { kind: 'user'; message: string; diagnostics: Diagnostic[] } | { kind: 'error'; name: string; message: string; stack?: string };

export function toWire(e: unknown): WireError {
  if (e instanceof UserError) return { kind: 'user', message: e.message, diagnostics: e.diagnostics };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'error', name: err.name, message: err.message, stack: err.stack };
}

export function fromWire(w: WireError): Error {
  if (w.kind === 'user') return new UserError(w.diagnostics);
  const e = new Error(w.message);
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}

export type WorkerMessage =
  | { t: 'start'; sync: string }
  | { t: 'progress'; sync: string; p: { sent: number; total: number; acknowledged: number; rejected: number } }
  | { t: 'note'; text: string }
  | { t: 'end'; r: SyncResult }
  | { t: 'done'; results: SyncResult[] }
  | { t: 'fail'; error: WireError };

function resourceLimitError(message: string): Error {
  const e = new Error(message);
  e.name = 'ResourceLimitError';
  return e;
}

const workerFile = fileURLToPath(new URL('./sync-worker.js', import.meta.url));

export function runSyncThread(plan: SyncPlan, events: SyncEvents = {}): Promise<SyncResult[]> {
  // Run from the TypeScript sources (no compiled worker beside this file): the same jobs, on this thread.
  if (!plan.jobs.length || !existsSync(workerFile)) return runSyncJobs(plan, events);
  const limits = syncHeapLimits(plan);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (!settled) (settled = true), f();
    };
    const worker = new Worker(workerFile, { workerData: plan, resourceLimits: limits });
    worker.on('message', (m: WorkerMessage) => {
      if (m.t === 'start') events.onStart?.(m.sync);
      else if (m.t === 'progress') events.onProgress?.(m.sync, m.p);
      else if (m.t === 'note') events.onNote?.(m.text);
      else if (m.t === 'end') events.onEnd?.(m.r);
      else if (m.t === 'done') settle(() => resolve(m.results));
      else settle(() => reject(fromWire(m.error)));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() => reject(oom ? resourceLimitError(`the sync ran out of its ${limits.maxOldGenerationSizeMb} MB JavaScript heap; set CIBLE_SYNC_HEAP_MB to give it more (nothing acknowledged is lost: the next run resumes)`) : e));
    });
    worker.on('exit', (code) => settle(() => reject(new Error(`the sync thread stopped (exit code ${code}) before reporting its results`))));
  });
}
