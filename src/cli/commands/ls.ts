import { prepare, selectable } from '../../run/prepare.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

export async function lsCommand(flags: GlobalFlags, out: Output): Promise<number> {
  const p = prepare(flags);
  const nodes = p.compiled.manifest.nodes;
  const ids = p.compiled.dag.topoOrder().filter((id) => p.selected.has(id));
  for (const id of ids) out.line(id);
  out.result(ids.map((id) => ({ ...selectable(nodes[id]), materialized: nodes[id].model?.materialized, depends_on: nodes[id].dependsOn })));
  return 0;
}
