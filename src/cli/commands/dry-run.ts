/** `cible build --dry-run` / `cible run --dry-run`: one line per model with the bytes it would process, then the total. */
import { dryRunNodes, formatBytes, type DryRunEntry } from '../../run/dry-run.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

const label: Record<DryRunEntry['status'], string> = { estimated: 'DRY  ', waiting: 'WAIT ', skipped: 'SKIP ', error: 'ERROR' };

export function dryRunCommand(command: 'build' | 'run') {
  return async (flags: GlobalFlags, out: Output): Promise<number> => {
    let width = 0;
    const r = await dryRunNodes(command, flags, {
      onPlan(nodes, p) {
        out.redact = p.redact;
        width = Math.max(0, ...nodes.map((n) => n.name.length));
        out.line(`Dry run of ${command} on target '${p.target.name}' (${p.target.type}): estimating ${nodes.length} model${nodes.length === 1 ? '' : 's'}, executing nothing`);
      },
    });
    for (const e of r.report.results) {
      out.line(`${label[e.status]} ${e.type} ${e.name.padEnd(width)}  ${(e.materialized ?? '').padEnd(11)}  ${e.message}`);
    }
    const n = (s: DryRunEntry['status']) => r.report.results.filter((e) => e.status === s).length;
    const estimated = r.report.results.filter((e) => e.status === 'estimated' && e.select_bytes === undefined).length;
    const notes = [
      n('waiting') ? `${n('waiting')} not estimable until upstream models are built` : '',
      n('error') ? `${n('error')} rejected by the warehouse` : '',
    ].filter(Boolean);
    const total = r.report.total_bytes;
    out.line(`\nTotal: ${formatBytes(total)} (${total.toLocaleString('en-US')} bytes) for ${estimated} table model${estimated === 1 ? '' : 's'}${notes.length ? `; ${notes.join('; ')}` : ''}`);
    out.line('Estimates written to target/dry_run.json');
    for (const e of r.report.results.filter((x) => x.status === 'error')) out.error(`error in ${e.unique_id}: ${e.message}`);
    out.result({ status: r.exitCode === 0 ? 'success' : 'error', ...r.report });
    return r.exitCode;
  };
}
