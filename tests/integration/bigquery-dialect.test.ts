/**
 * The function catalogue and the quoting corpus, printed by the bigquery dialect and executed through the client and
 * the fake (habit 8: execute what can be executed). The same answers as on DuckDB (sql-escaping.test.ts).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Expr } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { BigQueryAdapter } from '../../src/warehouse/bigquery/bigquery-adapter.js';
import { fakeClient } from '../fakes/bigquery/client.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';

const p = printerFor('bigquery');
let fake: FakeBigQuery;
let bq: BigQueryAdapter;
const one = async (e: Expr) => (await bq.query(`SELECT ${p.expr(e)} AS v`)).rows[0].v;
const day = (v: unknown) => (v as Date).toISOString().slice(0, 10);
const d = sql.raw("DATE '2026-05-17'"); // a Sunday

beforeAll(async () => {
  fake = await FakeBigQuery.start();
  bq = await BigQueryAdapter.open({ project: 'test-proj', dataset: 'analytics' }, '.', 'bq', { client: fakeClient(fake) });
});
afterAll(async () => fake.close());

describe('function catalogue through BigQuery (fake)', () => {
  it('date_trunc per grain', async () => {
    const got = [];
    for (const g of ['day', 'week', 'month', 'quarter', 'year']) got.push(day(await one(sql.call('date_trunc', sql.raw(g), d))));
    expect(got).toEqual(['2026-05-17', '2026-05-11', '2026-05-01', '2026-04-01', '2026-01-01']);
  });

  it('safe division, sha256 hex, date arithmetic, concat', async () => {
    expect(await one(sql.call('safe_divide', sql.lit(10), sql.lit(4)))).toBe(2.5);
    expect(await one(sql.call('safe_divide', sql.lit(1), sql.lit(0)))).toBeNull();
    expect(await one(sql.call('sha256_hex', sql.lit('ada@example.com')))).toBe(createHash('sha256').update('ada@example.com').digest('hex'));
    expect(day(await one(sql.call('date_add_days', d, sql.lit(20))))).toBe('2026-06-06');
    expect(await one(sql.call('date_diff_days', d, sql.raw("DATE '2026-06-06'")))).toBe(20);
    expect(await one(sql.call('concat', sql.lit('a'), sql.lit('b')))).toBe('ab');
    expect(day(await one(sql.call('current_date')))).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('quoting corpus through BigQuery (fake)', () => {
  const hostile = ['plain', 'with space', 'quote"inside', "single'quote", 'back\\slash', 'semi;colon -- comment', 'new\nline', 'unicode é 東京 🚀', 'DROP TABLE x; --', '`tick`', "''"];

  it.each(hostile)('string literal %j round-trips', async (value) => {
    expect(await one(sql.lit(value))).toBe(value);
  });

  it.each(hostile)('column name %j round-trips (the fake accepts what BigQuery names allow and more)', async (name) => {
    const { columns, rows } = await bq.query(p.select({ kind: 'select', columns: [{ expr: sql.lit(1), as: name }] }));
    expect(columns).toEqual([name]);
    expect(rows[0][name]).toBe(1);
  });
});
