/**
 * `engine: duckdb` models: DuckDB SQL that a target of another type gets computed in embedded DuckDB and loaded.
 * Built by the real CLI on the real Postgres: DuckDB-only SQL (range(), lists, ENUM-free UUIDs, empty strings and
 * NULLs) arrives with its values, a normal model reads it on Postgres, and the mistakes the engine rules forbid are
 * located diagnostics (exit 2).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';

const schema = `embedded_t${process.pid}`;
const url = 'postgres://postgres@127.0.0.1:5432/test';
const project = (models: string) => `name: embedded
target: pg
targets:
  pg: { type: postgres, url: "${url}", schema: ${schema} }
models:
${models}`;

afterAll(async () => {
  const db = await PostgresAdapter.open({ url }, 'cleanup');
  await db.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db.close();
});

describe('engine: duckdb on a Postgres target', () => {
  it('computes the model in embedded DuckDB, loads it, and lets target models read it', async () => {
    const dir = makeProject({
      'project.yml': project('  gen: { materialized: table, engine: duckdb }\n'),
      'models/gen/numbers.sql': "select i, [i, i * 10] as pair, case when i = 1 then '' when i = 2 then null else 'x' || i end as label, DATE '2024-01-01' + i::INT as day, TIMESTAMP '2024-01-01 10:00:00.25' + to_seconds(i) as at, (i / 4)::DECIMAL(6, 2) as quarter from range(1, 5) t(i)",
      'models/gen/numbers_x2.sql': 'select i * 2 as i2 from {{ref "numbers"}}',
      'models/totals.sql': 'select count(*) as n, sum(quarter) as q, count(label) as labelled, sum(case when label = \'\' then 1 else 0 end) as empty_labels from {{ref "numbers"}}',
    });
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/numbers .*table computed in embedded DuckDB and loaded \(4 rows/);
    const db = await PostgresAdapter.open({ url }, 'check');
    try {
      const { rows } = await db.query(`SELECT i, pair, label, CAST(day AS TEXT) AS day, CAST(at AS TEXT) AS at, CAST(quarter AS TEXT) AS quarter FROM "${schema}"."numbers" ORDER BY i`);
      expect(rows.map((x) => [Number(x.i), x.pair, x.label, x.day, x.at, x.quarter])).toEqual([
        [1, '[1,10]', '', '2024-01-02', '2024-01-01 10:00:01.25', '0.25'],
        [2, '[2,20]', null, '2024-01-03', '2024-01-01 10:00:02.25', '0.50'],
        [3, '[3,30]', 'x3', '2024-01-04', '2024-01-01 10:00:03.25', '0.75'],
        [4, '[4,40]', 'x4', '2024-01-05', '2024-01-01 10:00:04.25', '1.00'],
      ]);
      const types = await db.columns({ kind: 'table', schema, name: 'numbers' });
      expect(types.map((c) => c.type)).toEqual(['bigint', 'text', 'text', 'date', 'timestamp without time zone', 'numeric']);
      // An engine: duckdb model reads another one in the embedded database, and is loaded too.
      expect((await db.query(`SELECT SUM(i2) AS s FROM "${schema}"."numbers_x2"`)).rows[0].s).toBe('20');
      // The Postgres model read the loaded table: an empty string stayed one, a NULL stayed NULL.
      expect((await db.query(`SELECT n, q, labelled, empty_labels FROM "${schema}"."totals"`)).rows[0]).toEqual({ n: '4', q: '2.50', labelled: '3', empty_labels: '1' });
    } finally {
      await db.close();
    }
  });

  it('refuses a ref from an engine: duckdb model to a model built on the target, at the ref', () => {
    const dir = makeProject({
      'project.yml': project('  gen: { materialized: table, engine: duckdb }\n'),
      'models/base.sql': 'select 1 as i',
      'models/gen/uses_base.sql': '-- reads the target\nselect * from {{ref "base"}}',
    });
    const r = runCli(['compile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/models\/gen\/uses_base\.sql:2:15: error E009: 'base' is built on the postgres target, but this model has engine: duckdb/);
    expect(r.stderr + r.stdout).toMatch(/can read only other engine: duckdb models/);
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
  });

  it('refuses engine: duckdb with a materialisation other than table', () => {
    const dir = makeProject({
      'project.yml': project('  gen: { materialized: view, engine: duckdb }\n'),
      'models/gen/v.sql': 'select 1 as i',
    });
    const r = runCli(['compile'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/model 'v' has engine: duckdb, .*materialized: view cannot be/);
    expect(r.stderr + r.stdout).toMatch(/hint: set materialized: table/);
  });

  it('is a no-op on a DuckDB target: the model is built in the target itself', () => {
    const dir = makeProject({
      'project.yml': 'name: embedded\ntarget: local\ntargets:\n  local: { type: duckdb, path: .cible/x.duckdb }\nmodels:\n  gen: { materialized: view, engine: duckdb }\n',
      'models/gen/v.sql': 'select 1 as i',
    });
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/model v\s+view created/);
  });
});
