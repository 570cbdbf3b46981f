/**
 * Data tests through the real CLI on DuckDB: each kind passes on good data and fails on bad data with the
 * failure count worked out by hand below; `severity: warn`; and a failing test gating its model's children.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckProject, makeProject, runCli } from '../helpers/cli.js';
import { queryDuck, relationsSql } from '../golden/harness.js';

interface Result {
  unique_id: string;
  status: string;
  failures?: number;
  message: string;
}

function results(dir: string): Record<string, Result> {
  const all = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as Result[];
  return Object.fromEntries(all.map((r) => [r.unique_id, r]));
}

/** unique_id -> [status, failures] for the tests only. */
function testOutcomes(dir: string): Record<string, [string, number | undefined]> {
  return Object.fromEntries(Object.values(results(dir)).filter((r) => r.unique_id.startsWith('test.')).map((r) => [r.unique_id, [r.status, r.failures]]));
}

const schemaYml = `models:
  - name: stg_orders
    tests:
      - expression: "select * from {{this}} where amount < 0"
    columns:
      - name: order_id
        tests: [unique, not_null]
      - name: customer_id
        tests:
          - not_null
          - relationships: { to: customers, field: customer_id }
      - name: status
        tests:
          - accepted_values: { values: [placed, shipped] }
seeds:
  - name: customers
    columns:
      - name: customer_id
        tests: [unique]
`;

const good = 'order_id,customer_id,status,amount\n1,1,placed,10\n2,1,shipped,4\n3,2,placed,0\n';
// Hand count on the bad rows:
//   unique(order_id): one key (10) appears more than once                       -> 1
//   not_null(order_id): none                                                     -> 0
//   not_null(customer_id): orders 10 (first) and 13                              -> 2
//   accepted_values(status): distinct bad values lost, returned, pending         -> 3 (lost twice, grouped)
//   relationships(customer_id -> customers): child rows 7, 8, 8, 9 (nulls ignored) -> 4
//   expression(amount < 0): -1, -2, -3, -4, -5                                    -> 5
const bad = [
  'order_id,customer_id,status,amount',
  '1,1,placed,10', '2,1,shipped,-1', '3,2,placed,-2', '10,,lost,4', '10,7,returned,5',
  '10,8,pending,-3', '11,8,lost,6', '12,9,placed,-4', '13,,placed,-5', '',
].join('\n');

function project(orders: string): string {
  return makeProject({
    'project.yml': duckProject(),
    'seeds/customers.csv': 'customer_id,email\n1,ada@example.com\n2,bob@example.com\n',
    'seeds/orders.csv': orders,
    'models/stg_orders.sql': 'select order_id, customer_id, status, amount from {{ref "orders"}}\n',
    'models/schema.yml': schemaYml,
  });
}

