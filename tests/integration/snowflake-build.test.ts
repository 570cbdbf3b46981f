/**
 * End to end: the real CLI builds a small project (seeds, a view, a table, an incremental model, data tests) with
 * `--target snow` against the Snowflake fake, twice (the second build runs the incremental merge and swaps the
 * table), and every relation equals the same project built on DuckDB: row count and the sorted rows.
 * The fake runs in this process and answers the CLI child over HTTP, so the child is spawned asynchronously
 * (tests/helpers' runCli uses spawnSync, which would block the fake's event loop).
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuck } from '../golden/harness.js';
import { bin, makeProject, runCli, type CliResult } from '../helpers/cli.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';

const PASSWORD = 'e2e-Pa55word-never-printed';

function runCliAsync(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const files = (url: string): Record<string, string> => ({
  'project.yml': [
    'name: snow_e2e', 'target: local', 'targets:', '  local: { type: duckdb, path: .cible/e2e.duckdb }',
    `  snow: { type: snowflake, account: testacct, user: tester, password: "\${SNOWFLAKE_PASSWORD}", database: DEMO, schema: ANALYTICS, warehouse: WH, access_url: ${url} }`, '',
  ].join('\n'),
  'seeds/customers.csv': 'customer_id,name,country,signup_date\n1,Ada,FR,2024-01-05\n2,Bob,DE,2024-02-11\n3,"Cy, ""the"" third",FR,2024-03-01\n4,Dee,,2024-03-15\n',
  'seeds/orders.csv': 'order_id,customer_id,amount,status,ordered_at\n10,1,12.5,placed,2024-04-01 10:00:00\n11,1,8,shipped,2024-04-02 11:30:00\n12,2,3.25,cancelled,2024-04-03 09:15:00\n13,3,100,placed,2024-04-04 18:45:10\n',
  'models/stg_orders.sql': `select order_id, customer_id, amount, status, ordered_at\nfrom {{ref "orders"}}\nwhere status <> 'cancelled'\n`,
  'models/customer_revenue.sql': [
    'select c.customer_id, c.name, c.country, count(o.order_id) as orders, coalesce(sum(o.amount), 0) as revenue,',
    "  date_trunc('month', min(o.ordered_at)) as first_month",
    'from {{ref "customers"}} as c', 'left join {{ref "stg_orders"}} as o on o.customer_id = c.customer_id', 'group by c.customer_id, c.name, c.country', '',
  ].join('\n'),
  'models/order_events.sql': [
    'select order_id, customer_id, status, amount * 2 as doubled', 'from {{ref "stg_orders"}}',
    '{{#if is_incremental}}', 'where order_id > (select max(order_id) from {{this}}) or status = \'shipped\'', '{{/if}}', '',
  ].join('\n'),
  'models/schema.yml': [
    'models:', '  - name: stg_orders', '    materialized: view', '    columns:', '      - name: order_id', '        tests: [unique, not_null]',
    '      - name: customer_id', '        tests:', '          - relationships: { to: customers, field: customer_id }',
    '      - name: status', '        tests:', '          - accepted_values: { values: [placed, shipped] }',
    '  - name: customer_revenue', '    materialized: table', '    tests:', '      - expression: "select * from {{this}} where revenue < 0"',
    '    columns:', '      - name: customer_id', '        tests: [unique, not_null]',
    '  - name: order_events', '    materialized: incremental', '    unique_key: order_id', '    incremental_strategy: merge',
    '    columns:', '      - name: order_id', '        tests: [unique]', '',
  ].join('\n'),
});

const relations = ['customers', 'orders', 'stg_orders', 'customer_revenue', 'order_events'];

/** Values as queryDuck gives them: numbers as numbers, a midnight date as YYYY-MM-DD, other instants as ISO text. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, '');
  return v;
}
const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r.map(plain))).sort();

let fake: FakeSnowflake;
let duckDir: string;
let snowDir: string;
const env = { SNOWFLAKE_PASSWORD: PASSWORD };

async function compare(): Promise<void> {
  for (const rel of relations) {
    const duck = sorted(await queryDuck(join(duckDir, '.cible', 'e2e.duckdb'), `select * from main.${rel}`));
    const snow = sorted(await fake.query(`select * from "DEMO"."ANALYTICS"."${rel.toUpperCase()}"`));
    expect(snow.length, rel).toBe(duck.length);
    expect(snow, rel).toEqual(duck);
  }
}

function allFiles(dir: string): string {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile()).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
}

beforeAll(async () => {
  fake = await FakeSnowflake.start({ users: { TESTER: { password: PASSWORD } } });
  duckDir = makeProject(files(fake.url));
  snowDir = makeProject(files(fake.url));
});

afterAll(async () => {
  await fake?.close();
});

describe('cible build --target snow (Snowflake fake) equals the DuckDB build', () => {
  it('builds seeds, a view, a table, an incremental model and their tests', async () => {
    const duck = runCli(['build'], { cwd: duckDir });
    expect(duck.code, duck.stdout + duck.stderr).toBe(0);
    const snow = await runCliAsync(['build', '--target', 'snow'], { cwd: snowDir, env });
    expect(snow.code, snow.stdout + snow.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(snowDir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string }[];
    expect(results.length).toBe(13);
    expect(results.filter((r) => r.status !== 'success')).toEqual([]);
    await compare();
    // Every statement of a node carries its QUERY_TAG.
    const tags = new Set(fake.statements.map((s) => (s.queryTag ? JSON.parse(s.queryTag).node : undefined)));
    for (const id of ['seed.orders', 'model.customer_revenue', 'model.order_events', 'test.unique_stg_orders_order_id']) expect(tags).toContain(id);
  });

  it('rebuilds: merges the incremental model and swaps the table in, still equal to DuckDB', async () => {
    const more = 'order_id,customer_id,amount,status,ordered_at\n10,1,12.5,shipped,2024-04-01 10:00:00\n11,1,8,shipped,2024-04-02 11:30:00\n12,2,3.25,cancelled,2024-04-03 09:15:00\n13,3,100,placed,2024-04-04 18:45:10\n14,4,7.75,placed,2024-05-01 08:00:00\n';
    for (const dir of [duckDir, snowDir]) writeFileSync(join(dir, 'seeds', 'orders.csv'), more);
    expect(runCli(['build'], { cwd: duckDir }).code).toBe(0);
    const snow = await runCliAsync(['build', '--target', 'snow'], { cwd: snowDir, env });
    expect(snow.code, snow.stdout + snow.stderr).toBe(0);
    await compare();
    expect(await fake.query(`select ORDER_ID::INT, STATUS from "DEMO"."ANALYTICS"."ORDER_EVENTS" order by 1`)).toEqual([[10, 'shipped'], [11, 'shipped'], [13, 'placed'], [14, 'placed']]);
    const ran = readFileSync(join(snowDir, 'target', 'run', 'models', 'customer_revenue.sql'), 'utf8');
    expect(ran).toContain('ALTER TABLE "ANALYTICS"."CUSTOMER_REVENUE__CIBLE_TMP" SWAP WITH "ANALYTICS"."CUSTOMER_REVENUE"');
    expect(readFileSync(join(snowDir, 'target', 'run', 'models', 'order_events.sql'), 'utf8')).toContain('MERGE INTO "ANALYTICS"."ORDER_EVENTS" AS "T"');
  });

  it('cible debug --target snow checks the connection', async () => {
    const r = await runCliAsync(['debug', '--target', 'snow'], { cwd: snowDir, env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/connection: OK .*"engine":"snowflake".*"user":"TESTER".*"warehouse":"WH","database":"DEMO","schema":"ANALYTICS"/);
    expect(r.stdout).toMatch(/schema 'ANALYTICS': 5 relations/);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it('Ctrl-C aborts the running Snowflake statement (abort-request) and skips the rest', async () => {
    const dir = makeProject({ ...files(fake.url), 'models/slow.sql': 'select 1 as slow_marker', 'models/after_slow.sql': 'select * from {{ref "slow"}}' });
    fake.faults.delayMs = (q) => (/slow_marker/i.test(q) && /^CREATE/i.test(q) ? 120_000 : 0);
    try {
      const child = spawn(process.execPath, [bin, 'build', '--target', 'snow', '--threads', '1', '--select', 'slow+'], { cwd: dir, env: { ...process.env, ...env, CI: 'true' } });
      // The statement is running once the driver polls its result URL.
      while (!fake.statements.some((x) => /slow_marker/i.test(x.sql) && x.sql.startsWith('CREATE'))) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 800));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; message: string }[];
      const byId = Object.fromEntries(results.map((r) => [r.unique_id, r]));
      expect(byId['model.slow'].status).toBe('error');
      expect(byId['model.slow'].message).toMatch(/000604.*SQL execution canceled/);
      expect(byId['model.after_slow'].status).toBe('skipped');
      expect(fake.requests.some((r) => /abort-request$/.test(r))).toBe(true);
    } finally {
      fake.faults.delayMs = undefined;
    }
  });

  it('never writes the password to output or artifacts; a wrong one exits 2 naming the settings', async () => {
    const bad = await runCliAsync(['build', '--target', 'snow'], { cwd: snowDir, env: { SNOWFLAKE_PASSWORD: 'Not-The-Right-0ne' } });
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toMatch(/Incorrect username or password was specified/);
    expect(bad.stdout + bad.stderr).toMatch(/check `user` and `password`/);
    const copy = makeProject({});
    cpSync(join(snowDir, 'target'), join(copy, 'target'), { recursive: true });
    const everything = bad.stdout + bad.stderr + allFiles(copy);
    expect(everything).not.toContain('Not-The-Right-0ne');
    expect(everything).not.toContain(PASSWORD);
  });
});
