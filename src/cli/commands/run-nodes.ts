/** build / run / test / seed: progress while nodes run, a summary at the end, exit 1 if anything failed. */
import type { CompiledNode } from '../../compile/manifest.js';
import { invoke, threadsFor, type RunCommand } from '../../run/invoke.js';
import type { NodeResult } from '../../run/run-results.js';
import type { Runner } from '../../run/runner.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

const label: Record<NodeResult['status'], string> = { success: 'OK   ', warn: 'WARN ', error: 'ERROR', skipped: 'SKIP ', disabled: 'OFF  ' };

export function runNodesCommand(command: RunCommand) {
  return async (flags: GlobalFlags, out: Output): Promise<number> => {
    if (flags.dryRun && (command === 'build' || command === 'run')) return (await import('./dry-run.js')).dryRunCommand(command)(flags, out);
    const started = Date.now();
    const running = new Set<string>();
    let total = 0;
    let done = 0;
    let runner: Runner | undefined;
    const onSigint = () => {
      out.error('\nCancelling: stopping running queries (Ctrl-C again to force quit)...');
      process.removeListener('SIGINT', onSigint);
      void runner?.cancel();
    };
    process.on('SIGINT', onSigint);
    const tick = () => out.status(`[${done}/${total}] ${((Date.now() - started) / 1000).toFixed(1)}s  running: ${[...running].join(', ')}`);
    const timer = setInterval(tick, 250);
    try {
      const r = await invoke(command, { ...flags, threads: flags.threads }, {
        onPlan(nodes: CompiledNode[], p) {
          out.redact = p.redact;
          total = nodes.length;
          out.line(`Running ${command} on target '${p.target.name}' (${p.target.type}): ${nodes.length} nodes, ${threadsFor(flags, p)} threads`);
        },
        onRunner: (x) => (runner = x),
        onStart(node) {
          running.add(node.name);
          tick();
        },
        onEnd(node, res) {
          running.delete(node.name);
          done++;
          const extra = [res.rows !== undefined ? `${res.rows.toLocaleString('en-US')} row${res.rows === 1 ? '' : 's'}` : '', res.execution_time_ms ? `${(res.execution_time_ms / 1000).toFixed(2)}s` : ''].filter(Boolean).join(', ');
          out.line(`${label[res.status]} ${String(done).padStart(String(total).length)}/${total} ${node.type} ${node.name}  ${res.message}${extra ? ` (${extra})` : ''}`);
          if (res.status === 'error' && res.error?.sql && !flags.quiet) out.line(`      see target/run/ for the SQL that failed`);
          tick();
        },
      });
      const counts: Record<string, number> = {};
      for (const x of r.results) counts[x.status] = (counts[x.status] ?? 0) + 1;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      out.line(`\nDone in ${secs}s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing to do'}`);
      for (const x of r.results.filter((x) => x.status === 'error')) out.error(`error in ${x.unique_id}: ${x.message}`);
      out.result({ status: r.exitCode === 0 ? 'success' : 'error', elapsed_ms: Date.now() - started, counts, results: r.results });
      return r.exitCode;
    } finally {
      clearInterval(timer);
      out.clearStatus();
      process.removeListener('SIGINT', onSigint);
    }
  };
}
