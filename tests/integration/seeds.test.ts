/**
 * Seeds through the real CLI on DuckDB: declared `column_types` win, other columns keep DuckDB's sniffed types,
 * reloads replace the rows, and `delimiter` / `schema` are honoured. Types are read from the DuckDB file after the
 * CLI exits; rows also through `cible show --json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckProject, makeProject, runCli } from '../helpers/cli.js';
import { queryDuck } from '../golden/harness.js';

const dbOf = (dir: string) => join(dir, '.cible', 'test.duckdb');
const typesOf = (dir: string, table: string, schema = 'main') =>
  queryDuck(dbOf(dir), `select column_name, data_type from information_schema.columns where table_schema = '${schema}' and table_name = '${table}' order by ordinal_position`);

function cible(dir: string, args: string[], code = 0) {
  const r = runCli(args, { cwd: dir });
  expect(r.code, `cible ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(code);
  return r;
}

const productsCsv = 'sku,name,price,qty,launched_on,active\n7,lamp,19.90,3,2024-03-01,true\n42,desk,120.00,1,2024-04-15,false\n';

describe('seeds', () => {
  it('applies declared column_types and infers the other columns', async () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/products.csv': productsCsv,
      'seeds/products_untyped.csv': productsCsv,
      'seeds/schema.yml': 'seeds:\n  - name: products\n    column_types: { sku: VARCHAR, price: "DECIMAL(10,2)", qty: INTEGER }\n',
    });
    cible(dir, ['seed']);
    expect(await typesOf(dir, 'products')).toEqual([
      ['sku', 'VARCHAR'], ['name', 'VARCHAR'], ['price', 'DECIMAL(10,2)'], ['qty', 'INTEGER'], ['launched_on', 'DATE'], ['active', 'BOOLEAN'],
    ]);
    // The same file without declarations: DuckDB's sniffer reads the skus as numbers and 19.90 as a double.
    expect(await typesOf(dir, 'products_untyped')).toEqual([
      ['sku', 'BIGINT'], ['name', 'VARCHAR'], ['price', 'DOUBLE'], ['qty', 'BIGINT'], ['launched_on', 'DATE'], ['active', 'BOOLEAN'],
    ]);
    expect(await queryDuck(dbOf(dir), 'select sku, price::varchar, qty, launched_on, active from main.products order by sku')).toEqual([
      ['42', '120.00', 1, '2024-04-15', false],
      ['7', '19.90', 3, '2024-03-01', true],
    ]);
    expect(await queryDuck(dbOf(dir), 'select sku from main.products_untyped order by sku')).toEqual([[7], [42]]);

    const show = cible(dir, ['show', 'products', '--json']);
    const shown = JSON.parse(show.stdout) as { node: string; columns: string[]; rows: Record<string, unknown>[] };
    expect(shown.node).toBe('seed.products');
    expect(shown.columns).toEqual(['sku', 'name', 'price', 'qty', 'launched_on', 'active']);
    expect(shown.rows.map((r) => [r.sku, r.name, r.qty, r.active])).toEqual([['7', 'lamp', 3, true], ['42', 'desk', 1, false]]);
  });

  it('reports the run result with the number of rows loaded', () => {
    const dir = makeProject({ 'project.yml': duckProject(), 'seeds/products.csv': productsCsv });
    const r = cible(dir, ['seed', '--json']);
    const out = JSON.parse(r.stdout) as { status: string; results: { unique_id: string; status: string; rows: number }[] };
    expect(out.status).toBe('success');
    expect(out.results.map((x) => [x.unique_id, x.status, x.rows])).toEqual([['seed.products', 'success', 2]]);
  });

  it('a reload replaces the rows (also with new columns) and leaves no temporary table', async () => {
    const dir = makeProject({ 'project.yml': duckProject(), 'seeds/s.csv': 'id,v\n1,a\n2,b\n3,c\n' });
    cible(dir, ['seed']);
    writeFileSync(join(dir, 'seeds/s.csv'), 'id,v,w\n9,z,1.5\n');
    cible(dir, ['seed']);
    expect(await queryDuck(dbOf(dir), 'select id, v, w from main.s')).toEqual([[9, 'z', 1.5]]);
    expect(await queryDuck(dbOf(dir), `select table_name from duckdb_tables() order by 1`)).toEqual([['s']]);
    expect(readFileSync(join(dir, 'target/run/seeds/s.sql'), 'utf8')).toContain('DROP TABLE "main"."s"');
  });

  it('honours delimiter and schema, and models read the seed from there', async () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/prices.csv': 'sku;price\nA;1.25\nB;2.50\n',
      'seeds/schema.yml': 'seeds:\n  - name: prices\n    schema: raw\n    delimiter: ";"\n    column_types: { price: "DECIMAL(6,2)" }\n',
      'models/price_total.sql': 'select sum(price) as total from {{ref "prices"}}\n',
      'models/schema.yml': 'models:\n  - { name: price_total, materialized: table }\n',
    });
    cible(dir, ['build']);
    expect(await typesOf(dir, 'prices', 'raw')).toEqual([['sku', 'VARCHAR'], ['price', 'DECIMAL(6,2)']]);
    expect(await queryDuck(dbOf(dir), 'select total::varchar from main.price_total')).toEqual([['3.75']]);
    expect(readFileSync(join(dir, 'target/compiled/models/price_total.sql'), 'utf8')).toContain('"raw"."prices"');
  });

  it('a column_types entry naming no column of the file fails that seed, with exit 1, and records the SQL', () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'seeds/s.csv': 'a,b\n1,x\n',
      'seeds/ok.csv': 'a\n1\n',
      'seeds/schema.yml': 'seeds:\n  - name: s\n    column_types: { zz: INTEGER }\n',
    });
    const r = cible(dir, ['seed'], 1);
    const rr = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string; message: string; error?: { sql?: string } }[];
    const s = rr.find((x) => x.unique_id === 'seed.s')!;
    expect(s.status).toBe('error');
    expect(s.message).toContain('zz');
    expect(s.error?.sql).toContain('read_csv(');
    expect(rr.find((x) => x.unique_id === 'seed.ok')!.status).toBe('success');
    expect(r.stderr).toContain('error in seed.s');
  });

  it('`cible seed` loads only seeds', async () => {
    const dir = makeProject({ 'project.yml': duckProject(), 'seeds/s.csv': 'id\n1\n', 'models/m.sql': 'select * from {{ref "s"}}\n' });
    cible(dir, ['seed']);
    expect(await queryDuck(dbOf(dir), `select table_name from information_schema.tables order by 1`)).toEqual([['s']]);
  });
});
