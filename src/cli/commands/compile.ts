import { prepare, writeArtifacts } from '../../run/prepare.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

export async function compileCommand(flags: GlobalFlags, out: Output): Promise<number> {
  const started = performance.now();
  const p = prepare(flags);
  out.redact = p.redact;
  writeArtifacts(p);
  const nodes = Object.values(p.compiled.manifest.nodes);
  const ms = Math.round(performance.now() - started);
  const chosen = nodes.filter((n) => p.selected.has(n.id) && n.sql !== undefined);
  if (flags.select && chosen.length === 1) out.line(chosen[0].sql);
  else out.line(`Compiled ${nodes.length} nodes for target '${p.target.name}' (${p.target.type}) in ${ms} ms -> target/compiled, target/manifest.json`);
  out.result({ status: 'success', nodes: nodes.length, elapsed_ms: ms, target: p.target.name, selected: chosen.map((n) => ({ id: n.id, sql: n.sql })) });
  return 0;
}
