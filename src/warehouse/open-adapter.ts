import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import type { ResolvedTarget } from '../project/resolve-target.js';
import type { WarehouseAdapter } from './adapter.js';
import { WarehouseConfigError } from './warehouse-config-error.js';

/**
 * Opens the adapter for a target, importing only that engine's SDK. Adapters check their settings and connect here,
 * so a misconfigured target fails before any node runs, with a WarehouseConfigError pointing at the setting's line.
 */
export async function openAdapter(target: ResolvedTarget, projectDir: string): Promise<WarehouseAdapter> {
  try {
    return await open(target, projectDir);
  } catch (e) {
    if (e instanceof WarehouseConfigError) e.locate(target.spans);
    throw e;
  }
}

async function open(target: ResolvedTarget, projectDir: string): Promise<WarehouseAdapter> {
  switch (target.type) {
    case 'duckdb': {
      const { DuckDbAdapter } = await import('./duckdb/duckdb-adapter.js');
      return DuckDbAdapter.open(target.settings, projectDir, target.name);
    }
    case 'postgres': {
      const { PostgresAdapter } = await import('./postgres/postgres-adapter.js');
      return PostgresAdapter.open(target.settings, target.name);
    }
    case 'bigquery': {
      const { BigQueryAdapter } = await import('./bigquery/bigquery-adapter.js');
      return BigQueryAdapter.open(target.settings, projectDir, target.name);
    }
    case 'snowflake': {
      const { SnowflakeAdapter } = await import('./snowflake/snowflake-adapter.js');
      return SnowflakeAdapter.open(target.settings, projectDir, target.name);
    }
    default:
      throw new UserError([{ code: codes.unknownTarget, severity: 'error', file: '--target', message: `target '${target.name}' of type ${target.type} cannot be run yet`, hint: 'the duckdb target is available; cloud warehouses are on the roadmap' }]);
  }
}
