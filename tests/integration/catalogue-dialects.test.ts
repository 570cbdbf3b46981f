/**
 * The function catalogue functions profiles use (STYLE habit 5), on every dialect: the exact SQL each dialect
 * prints (checked against the vendors' references, see the comments in src/sql/<dialect>/dialect.ts), and the
 * value it computes, executed on DuckDB, on the real Postgres, and through the BigQuery and Snowflake fakes'
 * translators (so a function a fake cannot translate, or an escape it reads differently, fails here first).
 * Every value is compared as text: CAST(<expr> AS <string type>).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Expr, FunctionName } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { translate as bigqueryToDuck } from '../fakes/bigquery/translate.js';
import { translate as snowflakeToDuck } from '../fakes/snowflake/sql-translate.js';
import { pgQuery } from '../helpers/sync-helpers.js';

type Dialect = 'duckdb' | 'postgres' | 'bigquery' | 'snowflake';
const dialects: Dialect[] = ['duckdb', 'postgres', 'bigquery', 'snowflake'];
const lit = (value: string | number | null): Expr => ({ kind: 'literal', value });
const date = (iso: string): Expr => ({ kind: 'cast', expr: lit(iso), to: 'date' });
const call = (fn: FunctionName, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });

describe('catalogue functions as printed per dialect', () => {
  const print = (d: Dialect, e: Expr) => printerFor(d).expr(e);
  const table: [string, Expr, Record<Dialect, string>][] = [
    ['regexp_replace_all', call('regexp_replace_all', lit('a.b'), lit('\\.'), lit('')), {
      duckdb: "REGEXP_REPLACE('a.b', '\\.', '', 'g')", postgres: "REGEXP_REPLACE('a.b', '\\.', '', 'g')",
      bigquery: "REGEXP_REPLACE('a.b', '\\\\.', '')", snowflake: "REGEXP_REPLACE('a.b', '\\\\.', '')",
    }],
    ['regexp_contains', call('regexp_contains', lit('x'), lit('^a')), {
      duckdb: "REGEXP_MATCHES('x', '^a')", postgres: "('x' ~ '^a')", bigquery: "REGEXP_CONTAINS('x', '^a')", snowflake: "(REGEXP_INSTR('x', '^a') > 0)",
    }],
    ['date_sub_interval', call('date_sub_interval', date('2024-06-30'), lit(90), lit('day')), {
      duckdb: "(CAST('2024-06-30' AS DATE) - INTERVAL (90) DAY)", postgres: "(CAST('2024-06-30' AS DATE) - (90) * INTERVAL '1 day')",
      bigquery: "DATE_SUB(CAST('2024-06-30' AS DATE), INTERVAL 90 DAY)", snowflake: "DATEADD(DAY, -(90), CAST('2024-06-30' AS DATE))",
    }],
    ['split_part', call('split_part', lit('a@b'), lit('@'), lit(2)), {
      duckdb: "SPLIT_PART('a@b', '@', 2)", postgres: "SPLIT_PART('a@b', '@', 2)", bigquery: "SPLIT('a@b', '@')[SAFE_OFFSET(1)]", snowflake: "SPLIT_PART('a@b', '@', 2)",
    }],
    ['least', call('least', lit(3), lit(1)), {
      duckdb: 'CASE WHEN 3 IS NULL OR 1 IS NULL THEN NULL ELSE LEAST(3, 1) END', postgres: 'CASE WHEN 3 IS NULL OR 1 IS NULL THEN NULL ELSE LEAST(3, 1) END',
      bigquery: 'LEAST(3, 1)', snowflake: 'LEAST(3, 1)',
    }],
    ['substr', call('substr', lit('abc'), lit(2)), { duckdb: "SUBSTR('abc', 2)", postgres: "SUBSTR('abc', 2)", bigquery: "SUBSTR('abc', 2)", snowflake: "SUBSTR('abc', 2)" }],
    ['length', call('length', lit('abc')), { duckdb: "LENGTH('abc')", postgres: "LENGTH('abc')", bigquery: "LENGTH('abc')", snowflake: "LENGTH('abc')" }],
    ['string_agg_distinct', call('string_agg_distinct', { kind: 'column', name: 'x' }, lit(',')), {
      duckdb: 'STRING_AGG(DISTINCT "x", \',\' ORDER BY "x")', postgres: 'STRING_AGG(DISTINCT "x", \',\' ORDER BY "x")',
      bigquery: "STRING_AGG(DISTINCT `x`, ',' ORDER BY `x`)", snowflake: 'LISTAGG(DISTINCT "X", \',\') WITHIN GROUP (ORDER BY "X")',
    }],
    ['row_id', call('row_id'), { duckdb: 'ROW_NUMBER() OVER ()', postgres: 'ROW_NUMBER() OVER ()', bigquery: 'ROW_NUMBER() OVER ()', snowflake: 'SEQ8()' }],
  ];
  it.each(table)('%s', (_name, e, want) => {
    for (const d of dialects) expect(print(d, e), d).toBe(want[d]);
  });
});

/** Runs a SELECT written for dialect `d` where it can run, and returns its rows' first column. */
let duck: DuckDBConnection;
let instance: DuckDBInstance;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  duck = await instance.connect();
});
afterAll(() => {
  duck.closeSync();
  instance.closeSync();
});
const facts = { account: 'A', user: 'U', role: 'R', warehouse: 'W' };
async function run(d: Dialect, sql: string): Promise<unknown> {
  if (d === 'postgres') return Object.values((await pgQuery(sql))[0])[0];
  const text = d === 'bigquery' ? bigqueryToDuck(sql, new Set()).sql : d === 'snowflake' ? snowflakeToDuck(sql, facts) : sql;
  const rows = (await duck.runAndReadAll(text)).getRowsJS();
  return rows[0][0];
}

