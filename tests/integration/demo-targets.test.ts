/**
 * The demo shop built by the real CLI on every engine: embedded DuckDB (the reference), the real Postgres at
 * 127.0.0.1:5432, and the BigQuery and Snowflake fakes driven by their official clients. Its generator models
 * (`engine: duckdb`) are computed in embedded DuckDB and loaded into each target; staging, the identity-resolved
 * `customer` profile and the audiences are compiled for each target's dialect and run there. Every table of the
 * DuckDB build must exist on each target with the same rows: the same count and the same order-independent
 * checksum of canonicalised values (tests/helpers/table-checksum.ts), read back through each target's adapter.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseAdapter } from '../../src/warehouse/adapter.js';
import { BigQueryAdapter } from '../../src/warehouse/bigquery/bigquery-adapter.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';
import { SnowflakeAdapter } from '../../src/warehouse/snowflake/snowflake-adapter.js';
import { queryDuck } from '../golden/harness.js';
import { fakeClient } from '../fakes/bigquery/client.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { runCliAsync } from '../fakes/bigquery/run-cli-async.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';
import { repoRoot } from '../helpers/cli.js';
import { canonical, canonicalRows, fingerprint } from '../helpers/table-checksum.js';

const PASSWORD = 'demo-Targets-pa55-never-printed';
const size = ['--vars', '{demo_customers: 600}'];
// Schemas of their own on the shared Postgres database, so parallel test files and reruns never meet.
const tag = `demo_t${process.pid}`;
const pg = { url: 'postgres://postgres@127.0.0.1:5432/test', main: `${tag}_main`, raw: `${tag}_raw`, state: `${tag}_state` };

let dir: string;
let bq: FakeBigQuery;
let snow: FakeSnowflake;
const builds: Record<string, { code: number; out: string }> = {};
const syncs: Record<string, { code: number; out: string }[]> = {};
const workDirs: Record<string, string> = {};

/** The demo project as shipped, with three more targets; the raw layer goes to its own Postgres schema. */
function demoCopy(): string {
  const d = mkdtempSync(join(tmpdir(), 'cible-demo-targets-'));
  for (const f of ['models', 'syncs']) cpSync(join(repoRoot, f), join(d, f), { recursive: true });
  const yml = readFileSync(join(repoRoot, 'project.yml'), 'utf8');
  const targets = [
    `  pg: { type: postgres, url: "${pg.url}", schema: ${pg.main}, state_schema: ${pg.state} }`,
    `  bq: { type: bigquery, project: test-proj, dataset: main, api_endpoint: "${bq.url}" }`,
    `  snow: { type: snowflake, account: testacct, user: tester, password: "\${SNOWFLAKE_PASSWORD}", database: DEMO, schema: ANALYTICS, warehouse: WH, access_url: "${snow.url}" }`,
  ];
  const withTargets = yml.replace(/^targets:\n/m, `targets:\n${targets.join('\n')}\n`);
  expect(withTargets).not.toBe(yml);
  // `raw` is the demo's folder schema; on the shared Postgres it gets a private name (the other engines are private).
  writeFileSync(join(d, 'project.yml'), withTargets);
  writeFileSync(join(d, 'project.pg.yml'), withTargets.replace(/schema: raw\b/, `schema: ${pg.raw}`));
  return d;
}

async function openTarget(name: string): Promise<WarehouseAdapter> {
  if (name === 'pg') return PostgresAdapter.open({ url: pg.url }, 'check');
  if (name === 'bq') return BigQueryAdapter.open({ project: 'test-proj', dataset: 'main' }, dir, 'check', { client: fakeClient(bq) });
  return SnowflakeAdapter.open({ account: 'testacct', user: 'tester', password: PASSWORD, database: 'DEMO', schema: 'ANALYTICS', warehouse: 'WH', access_url: snow.url }, dir, 'check');
}

/** The name of a DuckDB relation on the target, quoted as the target needs. */
function onTarget(target: string, schema: string, table: string): string {
  if (target === 'pg') return `"${schema === 'raw' ? pg.raw : pg.main}"."${table}"`;
  if (target === 'bq') return `\`test-proj\`.\`${schema}\`.\`${table}\``;
  // Not MAIN: the fake keeps its tables in DuckDB, whose own default schema `main` would be that one.
  return `"DEMO"."${schema === 'raw' ? 'RAW' : 'ANALYTICS'}"."${table.toUpperCase()}"`;
}

