/** Builds, loads or checks one node on the warehouse and says what happened. */
import { resolve } from 'node:path';
import type { Compiled } from '../compile/compile-project.js';
import type { CompiledNode } from '../compile/manifest.js';
import type { Statement, TableName } from '../sql/ast.js';
import { relationKey, type CsvOptions, type RelationKind, type Session, type WarehouseAdapter } from '../warehouse/adapter.js';
import { WarehouseError } from '../warehouse/warehouse-error.js';
import { buildProfile } from './build-profile.js';
import { computeEmbedded, nullString } from './embedded-model.js';
import { buildTempTable, incrementalApply, swapIn, tablePlan, tempName, viewPlan } from './materialize.js';
import type { NodeStatus } from './run-results.js';

export interface ExecContext {
  adapter: WarehouseAdapter;
  compiled: Compiled;
  relations: Map<string, RelationKind>;
  fullRefresh: boolean;
  projectDir: string;
  /** Records the statements actually run, for target/run/. */
  recordSql(node: CompiledNode, sql: string): void;
  /** The embedded DuckDB where `engine: duckdb` models are computed when the target is another engine (opened on first use). */
  embedded(): Promise<WarehouseAdapter>;
}

export interface ExecOutcome {
  status: NodeStatus;
  rows?: number;
  failures?: number;
  message: string;
}

export async function executeNode(node: CompiledNode, ctx: ExecContext): Promise<ExecOutcome> {
  switch (node.type) {
    case 'model':
      return buildModel(node, ctx);
    case 'seed':
      return loadSeed(node, ctx);
    case 'test':
      return runTest(node, ctx);
    case 'source':
      return { status: 'success', message: 'source' };
    case 'sync':
      return { status: 'success', message: 'syncs run with `cible sync`' };
    case 'profile':
      return buildProfile(node, ctx);
  }
}

/** Runs `stmts` in order; `before` is SQL this node already ran, kept in target/run/ ahead of these statements. */
async function runStatements(s: Session, node: CompiledNode, ctx: ExecContext, stmts: Statement[], before = ''): Promise<string> {
  const p = ctx.compiled.printer;
  const texts = stmts.map((x) => p.statement(x));
  const recorded = (before ? before + '\n' : '') + texts.map(terminate).join('\n\n') + '\n';
  ctx.recordSql(node, recorded);
  let inTx = false;
  try {
    for (const [i, text] of texts.entries()) {
      if (stmts[i].kind === 'begin') inTx = true;
      if (stmts[i].kind === 'commit') inTx = false;
      await s.execute(text);
    }
  } catch (e) {
    if (inTx) await s.execute(p.statement({ kind: 'rollback' })).catch(() => undefined);
    if (e instanceof WarehouseError) e.details.node = node.id;
    throw e;
  }
  return recorded;
}

async function countRows(s: Session, ctx: ExecContext, t: TableName): Promise<number> {
  // Read by position: engines that fold unquoted aliases (Snowflake) name this column N.
  const { columns, rows } = await s.query(`SELECT COUNT(*) AS n FROM ${ctx.compiled.printer.table(t)}`);
  return Number(rows[0][columns[0]]);
}

