/** Project -> Manifest: renders every model template, builds test queries, checks the graph for cycles. */
import { codes } from '../diagnostics/codes.js';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { Dag } from '../graph/dag.js';
import type { ResolvedTarget } from '../project/resolve-target.js';
import type { Project, SqlModel, TestDecl } from '../project/types.js';
import { sql as q, type TableName } from '../sql/ast.js';
import type { SqlPrinter } from '../sql/printer.js';
import { printerFor } from '../sql/registry.js';
import { failingRowsQuery, testName } from './data-tests.js';
import { ephemeralCteName, inlineEphemerals } from './ephemeral.js';
import type { CompiledNode, Manifest } from './manifest.js';
import { compileSync } from './compile-sync.js';
import { compileProfile } from './compile-profile.js';
import { buildRefIndex, resolveRef, resolveSource, resolveYamlRef, type RefIndex } from './node-refs.js';
import { sqlHelpers } from './sql-helpers.js';
import { HelperError, parseTemplate, renderTemplate, TemplateError, type Helper, type TemplateValue } from './template.js';

export interface Compiled {
  manifest: Manifest;
  dag: Dag;
  printer: SqlPrinter;
  /** Re-renders a model for an incremental run (`is_incremental` true), with ephemerals inlined. */
  renderIncremental(id: string): string;
}

type Program = ReturnType<typeof parseTemplate>;

