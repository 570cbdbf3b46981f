import type { ConnectorManifest } from '../types.js';

export const postgresManifest: ConnectorManifest = {
  name: 'postgres',
  modes: ['upsert', 'update', 'insert', 'mirror'],
  identifiers: { '*': { normalize: 'none', hash: 'none' } },
  batchSize: 1000,
  concurrency: 2,
  requestsPerSecond: 0,
  ackOn: 'batch',
  // Upserts by key: replaying a batch writes the same values again, which is harmless.
  idempotentBatches: true,
  events: false,
  config: [
    { key: 'url', secret: true, description: 'postgres://user:password@host:port/db (or host/port/user/password/database)' },
    { key: 'host', description: 'server host' },
    { key: 'port', description: 'server port' },
    { key: 'user', description: 'user' },
    { key: 'password', secret: true, description: 'password' },
    { key: 'database', description: 'database' },
    { key: 'schema', description: 'schema of the table (default public)' },
    { key: 'table', required: true, description: 'the table Cible writes; created if missing' },
    { key: 'key_column', description: 'the column holding the sync key (default cible_key); unique' },
  ],
  options: [{ key: 'table', description: 'overrides the destination table for this sync' }],
};