async function buildModel(node: CompiledNode, ctx: ExecContext): Promise<ExecOutcome> {
  const m = node.model!;
  if (m.materialized === 'ephemeral') return { status: 'success', message: 'ephemeral (inlined where used)' };
  if (m.embeddedRelation) return buildEmbedded(node, ctx);
  const rel = node.relation!;
  const key = relationKey(rel);
  const existing = ctx.relations.get(key);
  return ctx.adapter.withSession(async (s) => {
    if (m.materialized === 'view') {
      await runStatements(s, node, ctx, viewPlan(rel, node.sql!, existing, ctx.compiled.printer.dialect.capabilities));
      ctx.relations.set(key, 'view');
      return { status: 'success', message: 'view created' };
    }
    const tmp = tempName(rel);
    if (m.materialized === 'incremental' && existing === 'table' && !ctx.fullRefresh) {
      const sql = ctx.compiled.renderIncremental(node.id);
      const built = await runStatements(s, node, ctx, buildTempTable(tmp, sql));
      const newRows = await countRows(s, ctx, tmp);
      const targetCols = new Set((await ctx.adapter.columns(rel)).map((c) => c.name.toLowerCase()));
      const cols = (await ctx.adapter.columns(tmp)).map((c) => c.name).filter((c) => targetCols.has(c.toLowerCase()));
      await runStatements(s, node, ctx, incrementalApply(rel, tmp, m.incrementalStrategy, m.uniqueKey, cols), built);
      return { status: 'success', rows: newRows, message: `incremental: ${newRows} new or changed rows` };
    }
    await runStatements(s, node, ctx, tablePlan(rel, tmp, node.sql!, existing, ctx.compiled.printer.dialect.capabilities));
    ctx.relations.set(key, 'table');
    const rows = await countRows(s, ctx, rel);
    return { status: 'success', rows, message: `table built${m.materialized === 'incremental' ? ' (full refresh)' : ''}` };
  }, { node: node.id });
}

async function loadSeed(node: CompiledNode, ctx: ExecContext): Promise<ExecOutcome> {
  const types = Object.entries(node.seed!.columnTypes).map(([c, t]) => `${c} ${t}`).join(', ');
  const what = (tmp: string) => `-- ${node.seed!.file} loaded into ${tmp} by the ${ctx.adapter.type} adapter (declared types: ${types || 'none, all inferred'})`;
  const rows = await loadFile(node, ctx, resolve(ctx.projectDir, node.seed!.file), node.seed!, what);
  return { status: 'success', rows, message: `seed loaded` };
}

async function buildEmbedded(node: CompiledNode, ctx: ExecContext): Promise<ExecOutcome> {
  const out = await computeEmbedded(node, await ctx.embedded(), ctx.compiled.printer);
  try {
    const what = (tmp: string) => `${out.sql}\n-- the CSV loaded into ${tmp} by the ${ctx.adapter.type} adapter`;
    const rows = await loadFile(node, ctx, out.file, { columnTypes: out.columnTypes, delimiter: ',', nullString }, what);
    return { status: 'success', rows, message: `table computed in embedded DuckDB and loaded` };
  } finally {
    out.cleanup();
  }
}

/** Loads a CSV into the node's relation: into a temporary table first, swapped in once complete. */
async function loadFile(node: CompiledNode, ctx: ExecContext, file: string, opts: CsvOptions, what: (tmp: string) => string): Promise<number> {
  const rel = node.relation!;
  const key = relationKey(rel);
  const tmp = tempName(rel);
  const rows = await ctx.adapter.loadCsv(tmp, file, { ...opts, node: node.id });
  const loaded = what(ctx.compiled.printer.table(tmp));
  await ctx.adapter.withSession((s) => runStatements(s, node, ctx, swapIn(rel, tmp, ctx.relations.get(key), ctx.compiled.printer.dialect.capabilities), loaded), { node: node.id });
  ctx.relations.set(key, 'table');
  return rows;
}

async function runTest(node: CompiledNode, ctx: ExecContext): Promise<ExecOutcome> {
  const sql = `SELECT COUNT(*) AS failures FROM (\n${node.sql}\n) AS ${ctx.compiled.printer.ident('cible_test')}`;
  ctx.recordSql(node, terminate(sql) + '\n');
  const { columns, rows } = await ctx.adapter.withSession((s) => s.query(sql), { node: node.id }).catch((e) => {
    if (e instanceof WarehouseError) e.details.node = node.id;
    throw e;
  });
  const failures = Number(rows[0][columns[0]]);
  if (failures === 0) return { status: 'success', failures, message: 'pass' };
  const what = `${failures} failing row${failures === 1 ? '' : 's'}`;
  return node.test!.severity === 'warn' ? { status: 'warn', failures, message: `warn: ${what}` } : { status: 'error', failures, message: `fail: ${what}` };
}

/** A statement ending in a `-- comment` would swallow its `;`: put it on its own line so the file replays. */
function terminate(sql: string): string {
  return /--[^\n]*$/.test(sql) ? `${sql}\n;` : `${sql};`;
}
