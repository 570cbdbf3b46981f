/**
 * What `cible debug` checks once connected: that Cible can do what a build does in the target schema (create the
 * schema, create and drop a table) and read every declared source. Each failure keeps the engine's own message and
 * says which privilege the engine needs for it, so "permission denied" becomes a precise grant to ask for.
 */
import type { TableName } from '../sql/ast.js';
import type { SqlPrinter } from '../sql/printer.js';
import type { WarehouseAdapter } from './adapter.js';

export interface PermissionCheck {
  what: string;
  ok: boolean;
  error?: string;
  /** The privilege that grants it, in the engine's own terms. */
  needs?: string;
}

const privileges: Record<string, { create: string; read: string }> = {
  duckdb: { create: 'write access to the database file', read: 'the table must exist in the database file' },
  postgres: { create: 'CREATE on the database (for a new schema) or CREATE on the schema', read: 'USAGE on the schema and SELECT on the table' },
  bigquery: { create: 'roles/bigquery.jobUser on the project and roles/bigquery.dataEditor on the dataset', read: 'roles/bigquery.dataViewer on the source dataset' },
  snowflake: { create: 'USAGE on the warehouse and database, CREATE TABLE on the schema', read: 'USAGE on the database and schema, SELECT on the table' },
};

export async function checkPermissions(adapter: WarehouseAdapter, p: SqlPrinter, target: { type: string; schema: string; database?: string }, sources: { id: string; table: TableName }[]): Promise<PermissionCheck[]> {
  const needs = privileges[target.type] ?? { create: 'the right to create tables', read: 'the right to read the table' };
  const checks: PermissionCheck[] = [];
  const attempt = async (what: string, need: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      checks.push({ what, ok: true });
      return true;
    } catch (e) {
      checks.push({ what, ok: false, error: firstLine(e), needs: need });
      return false;
    }
  };
  const probe: TableName = { kind: 'table', database: target.database, schema: target.schema, name: `cible_debug_probe_${process.pid}` };
  if (await attempt(`create schema '${target.schema}' if missing`, needs.create, () => adapter.execute(p.statement({ kind: 'create_schema', schema: target.schema })))) {
    await attempt(`create and drop a table in '${target.schema}'`, needs.create, async () => {
      await adapter.execute(p.statement({ kind: 'create_table_as', table: probe, replace: p.dialect.capabilities.createOrReplaceTable, query: { kind: 'raw_query', sql: 'SELECT 1 AS ok' } }));
      await adapter.execute(p.statement({ kind: 'drop', object: 'table', table: probe, ifExists: true }));
    });
  }
  for (const s of sources) await attempt(`read source ${s.id} (${p.table(s.table)})`, needs.read, () => adapter.query(`SELECT * FROM ${p.table(s.table)} LIMIT 0`));
  return checks;
}

/** The engine's message without the SQL echo Cible's errors append. */
function firstLine(e: unknown): string {
  const err = e as Error & { cause?: Error };
  const msg = err.cause?.message && !err.message.includes(err.cause.message) ? `${err.message}: ${err.cause.message}` : err.message;
  return msg.split('\n')[0];
}
