/** `cible sync`: choose the syncs, open the warehouse and each destination, run them, record the results. */
import { manifests, loadConnector } from '../../connectors/registry.js';
import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { resolveSettings } from '../project/env.js';
import type { ResolvedTarget } from '../project/resolve-target.js';
import { makeRedactor } from '../run/redact.js';
import { prepare, type CommonOptions, type Prepared } from '../run/prepare.js';
import { writeAtomic } from '../run/artifacts.js';
import { relationKey } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/open-adapter.js';
import { join } from 'node:path';
import { runSync, type SyncResult } from './run-sync.js';
import { defaultStateSchema, StateStore } from './state-store.js';

/**
 * `cible sync` on embedded DuckDB caps DuckDB at this memory_limit unless the target sets its own. DuckDB's default
 * is 80% of RAM, and it keeps what it touched: a 10M-row diff held 2.0 GB, a 1M-row send 0.7-0.9 GB. A sync's SQL
 * (extract, one join against the snapshot, small folds of acknowledgements) spills to the temp directory past the
 * cap. 128 MB runs the 10M-row bench rows; at 64 MB DuckDB ran out of memory in the 10M-row join against the
 * snapshot and in folding acknowledgements. `memory_limit` on the target overrides it, for builds and syncs alike.
 */
export const syncMemoryLimit = '128MB';

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

  const results: SyncResult[] = [];
  if (!chosen.length) return { results, exitCode: 0, prepared: p };
  const adapter = await openAdapter(syncTarget(p.target), p.project.dir);
  try {
    const store = new StateStore(adapter, p.compiled.printer, String(p.target.settings.state_schema ?? defaultStateSchema));
    store.database = p.target.database;
    const fromSchemas = [...new Set(chosen.map((n) => nodes[n.sync!.from].relation?.schema).filter((x): x is string => !!x))];
    const existing = await adapter.relations(fromSchemas.length ? fromSchemas : [p.target.schema]);
    for (const n of chosen) {
      const s = n.sync!;
      const from = nodes[s.from];
      hooks.onStart?.(n.name);
      if (opts.resetState) {
        await store.ensure(n.name);
        await store.dropSyncState(n.name);
        hooks.onNote?.(`${n.name}: state reset (the next run sends the whole audience again)`);
      }
      let source: string;
      if (from.relation) {
        if (!existing.has(relationKey(from.relation))) {
          const r: SyncResult = { sync: n.name, run_id: '', status: 'error', added: 0, changed: 0, removed: 0, replayed_batches: 0, acknowledged: 0, rejected: 0, reject_rate: 0, elapsed_ms: 0, error: `${from.type} '${from.name}' is not built in target '${p.target.name}': run \`cible build\` first` };
          results.push(r);
          hooks.onEnd?.(r);
          continue;
        }
        source = `SELECT * FROM ${p.compiled.printer.table(from.relation)}`;
      } else source = from.sql!;
      const manifest = manifests[s.destinationType];
      const config = configs.get(s.destination)!;
      const connector = await loadConnector(s.destinationType);
      const r = await runSync(store, {
        name: n.name, sync: s, source, manifest,
        openClient: (runId) => connector.open(config, { projectDir: p.project.dir, sync: n.name, runId, mode: s.mode, options: s.options }),
        batchSize: Number(config.batch_size ?? manifest.batchSize),
        concurrency: Number(config.concurrency ?? manifest.concurrency),
        requestsPerSecond: Number(config.requests_per_second ?? manifest.requestsPerSecond),
        dryRun: opts.dryRun, fullResync: opts.fullResync || !!connector.wantsFullAudience?.(config),
        onProgress: (x) => hooks.onProgress?.(n.name, x),
        onNote: hooks.onNote,
        redact: p.redact,
      });
      if (r.error) r.error = p.redact(r.error);
      results.push(r);
      hooks.onEnd?.(r);
    }
  } finally {
    await adapter.close();
  }
  writeAtomic(join(p.targetDir, 'sync_results.json'), p.redact(JSON.stringify({ target: p.target.name, dry_run: !!opts.dryRun, results }, null, 2)));
  const failed = results.some((r) => r.status === 'error' || r.status === 'rejects_exceeded');
  return { results, exitCode: failed ? 1 : 0, prepared: p };
}
