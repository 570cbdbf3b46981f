/** A `profiles:` entry to a manifest node: inputs resolved, every name cross-checked, errors located. */
import { codes } from '../diagnostics/codes.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Span } from '../project/span.js';
import type { ProfileEntry } from '../project/types.js';
import type { TableName } from '../sql/ast.js';
import type { CompiledNode, CompiledProfile, ValueFilter } from './manifest.js';
import { resolveYamlRef, type RefIndex } from './node-refs.js';

export interface ProfileContext {
  index: RefIndex;
  bag: DiagnosticBag;
  /** FROM-able SQL of a node: its relation, or its inlined query. */
  fromSql(id: string): string;
  relation(name: string, schema?: string): TableName;
  /** Renders a small template (run_date) with the project's vars. */
  renderText(text: string, span: Span): string | undefined;
}

export function profileOutputNames(name: string): string[] {
  return [name, `${name}_identifiers`, `${name}_merges`, `${name}_audit`];
}

export function compileProfile({ entry: p, file }: ProfileEntry, ctx: ProfileContext): CompiledNode | undefined {
  const before = ctx.bag.items.length;
  const err = (span: Span | undefined, message: string, hint?: string, code: string = codes.badValue) =>
    ctx.bag.add({ code, severity: 'error', message, file, start: (span ?? p.span).start, end: (span ?? p.span).end, hint });
  const idTypes = Object.fromEntries([...p.id_types].map(([k, { value: v }]) => [k, { kind: v.kind, foldGmail: v.fold_gmail, defaultCountry: v.default_country, lowercase: v.lowercase, regex: v.regex }]));
  const typeNames = Object.keys(idTypes);
  const checkType = (t: string, span: Span | undefined) => {
    if (!idTypes[t]) err(span, `unknown identifier type '${t}'`, didYouMean(t, typeNames) ?? `declared under id_types: ${typeNames.join(', ')}`, codes.unknownRef);
  };

  const inputs: CompiledProfile['inputs'] = [];
  const deps = new Set<string>();
  for (const i of p.inputs) {
    const r = resolveYamlRef(ctx.index, i.from);
    if ('error' in r) {
      err(i.keySpans.from, r.error, r.hint, codes.unknownRef);
      continue;
    }
    deps.add(r.id);
    const name = i.name ?? i.from.split('.').pop()!;
    if (inputs.some((x) => x.name === name)) err(i.span, `two inputs are named '${name}'`, 'give one of them a name: key');
    for (const [t, { keySpan }] of i.ids) checkType(t, keySpan);
    inputs.push({ name, node: r.id, from: ctx.fromSql(r.id), ids: Object.fromEntries([...i.ids].map(([k, v]) => [k, v.value])), at: i.at, where: i.where });
  }
  const inputNames = inputs.map((x) => x.name);
  const checkInput = (n: string | undefined, span: Span | undefined) => {
    if (n !== undefined && !inputNames.includes(n)) err(span, `'${n}' is not an input of profile '${p.name}'`, didYouMean(n, inputNames) ?? `inputs: ${inputNames.join(', ')}`, codes.unknownRef);
  };

  const filters = (m: typeof p.exclude): Record<string, ValueFilter> => {
    const out: Record<string, ValueFilter> = {};
    for (const [t, { value, keySpan }] of m ?? []) {
      checkType(t, keySpan);
      out[t] = { values: value.filter((v): v is string => typeof v === 'string'), regexes: value.filter((v) => typeof v !== 'string').map((v) => (v as { regex: string }).regex) };
    }
    return out;
  };
  const limits: CompiledProfile['limits'] = {};
  for (const [t, { value, keySpan }] of p.limits ?? []) {
    checkType(t, keySpan);
    limits[t] = {};
    for (const [other, { value: n, keySpan: os }] of value) {
      checkType(other, os);
      limits[t][other] = n;
    }
  }

  const traits: CompiledProfile['traits'] = {};
  for (const [name, { value: t, keySpan }] of p.traits ?? []) {
    const rule = t.rule ?? (t.sources ? 'priority' : 'latest');
    const from = t.sources ?? (t.from ? [t.from] : inputNames);
    for (const f of from) checkInput(f, t.keySpans.sources ?? t.keySpans.from ?? keySpan);
    traits[name] = { rule, sources: from.map((input) => ({ input, column: t.column ?? name })) };
  }
  const features: CompiledProfile['features'] = {};
  for (const [name, { value: f, keySpan }] of p.features ?? []) {
    if (!f) continue;
    // SQL fragments may use {{var "..."}} like models do.
    const sqlOf = (text: string | undefined) => (text === undefined ? undefined : ctx.renderText(text, keySpan));
    if (f.derived !== undefined) {
      if (f.agg || f.from) err(keySpan, `feature '${name}': derived features take no from/agg`, 'derived: "revenue / nullif(orders, 0)" combines other features');
      features[name] = { derived: sqlOf(f.derived) };
      continue;
    }
    if (!f.agg) {
      err(keySpan, `feature '${name}' needs agg (or derived)`, 'agg: count | count_distinct | sum | avg | min | max | first | last | exists');
      continue;
    }
    const input = f.from ?? (inputNames.length === 1 ? inputNames[0] : undefined);
    if (!input) err(keySpan, `feature '${name}' needs from: (the profile has several inputs)`, `inputs: ${inputNames.join(', ')}`);
    checkInput(input, f.keySpans.from ?? keySpan);
    if (!['count', 'exists'].includes(f.agg) && !f.expr) err(keySpan, `feature '${name}': agg ${f.agg} needs expr`, 'expr: a SQL expression over the input columns, e.g. amount');
    if (f.within && !inputs.find((x) => x.name === input)?.at) err(f.keySpans.within, `feature '${name}': within needs the input's at: column`, `add at: <timestamp column> to input '${input}'`);
    if ((f.agg === 'first' || f.agg === 'last') && !inputs.find((x) => x.name === input)?.at) err(keySpan, `feature '${name}': ${f.agg} needs the input's at: column`);
    features[name] = { input, agg: f.agg, expr: sqlOf(f.expr), where: sqlOf(f.where), within: f.within };
  }
  const runDate = p.run_date ? ctx.renderText(p.run_date, p.keySpans.run_date ?? p.span) : undefined;
  if (ctx.bag.items.length > before) return undefined;

  const out = (n: string) => ctx.relation(n, p.schema);
  return {
    id: `profile.${p.name}`, type: 'profile', name: p.name, path: file, tags: p.tags ?? [], enabled: true, description: p.description,
    dependsOn: [...deps], span: p.span, relation: out(p.name),
    profile: {
      idTypes, inputs, include: filters(p.include), exclude: filters(p.exclude), limits, maxIterations: p.max_iterations ?? 50,
      runDate, traits, features,
      outputs: { profiles: out(p.name), identifiers: out(`${p.name}_identifiers`), merges: out(`${p.name}_merges`), audit: out(`${p.name}_audit`) },
    },
  };
}
