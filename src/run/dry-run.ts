/**
 * `cible build --dry-run` / `cible run --dry-run`: what each selected model would process, from the warehouse's own
 * estimate (BigQuery dry runs, which are free), and the total. Nothing is executed: no schema is created, no run
 * results are written; the estimates go to target/dry_run.json (run_results.json keeps the last real run).
 *
 * What is estimated, and why:
 * - table and incremental models: the SELECT that builds them (an existing incremental table: its incremental
 *   SELECT; the MERGE that follows reads the new rows again, which is not counted). Counted in the total.
 * - views: creating one processes nothing, so they count 0 in the total; their SELECT is still estimated and shown
 *   ("reads N per query"), since every query of the view pays it. Counting it too would count the bytes twice when
 *   a table model reads the view (BigQuery bills the view's tables to that model's query).
 * - ephemeral models are inlined in their readers; seeds are load jobs (not billed); tests read what their model
 *   builds and profiles run iterative SQL whose size depends on the data: none is estimated.
 * A model whose upstream relation does not exist yet cannot be estimated (BigQuery plans against real tables): it is
 * reported as waiting for that upstream, not as a failure. A query the warehouse rejects is an error (exit 1); a
 * misconfigured target (access denied, unknown dataset) is a WarehouseConfigError (exit 2).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import PQueue from 'p-queue';
import type { CompiledNode } from '../compile/manifest.js';
import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { relationKey, type RelationKind } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/open-adapter.js';
import { WarehouseConfigError } from '../warehouse/warehouse-config-error.js';
import { writeAtomic } from './artifacts.js';
import { planNodes, threadsFor, type InvokeOptions } from './invoke.js';
import { locateConfigError } from './locate-config-error.js';
import { prepare, writeArtifacts, type Prepared } from './prepare.js';

export interface DryRunEntry {
  unique_id: string;
  name: string;
  type: string;
  materialized?: string;
  /** estimated: `bytes` known; waiting: an upstream relation is not built yet; skipped: nothing to estimate. */
  status: 'estimated' | 'waiting' | 'skipped' | 'error';
  /** What building it would process: counted in the total (0 for a view). */
  bytes?: number;
  /** Views: what their SELECT processes each time it is queried (not in the total). */
  select_bytes?: number;
  /** waiting: the upstream nodes whose relations do not exist yet. */
  waiting_for?: string[];
  message: string;
  sql?: string;
}

export interface DryRunReport {
  metadata: { command: string; target: string; invocation_id: string; started_at: string; completed_at?: string };
  total_bytes: number;
  results: DryRunEntry[];
}

export interface DryRunHooks {
  onPlan?(nodes: CompiledNode[], p: Prepared): void;
  onEntry?(node: CompiledNode, entry: DryRunEntry): void;
}

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units (BigQuery bills on-demand queries per TiB): 1536 -> "1.5 KiB". */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

/** Nodes whose relations `node` reads: ephemeral models are looked through, sources are left to the warehouse. */
function readsFrom(node: CompiledNode, nodes: Record<string, CompiledNode>, seen = new Set<string>()): CompiledNode[] {
  const out: CompiledNode[] = [];
  for (const id of node.dependsOn) {
    const dep = nodes[id];
    if (!dep || seen.has(id)) continue;
    seen.add(id);
    if (dep.type === 'model' && dep.model?.materialized === 'ephemeral') out.push(...readsFrom(dep, nodes, seen));
    else if (dep.type !== 'source' && dep.relation) out.push(dep);
  }
  return out;
}

