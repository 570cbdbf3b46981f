/** The grammar of `project.yml`. Every key is listed here; anything else is an error with a suggestion. */
import { anyValue, bool, int, obj, oneOf, oneOrMany, record, str, text, custom, rangeOf, wrongType } from './schema.js';
import { isMap, type Pair, type Scalar, type Node as YamlNode } from 'yaml';
import { materializations, incrementalStrategies, targetTypes, type Located } from './types.js';
import { spanOf } from './yaml-file.js';
import { codes } from '../diagnostics/codes.js';
import { didYouMean } from '../diagnostics/suggest.js';

/** Settings each target type accepts (values may hold `${ENV_VAR}` references). */
export const targetSettings: Record<string, readonly string[]> = {
  duckdb: ['path', 'schema', 'threads', 'memory_limit'],
  postgres: ['url', 'host', 'port', 'user', 'password', 'database', 'schema', 'threads', 'ssl'],
  bigquery: ['project', 'dataset', 'location', 'keyfile', 'maximum_bytes_billed', 'threads', 'api_endpoint'],
  snowflake: [
    'account', 'user', 'password', 'private_key_path', 'private_key_passphrase', 'role', 'warehouse',
    'database', 'schema', 'threads', 'access_url',
  ],
};

/** A target: `type` chooses which other settings are valid. Values are kept with spans for late env resolution. */
export const targetSchema = custom<{ type: string; settings: Record<string, Located<unknown>> }>(
  'a target mapping with a type',
  (node, ctx) => {
    if (!isMap(node)) return wrongType(node, ctx, 'a target mapping such as { type: duckdb, path: .cible/dev.duckdb }');
    const typeNode = node.items.find((p) => (p.key as Scalar)?.value === 'type')?.value as YamlNode | undefined;
    if (!typeNode) {
      ctx.bag.add({ code: codes.missingKey, severity: 'error', message: `missing required key 'type' in target`, file: ctx.y.file, ...rangeOf(ctx, node), hint: `one of ${targetTypes.join(', ')}` });
      return undefined;
    }
    const type = oneOf(targetTypes).parse(typeNode, ctx);
    if (!type) return undefined;
    const allowed = targetSettings[type];
    const settings: Record<string, Located<unknown>> = {};
    let ok = true;
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const key = String((pair.key as Scalar)?.value ?? '');
      if (key === 'type') continue;
      if (!allowed.includes(key)) {
        ctx.bag.add({
          code: codes.unknownKey, severity: 'error', message: `unknown key '${key}' in a ${type} target`,
          file: ctx.y.file, ...rangeOf(ctx, pair.key),
          hint: didYouMean(key, allowed) ?? `valid keys: type, ${allowed.join(', ')}`,
        });
        ok = false;
        continue;
      }
      const v = anyValue().parse(pair.value, ctx);
      settings[key] = { value: v, span: spanOf(ctx.y, pair.value) };
    }
    return ok ? { type, settings } : undefined;
  },
);

export const modelConfigSchema = {
  materialized: oneOf(materializations),
  schema: str(),
  alias: str(),
  tags: oneOrMany(str()),
  enabled: bool(),
  unique_key: oneOrMany(str()),
  incremental_strategy: oneOf(incrementalStrategies),
};

const folderConfig = obj(modelConfigSchema, { name: 'a folder configuration' });

export const projectSchema = obj(
  {
    name: str(),
    version: text(),
    target: str(),
    targets: record(targetSchema),
    vars: record(anyValue()),
    models: record(folderConfig),
    seeds: obj({ schema: str(), tags: oneOrMany(str()), enabled: bool() }, { name: 'seed defaults' }),
    destinations: record(anyValue()),
    threads: int(1),
  },
  { required: ['name'], name: 'project.yml' },
);
