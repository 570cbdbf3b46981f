/** The grammar of `project.yml`. Every key is listed here; anything else is an error with a suggestion. */
import { anyValue, bool, int, obj, oneOf, oneOrMany, record, str, text, custom, rangeOf, wrongType } from './schema.js';
import { isMap, type Pair, type Scalar, type Node as YamlNode } from 'yaml';
import { materializations, incrementalStrategies, type Located } from './types.js';
import { spanOf } from './yaml-file.js';
import { codes } from '../diagnostics/codes.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { manifests } from '../../connectors/registry.js';

/** Settings each target type accepts (values may hold `${ENV_VAR}` references). */
export const targetSettings: Record<string, readonly string[]> = {
  duckdb: ['path', 'schema', 'threads', 'memory_limit', 'state_schema'],
  postgres: ['url', 'host', 'port', 'user', 'password', 'database', 'schema', 'threads', 'ssl', 'state_schema'],
  bigquery: ['project', 'dataset', 'location', 'keyfile', 'maximum_bytes_billed', 'threads', 'api_endpoint', 'state_schema'],
  snowflake: [
    'account', 'user', 'password', 'private_key_path', 'private_key_passphrase', 'role', 'warehouse',
    'database', 'schema', 'threads', 'access_url', 'state_schema',
  ],
};

/** A mapping whose `type` chooses which other settings are valid; values kept with spans for late `${VAR}` resolution. */
function typedSettings(what: string, allowedByType: Record<string, readonly string[]>, example: string) {
  const types = Object.keys(allowedByType);
  return custom<{ type: string; settings: Record<string, Located<unknown>> }>(`a ${what} mapping with a type`, (node, ctx) => {
    if (!isMap(node)) return wrongType(node, ctx, `a ${what} mapping such as ${example}`);
    const typeNode = node.items.find((p) => (p.key as Scalar)?.value === 'type')?.value as YamlNode | undefined;
    if (!typeNode) {
      ctx.bag.add({ code: codes.missingKey, severity: 'error', message: `missing required key 'type' in ${what}`, file: ctx.y.file, ...rangeOf(ctx, node), hint: `one of ${types.join(', ')}` });
      return undefined;
    }
    const type = oneOf(types).parse(typeNode, ctx);
    if (!type) return undefined;
    const allowed = allowedByType[type];
    const settings: Record<string, Located<unknown>> = {};
    let ok = true;
    for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
      const key = String((pair.key as Scalar)?.value ?? '');
      if (key === 'type') continue;
      if (!allowed.includes(key)) {
        ctx.bag.add({
          code: codes.unknownKey, severity: 'error', message: `unknown key '${key}' in a ${type} ${what}`,
          file: ctx.y.file, ...rangeOf(ctx, pair.key),
          hint: didYouMean(key, allowed) ?? `valid keys: type, ${allowed.join(', ')}`,
        });
        ok = false;
        continue;
      }
      settings[key] = { value: anyValue().parse(pair.value, ctx), span: spanOf(ctx.y, pair.value ?? pair.key) };
    }
    return ok ? { type, settings } : undefined;
  });
}

export const targetSchema = typedSettings('target', targetSettings, '{ type: duckdb, path: .cible/dev.duckdb }');
const destinationSchema = typedSettings(
  'destination',
  Object.fromEntries(Object.entries(manifests).map(([k, m]) => [k, m.config.map((c) => c.key)])),
  '{ type: webhook, url: https://example.com/hook }',
);

export const modelConfigSchema = {
  materialized: oneOf(materializations),
  schema: str(),
  alias: str(),
  tags: oneOrMany(str()),
  enabled: bool(),
  unique_key: oneOrMany(str()),
  incremental_strategy: oneOf(incrementalStrategies),
  /** The model's SQL is DuckDB SQL: on another target it is computed in embedded DuckDB and loaded (compile-project.ts). */
  engine: oneOf(['duckdb'] as const),
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
    destinations: record(destinationSchema),
    threads: int(1),
  },
  { required: ['name'], name: 'project.yml' },
);
