/**
 * End to end: one project (seeds, a view, a table, an incremental model, data tests) built by the real CLI on
 * `--target bq` (the official client against the fake, in this process) and on the embedded DuckDB target; after
 * each of two builds (the second one incremental), every table holds the same rows on both.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, makeProject, runCli } from '../helpers/cli.js';
import { queryDuck } from '../golden/harness.js';
import { BigQueryAdapter } from '../../src/warehouse/bigquery/bigquery-adapter.js';
import { fakeClient } from '../fakes/bigquery/client.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { runCliAsync } from '../fakes/bigquery/run-cli-async.js';

const projectYml = (port: number) => `name: bq_e2e
target: local
targets:
  local: { type: duckdb, path: .cible/e2e.duckdb }
  bq: { type: bigquery, project: test-proj, dataset: analytics, api_endpoint: "http://127.0.0.1:${port}" }
`;

const files = {
  'seeds/customers.csv': 'id,name,email,country\n1,Ada,ada@example.com,FR\n2,Grace,grace@example.com,US\n3,"O\'Neil, Tim",,FR\n',
  'seeds/orders.csv': 'order_id,customer_id,amount,ordered_at,status\n10,1,120.50,2024-01-03,shipped\n11,1,15.00,2024-02-10,cancelled\n12,2,99.99,2024-02-11,placed\n',
  'seeds/schema.yml': 'seeds:\n  - name: orders\n    column_types: { amount: "DECIMAL(10,2)" }\n    columns:\n      - { name: order_id, tests: [unique, not_null] }\n',
  'models/stg_orders.sql': `select order_id, customer_id, amount, ordered_at, status\nfrom {{ref "orders"}}\nwhere status <> 'cancelled'`,
  'models/customer_revenue.sql':
    'select c.id as customer_id, c.name, count(o.order_id) as orders, coalesce(sum(o.amount), 0) as revenue, max(o.ordered_at) as last_order,\n' +
    "  case when c.email is null then 'unknown' else lower(c.email) end as email\n" +
    'from {{ref "customers"}} as c\nleft join {{ref "stg_orders"}} as o on o.customer_id = c.id\ngroup by c.id, c.name, c.email',
  'models/order_log.sql': 'select order_id, customer_id, amount, status\nfrom {{ref "orders"}}\n{{#if is_incremental}}\nwhere order_id >= (select max(order_id) from {{this}})\n{{/if}}',
  'models/schema.yml': `models:
  - name: stg_orders
    materialized: view
  - name: customer_revenue
    materialized: table
    columns:
      - { name: customer_id, tests: [unique, not_null] }
      - name: customer_id
        tests: [{ relationships: { to: customers, field: id } }]
  - name: order_log
    materialized: incremental
    unique_key: order_id
    columns:
      - name: status
        tests: [{ accepted_values: { values: [placed, shipped, cancelled, returned] } }]
`,
};

/** Values as comparable text: numbers as numbers, bigint as number, midnight dates as YYYY-MM-DD. */
function canon(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().endsWith('T00:00:00.000Z') ? v.toISOString().slice(0, 10) : v.toISOString();
  return v;
}
const sortRows = (rows: unknown[][]) => rows.map((r) => r.map(canon)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let fake: FakeBigQuery;
let dir: string;
let bq: BigQueryAdapter;

beforeAll(async () => {
  fake = await FakeBigQuery.start();
  dir = makeProject({ ...files, 'project.yml': projectYml(fake.port) });
  bq = await BigQueryAdapter.open({ project: 'test-proj', dataset: 'analytics' }, dir, 'check', { client: fakeClient(fake) });
});
afterAll(async () => fake.close());

const tables = ['customers', 'orders', 'customer_revenue', 'order_log', 'stg_orders'];

async function compare(): Promise<void> {
  for (const name of tables) {
    const duck = sortRows(await queryDuck(join(dir, '.cible', 'e2e.duckdb'), `select * from main."${name}"`));
    const { columns, rows } = await bq.query(`SELECT * FROM \`test-proj\`.\`analytics\`.\`${name}\``);
    expect(sortRows(rows.map((r) => columns.map((c) => r[c]))), `${name} on BigQuery vs DuckDB`).toEqual(duck);
    expect(duck.length, name).toBeGreaterThan(0);
  }
}

function results(): Record<string, string> {
  const run = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
  return Object.fromEntries(run.results.map((r) => [r.unique_id, r.status]));
}

describe('cible build --target bq (official client -> fake BigQuery) equals the DuckDB build', () => {
  it('first build: seeds, view, table, incremental (full), tests', async () => {
    const r = await runCliAsync(['build', '--target', 'bq', '--threads', '2'], { cwd: dir });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(Object.values(results()).every((s) => s === 'success'), JSON.stringify(results())).toBe(true);
    expect(Object.keys(results()).length).toBe(11);
    const run = readFileSync(join(dir, 'target', 'run', 'models', 'customer_revenue.sql'), 'utf8');
    expect(run).toBe('CREATE OR REPLACE TABLE `test-proj`.`analytics`.`customer_revenue` AS\n' + files['models/customer_revenue.sql'].replace(/\{\{ref "(\w+)"\}\}/g, '`test-proj`.`analytics`.`$1`') + ';\n');
    const d = runCli(['build', '--target', 'local', '--threads', '2'], { cwd: dir });
    expect(d.code, `${d.stdout}\n${d.stderr}`).toBe(0);
    await compare();
  });

  it('second build: the incremental model merges new and changed rows in a session transaction', async () => {
    // Order 12 changes status (merged on the unique key), order 13 is new.
    writeFileSync(join(dir, 'seeds', 'orders.csv'), files['seeds/orders.csv'].replace('2024-02-11,placed', '2024-02-11,returned') + '13,3,42.00,2024-03-01,placed\n');
    const before = fake.requests.length;
    const r = await runCliAsync(['build', '--target', 'bq'], { cwd: dir });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/incremental: 2 new or changed rows/);
    const sent = fake.requests.slice(before);
    expect(sent.every((x) => x.auth === 'Bearer emulator')).toBe(true);
    const d = runCli(['build', '--target', 'local'], { cwd: dir });
    expect(d.code, `${d.stdout}\n${d.stderr}`).toBe(0);
    await compare();

    const jobs = sent.filter((x) => x.route === 'jobs.insert').map((x) => (x.body as { configuration: { query: Record<string, unknown>; labels: Record<string, string> } }).configuration);
    const merge = jobs.find((c) => String(c.query.query).startsWith('MERGE INTO'))!;
    expect(merge.labels['cible-node']).toBe('model_order_log');
    expect(merge.query.connectionProperties).toBeDefined();
  });

  it('reports a broken model with the BigQuery reason and leaves the rest of the run recorded', async () => {
    writeFileSync(join(dir, 'models', 'customer_revenue.sql'), 'select no_such_column from {{ref "customers"}}');
    const r = await runCliAsync(['build', '--target', 'bq', '--select', 'customer_revenue'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BigQuery job failed \(invalidQuery\)/);
    expect(results()['model.customer_revenue']).toBe('error');
  });

  it('Ctrl-C cancels the running BigQuery job, skips the rest and exits 1', async () => {
    const slowDir = makeProject({
      'project.yml': projectYml(fake.port),
      'models/slow.sql': 'select 1 as x',
      'models/after_slow.sql': 'select * from {{ref "slow"}}',
    });
    fake.slowJobs(1_000_000, 1, /`slow`/);
    const child = spawn(process.execPath, [bin, 'build', '--target', 'bq', '--threads', '1'], { cwd: slowDir, env: { ...process.env, CI: 'true', METADATA_SERVER_DETECTION: 'none' } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const cancels = fake.routes('jobs.cancel').length;
    // Wait until the slow job is being polled: SIGINT before the runner exists would not cancel anything.
    const slowJobId = () => fake.routes('jobs.insert').map((r) => r.body as { jobReference: { jobId: string }; configuration: { query: { query: string } } }).find((b) => b.configuration.query.query.includes('`slow`'))?.jobReference.jobId;
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        const id = slowJobId();
        if (id && fake.routes('jobs.getQueryResults').filter((r) => r.path.endsWith(id)).length > 3) {
          clearInterval(t);
          resolve();
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(fake.routes('jobs.cancel').length).toBeGreaterThan(cancels);
    const run = JSON.parse(readFileSync(join(slowDir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; message: string }[] };
    const byId = Object.fromEntries(run.results.map((r) => [r.unique_id, r]));
    expect(byId['model.slow'].status).toBe('error');
    expect(byId['model.slow'].message).toMatch(/cancel/i);
    expect(byId['model.after_slow'].status).toBe('skipped');
  });
});
