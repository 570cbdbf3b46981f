/** Runs a profile's identity resolution: the SQL steps, the propagation loop, then the outputs swapped in. */
import type { CompiledNode } from '../compile/manifest.js';
import { ProfileSql } from '../compile/profile-identity-sql.js';
import { assignIds, auditSelect, identifiersSelect, profileSelect } from '../compile/profile-output-sql.js';
import { relationKey, type Session } from '../warehouse/adapter.js';
import type { ExecContext, ExecOutcome } from './execute-node.js';
import { swapIn, tempName } from './materialize.js';

export class ProfileDidNotConverge extends Error {}

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
    const count = async (sql: string) => Number((await sess.query(sql)).rows[0].n);
    try {
      await run([...s.inputCopies(), ...s.identifiers(), ...s.limitsAndEdges()]);
      let iterations = 0;
      let jumps = 0;
      for (;;) {
        if (iterations >= cp.maxIterations) {
          throw new ProfileDidNotConverge(`identity graph of '${node.name}' did not converge in ${cp.maxIterations} iterations; raise max_iterations, or look for giant clusters with \`cible profiles audit ${node.name}\``);
        }
        const step = s.minStep();
        await run(step.statements);
        iterations++;
        for (let moved = 1; moved > 0; jumps++) {
          const jump = s.jumpStep();
          await run(jump.statements);
          moved = await count(jump.changed);
          await run(jump.swap);
        }
        const changed = await count(step.changed);
        await run(s.swapLabels());
        if (changed === 0) break;
      }
      const previous = ctx.relations.has(relationKey(cp.outputs.identifiers));
      await run(assignIds(s, previous));
      const merges = p.table(cp.outputs.merges);
      await run([
        `CREATE TABLE IF NOT EXISTS ${merges} (${p.ident('merged_profile_id')} ${p.dialect.types.string}, ${p.ident('surviving_profile_id')} ${p.dialect.types.string}, ${p.ident('merged_at')} ${p.dialect.types.timestamp})`,
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
      const profiles = await count(`SELECT COUNT(*) AS n FROM ${p.table(cp.outputs.profiles)}`);
      const identifiers = await count(`SELECT COUNT(*) AS n FROM ${p.table(cp.outputs.identifiers)}`);
      const merged = await count(`SELECT COUNT(*) AS n FROM ${s.t('new_merges')}`);
      return { status: 'success', rows: profiles, message: `${profiles} profiles from ${identifiers} identifiers in ${iterations} iteration${iterations === 1 ? '' : 's'} (${jumps} pointer jumps)${merged ? `, ${merged} merged` : ''}` };
    } finally {
      ctx.recordSql(node, log.map((x) => `${x};`).join('\n\n') + '\n');
    }
  }, { node: node.id });
}
