/** Delta rows to outgoing payloads: fields by column, template or constant; identifiers prepared per manifest. */
import type { ConnectorManifest, IdentifierRule, OutgoingRow } from '../../connectors/types.js';
import type { CompiledSync } from '../compile/manifest.js';
import { parseTemplate, renderTemplate, HelperError, type Helper, type TemplateValue } from '../compile/template.js';
import { prepareIdentifier } from './identifiers.js';
import type { Row } from '../warehouse/adapter.js';

const helpers: Record<string, Helper> = {
  lower: ([v]) => (v == null ? v : String(v).toLowerCase()),
  upper: ([v]) => (v == null ? v : String(v).toUpperCase()),
  trim: ([v]) => (v == null ? v : String(v).trim()),
  round: ([v, d]) => (v == null ? v : Number(Number(v).toFixed(typeof d === 'number' ? d : 0))),
  default: ([v, d]) => (v == null || v === '' ? d : v),
  concat: (args) => args.map((a) => (a == null ? '' : String(a))).join(''),
  date: ([v]) => (v == null ? v : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10)),
  json: ([v]) => JSON.stringify(v),
};

export type MappedRow = { ok: true; row: OutgoingRow; rowHash: string } | { ok: false; key: string; rowHash: string; reason: string };

/** Columns the mapping reads (for the extract), including variables used by templates. */
export function mappingColumns(s: CompiledSync): string[] {
  const cols = new Set<string>(Object.values(s.match));
  for (const f of Object.values(s.fields)) {
    if ('column' in f) cols.add(f.column);
    if ('template' in f) for (const v of templateVariables(f.template)) cols.add(v);
  }
  cols.delete(s.key);
  return [...cols].sort();
}

function templateVariables(text: string): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const node = n as { type?: string; parts?: string[]; original?: string; data?: boolean };
    if (node.type === 'PathExpression' && !node.data && node.parts?.length && !(node.original! in helpers)) out.push(node.parts[0]);
    for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
  };
  walk(parseTemplate(text));
  return out;
}

export class RowMapper {
  private readonly templates = new Map<string, ReturnType<typeof parseTemplate>>();
  // Entries listed once, not per row: map() runs for every row sent (10M on a first send of a large audience).
  private readonly match: [string, string, IdentifierRule][];
  private readonly fields: [string, CompiledSync['fields'][string]][];

  constructor(s: CompiledSync, manifest: ConnectorManifest) {
    for (const [field, f] of Object.entries(s.fields)) if ('template' in f) this.templates.set(field, parseTemplate(f.template));
    this.match = Object.entries(s.match).map(([name, column]) => [name, column, manifest.identifiers[name] ?? manifest.identifiers['*']]);
    this.fields = Object.entries(s.fields);
  }

  map(r: Row): MappedRow {
    const key = String(r.__key);
    const rowHash = String(r.__row_hash);
    const identifiers: Record<string, string> = {};
    for (const [name, column, rule] of this.match) {
      const prepared = prepareIdentifier(r[column], rule);
      if (!prepared.ok) return { ok: false, key, rowHash, reason: `${name}: ${prepared.reason}` };
      identifiers[name] = prepared.value;
    }
    const fields: Record<string, unknown> = {};
    for (const [field, f] of this.fields) {
      if ('column' in f) fields[field] = plain(r[f.column]);
      else if ('const' in f) fields[field] = f.const;
      else {
        try {
          const vars = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v) as TemplateValue]));
          fields[field] = renderTemplate(this.templates.get(field)!, { helpers, variables: vars }, () => Object.keys(r));
        } catch (e) {
          return { ok: false, key, rowHash, reason: `field ${field}: ${(e as Error).message}` };
        }
      }
    }
    return { ok: true, row: { key, fields, identifiers }, rowHash };
  }
}

/** JSON-safe values: bigints become numbers when exact, dates ISO strings. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  return v;
}

export { HelperError };
