/**
 * What `cible sync` hands from the compiled project to the code that talks to the warehouse and the destinations:
 * plain data only, so it can cross into the sync thread (sync-thread.ts) as it is; and how a job sends.
 */
import { manifests } from '../../connectors/registry.js';
import type { CompiledSync } from '../compile/manifest.js';
import type { ResolvedTarget } from '../project/resolve-target.js';
import type { TableName } from '../sql/ast.js';
import type { SyncResult } from './run-sync.js';

export interface SyncJob {
  name: string;
  sync: CompiledSync;
  /** The model or segment the sync reads: its built relation, or its SQL when it has none (ephemeral). */
  from: { type: string; name: string; relation?: TableName; sql?: string };
  /** The destination's settings, `${VAR}`s resolved. */
  config: Record<string, unknown>;
}

export interface SyncPlan {
  projectDir: string;
  target: ResolvedTarget;
  /** Dialect of the target's SQL printer. */
  dialect: string;
  stateSchema: string;
  jobs: SyncJob[];
  /** Every secret value (target and destinations): masked in everything the run writes. */
  secrets: string[];
  dryRun?: boolean;
  fullResync?: boolean;
  resetState?: boolean;
  /**
   * Embedded DuckDB limits for the sending phase (acknowledgements folded 100k rows at a time need less than the
   * diff); absent when the target sets its own memory_limit.
   */
  sendLimits?: { memoryLimit: string; threads: number };
  /** The limits each sync's extract and diff start from again (the previous sync lowered them to `sendLimits`). */
  diffLimits?: { memoryLimit: string; threads: number };
}

export interface SyncEvents {
  onStart?(sync: string): void;
  onProgress?(sync: string, p: { sent: number; total: number; acknowledged: number; rejected: number }): void;
  onNote?(text: string): void;
  onEnd?(r: SyncResult): void;
}

/** How a job sends: its destination's settings, else the connector manifest's defaults. */
export function sendSettings(job: SyncJob): { batchSize: number; concurrency: number; requestsPerSecond: number } {
  const m = manifests[job.sync.destinationType];
  return {
    batchSize: Number(job.config.batch_size ?? m.batchSize),
    concurrency: Number(job.config.concurrency ?? m.concurrency),
    requestsPerSecond: Number(job.config.requests_per_second ?? m.requestsPerSecond),
  };
}
