/** Resolves names users write (`ref "x"`, `source "s" "t"`, YAML `to: source.shop.customers`) to node ids. */
import { didYouMean } from '../diagnostics/suggest.js';
import type { Project } from '../project/types.js';
import { profileOutputNames } from './compile-profile.js';

export interface RefIndex {
  /** model and seed names -> id (disabled ones included, flagged). */
  refs: Map<string, { id: string; enabled: boolean; output?: string }>;
  /** `source.table` -> id. */
  sources: Map<string, string>;
  sourceNames: Set<string>;
}

export function buildRefIndex(project: Project): RefIndex {
  const refs = new Map<string, { id: string; enabled: boolean; output?: string }>();
  // A profile answers to four names, one per output table, all built by the one profile node.
  for (const { entry } of project.profiles) for (const out of profileOutputNames(entry.name)) refs.set(out, { id: `profile.${entry.name}`, enabled: true, output: out });
  for (const m of project.models) refs.set(m.name, { id: `model.${m.name}`, enabled: m.enabled });
  for (const s of project.seeds) refs.set(s.name, { id: `seed.${s.name}`, enabled: s.enabled });
  const sources = new Map<string, string>();
  for (const s of project.sources) sources.set(`${s.source}.${s.name}`, `source.${s.source}.${s.name}`);
  return { refs, sources, sourceNames: new Set(project.sources.map((s) => s.source)) };
}

export type Resolution = { id: string; output?: string } | { error: string; hint?: string };

export function resolveRef(index: RefIndex, name: string): Resolution {
  const r = index.refs.get(name);
  if (!r) return { error: `unknown ref '${name}'`, hint: didYouMean(name, index.refs.keys()) ?? 'refs name a model (.sql file stem) or a seed (.csv file stem)' };
  if (!r.enabled) return { error: `ref '${name}' points at a disabled node`, hint: `enable '${name}' or remove the reference` };
  return { id: r.id, output: r.output };
}

export function resolveSource(index: RefIndex, source: string, table: string): Resolution {
  const id = index.sources.get(`${source}.${table}`);
  if (id) return { id };
  if (!index.sourceNames.has(source)) {
    return { error: `unknown source '${source}'`, hint: didYouMean(source, index.sourceNames) ?? `declared sources: ${[...index.sourceNames].join(', ') || 'none'}` };
  }
  const tables = [...index.sources.keys()].filter((k) => k.startsWith(source + '.')).map((k) => k.slice(source.length + 1));
  return { error: `source '${source}' has no table '${table}'`, hint: didYouMean(table, tables) ?? `its tables: ${tables.join(', ')}` };
}

/** YAML node references: `name`, `ref.name`, `source.src.table`. */
export function resolveYamlRef(index: RefIndex, text: string): Resolution {
  if (text.startsWith('source.')) {
    const [, src, table] = text.split('.');
    return table ? resolveSource(index, src, table) : { error: `'${text}' should be source.<source>.<table>` };
  }
  return resolveRef(index, text.startsWith('ref.') ? text.slice(4) : text);
}
