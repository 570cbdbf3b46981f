/** Runs a profile's identity resolution: the SQL steps, the component rounds, then the outputs swapped in. */
import type { CompiledNode } from '../compile/manifest.js';
import { ProfileSql } from '../compile/profile-identity-sql.js';
import { assignIds, auditSelect, identifiersSelect, profileSelect } from '../compile/profile-output-sql.js';
import { relationKey, type Session } from '../warehouse/adapter.js';
import type { ExecContext, ExecOutcome } from './execute-node.js';
import { swapIn, tempName } from './materialize.js';

export class ProfileDidNotConverge extends Error {}

/** The other one of two alternating working tables (`edges_0` <-> `edges_1`): no renames, which not every engine does cheaply. */
const other = (t: string) => t.replace(/_([01])$/, (_m, d: string) => `_${1 - Number(d)}`);

export async function buildProfile(node: CompiledNode, ctx: ExecContext): Promise<ExecOutcome> {
  const cp = node.profile!;
  const p = ctx.compiled.printer;
  const s = new ProfileSql(p, node.name, cp);
  const log: string[] = [];
  return ctx.adapter.withSession(async (sess: Session) => {
    const run = async (stmts: string[]) => {
      for (const st of stmts) {
        log.push(st);
        await sess.execute(st);
      }
    };
    // The first column of the first row: Snowflake upper-cases the alias, so it is not read by name.
    const count = async (sql: string) => Number(Object.values((await sess.query(sql)).rows[0] ?? {})[0] ?? 0);
    let jumps = 0;
    /** Pointer jumping until flat; returns the table holding the flat links. */
    const flatten = async (table: string) => {
      for (let cur = table; ; ) {
        const jump = s.jump(cur, other(cur));
        await run(jump.statements);
        jumps++;
        cur = other(cur);
        if ((await count(jump.moved)) === 0) return cur;
      }
    };
    try {
      await run([...s.inputCopies(), ...s.identifiers(), ...s.limitsAndEdges()]);
      let iterations = 0;
      let edges = 'edges_0';
      const edgeCount = await count(s.count(s.t(edges)));
      for (let remaining = edgeCount; remaining > 0; iterations++) {
        if (iterations >= cp.maxIterations) {
          throw new ProfileDidNotConverge(`identity graph of '${node.name}' did not converge in ${cp.maxIterations} iterations (${remaining} edges left); raise max_iterations, or look for giant clusters with \`cible profiles audit ${node.name}\``);
        }
        await run(s.hook(edges, 'parents_0'));
        const parents = await flatten('parents_0');
        await run(s.record(parents));
        const step = s.contract(edges, parents, other(edges));
        await run(step.statements);
        edges = other(edges);
        remaining = await count(step.remaining);
      }
      await run([...s.drop('edges_0', 'edges_1', 'parents_0', 'parents_1'), ...s.labels(iterations ? await flatten('forest_0') : 'forest_0'), ...s.drop('forest_0', 'forest_1')]);
      const previous = ctx.relations.has(relationKey(cp.outputs.identifiers));
      await run(assignIds(s, previous));
      const merges = p.table(cp.outputs.merges);
      await run([
        p.statement({ kind: 'create_table', table: cp.outputs.merges, ifNotExists: true, columns: [{ name: 'merged_profile_id', type: 'string' }, { name: 'surviving_profile_id', type: 'string' }, { name: 'merged_at', type: 'timestamp' }] }),
        `INSERT INTO ${merges} SELECT ${p.ident('merged_profile_id')}, ${p.ident('surviving_profile_id')}, ${p.fn('current_timestamp')} FROM ${s.t('new_merges')}`,
      ]);
      ctx.relations.set(relationKey(cp.outputs.merges), 'table');
      // Outputs are built beside, then swapped in, so readers never see a half-built profile.
      for (const [rel, select] of [[cp.outputs.identifiers, identifiersSelect(s)], [cp.outputs.audit, auditSelect(s)], [cp.outputs.profiles, profileSelect(s)]] as const) {
        const tmp = tempName(rel);
        await run([
          p.statement({ kind: 'drop', object: 'table', table: tmp, ifExists: true }),
          p.statement({ kind: 'create_table_as', table: tmp, query: { kind: 'raw_query', sql: select } }),
        ]);
        await run(swapIn(rel, tmp, ctx.relations.get(relationKey(rel)), p.dialect.capabilities).map((x) => p.statement(x)));
        ctx.relations.set(relationKey(rel), 'table');
      }
      const profiles = await count(s.count(p.table(cp.outputs.profiles)));
      const identifiers = await count(s.count(p.table(cp.outputs.identifiers)));
      const merged = await count(s.count(s.t('new_merges')));
      await run(s.cleanup());
      return { status: 'success', rows: profiles, message: `${profiles} profiles from ${identifiers} identifiers and ${edgeCount} edges in ${iterations} iteration${iterations === 1 ? '' : 's'} (${jumps} pointer jumps)${merged ? `, ${merged} merged` : ''}` };
    } finally {
      ctx.recordSql(node, log.map((x) => `${x};`).join('\n\n') + '\n');
    }
  }, { node: node.id });
}
