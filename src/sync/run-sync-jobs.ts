/** The warehouse side of `cible sync`: open the target, then run each sync of the plan in turn. */
import { manifests, loadConnector } from '../../connectors/registry.js';
import { makeRedactor } from '../run/redact.js';
import { printerFor } from '../sql/registry.js';
import { relationKey } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/open-adapter.js';
import { runSync, type SyncResult } from './run-sync.js';
import { sendSettings, type SyncEvents, type SyncPlan } from './sync-plan.js';
import { StateStore } from './state-store.js';

export async function runSyncJobs(plan: SyncPlan, events: SyncEvents = {}): Promise<SyncResult[]> {
  const redact = makeRedactor(plan.secrets);
  const results: SyncResult[] = [];
  if (!plan.jobs.length) return results;
  const adapter = await openAdapter(plan.target, plan.projectDir);
  try {
    const printer = printerFor(plan.dialect);
    const store = new StateStore(adapter, printer, plan.stateSchema);
    store.database = plan.target.database;
    const fromSchemas = [...new Set(plan.jobs.map((j) => j.from.relation?.schema).filter((x): x is string => !!x))];
    const existing = await adapter.relations(fromSchemas.length ? fromSchemas : [plan.target.schema]);
    for (const job of plan.jobs) {
      const s = job.sync;
      events.onStart?.(job.name);
      if (plan.resetState) {
        await store.ensure(job.name);
        await store.dropSyncState(job.name);
        events.onNote?.(`${job.name}: state reset (the next run sends the whole audience again)`);
      }
      let source: string;
      if (job.from.relation) {
        if (!existing.has(relationKey(job.from.relation))) {
          const r: SyncResult = { sync: job.name, run_id: '', status: 'error', added: 0, changed: 0, removed: 0, replayed_batches: 0, acknowledged: 0, rejected: 0, reject_rate: 0, elapsed_ms: 0, error: `${job.from.type} '${job.from.name}' is not built in target '${plan.target.name}': run \`cible build\` first` };
          results.push(r);
          events.onEnd?.(r);
          continue;
        }
        source = `SELECT * FROM ${printer.table(job.from.relation)}`;
      } else source = job.from.sql!;
      const manifest = manifests[s.destinationType];
      const config = job.config;
      const connector = await loadConnector(s.destinationType);
      const r = await runSync(store, {
        name: job.name, sync: s, source, manifest,
        openClient: (runId) => connector.open(config, { projectDir: plan.projectDir, sync: job.name, runId, mode: s.mode, options: s.options }),
        ...sendSettings(job),
        dryRun: plan.dryRun, fullResync: plan.fullResync || !!connector.wantsFullAudience?.(config),
        sendLimits: plan.sendLimits,
        diffLimits: plan.diffLimits,
        onProgress: (x) => events.onProgress?.(job.name, x),
        onNote: events.onNote,
        redact,
      });
      if (r.error) r.error = redact(r.error);
      results.push(r);
      events.onEnd?.(r);
    }
  } finally {
    await adapter.close();
  }
  return results;
}
