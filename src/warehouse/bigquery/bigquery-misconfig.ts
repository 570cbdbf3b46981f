/**
 * Which BigQuery failures are misconfiguration rather than a broken model: credentials refused (401), access
 * denied (403 `accessDenied`; not `rateLimitExceeded` / `quotaExceeded`, which are 403 too), an unknown project,
 * an unknown dataset. They become a WarehouseConfigError naming the setting (exit 2). A table that does not exist is
 * not one of them: it is usually a model not built yet. Messages quote the server's answer, which names resources
 * and never holds a credential (reference A4).
 */
import { WarehouseConfigError } from '../warehouse-config-error.js';
import type { BigQuerySettings } from './bigquery-client.js';
import { httpStatusOf, JobFailure } from './bigquery-errors.js';

export interface FailureContext {
  target: string;
  settings: BigQuerySettings;
  sql?: string;
  node?: string;
  cause: unknown;
}

const credentialsOf = (s: BigQuerySettings) =>
  s.keyfile ? `the service account in \`keyfile\` (${s.keyfile})` : 'Application Default Credentials (no `keyfile` set)';

export function misconfiguration(e: unknown, reason: string | undefined, c: FailureContext): WarehouseConfigError | undefined {
  const status = httpStatusOf(e);
  const text = (e instanceof JobFailure ? e.message : (e as { message?: string } | undefined)?.message ?? '').split('\n')[0];
  const s = c.settings;
  const project = String(s.project);
  const base = { target: c.target, type: 'bigquery', engineCode: reason ?? (status !== undefined ? String(status) : undefined), sql: c.sql, node: c.node, cause: c.cause };
  if (status === 401 || reason === 'authError' || reason === 'unauthorized') {
    return new WarehouseConfigError({
      ...base, setting: s.keyfile ? 'keyfile' : 'project',
      message: `BigQuery rejected the credentials (${reason ?? status}): ${text}`,
      hint: s.keyfile ? 'check that `keyfile` is a current service-account JSON key (not revoked or expired)' : 'run  gcloud auth application-default login,  or set `keyfile` to a service-account JSON key',
    });
  }
  if (reason === 'accessDenied' || (status === 403 && (reason === undefined || reason === '403' || reason === 'forbidden'))) {
    return new WarehouseConfigError({
      ...base, setting: 'project',
      message: `BigQuery denied access (accessDenied) on project '${project}': ${text}`,
      hint: `grant ${credentialsOf(s)} roles/bigquery.jobUser on the project in \`project\` and roles/bigquery.dataEditor on the datasets the target builds (\`dataset\`, model schemas) and reads (sources)`,
    });
  }
  if (reason !== 'notFound' && status !== 404) return undefined;
  const proj = /Not found: Project ([^\s:]+)/.exec(text);
  if (proj) {
    return new WarehouseConfigError({ ...base, setting: 'project', message: `BigQuery project '${proj[1]}' does not exist: ${text}`, hint: 'set `project` to the id of an existing Google Cloud project (not its display name)' });
  }
  const ds = /Not found: Dataset (?:([^\s:]+):)?([^\s:]+?)(?:\s|$)/.exec(text);
  if (!ds) return undefined;
  const dataset = ds[2];
  const where = s.location ? `, and \`location\` (${s.location}): a dataset lives in one location` : '';
  const own = dataset === (s.dataset ?? 'cible');
  return new WarehouseConfigError({
    ...base, setting: own ? 'dataset' : 'schema', schema: dataset,
    message: `dataset '${dataset}' does not exist in project '${ds[1] ?? project}': ${text}`,
    hint: own
      ? `check \`dataset\`, \`project\`${where}`
      : `check the \`schema\` of the source or model that names '${dataset}', the target's \`project\`${where}`,
  });
}
