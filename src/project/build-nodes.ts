/** Turns parsed YAML entries and discovered files into project nodes, checking names are unique. */
import { codes } from '../diagnostics/codes.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Infer } from './schema.js';
import type { modelEntrySchema, seedEntrySchema, sourceSchema } from './models-schema.js';
import type { projectSchema } from './project-schema.js';
import { spanAt, type Span } from './span.js';
import type { ColumnDoc, ModelConfig, Seed, SourceTable, SqlModel, TestDecl } from './types.js';

export type ModelEntry = { entry: Infer<typeof modelEntrySchema>; file: string };
export type SeedEntry = { entry: Infer<typeof seedEntrySchema>; file: string };
export type SourceEntry = { entry: Infer<typeof sourceSchema>; file: string };
type FolderConfig = NonNullable<Infer<typeof projectSchema>['models']> extends Map<string, { value: infer V }> ? V : never;

interface BuildInput {
  bag: DiagnosticBag;
  sqlFiles: { rel: string; text: string; name: string; relDir: string }[];
  csvFiles: { rel: string; name: string }[];
  modelEntries: ModelEntry[];
  seedEntries: SeedEntry[];
  sourceEntries: SourceEntry[];
  folderConfigs: Map<string, FolderConfig>;
  seedDefaults?: Infer<typeof projectSchema>['seeds'];
}

type Cols = Infer<typeof modelEntrySchema>['columns'];

function columnsAndTests(columns: Cols, tests: TestDecl[] | undefined): { columns: ColumnDoc[]; tests: TestDecl[] } {
  const all = [...(tests ?? [])];
  const docs: ColumnDoc[] = [];
  for (const c of columns ?? []) {
    docs.push({ name: c.name, description: c.description });
    all.push(...(c.tests ?? []));
  }
  return { columns: docs, tests: all };
}

export function buildNodes(input: BuildInput): { models: SqlModel[]; seeds: Seed[]; sources: SourceTable[] } {
  const { bag } = input;
  const declared = new Map<string, Span>();
  const claim = (name: string, span: Span, what: string) => {
    const prev = declared.get(name);
    if (prev) {
      bag.add({
        code: codes.duplicateName, severity: 'error', message: `duplicate node name '${name}' (${what})`,
        file: span.file, start: span.start, end: span.end,
        hint: `'${name}' is already declared at ${prev.file}:${prev.start.line}:${prev.start.col}; names of models and seeds share one namespace`,
      });
    } else declared.set(name, span);
  };

  const entries = new Map<string, ModelEntry>();
  for (const me of input.modelEntries) {
    const prev = entries.get(me.entry.name);
    if (prev) {
      bag.add({ code: codes.duplicateName, severity: 'error', message: `model '${me.entry.name}' is described twice`, file: me.file, ...range(me.entry.span), hint: `also described at ${prev.file}:${prev.entry.span.start.line}` });
    } else entries.set(me.entry.name, me);
  }

  const models: SqlModel[] = [];
  const folderKeys = [...input.folderConfigs.keys()].sort((a, b) => a.length - b.length);
  for (const f of input.sqlFiles) {
    const fileSpan = spanAt(f.rel);
    claim(f.name, fileSpan, f.rel);
    const config: ModelConfig = { materialized: 'view', tags: [], enabled: true, incrementalStrategy: 'merge' };
    for (const key of folderKeys) {
      if (key === '' || f.relDir === key || f.relDir.startsWith(key + '/')) applyConfig(config, input.folderConfigs.get(key)!);
    }
    const me = entries.get(f.name);
    entries.delete(f.name);
    if (me) applyConfig(config, me.entry);
    const ct = columnsAndTests(me?.entry.columns, me?.entry.tests);
    models.push({
      kind: 'model', name: f.name, file: f.rel, template: f.text, config, path: f.rel,
      description: me?.entry.description, tags: config.tags, enabled: config.enabled,
      span: me ? me.entry.span : fileSpan, ...ct,
    });
  }
  const sqlNames = input.sqlFiles.map((f) => f.name);
  for (const [name, me] of entries) {
    bag.add({
      code: codes.unknownNode, severity: 'error', message: `model '${name}' is described in YAML but has no SQL file`,
      file: me.file, ...range(me.entry.keySpans.name ?? me.entry.span),
      hint: didYouMean(name, sqlNames) ?? `create models/${name}.sql`,
    });
  }

  const seedEntries = new Map(input.seedEntries.map((s) => [s.entry.name, s]));
  const seeds: Seed[] = [];
  for (const f of input.csvFiles) {
    const fileSpan = spanAt(f.rel);
    claim(f.name, fileSpan, f.rel);
    const se = seedEntries.get(f.name);
    seedEntries.delete(f.name);
    const e = se?.entry;
    const columnTypes: Record<string, string> = {};
    for (const [k, { value }] of e?.column_types ?? []) columnTypes[k] = value;
    const tags = [...(input.seedDefaults?.tags ?? []), ...(e?.tags ?? [])];
    seeds.push({
      kind: 'seed', name: f.name, file: f.rel, path: f.rel, schema: e?.schema ?? input.seedDefaults?.schema, alias: e?.alias,
      columnTypes, delimiter: e?.delimiter ?? ',', description: e?.description, tags,
      enabled: e?.enabled ?? input.seedDefaults?.enabled ?? true, span: e?.span ?? fileSpan,
      ...columnsAndTests(e?.columns, e?.tests),
    });
  }
  for (const [name, se] of seedEntries) {
    bag.add({ code: codes.unknownNode, severity: 'error', message: `seed '${name}' is described in YAML but has no CSV file`, file: se.file, ...range(se.entry.span), hint: didYouMean(name, input.csvFiles.map((c) => c.name)) ?? `create seeds/${name}.csv` });
  }

  const sources: SourceTable[] = [];
  const sourceIds = new Map<string, Span>();
  for (const { entry: s, file } of input.sourceEntries) {
    for (const t of s.tables) {
      const table = typeof t === 'string' ? { name: t, span: s.span } : t;
      const id = `${s.name}.${table.name}`;
      if (sourceIds.has(id)) {
        bag.add({ code: codes.duplicateName, severity: 'error', message: `duplicate source table '${id}'`, file, ...range(table.span) });
        continue;
      }
      sourceIds.set(id, table.span);
      const detail = typeof t === 'string' ? undefined : t;
      sources.push({
        kind: 'source', source: s.name, name: table.name, schema: s.schema ?? s.name, database: s.database,
        identifier: detail?.identifier ?? table.name, description: detail?.description ?? s.description,
        tags: [...(s.tags ?? []), ...(detail?.tags ?? [])], enabled: true, span: table.span, path: file,
        ...columnsAndTests(detail?.columns, detail?.tests),
      });
    }
  }
  return { models, seeds, sources };
}

function applyConfig(c: ModelConfig, f: Partial<Record<string, unknown>>): void {
  if (f.materialized) c.materialized = f.materialized as ModelConfig['materialized'];
  if (f.schema) c.schema = f.schema as string;
  if (f.alias) c.alias = f.alias as string;
  if (f.tags) c.tags = [...new Set([...c.tags, ...(f.tags as string[])])];
  if (f.enabled !== undefined) c.enabled = f.enabled as boolean;
  if (f.unique_key) c.uniqueKey = f.unique_key as string[];
  if (f.incremental_strategy) c.incrementalStrategy = f.incremental_strategy as ModelConfig['incrementalStrategy'];
  if (f.engine) c.engine = f.engine as ModelConfig['engine'];
}

function range(s: Span) {
  return { start: s.start, end: s.end };
}
