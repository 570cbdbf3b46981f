/** Reads project.yml, models/ and seeds/ into a validated, typed Project; reports every mistake at once. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { codes } from '../diagnostics/codes.js';
import { DiagnosticBag, UserError } from '../diagnostics/diagnostic.js';
import { projectSchema } from './project-schema.js';
import { modelsFileSchema } from './models-schema.js';
import { parseYamlFile } from './yaml-file.js';
import { ParseCache } from './parse-cache.js';
import { spanAt, type Span } from './span.js';
import { buildNodes, type ModelEntry, type SeedEntry, type SourceEntry } from './build-nodes.js';
import type { DestinationConfig, ProfileEntry, Project, SyncDecl, TargetConfig } from './types.js';
import { syncsFileSchema } from './syncs-schema.js';
import { toSyncDecl } from './sync-decl.js';

export interface LoadOptions {
  dir: string;
  /** `--vars` overrides, merged over project.yml `vars`. */
  vars?: Record<string, unknown>;
}

export function loadProject(opts: LoadOptions): Project {
  const dir = resolve(opts.dir);
  const projectFile = join(dir, 'project.yml');
  if (!existsSync(projectFile)) {
    throw new UserError([{
      code: codes.fileError, severity: 'error', message: `no project.yml in ${dir}`,
      hint: 'run the command inside a Cible project, pass --project-dir, or create one with `cible init`',
    }]);
  }
  const bag = new DiagnosticBag();
  const files = new Map<string, string>();
  const read = (abs: string): { rel: string; text: string } => {
    const rel = relative(dir, abs).split('\\').join('/');
    const text = readFileSync(abs, 'utf8');
    files.set(rel, text);
    return { rel, text };
  };

  const p = read(projectFile);
  const py = parseYamlFile(p.rel, p.text, bag);
  const cfg = py ? projectSchema.parse(py.doc.contents, { y: py, bag }) : undefined;

  const targets = new Map<string, TargetConfig>();
  for (const [name, { value, keySpan }] of cfg?.targets ?? []) {
    targets.set(name, { name, type: value.type as TargetConfig['type'], settings: value.settings, span: keySpan });
  }
  if (targets.size === 0) {
    // No targets: the embedded DuckDB default, so a bare project builds with zero configuration.
    targets.set('local', {
      name: 'local', type: 'duckdb', span: spanAt('project.yml'),
      settings: { path: { value: '.cible/cible.duckdb', span: spanAt('project.yml') } },
    });
  }
  const defaultTarget = cfg?.target ?? [...targets.keys()][0];
  if (cfg?.target && !targets.has(cfg.target)) {
    bag.add({ code: codes.unknownTarget, severity: 'error', message: `default target '${cfg.target}' is not declared under targets`, file: p.rel, ...spanRange(cfg.keySpans.target), hint: `declared targets: ${[...targets.keys()].join(', ')}` });
  }

  const vars: Record<string, unknown> = {};
  for (const [k, { value }] of cfg?.vars ?? []) vars[k] = value;
  Object.assign(vars, opts.vars ?? {});

  const modelEntries: ModelEntry[] = [];
  const seedEntries: SeedEntry[] = [];
  const sourceEntries: SourceEntry[] = [];
  const profiles: ProfileEntry[] = [];
  const yamlFiles = globSync(['models/**/*.yml', 'models/**/*.yaml', 'seeds/**/*.yml', 'seeds/**/*.yaml'], { cwd: dir, absolute: true }).sort();
  const cache = ParseCache.forProject(dir);
  for (const abs of yamlFiles) {
    const f = read(abs);
    const key = cache.key(f.rel, f.text);
    let parsed = cache.get<ReturnType<typeof modelsFileSchema.parse>>(key);
    if (!parsed) {
      const y = parseYamlFile(f.rel, f.text, bag);
      if (!y || y.doc.contents == null) continue;
      const before = bag.items.length;
      parsed = modelsFileSchema.parse(y.doc.contents, { y, bag });
      if (!parsed) continue;
      if (bag.items.length === before) cache.set(key, parsed);
    }
    for (const m of parsed.models ?? []) modelEntries.push({ entry: m, file: f.rel });
    for (const s of parsed.seeds ?? []) seedEntries.push({ entry: s, file: f.rel });
    for (const s of parsed.sources ?? []) sourceEntries.push({ entry: s, file: f.rel });
    for (const pr of parsed.profiles ?? []) profiles.push({ entry: pr, file: f.rel });
  }

  const syncs: SyncDecl[] = [];
  const syncNames = new Map<string, Span>();
  for (const abs of globSync(['syncs/**/*.yml', 'syncs/**/*.yaml'], { cwd: dir, absolute: true }).sort()) {
    const f = read(abs);
    const y = parseYamlFile(f.rel, f.text, bag);
    if (!y || y.doc.contents == null) continue;
    for (const s of syncsFileSchema.parse(y.doc.contents, { y, bag })?.syncs ?? []) {
      const decl = toSyncDecl(s, f.rel, bag);
      if (!decl) continue;
      const prev = syncNames.get(decl.name);
      if (prev) {
        bag.add({ code: codes.duplicateName, severity: 'error', message: `duplicate sync name '${decl.name}'`, file: f.rel, start: decl.span.start, end: decl.span.end, hint: `already declared at ${prev.file}:${prev.start.line}` });
        continue;
      }
      syncNames.set(decl.name, decl.span);
      syncs.push(decl);
    }
  }
  const destinations = new Map<string, DestinationConfig>();
  for (const [name, { value, keySpan }] of cfg?.destinations ?? []) destinations.set(name, { name, type: value.type, settings: value.settings, span: keySpan });

  const sqlFiles = globSync(['models/**/*.sql'], { cwd: dir, absolute: true }).sort().map((abs) => {
    const f = read(abs);
    return { rel: f.rel, text: f.text, name: basename(abs, '.sql'), relDir: relative(join(dir, 'models'), dirname(abs)).split('\\').join('/') };
  });
  const csvFiles = globSync(['seeds/**/*.csv'], { cwd: dir, absolute: true }).sort().map((abs) => ({
    rel: relative(dir, abs).split('\\').join('/'), name: basename(abs, '.csv'), abs,
  }));

  const nodes = buildNodes({
    bag, sqlFiles, csvFiles, modelEntries, seedEntries, sourceEntries,
    folderConfigs: new Map([...(cfg?.models ?? [])].map(([k, v]) => [k.replace(/^\/+|\/+$/g, ''), v.value])),
    seedDefaults: cfg?.seeds,
  });
  bag.throwIfErrors();
  cache.save();
  return { dir, name: cfg!.name, threads: cfg!.threads, profiles, defaultTarget, targets, vars, files, destinations, syncs, ...nodes };
}

function spanRange(s: Span | undefined) {
  return s ? { start: s.start, end: s.end } : {};
}
