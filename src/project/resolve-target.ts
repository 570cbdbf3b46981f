import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { resolveSettings } from './env.js';
import type { Span } from './span.js';
import type { Project, TargetType } from './types.js';

export interface ResolvedTarget {
  name: string;
  type: TargetType;
  /** The schema (dataset) models go to when they name none. */
  schema: string;
  /** The database part of the names Cible builds, where the target names one (BigQuery: `project`). */
  database?: string;
  settings: Record<string, unknown>;
  /** Values of secret-looking settings (passwords, keys, URLs): redacted from every output. */
  secrets: string[];
  /** Where the target and each of its settings are written in project.yml, so a misconfiguration points there. */
  spans?: { target: Span; settings: Record<string, Span> };
}

const defaultSchema: Record<TargetType, string> = { duckdb: 'main', postgres: 'public', bigquery: 'cible', snowflake: 'PUBLIC' };

/** Picks `--target` or the project default and resolves its `${VAR}` references. */
export function resolveTarget(project: Project, name: string | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedTarget {
  const chosen = name ?? project.defaultTarget;
  const t = project.targets.get(chosen);
  if (!t) {
    throw new UserError([{
      code: codes.unknownTarget, severity: 'error', file: '--target', message: `unknown target '${chosen}'`,
      hint: didYouMean(chosen, project.targets.keys()) ?? `declared targets: ${[...project.targets.keys()].join(', ')}`,
    }]);
  }
  const { values, secrets } = resolveSettings(t.settings, env, `target '${t.name}'`);
  const schema = String(values.schema ?? values.dataset ?? defaultSchema[t.type]);
  const database = t.type === 'bigquery' && values.project ? String(values.project) : undefined;
  const spans = { target: t.span, settings: Object.fromEntries(Object.entries(t.settings).map(([k, v]) => [k, v.span])) };
  return { name: t.name, type: t.type, schema, database, settings: values, secrets, spans };
}
