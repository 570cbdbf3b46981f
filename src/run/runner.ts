/**
 * Executes the selected part of the plan in dependency order with bounded concurrency. Every selected node
 * ends success, warn, error, skipped (an upstream node failed) or disabled, and is recorded as it ends.
 */
import PQueue from 'p-queue';
import type { CompiledNode } from '../compile/manifest.js';
import { WarehouseConfigError } from '../warehouse/warehouse-config-error.js';
import { executeNode, type ExecContext } from './execute-node.js';
import type { NodeResult, RunResultsWriter } from './run-results.js';

export interface RunHooks {
  onStart?(node: CompiledNode): void;
  onEnd?(node: CompiledNode, result: NodeResult): void;
}

export interface RunPlan {
  nodes: CompiledNode[];
  /** Extra "must succeed first" edges, e.g. a model's tests before its children in `build`. */
  extraDeps?: Map<string, string[]>;
  threads: number;
  failFast: boolean;
}

export class Runner {
  private cancelled = false;
  get wasCancelled(): boolean {
    return this.cancelled;
  }
  private stopScheduling = false;
  private misconfigured?: WarehouseConfigError;
  /** The first misconfiguration a node met (access denied, unknown dataset): the run stopped there. */
  get misconfiguration(): WarehouseConfigError | undefined {
    return this.misconfigured;
  }

  constructor(private readonly ctx: ExecContext, private readonly writer: RunResultsWriter, private readonly hooks: RunHooks = {}) {}

  async cancel(): Promise<void> {
    this.cancelled = true;
    this.stopScheduling = true;
    await this.ctx.adapter.cancelAll();
  }

  private stopReason(): string {
    return this.cancelled ? 'skipped: run cancelled' : this.misconfigured ? 'skipped: the target is misconfigured' : 'skipped: --fail-fast after an error';
  }

  async run(plan: RunPlan): Promise<NodeResult[]> {
    const byId = new Map(plan.nodes.map((n) => [n.id, n]));
    const deps = new Map<string, string[]>();
    for (const n of plan.nodes) {
      const own = n.dependsOn.filter((d) => byId.has(d));
      deps.set(n.id, [...new Set([...own, ...(plan.extraDeps?.get(n.id) ?? []).filter((d) => byId.has(d) && d !== n.id)])]);
    }
    const children = new Map<string, string[]>();
    for (const [id, ds] of deps) for (const d of ds) (children.get(d) ?? children.set(d, []).get(d)!).push(id);
    const waiting = new Map([...deps].map(([id, ds]) => [id, ds.length]));
    const failedUpstream = new Map<string, string>();
    const results: NodeResult[] = [];
    const queue = new PQueue({ concurrency: Math.max(1, plan.threads) });

    const record = (node: CompiledNode, r: NodeResult) => {
      results.push(r);
      this.writer.add(r);
      this.hooks.onEnd?.(node, r);
    };

    const finish = (id: string, ok: boolean) => {
      for (const c of children.get(id) ?? []) {
        if (!ok && !failedUpstream.has(c)) failedUpstream.set(c, failedUpstream.get(id) ?? id);
        const left = waiting.get(c)! - 1;
        waiting.set(c, left);
        if (left === 0) schedule(c);
      }
    };

    const schedule = (id: string) => {
      const node = byId.get(id)!;
      const blocker = failedUpstream.get(id);
      if (blocker || this.stopScheduling || !node.enabled) {
        const status = !node.enabled ? 'disabled' : 'skipped';
        const message = !node.enabled ? 'disabled' : blocker ? `skipped: upstream ${blocker} did not succeed` : this.stopReason();
        record(node, { unique_id: id, name: node.name, type: node.type, status, execution_time_ms: 0, message });
        finish(id, false);
        return;
      }
      void queue.add(async () => {
        // Queued before the error (or Ctrl-C) but not yet started: with --fail-fast or a cancel it must not start.
        if (this.stopScheduling) {
          record(node, { unique_id: id, name: node.name, type: node.type, status: 'skipped', execution_time_ms: 0, message: this.stopReason() });
          finish(id, false);
          return;
        }
        const started = new Date();
        this.hooks.onStart?.(node);
        let r: NodeResult;
        try {
          const out = await executeNode(node, this.ctx);
          r = { unique_id: id, name: node.name, type: node.type, ...out, started_at: started.toISOString(), completed_at: new Date().toISOString(), execution_time_ms: Date.now() - started.getTime() };
        } catch (e) {
          const err = e as Error & { details?: { sql?: string } };
          const message = this.cancelled ? `cancelled: ${err.message}` : err.message;
          // Every later node would meet the same refusal: stop scheduling, and let the caller report it (exit 2).
          if (e instanceof WarehouseConfigError) {
            this.misconfigured ??= e;
            this.stopScheduling = true;
          }
          r = { unique_id: id, name: node.name, type: node.type, status: 'error', message, error: { message, sql: err.details?.sql }, started_at: started.toISOString(), completed_at: new Date().toISOString(), execution_time_ms: Date.now() - started.getTime() };
        }
        if (r.status === 'error' && plan.failFast) this.stopScheduling = true;
        record(node, r);
        finish(id, r.status === 'success' || r.status === 'warn');
      });
    };

    for (const [id, n] of waiting) if (n === 0) schedule(id);
    await queue.onIdle();
    return results;
  }
}