describe('data tests', () => {
  it('every kind passes on good data', () => {
    const dir = project(good);
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(testOutcomes(dir)).toEqual({
      'test.unique_stg_orders_order_id': ['success', 0],
      'test.not_null_stg_orders_order_id': ['success', 0],
      'test.not_null_stg_orders_customer_id': ['success', 0],
      'test.relationships_stg_orders_customer_id__customers': ['success', 0],
      'test.accepted_values_stg_orders_status': ['success', 0],
      'test.expression_stg_orders': ['success', 0],
      'test.unique_customers_customer_id': ['success', 0],
    });
  });

  it('every kind fails on bad data with the hand-counted number of failing rows, and exits 1', () => {
    const dir = project(bad);
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(testOutcomes(dir)).toEqual({
      'test.unique_stg_orders_order_id': ['error', 1],
      'test.not_null_stg_orders_order_id': ['success', 0],
      'test.not_null_stg_orders_customer_id': ['error', 2],
      'test.relationships_stg_orders_customer_id__customers': ['error', 4],
      'test.accepted_values_stg_orders_status': ['error', 3],
      'test.expression_stg_orders': ['error', 5],
      'test.unique_customers_customer_id': ['success', 0],
    });
    expect(results(dir)['test.relationships_stg_orders_customer_id__customers'].message).toBe('fail: 4 failing rows');
    expect(results(dir)['test.unique_stg_orders_order_id'].message).toBe('fail: 1 failing row');
    expect(r.stderr).toContain('error in test.expression_stg_orders');
  });

  it('`cible test` runs only the tests, against what is already built, and sees fixed data after a rebuild', () => {
    const dir = project(bad);
    expect(runCli(['build'], { cwd: dir }).code).toBe(1);
    let r = runCli(['test'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(Object.keys(results(dir)).every((id) => id.startsWith('test.'))).toBe(true);
    expect(Object.keys(results(dir))).toHaveLength(7);
    writeFileSync(join(dir, 'seeds/orders.csv'), good);
    expect(runCli(['build'], { cwd: dir }).code).toBe(0);
    r = runCli(['test'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(Object.values(testOutcomes(dir)).every(([s, f]) => s === 'success' && f === 0)).toBe(true);
  });

  it('a failing test with severity warn has status warn and exit 0, and does not hold back children', () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/raw.csv': 'id,email\n1,a@x\n2,\n3,\n',
      'models/people.sql': 'select id, email from {{ref "raw"}}\n',
      'models/people_count.sql': 'select count(*) as n from {{ref "people"}}\n',
      'models/schema.yml': 'models:\n  - name: people\n    columns:\n      - name: email\n        tests:\n          - { not_null: email, severity: warn }\n',
    });
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const res = results(dir);
    expect([res['test.not_null_people_email'].status, res['test.not_null_people_email'].failures]).toEqual(['warn', 2]);
    expect(res['test.not_null_people_email'].message).toBe('warn: 2 failing rows');
    expect(res['model.people_count'].status).toBe('success');
    expect(r.stdout).toMatch(/WARN .* test not_null_people_email/);
  });

  it('in build, a failing test on model A skips its children while an independent model still builds; exit 1', async () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/raw.csv': 'id,v\n1,10\n1,11\n2,20\n',
      'models/a.sql': 'select id, v from {{ref "raw"}}\n',
      'models/a_child.sql': 'select id, sum(v) as v from {{ref "a"}} group by id\n',
      'models/a_grandchild.sql': 'select count(*) as n from {{ref "a_child"}}\n',
      'models/b.sql': 'select max(v) as top from {{ref "raw"}}\n',
      'models/schema.yml': 'models:\n  - name: a\n    materialized: table\n    columns:\n      - { name: id, tests: [unique] }\n  - { name: b, materialized: table }\n',
    });
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const res = results(dir);
    const statuses = Object.fromEntries(Object.values(res).map((x) => [x.unique_id, x.status]));
    expect(statuses).toEqual({
      'seed.raw': 'success', 'model.a': 'success', 'test.unique_a_id': 'error',
      'model.a_child': 'skipped', 'model.a_grandchild': 'skipped', 'model.b': 'success',
    });
    expect(res['test.unique_a_id'].failures).toBe(1);
    expect(res['model.a_child'].message).toBe('skipped: upstream test.unique_a_id did not succeed');
    expect(res['model.a_grandchild'].message).toBe('skipped: upstream test.unique_a_id did not succeed');
    expect(await queryDuck(join(dir, '.cible', 'test.duckdb'), relationsSql)).toEqual([['a', 'BASE TABLE'], ['b', 'BASE TABLE'], ['raw', 'BASE TABLE']]);
    expect(await queryDuck(join(dir, '.cible', 'test.duckdb'), 'select top from main.b')).toEqual([[20]]);
  });

  it('in run, tests are not executed, so the same children build', () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/raw.csv': 'id\n1\n1\n',
      'models/a.sql': 'select id from {{ref "raw"}}\n',
      'models/a_child.sql': 'select count(*) as n from {{ref "a"}}\n',
      'models/schema.yml': 'models:\n  - name: a\n    columns:\n      - { name: id, tests: [unique] }\n',
    });
    expect(runCli(['seed'], { cwd: dir }).code).toBe(0);
    const r = runCli(['run'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(Object.keys(results(dir)).sort()).toEqual(['model.a', 'model.a_child']);
  });
});
