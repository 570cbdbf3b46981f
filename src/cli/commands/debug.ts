import { loadProject } from '../../project/load-project.js';
import { resolveTarget } from '../../project/resolve-target.js';
import { secretKey } from '../../project/env.js';
import { parseCliVars } from '../../project/vars.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import { makeRedactor } from '../../run/redact.js';
import { sql as q } from '../../sql/ast.js';
import { printerFor } from '../../sql/registry.js';
import { openAdapter } from '../../warehouse/open-adapter.js';
import { checkPermissions } from '../../warehouse/permission-checks.js';
import { WarehouseConfigError } from '../../warehouse/warehouse-config-error.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

/**
 * Prints the configuration (secrets masked) and checks the connection: the adapter's open() checks the settings and
 * logs in (BigQuery: a free dry run, which needs the permission to create jobs), then a query and a listing of the
 * target's schema, then what a build needs (src/warehouse/permission-checks.ts: create the schema, create and drop a
 * table, read each source). A misconfiguration exits 2 with the setting named at its line in project.yml, a missing
 * privilege exits 2 naming it; a warehouse that cannot be reached exits 1.
 */
export async function debugCommand(flags: GlobalFlags, out: Output): Promise<number> {
  const project = loadProject({ dir: flags.projectDir, vars: parseCliVars(flags.vars) });
  out.line(`project: ${project.name} (${project.dir})`);
  out.line(`models: ${project.models.length}, seeds: ${project.seeds.length}, sources: ${project.sources.length}`);
  const target = resolveTarget(project, flags.target);
  out.redact = makeRedactor(target.secrets);
  const shown = Object.fromEntries(Object.entries(target.settings).map(([k, v]) => [k, secretKey.test(k) ? '****' : v]));
  out.line(`target: ${target.name} (${target.type}) ${JSON.stringify(shown)}`);
  const report: Record<string, unknown> = { project: project.name, target: target.name, type: target.type, settings: shown };
  try {
    const adapter = await openAdapter(target, project.dir);
    try {
      const info = await adapter.describe();
      const rels = await adapter.relations([target.schema]);
      out.line(`connection: OK ${JSON.stringify(info)}`);
      out.line(`schema '${target.schema}': ${rels.size} relations`);
      report.connection = { ok: true, ...info, relations: rels.size };
      const sources = project.sources.map((x) => ({ id: `${x.source}.${x.name}`, table: q.table(x.identifier, x.schema, x.database) }));
      const checks = await checkPermissions(adapter, printerFor(target.type), target, sources);
      for (const c of checks) out.line(c.ok ? `OK    ${c.what}` : `FAIL  ${c.what}: ${c.error}\n      needs: ${c.needs}`);
      report.checks = checks;
      const failed = checks.filter((c) => !c.ok);
      if (failed.length) {
        out.error(`${failed.length} of ${checks.length} permission checks failed: grant what each "needs" line says to the target's credentials`);
        out.result(report);
        return 2;
      }
    } finally {
      await adapter.close();
    }
  } catch (e) {
    if (e instanceof UserError) {
      out.error('connection: FAILED: the target is misconfigured');
      throw e instanceof WarehouseConfigError ? e.locate(target.spans) : e;
    }
    out.error(`connection: FAILED: ${(e as Error).message}`);
    out.result({ ...report, connection: { ok: false, error: (e as Error).message } });
    return 1;
  }
  out.line('All checks passed.');
  out.result(report);
  return 0;
}
