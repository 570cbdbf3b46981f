/** The grammar of syncs/**.yml: which audience goes where, how identities and fields map, and how. */
import { isMap, isScalar } from 'yaml';
import { anyValue, bool, custom, list, obj, oneOf, oneOrMany, record, str, text, wrongType } from './schema.js';
import type { FieldSource } from './types.js';

/**
 * A field's value: `column_name`, `"{{template}}"` (Handlebars over the row's columns), a number or
 * boolean constant, or the explicit forms `{ column: x }`, `{ template: "..." }`, `{ const: v }`.
 */
const fieldSource = custom<FieldSource>('a column name, a "{{template}}", a constant, or { column | template | const }', (node, ctx) => {
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return v.includes('{{') ? { template: v } : { column: v };
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return { const: v };
  }
  if (isMap(node)) {
    const o = obj({ column: str(), template: str(), const: anyValue() }, { name: 'a field' }).parse(node, ctx);
    if (!o) return undefined;
    if (o.column !== undefined) return { column: o.column };
    if (o.template !== undefined) return { template: o.template };
    if ('const' in o) return { const: o.const as string | number | boolean | null };
  }
  return wrongType(node, ctx, 'a column name, a "{{template}}", a constant, or { column | template | const }');
});

/** `0.05` or `"5%"`. */
const rate = custom<number>('a rate such as 0.05 or "5%"', (node, ctx) => {
  if (isScalar(node)) {
    const v = node.value;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v.trim()) ? Number(v.trim().slice(0, -1)) / 100 : NaN;
    if (n >= 0 && n <= 1) return n;
  }
  return wrongType(node, ctx, 'a rate between 0 and 1, or a percentage such as "5%"');
});

export const syncEntrySchema = obj(
  {
    name: str(),
    description: str(),
    model: str(),
    segment: str(),
    to: str(),
    mode: oneOf(['upsert', 'update', 'insert', 'mirror'] as const),
    key: str(),
    match: record(str()),
    fields: record(fieldSource),
    options: record(anyValue()),
    schedule: str(),
    events: obj({ on_enter: str(), on_exit: str() }, { name: 'events' }),
    max_reject_rate: rate,
    tags: oneOrMany(str()),
    enabled: bool(),
  },
  { required: ['name', 'to', 'key'], name: 'a sync' },
);

export const syncsFileSchema = obj({ version: text(), syncs: list(syncEntrySchema) }, { name: 'a syncs file' });