export async function dryRunNodes(command: 'build' | 'run', opts: InvokeOptions, hooks: DryRunHooks = {}): Promise<{ prepared: Prepared; report: DryRunReport; exitCode: 0 | 1 }> {
  const p = prepare(opts);
  writeArtifacts(p);
  const all = p.compiled.manifest.nodes;
  const nodes = planNodes(p, command).filter((n) => n.type === 'model' || n.type === 'profile');
  hooks.onPlan?.(nodes, p);
  const report: DryRunReport = {
    metadata: { command: `${command} --dry-run`, target: p.target.name, invocation_id: randomUUID(), started_at: new Date().toISOString() },
    total_bytes: 0,
    results: [],
  };
  const adapter = await openAdapter(p.target, p.project.dir);
  try {
    if (!adapter.dryRun) {
      throw new UserError([{
        code: codes.badValue, severity: 'error', file: '--dry-run',
        message: `target '${p.target.name}' (${p.target.type}) cannot estimate what a ${command} would process: --dry-run needs a warehouse that reports the bytes a query would scan (bigquery)`,
        hint: 'choose a bigquery target with --target, or run `cible compile` to render every model\'s SQL without a warehouse',
      }]);
    }
    const dryRun = adapter.dryRun.bind(adapter);
    const schemas = [...new Set(Object.values(all).filter((n) => n.type !== 'test' && n.type !== 'source').map((n) => n.relation?.schema).filter((s): s is string => !!s))];
    const relations: Map<string, RelationKind> = schemas.length ? await adapter.relations(schemas) : new Map();
    const entries = new Map<string, DryRunEntry>();
    const queue = new PQueue({ concurrency: Math.max(1, threadsFor(opts, p)) });
    let refused: WarehouseConfigError | undefined;
    for (const node of nodes) {
      const base = { unique_id: node.id, name: node.name, type: node.type, materialized: node.model?.materialized };
      const done = (e: DryRunEntry) => {
        entries.set(node.id, e);
        hooks.onEntry?.(node, e);
      };
      if (!node.enabled) done({ ...base, status: 'skipped', message: 'disabled' });
      else if (node.type === 'profile') done({ ...base, status: 'skipped', message: 'profile: iterative SQL, not estimated' });
      else if (node.model?.materialized === 'ephemeral') done({ ...base, status: 'skipped', message: 'ephemeral: inlined where used' });
      else if (node.model?.embeddedRelation) done({ ...base, status: 'skipped', message: 'engine: duckdb: computed in embedded DuckDB, then loaded (a load job, not billed)' });
      else {
        const missing = readsFrom(node, all).filter((d) => !relations.has(relationKey(d.relation!)));
        if (missing.length) {
          const names = missing.map((d) => `${d.type} ${d.name}`);
          done({ ...base, status: 'waiting', waiting_for: missing.map((d) => d.id), message: `not estimable until ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} built` });
          continue;
        }
        const incremental = node.model?.materialized === 'incremental' && relations.get(relationKey(node.relation!)) === 'table' && !opts.fullRefresh;
        const sql = incremental ? p.compiled.renderIncremental(node.id) : node.sql!;
        void queue.add(async () => {
          try {
            const { bytes } = await dryRun(sql, { node: node.id });
            if (node.model?.materialized === 'view') done({ ...base, status: 'estimated', bytes: 0, select_bytes: bytes, message: `view: nothing to create; its SELECT processes ${formatBytes(bytes)} per query` });
            else done({ ...base, status: 'estimated', bytes, message: `${formatBytes(bytes)}${incremental ? ' (incremental SELECT)' : ''}` });
          } catch (e) {
            // Access denied, unknown dataset: every other estimate would meet it too.
            if (e instanceof WarehouseConfigError) {
              refused ??= e;
              queue.clear();
              return;
            }
            done({ ...base, status: 'error', message: (e as Error).message, sql });
          }
        });
      }
    }
    await queue.onIdle();
    if (refused) throw refused;
    report.results = nodes.map((n) => entries.get(n.id)).filter((e): e is DryRunEntry => !!e);
    report.total_bytes = report.results.reduce((a, e) => a + (e.bytes ?? 0), 0);
    report.metadata.completed_at = new Date().toISOString();
    writeAtomic(join(p.targetDir, 'dry_run.json'), p.redact(JSON.stringify(report, null, 2)));
    return { prepared: p, report, exitCode: report.results.some((e) => e.status === 'error') ? 1 : 0 };
  } catch (e) {
    throw e instanceof WarehouseConfigError ? locateConfigError(e, p) : e;
  } finally {
    await adapter.close();
  }
}
