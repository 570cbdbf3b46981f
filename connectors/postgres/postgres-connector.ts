/**
 * Writes an application database table through knex: upserts by the key column, and in mirror mode deletes
 * only keys Cible itself wrote (the engine sends deletes only for keys in its own snapshot), so rows other
 * writers put in the same table are never touched. A failing batch is rejected whole and split by the engine.
 */
import type { Knex } from 'knex';
import { DestinationError, type Connector, type DestinationClient, type OutgoingBatch, type RowResult } from '../types.js';
import { postgresManifest } from './manifest.js';

const transient = new Set(['40001', '40P01', '53300', '57P01', '08006', '08001', '08004', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
/** Data exceptions (22) and integrity violations (23) are about a row's values: only those split a batch. */
const rowProblem = (code: string) => code.startsWith('22') || code.startsWith('23');

export const postgresConnector: Connector = {
  manifest: postgresManifest,
  async open(config, ctx): Promise<DestinationClient> {
    const { default: knexFactory } = await import('knex');
    const connection = config.url
      ? String(config.url)
      : { host: String(config.host ?? '127.0.0.1'), port: Number(config.port ?? 5432), user: config.user as string, password: config.password as string, database: config.database as string };
    // knex prints its warnings (with connection errors) straight to the console, past the secret redactor: errors reach the engine as exceptions anyway.
    const quiet = () => undefined;
    const knex: Knex = knexFactory({ client: 'pg', connection, pool: { min: 0, max: 4 }, log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet } });
    const schema = String(config.schema ?? 'public');
    const table = String(ctx.options.table ?? config.table);
    const keyColumn = String(config.key_column ?? 'cible_key');
    let known: Set<string> | undefined;

    /** The table is created on first use; new fields become new text/jsonb columns. */
    const ensureColumns = async (columns: string[]) => {
      if (!known) {
        await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
        if (!(await knex.schema.withSchema(schema).hasTable(table))) {
          await knex.schema.withSchema(schema).createTable(table, (t) => {
            t.text(keyColumn).primary();
            t.timestamp('cible_synced_at', { useTz: true });
          });
        }
        known = new Set(Object.keys(await knex(table).withSchema(schema).columnInfo()));
      }
      const missing = columns.filter((c) => !known!.has(c));
      if (missing.length) {
        await knex.schema.withSchema(schema).alterTable(table, (t) => {
          for (const c of missing) t.text(c);
        });
        for (const c of missing) known.add(c);
      }
    };

    const fail = (e: unknown): never => {
      const code = (e as { code?: string }).code ?? '';
      // Anything else (no such database, authentication, permissions) fails the batch whole: it is replayed next run.
      throw new DestinationError(`postgres destination: ${(e as Error).message}`, { retryable: transient.has(code), wholeBatchRejected: rowProblem(code), permanent: rowProblem(code), cause: e });
    };

    return {
      async send(batch: OutgoingBatch): Promise<RowResult[]> {
        const keys = batch.rows.map((r) => r.key);
        try {
          if (batch.operation === 'delete') {
            await knex(table).withSchema(schema).whereIn(keyColumn, keys).delete();
          } else {
            const records = batch.rows.map((r) => {
              const rec: Record<string, unknown> = { [keyColumn]: r.key, cible_synced_at: new Date() };
              for (const [k, v] of Object.entries({ ...r.identifiers, ...r.fields })) rec[k] = v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
              return rec;
            });
            await ensureColumns([...new Set(records.flatMap((r) => Object.keys(r)))]);
            const q = knex(table).withSchema(schema).insert(records);
            if (batch.operation === 'insert') await q.onConflict(keyColumn).ignore();
            else if (batch.operation === 'update') {
              const existing = new Set((await knex(table).withSchema(schema).whereIn(keyColumn, keys).select(keyColumn)).map((r: Record<string, string>) => r[keyColumn]));
              const present = records.filter((r) => existing.has(r[keyColumn] as string));
              if (present.length) await knex(table).withSchema(schema).insert(present).onConflict(keyColumn).merge();
              return batch.rows.map((r) => (existing.has(r.key) ? { key: r.key, ok: true } : { key: r.key, ok: false, reason: 'not found in the destination (update mode)', permanent: false }));
            } else await q.onConflict(keyColumn).merge();
          }
        } catch (e) {
          return fail(e);
        }
        return batch.rows.map((r) => ({ key: r.key, ok: true }));
      },
      async close() {
        await knex.destroy();
      },
    };
  },
};
