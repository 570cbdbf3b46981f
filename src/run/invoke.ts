/** `build`, `run`, `test` and `seed`: choose the nodes, open the warehouse, execute, record. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CompiledNode } from '../compile/manifest.js';
import { printerFor } from '../sql/registry.js';
import type { WarehouseAdapter } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/open-adapter.js';
import { WarehouseConfigError } from '../warehouse/warehouse-config-error.js';
import { writeRunSql } from './artifacts.js';
import { locateConfigError } from './locate-config-error.js';
import { prepare, writeArtifacts, type CommonOptions, type Prepared } from './prepare.js';
import { RunResultsWriter, type NodeResult } from './run-results.js';
import { Runner, type RunHooks } from './runner.js';

export type RunCommand = 'build' | 'run' | 'test' | 'seed';

export interface InvokeOptions extends CommonOptions {
  threads?: number;
  failFast?: boolean;
  fullRefresh?: boolean;
}

export interface InvokeResult {
  prepared: Prepared;
  results: NodeResult[];
  exitCode: 0 | 1;
}

const typesFor: Record<RunCommand, Set<string>> = {
  build: new Set(['model', 'seed', 'test', 'profile']),
  run: new Set(['model', 'profile']),
  test: new Set(['test']),
  seed: new Set(['seed']),
};

/** The nodes a command executes: the selection, its tests (a selected node brings its tests), filtered by type. */
export function planNodes(p: Prepared, command: RunCommand): CompiledNode[] {
  const nodes = p.compiled.manifest.nodes;
  const chosen = new Set(p.selected);
  for (const n of Object.values(nodes)) if (n.type === 'test' && chosen.has(n.test!.attachedTo)) chosen.add(n.id);
  return p.compiled.dag.topoOrder().filter((id) => chosen.has(id) && typesFor[command].has(nodes[id].type)).map((id) => nodes[id]);
}

/**
 * --threads, else the target's `threads`, else project.yml `threads`, else 2 on embedded DuckDB (each query
 * already uses every core; more nodes at once only oversubscribe: datagen-1m took 28 s with 2, 31 s with 1 and
 * 52-58 s with 4 on 2 cores) and 4 on servers, where nodes wait on the network.
 */
export function threadsFor(opts: InvokeOptions, p: Prepared): number {
  const fromTarget = Number(p.target.settings.threads);
  return opts.threads ?? (Number.isInteger(fromTarget) && fromTarget > 0 ? fromTarget : p.project.threads ?? (p.target.type === 'duckdb' ? 2 : 4));
}

/** In `build`, a model's own tests must pass before its children run. */
function testGates(nodes: CompiledNode[]): Map<string, string[]> {
  const testsOf = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.type === 'test' && n.dependsOn.length === 1) (testsOf.get(n.dependsOn[0]) ?? testsOf.set(n.dependsOn[0], []).get(n.dependsOn[0])!).push(n.id);
  }
  const extra = new Map<string, string[]>();
  for (const n of nodes) {
    if (n.type === 'test') continue;
    const gates = n.dependsOn.flatMap((d) => testsOf.get(d) ?? []);
    if (gates.length) extra.set(n.id, gates);
  }
  return extra;
}

export async function invoke(command: RunCommand, opts: InvokeOptions, hooks: RunHooks & { onPlan?(nodes: CompiledNode[], p: Prepared): void; onRunner?(r: Runner): void } = {}): Promise<InvokeResult> {
  const p = prepare(opts);
  writeArtifacts(p);
  const nodes = planNodes(p, command);
  hooks.onPlan?.(nodes, p);
  const writer = new RunResultsWriter(p.targetDir, { command, target: p.target.name, invocation_id: randomUUID(), started_at: new Date().toISOString() }, p.redact);
  if (!nodes.length) return { prepared: p, results: writer.finish().results, exitCode: 0 };

  const adapter = await openAdapter(p.target, p.project.dir);
  let embedded: Promise<WarehouseAdapter> | undefined;
  try {
    const schemas = [...new Set(nodes.filter((n) => n.type !== 'test').map((n) => n.relation?.schema).filter((s): s is string => !!s))];
    const printer = p.compiled.printer;
    for (const s of schemas) await adapter.execute(printer.statement({ kind: 'create_schema', schema: s }));
    const relations = await adapter.relations(schemas.length ? schemas : [p.target.schema]);
    const runner = new Runner(
      {
        adapter, compiled: p.compiled, relations, fullRefresh: !!opts.fullRefresh, projectDir: p.project.dir,
        recordSql: (node, sql) => writeRunSql(p.targetDir, node, sql, p.redact),
        embedded: () => (embedded ??= openEmbedded(p.target.name, p.project.dir, nodes)),
      },
      writer,
      hooks,
    );
    hooks.onRunner?.(runner);
    const results = await runner.run({
      nodes, threads: threadsFor(opts, p), failFast: !!opts.failFast,
      extraDeps: command === 'build' ? testGates(nodes) : undefined,
    });
    writer.finish();
    // A refusal that every node would meet (access denied, unknown dataset) is the target's fault: exit 2.
    if (runner.misconfiguration) throw runner.misconfiguration;
    const failed = runner.wasCancelled || results.some((r) => r.status === 'error');
    return { prepared: p, results, exitCode: failed ? 1 : 0 };
  } catch (e) {
    throw e instanceof WarehouseConfigError ? locateConfigError(e, p) : e;
  } finally {
    await adapter.close();
    if (embedded) await (await embedded.catch(() => undefined))?.close();
  }
}

/** `.cible/<target>.embedded.duckdb`: one per target, so the tables of `engine: duckdb` models persist between runs. */
async function openEmbedded(target: string, projectDir: string, nodes: CompiledNode[]): Promise<WarehouseAdapter> {
  const { DuckDbAdapter } = await import('../warehouse/duckdb/duckdb-adapter.js');
  const duck = await DuckDbAdapter.open({ path: join('.cible', `${target.replace(/[^A-Za-z0-9_-]/g, '_')}.embedded.duckdb`) }, projectDir, `${target} (embedded DuckDB)`);
  // Once, before any node: concurrent CREATE SCHEMA of one name conflict in DuckDB.
  const p = printerFor('duckdb');
  const schemas = new Set(nodes.map((n) => n.model?.embeddedRelation?.schema).filter((s): s is string => !!s));
  for (const schema of schemas) await duck.execute(p.statement({ kind: 'create_schema', schema }));
  return duck;
}
