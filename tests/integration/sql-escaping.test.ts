/** Hostile names and values round-trip through the printer and DuckDB unchanged (STYLE habit 4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';

const hostile = [
  'plain', 'with space', 'quote"inside', "single'quote", 'back\\slash', 'semi;colon -- comment', 'new\nline',
  'unicode é 東京 🚀', 'DROP TABLE x; --', '"', "''", 'Mixed_Case',
];

describe('quoting and escaping on DuckDB', () => {
  const p = printerFor('duckdb');
  let db: DuckDbAdapter;
  beforeAll(async () => {
    db = await DuckDbAdapter.open({ path: ':memory:' }, '.', 'test');
  });
  afterAll(async () => db.close());

  it.each(hostile)('string literal %j round-trips', async (value) => {
    const { rows } = await db.query(p.select({ kind: 'select', columns: [{ expr: sql.lit(value), as: 'v' }] }));
    expect(rows[0].v).toBe(value);
  });

  it.each(hostile.filter((h) => h !== 'Mixed_Case'))('identifier %j names a schema, a table and a column', async (name) => {
    const t = sql.table(name, name);
    await db.execute(p.statement({ kind: 'create_schema', schema: name }));
    await db.execute(p.statement({ kind: 'create_table_as', table: t, replace: true, query: { kind: 'select', columns: [{ expr: sql.lit(1), as: name }] } }));
    const { columns, rows } = await db.query(p.select({ kind: 'select', columns: [{ expr: sql.col(name) }], from: { kind: 'from_table', table: t } }));
    expect(columns).toEqual([name]);
    expect(rows[0][name]).toBe(1);
  });
});

describe('function catalogue on DuckDB', () => {
  const p = printerFor('duckdb');
  let db: DuckDbAdapter;
  beforeAll(async () => {
    db = await DuckDbAdapter.open({ path: ':memory:' }, '.', 'test');
  });
  afterAll(async () => db.close());
  const one = async (expr: ReturnType<typeof sql.call>) => (await db.query(`SELECT ${p.expr(expr)} AS v`)).rows[0].v;
  const d = sql.raw("DATE '2026-05-17'");

  it('date_trunc per grain (2026-05-17 is a Sunday)', async () => {
    const iso = async (g: string) => ((await one(sql.call('date_trunc', sql.raw(g), d))) as Date).toISOString().slice(0, 10);
    expect(await iso('day')).toBe('2026-05-17');
    expect(await iso('week')).toBe('2026-05-11');
    expect(await iso('month')).toBe('2026-05-01');
    expect(await iso('quarter')).toBe('2026-04-01');
    expect(await iso('year')).toBe('2026-01-01');
  });

  it('safe division returns NULL on zero', async () => {
    expect(await one(sql.call('safe_divide', sql.lit(10), sql.lit(4)))).toBe(2.5);
    expect(await one(sql.call('safe_divide', sql.lit(1), sql.lit(0)))).toBeNull();
  });

  it('sha256 hex matches Node crypto', async () => {
    const { createHash } = await import('node:crypto');
    expect(await one(sql.call('sha256_hex', sql.lit('ada@example.com')))).toBe(createHash('sha256').update('ada@example.com').digest('hex'));
  });

  it('date arithmetic in days', async () => {
    const later = (await one(sql.call('date_add_days', d, sql.lit(20)))) as Date;
    expect(later.toISOString().slice(0, 10)).toBe('2026-06-06');
    expect(Number(await one(sql.call('date_diff_days', d, sql.raw("DATE '2026-06-06'"))))).toBe(20);
  });
});

describe('streaming', () => {
  it('returns a large result in bounded batches', async () => {
    const db = await DuckDbAdapter.open({ path: ':memory:' }, '.', 'test');
    let n = 0;
    let sum = 0;
    let biggest = 0;
    for await (const batch of db.stream('SELECT range AS i FROM range(250000)', 10_000)) {
      biggest = Math.max(biggest, batch.length);
      n += batch.length;
      for (const r of batch) sum += Number(r.i);
    }
    await db.close();
    expect(n).toBe(250_000);
    expect(sum).toBe((249_999 * 250_000) / 2);
    expect(biggest).toBeLessThanOrEqual(12_048);
  });
});
