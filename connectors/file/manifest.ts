import type { ConnectorManifest } from '../types.js';

export const fileManifest: ConnectorManifest = {
  name: 'file',
  modes: ['upsert', 'insert', 'mirror'],
  identifiers: { '*': { normalize: 'none', hash: 'none' } },
  batchSize: 10_000,
  concurrency: 1,
  requestsPerSecond: 0,
  ackOn: 'finalize',
  idempotentBatches: false,
  events: true,
  config: [
    { key: 'path', required: true, description: 'directory (relative to the project) where files are written' },
    { key: 'format', description: 'csv (default) or jsonl' },
    { key: 'content', description: 'full (default): the whole audience each run; delta: only what changed, with an _op column' },
  ],
  options: [{ key: 'file_name', description: 'file name without extension (default: the sync name)' }],
};
