/**
 * Each materialisation executed through the real CLI on DuckDB, with results compared to answers worked out by
 * hand from the tiny fixtures written next to them (STYLE habit 8). On a mismatch the SQL Cible ran is printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckProject, makeProject, runCli } from '../helpers/cli.js';
import { listFiles, queryDuck, relationsSql } from '../golden/harness.js';

const dbOf = (dir: string) => join(dir, '.cible', 'test.duckdb');
const ranSql = (dir: string) => listFiles(join(dir, 'target', 'run')).map((f) => `-- ${f}\n${readFileSync(join(dir, 'target', 'run', f), 'utf8')}`).join('\n');

function cible(dir: string, args: string[], code = 0) {
  const r = runCli(args, { cwd: dir });
  expect(r.code, `cible ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(code);
  return r;
}

async function rows(dir: string, sql: string): Promise<unknown[][]> {
  try {
    return await queryDuck(dbOf(dir), sql);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- SQL Cible ran ---\n${ranSql(dir)}`);
  }
}

async function expectRows(dir: string, sql: string, expected: unknown[][]): Promise<void> {
  expect(await queryDuck(dbOf(dir), sql), `${sql}\n--- SQL Cible ran ---\n${ranSql(dir)}`).toEqual(expected);
}

function modelResult(dir: string, id: string): { status: string; rows?: number; message: string } {
  const all = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string }[];
  return all.find((r) => r.unique_id === id) as never;
}

describe('view and table', () => {
  // customers 1 ada, 2 bob, 3 cy; orders: ada 30 + 12 = 42 (2), bob none, cy 5 + 5 + 1 = 11 (3).
  const files = {
    'project.yml': duckProject(),
    'seeds/customers.csv': 'customer_id,name\n1,ada\n2,bob\n3,cy\n',
    'seeds/orders.csv': 'order_id,customer_id,amount\n100,1,30\n101,1,12\n102,3,5\n103,3,5\n104,3,1\n',
    'models/totals.sql':
      'select c.customer_id, c.name, count(o.order_id) as orders, coalesce(sum(o.amount), 0) as total\nfrom {{ref "customers"}} c\nleft join {{ref "orders"}} o on o.customer_id = c.customer_id\ngroup by 1, 2\n',
    'models/big_spenders.sql': 'select name from {{ref "totals"}} where total > 10\n',
  };
  const schema = (m: string) => `models:\n  - name: totals\n    materialized: ${m}\n  - name: big_spenders\n    materialized: view\n`;
  const totals = [[1, 'ada', 2, 42], [2, 'bob', 0, 0], [3, 'cy', 3, 11]];

  it('builds the hand-computed rows as a view, then a table, then a view again, leaving no temporary table', async () => {
    const dir = makeProject({ ...files, 'models/schema.yml': schema('view') });
    for (const [m, kind] of [['view', 'VIEW'], ['table', 'BASE TABLE'], ['view', 'VIEW'], ['table', 'BASE TABLE']]) {
      writeFileSync(join(dir, 'models/schema.yml'), schema(m));
      cible(dir, ['build']);
      await expectRows(dir, 'select customer_id, name, orders, total from main.totals order by customer_id', totals);
      await expectRows(dir, 'select name from main.big_spenders order by name', [['ada'], ['cy']]);
      await expectRows(dir, relationsSql, [['big_spenders', 'VIEW'], ['customers', 'BASE TABLE'], ['orders', 'BASE TABLE'], ['totals', kind]]);
      expect(await rows(dir, `select count(*) from duckdb_tables() where table_name like '%__cible_tmp'`)).toEqual([[0]]);
    }
    expect(modelResult(dir, 'model.totals')).toMatchObject({ status: 'success', rows: 3, message: 'table built' });
  });

  it('a table rebuilt after its input changed holds the new rows', async () => {
    const dir = makeProject({ ...files, 'models/schema.yml': schema('table') });
    cible(dir, ['build']);
    writeFileSync(join(dir, 'seeds/orders.csv'), 'order_id,customer_id,amount\n100,2,7\n');
    cible(dir, ['build']);
    await expectRows(dir, 'select customer_id, orders, total from main.totals order by customer_id', [[1, 0, 0], [2, 1, 7], [3, 0, 0]]);
  });
});

describe('incremental', () => {
  const model = (extra = '') =>
    `select id, name, amount, updated_at\nfrom {{ref "events"}}\n{{#if is_incremental}}\nwhere updated_at > (select max(updated_at) from {{this}})\n{{/if}}\n${extra}`;
  const v1 = 'id,name,amount,updated_at\n1,ada,10,2024-01-01\n2,bob,20,2024-01-02\n3,cy,30,2024-01-03\n';
  // ada's amount changes without a newer updated_at (the filter must leave it out); bob changes with one;
  // dee and eve are new. max(updated_at) after build 1 is 2024-01-03, so rows 2, 4 and 5 pass the filter.
  const v2 = 'id,name,amount,updated_at\n1,ada,11,2024-01-01\n2,bob,25,2024-01-05\n3,cy,30,2024-01-03\n4,dee,40,2024-01-04\n5,eve,50,2024-01-06\n';
  const q = 'select id, name, amount, updated_at from main.ev order by id, updated_at';

  it('merge: builds, then updates the changed row and inserts the new ones; --full-refresh rebuilds from scratch', async () => {
    const dir = makeProject({
      'project.yml': duckProject(), 'seeds/events.csv': v1, 'models/ev.sql': model(),
      'models/schema.yml': 'models:\n  - { name: ev, materialized: incremental, unique_key: id }\n',
    });
    cible(dir, ['build']);
    expect(modelResult(dir, 'model.ev')).toMatchObject({ status: 'success', rows: 3, message: 'table built (full refresh)' });
    await expectRows(dir, relationsSql, [['ev', 'BASE TABLE'], ['events', 'BASE TABLE']]);
    await expectRows(dir, q, [[1, 'ada', 10, '2024-01-01'], [2, 'bob', 20, '2024-01-02'], [3, 'cy', 30, '2024-01-03']]);

    writeFileSync(join(dir, 'seeds/events.csv'), v2);
    cible(dir, ['build']);
    expect(modelResult(dir, 'model.ev')).toMatchObject({ status: 'success', rows: 3, message: 'incremental: 3 new or changed rows' });
    const merged = [[1, 'ada', 10, '2024-01-01'], [2, 'bob', 25, '2024-01-05'], [3, 'cy', 30, '2024-01-03'], [4, 'dee', 40, '2024-01-04'], [5, 'eve', 50, '2024-01-06']];
    await expectRows(dir, q, merged);
    const runFile = readFileSync(join(dir, 'target/run/models/ev.sql'), 'utf8');
    expect(runFile).toContain('where updated_at > (select max(updated_at) from "main"."ev")');
    expect(runFile).toContain('MERGE INTO "main"."ev"');

    // Nothing newer than 2024-01-06: an incremental build with no new rows changes nothing.
    cible(dir, ['build']);
    expect(modelResult(dir, 'model.ev')).toMatchObject({ status: 'success', rows: 0 });
    await expectRows(dir, q, merged);

    cible(dir, ['build', '--full-refresh']);
    expect(modelResult(dir, 'model.ev')).toMatchObject({ status: 'success', rows: 5, message: 'table built (full refresh)' });
    await expectRows(dir, q, [[1, 'ada', 11, '2024-01-01'], [2, 'bob', 25, '2024-01-05'], [3, 'cy', 30, '2024-01-03'], [4, 'dee', 40, '2024-01-04'], [5, 'eve', 50, '2024-01-06']]);
    expect(await rows(dir, `select count(*) from duckdb_tables() where table_name like '%__cible_tmp'`)).toEqual([[0]]);
  });

  it('append: new rows are added, a changed row is added again rather than updated', async () => {
    const dir = makeProject({
      'project.yml': duckProject(), 'seeds/events.csv': v1, 'models/ev.sql': model(),
      'models/schema.yml': 'models:\n  - { name: ev, materialized: incremental, incremental_strategy: append }\n',
    });
    cible(dir, ['build']);
    writeFileSync(join(dir, 'seeds/events.csv'), v2);
    cible(dir, ['build']);
    await expectRows(dir, q, [
      [1, 'ada', 10, '2024-01-01'], [2, 'bob', 20, '2024-01-02'], [2, 'bob', 25, '2024-01-05'],
      [3, 'cy', 30, '2024-01-03'], [4, 'dee', 40, '2024-01-04'], [5, 'eve', 50, '2024-01-06'],
    ]);
    expect(readFileSync(join(dir, 'target/run/models/ev.sql'), 'utf8')).not.toContain('MERGE');
    cible(dir, ['build', '--full-refresh']);
    expect(await rows(dir, 'select count(*), sum(amount) from main.ev')).toEqual([[5, 156]]);
  });

  it('delete+insert on a two-column key replaces the matching rows and keeps the others', async () => {
    // Build 1: (a, 01-01) = 5, (b, 01-01) = 7. Build 2 reloads (a, 01-01) as 6 and adds (a, 01-02) = 3 at batch 2.
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/sales.csv': 'store,day,sales,batch\na,2024-01-01,5,1\nb,2024-01-01,7,1\n',
      'models/store_days.sql': 'select store, day, sales, batch from {{ref "sales"}}\n{{#if is_incremental}}where batch > (select max(batch) from {{this}}){{/if}}\n',
      'models/schema.yml': 'models:\n  - name: store_days\n    materialized: incremental\n    incremental_strategy: delete+insert\n    unique_key: [store, day]\n',
    });
    cible(dir, ['build']);
    writeFileSync(join(dir, 'seeds/sales.csv'), 'store,day,sales,batch\na,2024-01-01,5,1\nb,2024-01-01,7,1\na,2024-01-01,6,2\na,2024-01-02,3,2\n');
    cible(dir, ['build']);
    expect(modelResult(dir, 'model.store_days')).toMatchObject({ status: 'success', rows: 2 });
    await expectRows(dir, 'select store, day, sales from main.store_days order by store, day', [['a', '2024-01-01', 6], ['a', '2024-01-02', 3], ['b', '2024-01-01', 7]]);
    expect(readFileSync(join(dir, 'target/run/models/store_days.sql'), 'utf8')).toContain('DELETE FROM "main"."store_days"');
  });
});

describe('ephemeral', () => {
  // Active people: ada 36, bob 17, dee 18 (cy is inactive). Adults among them: ada and dee.
  const files = {
    'project.yml': duckProject(),
    'seeds/people.csv': 'id,name,age,active\n1,ada,36,true\n2,bob,17,true\n3,cy,52,false\n4,dee,18,true\n',
    'models/active_people.sql': 'select id, name, age from {{ref "people"}} where active\n',
    'models/adults.sql': 'select id, name, age from {{ref "active_people"}} where age >= 18\n',
    'models/adult_names.sql': 'select id, upper(name) as name from {{ref "adults"}}\n',
    'models/adult_stats.sql': 'with a as (\n  select * from {{ref "adults"}}\n)\nselect count(*) as n, min(age) as youngest from a\n',
    'models/adult_log.sql': 'select id, name from {{ref "adults"}}\n{{#if is_incremental}}where id > (select max(id) from {{this}}){{/if}}\n',
    'models/schema.yml': [
      'models:',
      '  - { name: active_people, materialized: ephemeral }',
      '  - name: adults',
      '    materialized: ephemeral',
      '    columns: [{ name: id, tests: [unique, not_null] }]',
      '  - { name: adult_names, materialized: table }',
      '  - { name: adult_stats, materialized: view }',
      '  - { name: adult_log, materialized: incremental, unique_key: id }',
      '',
    ].join('\n'),
  };

  it('is never created in the warehouse, and its consumers (and its own tests) see the right rows', async () => {
    const dir = makeProject(files);
    cible(dir, ['build']);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string }[];
    expect(Object.fromEntries(results.map((r) => [r.unique_id, r.status]))).toEqual({
      'seed.people': 'success', 'model.active_people': 'success', 'model.adults': 'success', 'model.adult_names': 'success',
      'model.adult_stats': 'success', 'model.adult_log': 'success', 'test.unique_adults_id': 'success', 'test.not_null_adults_id': 'success',
    });
    await expectRows(dir, relationsSql, [['adult_log', 'BASE TABLE'], ['adult_names', 'BASE TABLE'], ['adult_stats', 'VIEW'], ['people', 'BASE TABLE']]);
    await expectRows(dir, 'select id, name from main.adult_names order by id', [[1, 'ADA'], [4, 'DEE']]);
    await expectRows(dir, 'select n, youngest from main.adult_stats', [[2, 18]]);
    const show = cible(dir, ['show', 'adults', '--json']);
    expect(JSON.parse(show.stdout).rows.map((r: { id: number; age: number }) => [Number(r.id), Number(r.age)]).sort()).toEqual([[1, 36], [4, 18]]);
  });

  it('is inlined into the incremental query of an incremental consumer', async () => {
    const dir = makeProject(files);
    cible(dir, ['build']);
    // eve (5, 40, active) is new; fay (6, 12) is a minor; so only eve reaches adult_log.
    writeFileSync(join(dir, 'seeds/people.csv'), files['seeds/people.csv'] + '5,eve,40,true\n6,fay,12,true\n');
    cible(dir, ['build']);
    expect(modelResult(dir, 'model.adult_log')).toMatchObject({ status: 'success', rows: 1 });
    await expectRows(dir, 'select id, name from main.adult_log order by id', [[1, 'ada'], [4, 'dee'], [5, 'eve']]);
  });
});
