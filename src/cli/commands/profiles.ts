/** `cible profiles audit <name>`: the identifiers that tie the most together, what was dropped, the biggest profiles. */
import { codes } from '../../diagnostics/codes.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { prepare } from '../../run/prepare.js';
import { openAdapter } from '../../warehouse/open-adapter.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

export async function profilesCommand(flags: GlobalFlags, out: Output, args: string[]): Promise<number> {
  const [action, name] = args;
  if (action !== 'audit' || !name) {
    throw new UserError([{ code: codes.badValue, severity: 'error', file: '<command>', message: `unknown profiles action '${action ?? ''}'`, hint: 'usage: cible profiles audit <profile>' }]);
  }
  const p = prepare(flags);
  out.redact = p.redact;
  const profiles = Object.values(p.compiled.manifest.nodes).filter((n) => n.type === 'profile');
  const node = profiles.find((n) => n.name === name);
  if (!node) throw new UserError([{ code: codes.unknownNode, severity: 'error', file: '<profile>', message: `no profile named '${name}'`, hint: didYouMean(name, profiles.map((n) => n.name)) ?? `profiles: ${profiles.map((n) => n.name).join(', ') || 'none'}` }]);
  const pr = p.compiled.printer;
  const o = node.profile!.outputs;
  const i = (x: string) => pr.ident(x);
  const limit = flags.limit ?? 10;
  const adapter = await openAdapter(p.target, p.project.dir);
  try {
    const largest = await adapter.query(`SELECT ${i('profile_id')}, COUNT(*) AS ${i('identifiers')}, COUNT(DISTINCT ${i('id_type')}) AS ${i('types')}, SUM(${i('occurrences')}) AS ${i('occurrences')} FROM ${pr.table(o.identifiers)} GROUP BY ${i('profile_id')} ORDER BY 2 DESC, 1 LIMIT ${limit}`);
    const busiest = await adapter.query(`SELECT ${i('id_type')}, ${i('id_value')}, ${i('occurrences')}, ${i('sources')} FROM ${pr.table(o.identifiers)} ORDER BY ${i('occurrences')} DESC, ${i('id_type')}, ${i('id_value')} LIMIT ${limit}`);
    const dropped = await adapter.query(`SELECT ${i('id_type')}, ${i('id_value')}, ${i('reason')}, COALESCE(${i('linked_values')}, ${i('occurrences')}) AS ${i('count')} FROM ${pr.table(o.audit)} ORDER BY 4 DESC, 1, 2 LIMIT ${limit}`);
    const show = (title: string, r: { columns: string[]; rows: Record<string, unknown>[] }) => {
      out.line(title);
      out.table(r.columns, r.rows.map((row) => r.columns.map((c) => String(row[c] ?? 'NULL'))));
      out.line('');
    };
    show(`Largest profiles of '${name}'`, largest);
    show('Most connected identifiers (kept)', busiest);
    show('Identifiers dropped from the graph (limits, exclusions, placeholders, invalid values)', dropped);
    const plain = (r: { rows: Record<string, unknown>[] }) => JSON.parse(JSON.stringify(r.rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
    out.result({ profile: name, largest: plain(largest), most_connected: plain(busiest), dropped: plain(dropped) });
    return 0;
  } finally {
    await adapter.close();
  }
}
