/** `cible sync`: choose the syncs and resolve their destinations, run them (sync-thread.ts), record the results. */
import { manifests } from '../../connectors/registry.js';
import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { resolveSettings } from '../project/env.js';
import type { ResolvedTarget } from '../project/resolve-target.js';
import { makeRedactor } from '../run/redact.js';
import { prepare, type CommonOptions, type Prepared } from '../run/prepare.js';
import { writeAtomic } from '../run/artifacts.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { SyncResult } from './run-sync.js';
import type { SyncPlan } from './sync-plan.js';
import { runSyncThread } from './sync-thread.js';
import { defaultStateSchema } from './state-store.js';

/**
 * `cible sync` on embedded DuckDB caps DuckDB at this memory_limit unless the target sets its own (`memory_limit`
 * on the target wins, for builds and syncs alike, and turns `sendLimits` off). DuckDB's default is 80% of RAM, and
 * it keeps what it touched: a 10M-row diff held 2.0 GB, a 1M-row send 0.7-0.9 GB. A sync's SQL (extract, one join
 * against the snapshot that carries 64-bit hashes, folds of 100k acknowledgements) spills to the temp directory
 * past the cap. Measured on the 10M-row diff (2 cores): the join ran in 64 MB (RSS 192 MB for the statement);
 * carrying the MD5 strings instead it ran out of memory at 96 MB and peaked 251-283 MB at 128 MB.
 */
export const syncMemoryLimit = '64MB';
/**
 * Limits for the sending phase, where DuckDB only appends and folds acknowledgements 100k rows at a time (1M-row
 * send: 261 MB and 20.8 s on one thread at 48 MB; 268 MB and 23.9 s on two; ~300 MB at 64 MB).
 */
export const sendLimits = { memoryLimit: '48MB', threads: 1 };

function syncTarget(t: ResolvedTarget): ResolvedTarget {
  if (t.type !== 'duckdb' || t.settings.memory_limit !== undefined) return t;
  return { ...t, settings: { ...t.settings, memory_limit: syncMemoryLimit } };
}

export interface SyncOptions extends CommonOptions {
  names?: string[];
  dryRun?: boolean;
  fullResync?: boolean;
  resetState?: boolean;
}

export interface SyncHooks {
  onPrepared?(p: Prepared, syncs: string[]): void;
  onStart?(sync: string): void;
  onProgress?(sync: string, p: { sent: number; total: number; acknowledged: number; rejected: number }): void;
  onNote?(text: string): void;
  onEnd?(r: SyncResult): void;
}

export async function invokeSync(opts: SyncOptions, hooks: SyncHooks = {}): Promise<{ results: SyncResult[]; exitCode: 0 | 1; prepared: Prepared }> {
  const p = prepare(opts);
  const nodes = p.compiled.manifest.nodes;
  const all = Object.values(nodes).filter((n) => n.type === 'sync');
  for (const name of opts.names ?? []) {
    if (!nodes[`sync.${name}`]) {
      throw new UserError([{ code: codes.unknownNode, severity: 'error', file: '<sync>', message: `no sync named '${name}'`, hint: didYouMean(name, all.map((n) => n.name)) ?? `syncs: ${all.map((n) => n.name).join(', ') || 'none'}` }]);
    }
  }
  const chosen = all.filter((n) => n.enabled && (opts.names?.length ? opts.names.includes(n.name) : true) && (opts.select || opts.exclude ? p.selected.has(n.id) : true));
  const secrets = [...p.target.secrets];
  const configs = new Map<string, Record<string, unknown>>();
  for (const n of chosen) {
    const dest = p.project.destinations.get(n.sync!.destination)!;
    if (configs.has(dest.name)) continue;
    const { values, secrets: s } = resolveSettings(dest.settings, opts.env ?? process.env, `destination '${dest.name}'`);
    for (const c of manifests[dest.type].config) if (c.secret && values[c.key] !== undefined) secrets.push(String(values[c.key]));
    secrets.push(...s);
    configs.set(dest.name, values);
  }
  p.redact = makeRedactor(secrets);
  hooks.onPrepared?.(p, chosen.map((n) => n.name));
  if (!chosen.length) return { results: [], exitCode: 0, prepared: p };

  const plan: SyncPlan = {
    projectDir: p.project.dir,
    target: syncTarget(p.target),
    dialect: p.target.type,
    stateSchema: String(p.target.settings.state_schema ?? defaultStateSchema),
    jobs: chosen.map((n) => {
      const from = nodes[n.sync!.from];
      return { name: n.name, sync: n.sync!, from: { type: from.type, name: from.name, relation: from.relation, sql: from.sql }, config: configs.get(n.sync!.destination)! };
    }),
    secrets,
    dryRun: opts.dryRun,
    fullResync: opts.fullResync,
    resetState: opts.resetState,
    ...(p.target.type === 'duckdb' && p.target.settings.memory_limit === undefined
      ? { sendLimits, diffLimits: { memoryLimit: syncMemoryLimit, threads: Number(p.target.settings.threads ?? availableParallelism()) } }
      : {}),
  };
  const results = await runSyncThread(plan, hooks);
  writeAtomic(join(p.targetDir, 'sync_results.json'), p.redact(JSON.stringify({ target: p.target.name, dry_run: !!opts.dryRun, results }, null, 2)));
  const failed = results.some((r) => r.status === 'error' || r.status === 'rejects_exceeded');
  return { results, exitCode: failed ? 1 : 0, prepared: p };
}
