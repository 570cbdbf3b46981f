import type { ConnectorManifest } from '../types.js';

export const webhookManifest: ConnectorManifest = {
  name: 'webhook',
  modes: ['upsert', 'update', 'insert', 'mirror'],
  identifiers: { email: { normalize: 'email', hash: 'none' }, phone: { normalize: 'phone_e164', hash: 'none' }, '*': { normalize: 'none', hash: 'none' } },
  batchSize: 500,
  concurrency: 4,
  requestsPerSecond: 0,
  ackOn: 'batch',
  idempotentBatches: true,
  events: true,
  config: [
    { key: 'url', required: true, description: 'where JSON batches are POSTed' },
    { key: 'secret', secret: true, description: 'HMAC-SHA256 key: the body is signed in the X-Cible-Signature header' },
    { key: 'batch_size', description: 'rows per request (default 500)' },
    { key: 'concurrency', description: 'requests in flight (default 4)' },
    { key: 'requests_per_second', description: 'rate cap (default none)' },
    { key: 'timeout_ms', description: 'per request (default 30000)' },
    { key: 'headers', description: 'extra request headers (values may use ${ENV})' },
  ],
  options: [{ key: 'path', description: 'appended to the destination url for this sync' }],
};
