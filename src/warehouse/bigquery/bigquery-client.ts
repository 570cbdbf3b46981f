/**
 * Builds the official client from a target's settings. `@google-cloud/bigquery` (and google-auth-library) are
 * imported here, lazily, so only a bigquery target pays for them.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';
import { codes } from '../../diagnostics/codes.js';
import { WarehouseConfigError } from '../warehouse-config-error.js';

/** The settings of a bigquery target (`targetSettings.bigquery` in src/project/project-schema.ts). */
export interface BigQuerySettings {
  project?: string;
  dataset?: string;
  location?: string;
  keyfile?: string;
  maximum_bytes_billed?: number | string;
  threads?: number;
  /** Another REST endpoint: a regional or private one (https), or an emulator / test fake (http, no credentials). */
  api_endpoint?: string;
}

const settingError = (target: string, key: string, message: string, hint: string) =>
  new WarehouseConfigError({ target, type: 'bigquery', setting: key, code: key === 'project' ? codes.missingKey : codes.badValue, message, hint });

/** Checks the settings a client cannot do without, naming the setting at fault. */
export function checkSettings(s: BigQuerySettings, target: string, projectDir: string): { keyFilename?: string; maximumBytesBilled?: string } {
  if (!s.project) throw settingError(target, 'project', `'project' is required: the Google Cloud project that runs the jobs and holds the datasets`, 'add  project: my-gcp-project  to the target');
  let keyFilename: string | undefined;
  if (s.keyfile) {
    keyFilename = isAbsolute(s.keyfile) ? s.keyfile : resolve(projectDir, s.keyfile);
    if (!existsSync(keyFilename)) throw settingError(target, 'keyfile', `'keyfile' ${s.keyfile} does not exist`, 'give the path of a service-account JSON key, or leave keyfile out to use Application Default Credentials (gcloud auth application-default login)');
  }
  let maximumBytesBilled: string | undefined;
  if (s.maximum_bytes_billed !== undefined && s.maximum_bytes_billed !== '') {
    const n = Number(s.maximum_bytes_billed);
    if (!Number.isSafeInteger(n) || n <= 0) throw settingError(target, 'maximum_bytes_billed', `'maximum_bytes_billed' must be a whole number of bytes, got '${s.maximum_bytes_billed}'`, 'for example  maximum_bytes_billed: 10000000000  (10 GB)');
    maximumBytesBilled = String(n);
  }
  return { keyFilename, maximumBytesBilled };
}

/**
 * A plain-http endpoint is an emulator or a test fake: no Google credentials exist for it, and without an auth
 * client the library sends unauthenticated requests that crash local-file loads (reference A1). A token that is
 * never refreshed keeps everything offline.
 */
async function emulatorAuth(): Promise<BigQueryOptions['authClient']> {
  const { OAuth2Client } = await import('google-auth-library');
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'emulator' });
  return client as unknown as BigQueryOptions['authClient'];
}

export async function createClient(s: BigQuerySettings, keyFilename: string | undefined): Promise<BigQuery> {
  const { BigQuery } = await import('@google-cloud/bigquery');
  const options: BigQueryOptions = {
    projectId: s.project,
    location: s.location,
    keyFilename,
    // Retries are ours (bigquery-errors.ts): one policy, whatever the client version.
    retryOptions: { autoRetry: false, maxRetries: 0 },
    userAgent: 'cible',
  };
  if (s.api_endpoint) {
    options.apiEndpoint = s.api_endpoint;
    if (/^http:\/\//i.test(s.api_endpoint)) options.authClient = await emulatorAuth();
  }
  return new BigQuery(options);
}
