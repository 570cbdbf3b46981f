/**
 * One behavioural contract for every warehouse adapter: the same statements, built by the same printer
 * calls the runner uses (with the dialect's capabilities, as the runner passes them), must give the same answers on
 * every engine. Column names compare case-insensitively (Snowflake stores unquoted `id` as ID). Each engine's test
 * file calls this: DuckDB and Postgres for real, BigQuery and Snowflake through their official clients and fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incrementalApply, swapIn, tempName, viewPlan, buildTempTable } from '../../src/run/materialize.js';
import { sql, type Statement } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import type { WarehouseAdapter } from '../../src/warehouse/adapter.js';
import { WarehouseError } from '../../src/warehouse/warehouse-error.js';
import { seriesSql } from '../../bench/series-sql.js';

export interface ConformanceOptions {
  dialect: string;
  open(): Promise<WarehouseAdapter>;
  schema: string;
  /** Rows to stream in the streaming check (1M in the bench; smaller here to keep the suite fast). */
  streamRows?: number;
  /** A statement that runs for seconds, to check cancellation. */
  slowQuery: string;
}

/** The first column of a row, whatever case the engine gave its name. */
const first = (r: Record<string, unknown>) => Object.values(r)[0];

export function adapterConformance(o: ConformanceOptions): void {
  describe(`${o.dialect} adapter conformance`, () => {
    const p = printerFor(o.dialect);
    const caps = p.dialect.capabilities;
    let db: WarehouseAdapter;
    const t = (name: string) => sql.table(name, o.schema);
    const run = async (stmts: Statement[]) => db.withSession(async (s) => {
      for (const x of stmts) await s.execute(p.statement(x));
    });
    const rows = async (name: string) => (await db.query(`SELECT * FROM ${p.table(t(name))} ORDER BY 1`)).rows.map((r) => Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v)));

    beforeAll(async () => {
      db = await o.open();
      await db.execute(p.statement({ kind: 'create_schema', schema: o.schema }));
    });
    afterAll(async () => {
      await db?.execute(`DROP SCHEMA IF EXISTS ${p.ident(o.schema)} CASCADE`);
      await db?.close();
    });

    it('creates a table from a query and lists it', async () => {
      await run([{ kind: 'drop', object: 'table', table: t('c_base'), ifExists: true }, { kind: 'create_table_as', table: t('c_base'), query: sql.rawQuery('SELECT 1 AS id, \'a\' AS v UNION ALL SELECT 2, \'b\'') }]);
      expect(await rows('c_base')).toEqual([[1, 'a'], [2, 'b']]);
      expect((await db.relations([o.schema])).get(`${o.schema}.c_base`.toLowerCase())).toBe('table');
      expect((await db.columns(t('c_base'))).map((c) => c.name.toLowerCase())).toEqual(['id', 'v']);
    });

    it('creates a view, then replaces it by a table atomically', async () => {
      await run(viewPlan(t('c_swap'), `SELECT * FROM ${p.table(t('c_base'))}`, (await db.relations([o.schema])).get(`${o.schema}.c_swap`.toLowerCase()), caps));
      expect((await db.relations([o.schema])).get(`${o.schema}.c_swap`.toLowerCase())).toBe('view');
      const tmp = tempName(t('c_swap'));
      await run([...buildTempTable(tmp, `SELECT id * 10 AS id, v FROM ${p.table(t('c_base'))}`), ...swapIn(t('c_swap'), tmp, 'view', caps)]);
      const rels = await db.relations([o.schema]);
      expect(rels.get(`${o.schema}.c_swap`.toLowerCase())).toBe('table');
      expect([...rels.keys()].some((k) => k.includes('__cible_tmp'))).toBe(false);
      expect(await rows('c_swap')).toEqual([[10, 'a'], [20, 'b']]);
    });

    it('merges new and changed rows on a key', async () => {
      const target = t('c_merge');
      await run([{ kind: 'drop', object: 'table', table: target, ifExists: true }, { kind: 'create_table_as', table: target, query: sql.rawQuery("SELECT 1 AS id, 'old' AS v UNION ALL SELECT 2, 'keep'") }]);
      const tmp = tempName(target);
      await run(buildTempTable(tmp, "SELECT 1 AS id, 'new' AS v UNION ALL SELECT 3, 'added'"));
      await run(incrementalApply(target, tmp, 'merge', ['id'], ['id', 'v']));
      expect(await rows('c_merge')).toEqual([[1, 'new'], [2, 'keep'], [3, 'added']]);
    });

    it('streams a large result in bounded batches', async () => {
      const n = o.streamRows ?? 100_000;
      let count = 0;
      let max = 0;
      for await (const batch of db.stream(`SELECT * FROM ${p.table(t('c_base'))} CROSS JOIN (SELECT 1 AS k) AS one LIMIT 0`)) count += batch.length;
      expect(count).toBe(0);
      await run([{ kind: 'drop', object: 'table', table: t('c_big'), ifExists: true }, { kind: 'create_table_as', table: t('c_big'), query: sql.rawQuery(seriesSql(o.dialect, n)) }]);
      let sum = 0;
      for await (const batch of db.stream(`SELECT i FROM ${p.table(t('c_big'))}`, 5000)) {
        max = Math.max(max, batch.length);
        count += batch.length;
        for (const r of batch) sum += Number(first(r));
      }
      expect(count).toBe(n);
      expect(sum).toBe((n * (n + 1)) / 2);
      expect(max).toBeLessThanOrEqual(5000 + 2048);
    });

    it('maps engine errors to WarehouseError with the SQL and the cause', async () => {
      const bad = `SELECT no_such_column FROM ${p.table(t('c_base'))}`;
      const err = await db.query(bad).catch((e) => e);
      expect(err).toBeInstanceOf(WarehouseError);
      expect(err.details.sql).toBe(bad);
      expect(err.cause).toBeDefined();
      expect(err.message).toMatch(/no_such_column/i);
    });

    it('cancels a running statement', async () => {
      const running = db.query(o.slowQuery).then(() => 'finished', (e) => e);
      await new Promise((r) => setTimeout(r, 700));
      await db.cancelAll();
      const outcome = await running;
      expect(outcome).toBeInstanceOf(WarehouseError);
      expect(String((outcome as Error).message)).toMatch(/cancel|interrupt/i);
    });
  });
}