beforeAll(async () => {
  bq = await FakeBigQuery.start();
  snow = await FakeSnowflake.start({ users: { TESTER: { password: PASSWORD } } });
  const pristine = demoCopy();
  dir = pristine;
  const env = { SNOWFLAKE_PASSWORD: PASSWORD, CI: 'true' };
  // One build per target, one after the other: each writes target/ of its own copy of the project.
  for (const t of ['local', 'pg', 'bq', 'snow']) {
    const work = mkdtempSync(join(tmpdir(), `cible-demo-${t}-`));
    cpSync(pristine, work, { recursive: true });
    if (t === 'pg') cpSync(join(work, 'project.pg.yml'), join(work, 'project.yml'));
    const r = await runCliAsync(['build', '--target', t, ...size], { cwd: work, env });
    builds[t] = { code: r.code, out: r.stdout + r.stderr };
    workDirs[t] = work;
    if (t === 'local') dir = work;
    // Its syncs, twice, with the sync state kept in that warehouse: the second run has nothing new to send.
    syncs[t] = [];
    for (let i = 0; i < 2; i++) {
      const s = await runCliAsync(['sync', '--target', t], { cwd: work, env });
      syncs[t].push({ code: s.code, out: s.stdout + s.stderr });
    }
  }
}, 600_000);

afterAll(async () => {
  const db = await PostgresAdapter.open({ url: pg.url }, 'cleanup');
  for (const s of [pg.main, pg.raw, pg.state]) await db.execute(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await db.close();
  await bq?.close();
  await snow?.close();
});

describe('the demo builds on every target and equals the DuckDB build', () => {
  let tables: [string, string][] = [];

  it('builds on embedded DuckDB (the reference)', async () => {
    expect(builds.local.code, builds.local.out).toBe(0);
    tables = (await queryDuck(join(dir, '.cible', 'demo.duckdb'), `select schema_name, table_name from duckdb_tables() where schema_name in ('main', 'raw') order by all`)) as [string, string][];
    // Generator and sources, staging, the profile's four outputs and the audiences.
    expect(tables.length).toBeGreaterThanOrEqual(45);
    for (const t of ['gen_people', 'raw_orders', 'stg_crm_customers', 'customer', 'customer_identifiers', 'customer_reachable']) expect(tables.map((x) => x[1])).toContain(t);
  });

  for (const target of ['pg', 'bq', 'snow']) {
    it(`--target ${target}: every table has the DuckDB build's rows`, async () => {
      expect(builds[target].code, builds[target].out).toBe(0);
      expect(builds[target].out).not.toContain(PASSWORD);
      const db = await openTarget(target);
      const differ: string[] = [];
      try {
        for (const [schema, table] of tables) {
          const duck = await queryDuckObjects(join(dir, '.cible', 'demo.duckdb'), `select * from "${schema}"."${table}"`);
          const got = await db.query(`SELECT * FROM ${onTarget(target, schema, table)}`);
          const a = fingerprint(duck.columns, duck.rows);
          const b = fingerprint(got.columns, got.rows);
          expect(b.columns, `${schema}.${table} columns on ${target}`).toEqual(a.columns);
          if (a.rows !== b.rows || a.checksum !== b.checksum) {
            const left = canonicalRows(duck.columns, duck.rows);
            const right = new Set(canonicalRows(got.columns, got.rows));
            differ.push(`${schema}.${table}: ${b.rows} rows vs ${a.rows}; first DuckDB row missing on ${target}: ${left.find((r) => !right.has(r))}`);
          }
        }
      } finally {
        await db.close();
      }
      expect(differ).toEqual([]);
    }, 300_000);

    it(`--target ${target}: its syncs, with their state in that warehouse, export what the DuckDB ones do`, () => {
      for (const [i, s] of syncs[target].entries()) expect(s.code, `sync run ${i + 1} on ${target}\n${s.out}`).toBe(0);
      expect(syncs[target][1].out).toMatch(/lapsed_to_jsonl: \+0 ~0 -0/);
      expect(syncs[target][0].out).not.toContain(PASSWORD);
      expect(exported(workDirs[target])).toEqual(exported(workDirs.local));
      expect(exported(workDirs.local).lapsed.length).toBeGreaterThan(10);
    });
  }
});

/** The demo's exports in canonical form: the CSV's rows and every JSONL event, each sorted. */
function exported(work: string): { reachable: string[]; lapsed: string[] } {
  const files = readdirSync(join(work, 'exports'));
  const csv = readFileSync(join(work, 'exports', 'reachable_to_csv.csv'), 'utf8').trim().split('\n');
  const header = csv[0].split(',');
  const reachable = csv.slice(1).map((l) => l.split(',').map(canonical).join(',')).sort();
  expect(header[0]).toBe('key');
  const lapsed = files.filter((f) => f.startsWith('lapsed_to_jsonl')).flatMap((f) => readFileSync(join(work, 'exports', f), 'utf8').trim().split('\n'))
    .map((l) => JSON.stringify(Object.entries(JSON.parse(l) as Record<string, unknown>).map(([k, v]) => [k, canonical(v)]))).sort();
  return { reachable, lapsed };
}

/** DuckDB rows as objects (queryDuck gives arrays), through the same value conversion the adapters use. */
async function queryDuckObjects(file: string, sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const r = await c.runAndReadAll(sql);
    return { columns: r.columnNames(), rows: r.getRowObjectsJS() as Record<string, unknown>[] };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
