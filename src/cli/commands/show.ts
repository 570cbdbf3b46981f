import { codes } from '../../diagnostics/codes.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { prepare } from '../../run/prepare.js';
import { openAdapter } from '../../warehouse/open-adapter.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

/** Runs the node's compiled SELECT (or reads a seed/source table) with a LIMIT and prints the rows. */
export async function showCommand(flags: GlobalFlags, out: Output, args: string[]): Promise<number> {
  const p = prepare(flags);
  out.redact = p.redact;
  const name = args[0];
  const nodes = Object.values(p.compiled.manifest.nodes).filter((n) => n.type !== 'test');
  const node = nodes.find((n) => n.name === name || n.id === name || n.id === `source.${name}`);
  // A profile's other outputs (customer_identifiers, _merges, _audit) are shown from their tables.
  const profileOutput = nodes.flatMap((n) => (n.profile ? Object.values(n.profile.outputs) : [])).find((t) => t.name === name);
  if (!node && !profileOutput) {
    throw new UserError([{ code: codes.unknownNode, severity: 'error', file: '<node>', message: `no model, seed or source named '${name}'`, hint: didYouMean(name, nodes.map((n) => n.name)) }]);
  }
  const pr = p.compiled.printer;
  const from = !node ? pr.table(profileOutput!) : node.type === 'model' ? `(\n${node.sql}\n) AS ${pr.ident('cible_show')}` : pr.table(node.relation!);
  const adapter = await openAdapter(p.target, p.project.dir);
  try {
    const { columns, rows } = await adapter.query(`SELECT * FROM ${from} LIMIT ${flags.limit ?? 10}`);
    out.table(columns, rows.map((r) => columns.map((c) => cell(r[c]))));
    out.line(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
    out.result({ node: node?.id ?? name, columns, rows: JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) });
    return 0;
  } finally {
    await adapter.close();
  }
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
  return String(v);
}