describe.each(dialects)('catalogue functions computed on %s', (d) => {
  const p = printerFor(d);
  const text = (e: Expr) => p.expr({ kind: 'cast', expr: e, to: 'string' });
  const value = (e: Expr) => run(d, `SELECT ${text(e)} AS ${p.ident('v')}`);
  const asDate = (e: Expr) => ({ kind: 'cast', expr: e, to: 'date' }) as Expr;

  it('regexp_replace_all replaces every match; a backslash in the pattern reaches the engine as one', async () => {
    expect(await value(call('regexp_replace_all', lit('a.b.c'), lit('\\.'), lit('')))).toBe('abc');
    expect(await value(call('regexp_replace_all', lit('a1b22c'), lit('[0-9]'), lit('')))).toBe('abc');
  });

  it('regexp_contains is a partial match', async () => {
    expect(await value(call('regexp_contains', lit('x@y.com'), lit('@y\\.com$')))).toBe('true');
    expect(await value(call('regexp_contains', lit('x@yzcom'), lit('@y\\.com$')))).toBe('false');
    expect(await value(call('regexp_contains', lit(' (+33) 6'), lit('^[^0-9+]*[+]')))).toBe('true');
    expect(await value(call('regexp_contains', lit('0033 6'), lit('^[^0-9+]*[+]')))).toBe('false');
    expect(await value(call('regexp_contains', lit('mail@x.fr'), lit('^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$')))).toBe('true');
    expect(await value(call('regexp_contains', lit('ma il@x.fr'), lit('^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$')))).toBe('false');
  });

  it('date_sub_interval counts back in days, weeks, months and years', async () => {
    const back = (n: number, unit: string) => value(asDate(call('date_sub_interval', date('2024-06-30'), lit(n), lit(unit))));
    expect(await back(90, 'day')).toBe('2024-04-01');
    expect(await back(2, 'week')).toBe('2024-06-16');
    expect(await back(1, 'month')).toBe('2024-05-30');
    expect(await back(1, 'year')).toBe('2023-06-30');
  });

  it("split_part is 1-based; out of range it is '' (NULL on BigQuery, whose SAFE_OFFSET has no empty string)", async () => {
    expect(await value(call('split_part', lit('j.doe+promo@gmail.com'), lit('@'), lit(2)))).toBe('gmail.com');
    expect(await value(call('split_part', lit('j.doe+promo'), lit('+'), lit(1)))).toBe('j.doe');
    expect(await value(call('split_part', lit('nodomain'), lit('@'), lit(2)))).toBe(d === 'bigquery' ? null : '');
  });

  it('least is NULL when an argument is', async () => {
    expect(await value(call('least', lit(3), lit(1), lit(2)))).toBe('1');
    expect(await value(call('least', lit(1), { kind: 'cast', expr: lit(null), to: 'bigint' }))).toBeNull();
  });

  it('substr and length count characters', async () => {
    expect(await value(call('substr', lit('+33612'), lit(3)))).toBe('3612');
    expect(await value(call('substr', lit('abcdef'), lit(2), lit(3)))).toBe('bcd');
    expect(await value(call('length', lit('été')))).toBe('3');
  });

  it('string_agg_distinct joins distinct values, sorted', async () => {
    const x = p.ident('x');
    const rows = `SELECT 'b' AS ${x} UNION ALL SELECT 'a' UNION ALL SELECT 'b' UNION ALL SELECT 'c'`;
    expect(await run(d, `SELECT ${p.call('string_agg_distinct', [`t.${x}`, p.literal(',')])} AS ${p.ident('v')} FROM (${rows}) AS t`)).toBe('a,b,c');
  });

  it('row_id is unique per row', async () => {
    const id = p.ident('id');
    const rows = `SELECT 1 AS ${p.ident('x')} UNION ALL SELECT 2 UNION ALL SELECT 3`;
    expect(Number(await run(d, `SELECT COUNT(DISTINCT u.${id}) AS ${p.ident('n')} FROM (SELECT ${p.call('row_id', [])} AS ${id} FROM (${rows}) AS t) AS u`))).toBe(3);
  });
});
