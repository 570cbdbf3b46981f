/**
 * `cible build --dry-run` / `cible run --dry-run` on a bigquery target (the official client against the fake, which
 * estimates rows x column widths of the tables a query names): bytes per model and the total, from BigQuery dry runs
 * only; models whose upstream is not built yet reported as waiting for it; target/dry_run.json; nothing executed.
 * The CLI runs in a child spawned asynchronously: a blocking spawn would freeze the fake served from this process.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, type DryRunReport } from '../../src/run/dry-run.js';
import { makeProject, runCli } from '../helpers/cli.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { runCliAsync } from '../fakes/bigquery/run-cli-async.js';

const projectYml = (port: number) => `name: bq_dry
target: local
targets:
  local: { type: duckdb, path: .cible/dry.duckdb }
  bq: { type: bigquery, project: test-proj, dataset: analytics, api_endpoint: "http://127.0.0.1:${port}" }
`;

const files = {
  'seeds/customers.csv': 'id,name\n1,Ada\n2,Grace\n3,Linus\n',
  'models/sources.yml': 'sources:\n  - name: raw\n    schema: raw\n    tables: [events]\n',
  'models/events_by_kind.sql': 'select kind, count(*) as n from {{source "raw" "events"}} group by kind',
  'models/recent_events.sql': 'select id, kind from {{source "raw" "events"}} where id >= 500',
  'models/recent_kinds.sql': 'select distinct kind from {{ref "recent_events"}}',
  'models/stg_customers.sql': 'select id, name from {{ref "customers"}}',
  'models/customer_report.sql': 'select id, upper(name) as name from {{ref "stg_customers"}}',
  'models/schema.yml': `models:
  - { name: events_by_kind, materialized: table }
  - { name: recent_events, materialized: ephemeral }
  - { name: recent_kinds, materialized: table }
  - { name: stg_customers, materialized: view }
  - { name: customer_report, materialized: table }
`,
};

/** What the fake bills for raw.events (1000 rows): id INT64 8 bytes; kind STRING 2 + its length ('e0'..'e999'). */
const eventsBytes = 1000 * 8 + 1000 * 2 + (10 * 2 + 90 * 3 + 900 * 4);
/** customers after the seed load: id INT64, name STRING ('Ada', 'Grace', 'Linus'). */
const customersBytes = 3 * 8 + 3 * 2 + (3 + 5 + 5);

let fake: FakeBigQuery;
let dir: string;

const report = (): DryRunReport => JSON.parse(readFileSync(join(dir, 'target', 'dry_run.json'), 'utf8'));
const byName = (r: DryRunReport) => Object.fromEntries(r.results.map((e) => [e.name, e]));

beforeAll(async () => {
  fake = await FakeBigQuery.start();
  await fake.duck(`CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT range AS id, 'e' || range AS kind FROM range(1000)`);
  dir = makeProject({ ...files, 'project.yml': projectYml(fake.port) });
});
afterAll(async () => fake.close());

describe('cible build --dry-run on BigQuery', () => {
  it('estimates what it can before the first build, waits for what is not built, and executes nothing', async () => {
    const before = fake.requests.length;
    const r = await runCliAsync(['build', '--dry-run', '--target', 'bq'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^Dry run of build on target 'bq' \(bigquery\): estimating 5 models, executing nothing$/m);
    expect(out).toMatch(new RegExp(`^DRY   model events_by_kind +table +${formatBytes(eventsBytes)}$`, 'm'));
    // Through the ephemeral model it reads: the source it inlines.
    expect(out).toMatch(/^DRY   model recent_kinds +table /m);
    expect(out).toMatch(/^SKIP  model recent_events +ephemeral +ephemeral: inlined where used$/m);
    expect(out).toMatch(/^WAIT  model stg_customers +view +not estimable until seed customers is built$/m);
    expect(out).toMatch(/^WAIT  model customer_report +table +not estimable until model stg_customers is built$/m);
    expect(out).toMatch(new RegExp(`^Total: ${formatBytes(2 * eventsBytes).replace('.', '\\.')} \\(${(2 * eventsBytes).toLocaleString('en-US')} bytes\\) for 2 table models; 2 not estimable until upstream models are built$`, 'm'));

    const rep = report();
    expect(rep.metadata.command).toBe('build --dry-run');
    expect(rep.total_bytes).toBe(2 * eventsBytes);
    expect(byName(rep).events_by_kind).toMatchObject({ status: 'estimated', bytes: eventsBytes, unique_id: 'model.events_by_kind' });
    expect(byName(rep).customer_report).toMatchObject({ status: 'waiting', waiting_for: ['model.stg_customers'] });

    // Nothing ran: only dry-run jobs (the open-time probe included), no dataset, no load, no run results.
    const sent = fake.requests.slice(before);
    const inserts = sent.filter((x) => x.route === 'jobs.insert').map((x) => x.body as { configuration: { dryRun?: boolean; query: { query: string } } });
    expect(inserts.length).toBe(1 + 2);
    expect(inserts.every((b) => b.configuration.dryRun === true)).toBe(true);
    expect(sent.some((x) => ['datasets.insert', 'jobs.upload', 'jobs.getQueryResults', 'tables.delete'].includes(x.route))).toBe(false);
    expect(await fake.engine.datasets()).not.toContain('analytics');
    expect(existsSync(join(dir, 'target', 'run_results.json'))).toBe(false);
  });

  it('after a build, estimates every model; a view counts nothing to create but shows what its SELECT reads', async () => {
    const b = await runCliAsync(['build', '--target', 'bq'], { cwd: dir });
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const r = await runCliAsync(['run', '--dry-run', '--target', 'bq', '--json'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as DryRunReport & { status: string };
    expect(json.status).toBe('success');
    const e = byName(json);
    expect(e.stg_customers).toMatchObject({ status: 'estimated', bytes: 0, select_bytes: customersBytes });
    // A table built from a view pays for the view's own tables (BigQuery expands the view in the query).
    expect(e.customer_report).toMatchObject({ status: 'estimated', bytes: customersBytes });
    expect(e.events_by_kind.bytes).toBe(eventsBytes);
    expect(json.total_bytes).toBe(2 * eventsBytes + customersBytes);
    expect(report().metadata.command).toBe('run --dry-run');
  });

  it('reports a model BigQuery rejects as an error (exit 1) and still estimates the others', async () => {
    writeFileSync(join(dir, 'models', 'recent_kinds.sql'), 'select no_such_column from {{ref "recent_events"}}');
    const r = await runCliAsync(['build', '--dry-run', '--target', 'bq'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ERROR model recent_kinds +table +BigQuery (request|job) failed \(invalidQuery\)/m);
    expect(r.stderr).toMatch(/error in model\.recent_kinds: /);
    expect(byName(report()).events_by_kind.status).toBe('estimated');
    expect(byName(report()).recent_kinds).toMatchObject({ status: 'error' });
    writeFileSync(join(dir, 'models', 'recent_kinds.sql'), files['models/recent_kinds.sql']);
  });

  it('refuses a target without dry-run statistics (exit 2, no stack trace)', () => {
    const r = runCli(['build', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dry-run: error E005: target 'local' \(duckdb\) cannot estimate what a build would process: --dry-run needs a warehouse that reports the bytes a query would scan \(bigquery\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
