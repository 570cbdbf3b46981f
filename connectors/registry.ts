/** The one place core learns which connectors exist: manifests eagerly (tiny), clients only when used. */
import type { Connector, ConnectorManifest } from './types.js';
import { fileManifest } from './file/manifest.js';
import { webhookManifest } from './webhook/manifest.js';
import { postgresManifest } from './postgres/manifest.js';

export const manifests: Record<string, ConnectorManifest> = {
  file: fileManifest,
  webhook: webhookManifest,
  postgres: postgresManifest,
};

const loaders: Record<string, () => Promise<Connector>> = {
  file: async () => (await import('./file/file-connector.js')).fileConnector,
  webhook: async () => (await import('./webhook/webhook-connector.js')).webhookConnector,
  postgres: async () => (await import('./postgres/postgres-connector.js')).postgresConnector,
};

export function loadConnector(type: string): Promise<Connector> {
  const load = loaders[type];
  if (!load) throw new Error(`internal error: no connector '${type}'`);
  return load();
}