export function compileProject(project: Project, target: ResolvedTarget): Compiled {
  const p = printerFor(target.type);
  const bag = new DiagnosticBag();
  const index = buildRefIndex(project);
  const nodes: Record<string, CompiledNode> = {};
  const programs = new Map<string, { model: SqlModel; program: Program }>();
  const ephemeralRefs = new Map<string, string[]>();

  const relationOf = (schema: string | undefined, name: string): TableName => q.table(name, schema ?? target.schema, target.database);
  const modelRel = new Map<string, TableName | undefined>();
  for (const m of project.models) modelRel.set(`model.${m.name}`, m.config.materialized === 'ephemeral' ? undefined : relationOf(m.config.schema, m.config.alias ?? m.name));
  for (const s of project.seeds) modelRel.set(`seed.${s.name}`, relationOf(s.schema, s.alias ?? s.name));
  for (const s of project.sources) modelRel.set(`source.${s.source}.${s.name}`, q.table(s.identifier, s.schema, s.database));
  for (const { entry } of project.profiles) modelRel.set(`profile.${entry.name}`, relationOf(entry.schema, entry.name));
  // `engine: duckdb` models on another target: rendered for the embedded DuckDB, where their refs live too.
  const duck = printerFor('duckdb');
  const embedded = new Map<string, TableName>();
  if (target.type !== 'duckdb') {
    // The same schema and name as on the target; the embedded database has no database part (BigQuery's project).
    for (const m of project.models) if (m.config.engine === 'duckdb') embedded.set(`model.${m.name}`, { ...relationOf(m.config.schema, m.config.alias ?? m.name), database: undefined });
  }
  const relText = (id: string, output?: string): string => {
    if (output) return p.table(relationOf(project.profiles.find((x) => `profile.${x.entry.name}` === id)!.entry.schema, output));
    const rel = modelRel.get(id);
    return rel ? p.table(rel) : p.ident(ephemeralCteName(id.slice('model.'.length)));
  };

  /** Renders a template, recording dependencies; errors are located in `file`. */
  const targetHelpers = sqlHelpers(p);
  const duckHelpers = sqlHelpers(duck);
  /** `inEmbedded`: the SQL runs in the embedded DuckDB (an engine: duckdb model's own SELECT, not its tests). */
  const render = (program: Program, file: string, self: string | undefined, deps: Set<string>, isIncremental: boolean, inEmbedded = false): string | undefined => {
    const use = (r: ReturnType<typeof resolveRef>): string => {
      if ('error' in r) throw new HelperError(r.error, r.hint);
      deps.add(r.id);
      if (!inEmbedded) return relText(r.id, r.output);
      const rel = embedded.get(r.id);
      if (!rel) {
        throw new HelperError(
          `'${r.id.replace(/^\w+\./, '')}' is built on the ${target.type} target, but this model has engine: duckdb and runs in embedded DuckDB`,
          'an engine: duckdb model can read only other engine: duckdb models (give it that engine too, or remove engine: duckdb and write the SQL for every target)',
        );
      }
      return duck.table(rel);
    };
    const helpers: Record<string, Helper> = {
      ...(inEmbedded ? duckHelpers : targetHelpers),
      ref: (args) => {
        if (args.length !== 1 || typeof args[0] !== 'string') throw new HelperError(`ref takes one model or seed name, as {{ref "name"}}`);
        return use(resolveRef(index, args[0]));
      },
      source: (args) => {
        if (args.length !== 2 || typeof args[0] !== 'string' || typeof args[1] !== 'string') throw new HelperError(`source takes a source and a table, as {{source "shop" "orders"}}`);
        return use(resolveSource(index, args[0], args[1]));
      },
      var: (args) => {
        const name = String(args[0]);
        if (name in project.vars) return project.vars[name] as TemplateValue;
        if (args.length > 1) return args[1];
        throw new HelperError(`unknown variable '${name}'`, `declare it under vars: in project.yml, pass --vars '{${name}: ...}', or give a default: {{var "${name}" "default"}}`);
      },
      is_incremental: () => isIncremental,
    };
    const variables: Record<string, TemplateValue> = {
      is_incremental: isIncremental,
      target: { name: target.name, type: target.type, schema: target.schema },
    };
    if (self) variables.this = inEmbedded ? duck.table(embedded.get(self)!) : relText(self);
    try {
      // A trailing `;` is natural to type but would break the statements the SQL is wrapped into.
      return renderTemplate(program, { helpers, variables }, () => [...new Set([...Object.keys(helpers), ...Object.keys(variables)])]).replace(/[;\s]+$/, '');
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      bag.add({ code: codes.templateError, severity: 'error', message: e.message, file, start: { line: e.line, col: e.col }, hint: e.hint });
      return undefined;
    }
  };

  for (const m of project.models) {
    const id = `model.${m.name}`;
    let program: Program;
    try {
      program = parseTemplate(m.template);
    } catch (e) {
      const te = e as TemplateError;
      bag.add({ code: codes.templateError, severity: 'error', message: te.message, file: m.file, start: { line: te.line, col: te.col }, hint: te.hint });
      continue;
    }
    programs.set(id, { model: m, program });
    const deps = new Set<string>();
    const rendered = render(program, m.file, id, deps, false, embedded.has(id));
    nodes[id] = {
      id, type: 'model', name: m.name, path: m.path, tags: m.tags, enabled: m.enabled, description: m.description,
      dependsOn: [...deps], span: m.span, relation: modelRel.get(id), sql: rendered, columns: m.columns,
      model: { materialized: m.config.materialized, uniqueKey: m.config.uniqueKey, incrementalStrategy: m.config.incrementalStrategy, file: m.file, embeddedRelation: embedded.get(id) },
    };
    if (embedded.has(id) && m.config.materialized !== 'table') {
      bag.add({
        code: codes.badValue, severity: 'error', file: m.span.file, start: m.span.start, end: m.span.end,
        message: `model '${m.name}' has engine: duckdb, so on the ${target.type} target it is computed in embedded DuckDB and loaded as a table; materialized: ${m.config.materialized} cannot be`,
        hint: 'set materialized: table for engine: duckdb models',
      });
    }
    ephemeralRefs.set(id, [...deps].filter((d) => d.startsWith('model.') && !modelRel.get(d)));
  }
  for (const s of project.seeds) {
    const id = `seed.${s.name}`;
    nodes[id] = {
      id, type: 'seed', name: s.name, path: s.path, tags: s.tags, enabled: s.enabled, description: s.description, dependsOn: [],
      span: s.span, relation: modelRel.get(id), seed: { file: s.file, columnTypes: s.columnTypes, delimiter: s.delimiter }, columns: s.columns,
    };
  }
  for (const s of project.sources) {
    const id = `source.${s.source}.${s.name}`;
    nodes[id] = { id, type: 'source', name: s.name, path: s.path, tags: s.tags, enabled: true, description: s.description, dependsOn: [], span: s.span, relation: modelRel.get(id), columns: s.columns };
  }

  const allNodes = [...project.models, ...project.seeds, ...project.sources];
  for (const n of allNodes) {
    const parentId = n.kind === 'source' ? `source.${n.source}.${n.name}` : `${n.kind}.${n.name}`;
    if (!nodes[parentId]) continue;
    for (const t of n.tests) addTest(t, nodes[parentId], n.kind === 'source' ? `${n.source}_${n.name}` : n.name);
  }

  function addTest(t: TestDecl, parent: CompiledNode, parentName: string): void {
    let name = testName(t, parentName);
    for (let i = 2; nodes[`test.${name}`]; i++) name = `${testName(t, parentName)}_${i}`;
    const id = `test.${name}`;
    const deps = new Set([parent.id]);
    let sqlText: string | undefined;
    if (t.kind === 'expression') {
      try {
        sqlText = render(parseTemplate(t.sql!), t.span.file, parent.id, deps, false);
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        bag.add({ code: codes.templateError, severity: 'error', message: e.message, file: t.span.file, start: t.span.start, hint: e.hint });
      }
    } else {
      let parentRel: TableName | undefined;
      if (t.kind === 'relationships') {
        const r = resolveYamlRef(index, t.to!.value);
        if ('error' in r) {
          bag.add({ code: codes.unknownRef, severity: 'error', message: r.error, file: t.to!.span.file, start: t.to!.span.start, end: t.to!.span.end, hint: r.hint });
          return;
        }
        deps.add(r.id);
        parentRel = modelRel.get(r.id) ?? q.table(ephemeralCteName(r.id.slice(6)));
      }
      const rel = parent.relation ?? q.table(ephemeralCteName(parent.name));
      sqlText = p.select(failingRowsQuery(t, rel, parentRel));
    }
    nodes[id] = {
      id, type: 'test', name, path: parent.path, tags: parent.tags, enabled: parent.enabled, dependsOn: [...deps], span: t.span, sql: sqlText,
      test: { kind: t.kind, severity: t.severity, attachedTo: parent.id, columns: t.columns },
    };
    ephemeralRefs.set(id, [...deps].filter((d) => d.startsWith('model.') && !modelRel.get(d)));
  }

  for (const pe of project.profiles) {
    const node = compileProfile(pe, {
      index, bag,
      fromSql: (id) => (modelRel.get(id) ? p.table(modelRel.get(id)!) : `(\n${nodes[id]?.sql ?? ''}\n)`),
      relation: (name, schema) => relationOf(schema, name),
      renderText: (text, span) => {
        try {
          return render(parseTemplate(text), span.file, undefined, new Set(), false);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          bag.add({ code: codes.templateError, severity: 'error', message: e.message, file: span.file, start: span.start, hint: e.hint });
          return undefined;
        }
      },
    });
    if (node) nodes[node.id] = node;
  }
  for (const s of project.syncs) {
    const node = compileSync(s, project, index, bag);
    if (node) nodes[node.id] = node;
  }

  const dag = new Dag(Object.values(nodes));
  for (const chain of dag.cycles()) {
    const first = nodes[chain[0]];
    bag.add({
      code: codes.cycle, severity: 'error', file: first.span.file, start: first.span.start, end: first.span.end,
      message: `dependency cycle: ${chain.map((id) => nodes[id].name).join(' -> ')}`,
      hint: `each arrow reads "depends on"; declared at ${chain.slice(0, -1).map((id) => `${nodes[id].span.file}:${nodes[id].span.start.line}`).join(', ')}`,
    });
  }
  bag.throwIfErrors();

  const order = dag.topoOrder();
  const position = new Map(order.map((id, i) => [id, i]));
  const ephemeralChain = (id: string): string[] => {
    const out = new Set<string>();
    const visit = (x: string) => {
      for (const e of ephemeralRefs.get(x) ?? []) {
        if (!out.has(e)) {
          out.add(e);
          visit(e);
        }
      }
    };
    visit(id);
    return [...out].sort((a, b) => position.get(a)! - position.get(b)!);
  };
  const rawSql = new Map(Object.values(nodes).map((n) => [n.id, n.sql]));
  const withEphemerals = (id: string, text: string) =>
    inlineEphemerals(text, ephemeralChain(id).map((e) => ({ name: nodes[e].name, sql: rawSql.get(e)! })), p);
  for (const n of Object.values(nodes)) if (n.sql !== undefined) n.sql = withEphemerals(n.id, n.sql);

  return {
    manifest: { project: project.name, target: target.name, dialect: target.type, nodes },
    dag,
    printer: p,
    renderIncremental(id) {
      const entry = programs.get(id)!;
      const text = render(entry.program, entry.model.file, id, new Set(), true);
      bag.throwIfErrors();
      return withEphemerals(id, text!);
    },
  };
}
