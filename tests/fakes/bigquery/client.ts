/**
 * The official client, pointed at the fake as the reference recommends (A1): `apiEndpoint`, a fixed project, an
 * OAuth2 client holding a token that is never refreshed (no network, and local-file loads do not crash), and the
 * client's own retries off so that tests see ours.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import type { FakeBigQuery } from './fake-bigquery.js';

// No probe of the GCE metadata server (169.254.169.254) from google-auth.
process.env.METADATA_SERVER_DETECTION = 'none';

export function fakeClient(fake: FakeBigQuery, projectId = 'test-proj', location = 'US'): BigQuery {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'fake-token' });
  return new BigQuery({ projectId, location, apiEndpoint: fake.url, authClient: authClient as never, retryOptions: { autoRetry: false, maxRetries: 0 } });
}
