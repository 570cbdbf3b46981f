/** The grammar of the YAML files under models/: sources, models (config + docs + tests) and seeds. */
import { isMap, isScalar, type Pair, type Scalar, type Node as YamlNode } from 'yaml';
import { codes } from '../diagnostics/codes.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { bool, byForm, custom, list, obj, oneOf, oneOrMany, rangeOf, record, str, text, wrongType, type Ctx, type Schema } from './schema.js';
import { modelConfigSchema } from './project-schema.js';
import { profileSchema } from './profiles-schema.js';
import type { TestDecl, TestKind } from './types.js';
import { spanOf } from './yaml-file.js';

const testKinds: TestKind[] = ['unique', 'not_null', 'accepted_values', 'relationships', 'expression'];
const scalarValue = custom<string | number | boolean>('a string, number or boolean', (node, ctx) =>
  isScalar(node) && ['string', 'number', 'boolean'].includes(typeof node.value)
    ? (node.value as string | number | boolean)
    : wrongType(node, ctx, 'a string, number or boolean'),
);

/**
 * One data test. Forms: `unique` (on a column), `{ unique: col }`, `{ not_null: [a, b] }`,
 * `{ accepted_values: { column?, values } }`, `{ relationships: { column?, to, field } }`,
 * `{ expression: "select ... failing rows" }`; plus `severity` and `name` beside the test key.
 */
export function testSchema(column?: string): Schema<TestDecl> {
  return custom('a test such as unique, not_null or { accepted_values: { values: [...] } }', (node, ctx) => {
    const span = spanOf(ctx.y, node);
    if (isScalar(node) && typeof node.value === 'string') {
      const kind = node.value as TestKind;
      if ((kind === 'unique' || kind === 'not_null') && column) return { kind, columns: [column], severity: 'error', span };
      return unknownTest(node, ctx, node.value, column);
    }
    if (!isMap(node)) return wrongType(node, ctx, 'a test');
    let kind: TestKind | undefined;
    let arg: YamlNode | null = null;
    let severity: 'warn' | 'error' = 'error';
    let name: string | undefined;
    let ok = true;
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const key = String((pair.key as Scalar)?.value);
      if (key === 'severity') {
        const s = oneOf(['warn', 'error'] as const).parse(pair.value, ctx);
        if (s) severity = s;
        else ok = false;
      } else if (key === 'name') {
        name = str().parse(pair.value, ctx);
      } else if ((testKinds as string[]).includes(key) && !kind) {
        kind = key as TestKind;
        arg = pair.value;
      } else {
        unknownTest(pair.key, ctx, key, column);
        ok = false;
      }
    }
    if (!kind) return ok ? unknownTest(node, ctx, '(none)', column) : undefined;
    const decl = parseTestArg(kind, arg, ctx, column);
    return decl && ok ? { ...decl, severity, name, span } : undefined;
  });
}

function unknownTest(node: YamlNode | null | undefined, ctx: Ctx, key: string, column?: string): undefined {
  ctx.bag.add({
    code: codes.unknownKey, severity: 'error', message: `unknown test '${key}'`, file: ctx.y.file, ...rangeOf(ctx, node),
    hint: didYouMean(key, [...testKinds, 'severity', 'name']) ?? `tests: ${testKinds.join(', ')}${column ? '' : ' (unique and not_null need a column)'}`,
  });
  return undefined;
}

type TestBody = Omit<TestDecl, 'severity' | 'name' | 'span'>;

function parseTestArg(kind: TestKind, arg: YamlNode | null, ctx: Ctx, column?: string): TestBody | undefined {
  const needColumn = (cols: string[] | undefined): string[] | undefined => {
    if (cols?.length) return cols;
    if (column) return [column];
    ctx.bag.add({ code: codes.missingKey, severity: 'error', message: `the ${kind} test needs a column`, file: ctx.y.file, ...rangeOf(ctx, arg) });
    return undefined;
  };
  switch (kind) {
    case 'unique':
    case 'not_null': {
      const cols = arg == null || (isScalar(arg) && arg.value === null) ? [] : oneOrMany(str()).parse(arg, ctx);
      if (!cols) return undefined;
      const c = needColumn(cols);
      return c && { kind, columns: c };
    }
    case 'accepted_values': {
      const a = obj({ column: str(), values: list(scalarValue), quote: bool() }, { required: ['values'], name: 'accepted_values' }).parse(arg, ctx);
      const c = a && needColumn(a.column ? [a.column] : undefined);
      return a && c && { kind, columns: c, values: a.values };
    }
    case 'relationships': {
      const a = obj({ column: str(), to: str(), field: str() }, { required: ['to', 'field'], name: 'relationships' }).parse(arg, ctx);
      const c = a && needColumn(a.column ? [a.column] : undefined);
      return a && c && { kind, columns: c, to: { value: a.to, span: a.keySpans.to }, field: a.field };
    }
    case 'expression': {
      const sql = str().parse(arg, ctx);
      return sql === undefined ? undefined : { kind, columns: column ? [column] : [], sql };
    }
  }
}

/** Columns need their own name before their tests can be parsed, so they are parsed in two steps. */
export const columnsSchema = custom('a list of columns', (node, ctx) => {
  const raw = list(
    custom('a column', (n, c) => {
      if (!isMap(n)) return wrongType(n, c, 'a column mapping with a name');
      const nameNode = n.items.find((p) => (p.key as Scalar)?.value === 'name')?.value as YamlNode | undefined;
      const colName = isScalar(nameNode) ? String(nameNode.value) : undefined;
      const shape = { name: str(), description: str(), data_type: str(), tests: list(testSchema(colName)) };
      return obj(shape, { required: ['name'], name: 'a column' }).parse(n, c);
    }),
  ).parse(node, ctx);
  return raw;
});

const { materialized, schema, alias, tags, enabled, unique_key, incremental_strategy, engine } = modelConfigSchema;

export const modelEntrySchema = obj(
  {
    name: str(), description: str(), materialized, schema, alias, tags, enabled, unique_key, incremental_strategy, engine,
    columns: columnsSchema, tests: list(testSchema()), meta: record(custom('any', (n) => n?.toJSON())),
  },
  { required: ['name'], name: 'a model' },
);

export const seedEntrySchema = obj(
  {
    name: str(), description: str(), schema, alias, tags, enabled, column_types: record(str()), delimiter: str(),
    columns: columnsSchema, tests: list(testSchema()),
  },
  { required: ['name'], name: 'a seed' },
);

const sourceTableSchema = byForm({
  scalar: str(),
  map: obj(
    { name: str(), identifier: str(), description: str(), columns: columnsSchema, tests: list(testSchema()), tags },
    { required: ['name'], name: 'a source table' },
  ),
});

export const sourceSchema = obj(
  { name: str(), schema: str(), database: str(), description: str(), tags, tables: list(sourceTableSchema) },
  { required: ['name', 'tables'], name: 'a source' },
);

export const modelsFileSchema = obj(
  { version: text(), sources: list(sourceSchema), models: list(modelEntrySchema), seeds: list(seedEntrySchema), profiles: list(profileSchema) },
  { name: 'a models file' },
);

