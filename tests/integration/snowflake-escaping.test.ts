/**
 * Hostile names and values round-trip through the Snowflake printer, snowflake-sdk and the fake (STYLE habit 4),
 * and the function catalogue as the Snowflake dialect prints it gives the hand-worked answers (habit 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { SnowflakeAdapter } from '../../src/warehouse/snowflake/snowflake-adapter.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';

const hostile = [
  'plain', 'with space', 'quote"inside', "single'quote", 'back\\slash', 'semi;colon -- comment', 'new\nline',
  'unicode é 東京 🚀', 'DROP TABLE x; --', '"', "''", 'Mixed_Case', '$$dollars$$', "\\'", 'tab\there',
];
const p = printerFor('snowflake');
let fake: FakeSnowflake;
let db: SnowflakeAdapter;

beforeAll(async () => {
  fake = await FakeSnowflake.start({ users: { tester: { password: 'pw-escaping' } } });
  db = await SnowflakeAdapter.open({ account: 'testacct', user: 'tester', password: 'pw-escaping', database: 'DEMO', access_url: fake.url }, '.', 'snow');
});
afterAll(async () => {
  await db?.close();
  await fake?.close();
});

describe('quoting and escaping on Snowflake (fake)', () => {
  it.each(hostile)('string literal %j round-trips', async (value) => {
    const { rows } = await db.query(p.select({ kind: 'select', columns: [{ expr: sql.lit(value), as: 'v' }] }));
    expect(rows[0].V).toBe(value);
  });

  it.each(hostile.filter((h) => h !== 'Mixed_Case'))('identifier %j names a schema, a table and a column (upper-cased)', async (name) => {
    const t = sql.table(name, name);
    await db.execute(p.statement({ kind: 'create_schema', schema: name }));
    await db.execute(p.statement({ kind: 'create_table_as', table: t, replace: true, query: { kind: 'select', columns: [{ expr: sql.lit(1), as: name }] } }));
    const { columns, rows } = await db.query(p.select({ kind: 'select', columns: [{ expr: sql.col(name) }], from: { kind: 'from_table', table: t } }));
    expect(columns).toEqual([p.foldName(name)]);
    expect(rows[0][p.foldName(name)]).toBe(1);
    expect((await db.relations([name])).get(`${name}.${name}`.toLowerCase())).toBe('table');
  });
});

describe('function catalogue on Snowflake (fake)', () => {
  const text = async (e: ReturnType<typeof sql.call>) => (await db.query(`SELECT CAST(${p.expr(e)} AS VARCHAR) AS V`)).rows[0].V as string | null;
  const d = sql.raw("DATE '2026-05-17'");

  it('date_trunc per grain (2026-05-17 is a Sunday)', async () => {
    const day = async (g: string) => (await text(sql.call('date_trunc', sql.raw(g), d)))!.slice(0, 10);
    expect(await day('day')).toBe('2026-05-17');
    expect(await day('week')).toBe('2026-05-11');
    expect(await day('month')).toBe('2026-05-01');
    expect(await day('quarter')).toBe('2026-04-01');
    expect(await day('year')).toBe('2026-01-01');
  });

  it('date arithmetic, safe division and SHA-256 hex', async () => {
    expect((await text(sql.call('date_add_days', d, sql.lit(-20))))!.slice(0, 10)).toBe('2026-04-27');
    expect(await text(sql.call('date_diff_days', sql.raw("DATE '2026-01-01'"), d))).toBe('136');
    expect(await text(sql.call('safe_divide', sql.lit(1), sql.lit(0)))).toBeNull();
    expect(Number(await text(sql.call('safe_divide', sql.lit(3), sql.lit(4))))).toBe(0.75);
    expect(await text(sql.call('sha256_hex', sql.lit('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await text(sql.call('concat', sql.lit('a'), sql.lit("'b'")))).toBe("a'b'");
  });
});
