/**
 * A misconfigured target exits 2 with a diagnostic naming the setting, at its line in the YAML, with no stack trace
 * and no secret anywhere (stdout, stderr, target/**): BigQuery (fake) missing project, missing key file, unknown
 * dataset, access denied at open and at a node; Snowflake (fake) wrong password; Postgres (the real server) unknown
 * database, unknown user and a `url` naming an unknown database, and a wrong password (a wire-level refusing server:
 * the real one trusts local logins). `cible debug` too. CLIs that talk to a fake served from this process are
 * spawned asynchronously.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, type CliResult } from '../helpers/cli.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { runCliAsync } from '../fakes/bigquery/run-cli-async.js';
import { startRefusingPostgres, type RefusingPostgres } from '../fakes/postgres/refusing-server.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';

// A throwaway key file's markers, assembled so that no tracked file looks like a real private key.
const PEM_BEGIN = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
const PEM_END = ['-----END', 'PRIVATE KEY-----'].join(' ');

/** A service-account key whose private key must never be printed. */
const KEY_SECRET = 'MIIEvQ-cible-test-private-key-NEVER-PRINTED';
const SNOW_PASSWORD = 'Right-Snow-Pa55';
const SNOW_WRONG = 'Wrong-Snow-Pa55-never-printed';
const PG_WRONG = 'Pg-Wrong-Pa55-never-printed';
const URL_SECRET = 'Url-Pa55-never-printed';

let bq: FakeBigQuery;
let snow: FakeSnowflake;
let pgRefusing: RefusingPostgres;

beforeAll(async () => {
  bq = await FakeBigQuery.start();
  await bq.duck('CREATE SCHEMA raw; CREATE TABLE raw.events AS SELECT 1 AS id');
  snow = await FakeSnowflake.start({ users: { TESTER: { password: SNOW_PASSWORD } } });
  pgRefusing = await startRefusingPostgres();
});
afterAll(async () => {
  await bq?.close();
  await snow?.close();
  await pgRefusing?.close();
});

function project(targets: string, extra: Record<string, string> = {}): string {
  const dir = makeProject({
    'project.yml': `name: misconfig\ntargets:\n${targets}\n`,
    'keys/sa.json': JSON.stringify({ type: 'service_account', project_id: 'test-proj', private_key: `${PEM_BEGIN}\n${KEY_SECRET}\n${PEM_END}\n`, client_email: 'cible@test-proj.iam.gserviceaccount.com' }),
    'models/sources.yml': 'sources:\n  - name: raw\n    schema: raw\n    tables: [events]\n  - name: legacy\n    schema: legacy_ds\n    tables: [orders]\n',
    'models/events.sql': 'select id from {{source "raw" "events"}}',
    'models/legacy_orders.sql': 'select * from {{source "legacy" "orders"}}',
    'models/schema.yml': 'models:\n  - { name: events, materialized: table }\n  - { name: legacy_orders, materialized: table }\n',
    ...extra,
  });
  mkdirSync(join(dir, 'target'), { recursive: true });
  return dir;
}

function everything(dir: string, r: CliResult): string {
  const root = join(dir, 'target');
  const files = readdirSync(root, { recursive: true }).map(String).filter((f) => statSync(join(root, f)).isFile());
  return [r.stdout, r.stderr, ...files.map((f) => readFileSync(join(root, f), 'utf8'))].join('\n');
}

/** Exit 2, a located E-coded diagnostic naming `setting`, no stack trace, none of `secrets` anywhere. */
function expectMisconfig(dir: string, r: CliResult, o: { setting: string; at: RegExp; secrets: string[] }): void {
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr).toMatch(o.at);
  expect(r.stderr).toMatch(new RegExp(`\`${o.setting}\`|'${o.setting}'`));
  expect(r.stderr).toMatch(/1 error found/);
  expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|internal error/);
  const all = everything(dir, r);
  for (const s of o.secrets) expect(all).not.toContain(s);
}

const bqTarget = (extra: string) => `  bq: { type: bigquery, dataset: analytics, api_endpoint: "http://127.0.0.1:${bq.port}"${extra} }`;

describe('BigQuery', () => {
  it('missing project: exit 2 at the target, before any request', async () => {
    const dir = project(bqTarget(', keyfile: keys/sa.json'));
    const before = bq.requests.length;
    const r = await runCliAsync(['build', '--target', 'bq'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'project', at: /^project\.yml:3:3: error E004: target 'bq' \(bigquery\): 'project' is required/m, secrets: [KEY_SECRET] });
    expect(bq.requests.length).toBe(before);
  });

  it('a keyfile path that does not exist: exit 2 at the keyfile setting', async () => {
    const dir = project(bqTarget(', project: test-proj, keyfile: keys/missing.json'));
    const r = await runCliAsync(['run', '--target', 'bq'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'keyfile', at: /^project\.yml:3:\d+: error E005: target 'bq' \(bigquery\): 'keyfile' keys\/missing\.json does not exist/m, secrets: [KEY_SECRET] });
  });

  it('an unknown dataset read by the selected model: exit 2 at the source naming it, the node recorded', async () => {
    const dir = project(bqTarget(', project: test-proj, keyfile: keys/sa.json'));
    const r = await runCliAsync(['run', '--target', 'bq', '--select', 'legacy_orders'], { cwd: dir });
    expectMisconfig(dir, r, {
      setting: 'schema', secrets: [KEY_SECRET],
      at: /^models\/sources\.yml:5:\d+: error E017: target 'bq' \(bigquery\): dataset 'legacy_ds' does not exist in project 'test-proj': Not found: Dataset test-proj:legacy_ds/m,
    });
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    expect(results.results).toMatchObject([{ unique_id: 'model.legacy_orders', status: 'error' }]);
  });

  it('permission denied (403 accessDenied) when the target opens: exit 2 at `project`', async () => {
    const dir = project(bqTarget(', project: test-proj, keyfile: keys/sa.json'));
    bq.failRequests('jobs.insert', 403, 'accessDenied', 1, 'Access Denied: Project test-proj: User does not have bigquery.jobs.create permission in project test-proj.');
    const r = await runCliAsync(['build', '--target', 'bq'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'project', at: /^project\.yml:3:\d+: error E017: target 'bq' \(bigquery\): BigQuery denied access \(accessDenied\) on project 'test-proj': Access Denied/m, secrets: [KEY_SECRET] });
    expect(r.stderr).toMatch(/roles\/bigquery\.jobUser/);
    expect(r.stderr).toMatch(/service account in `keyfile` \(keys\/sa\.json\)/);
  });

  it('permission denied on a node: the run stops there (the rest skipped) and exits 2', async () => {
    const dir = project(bqTarget(', project: test-proj'), { 'models/after.sql': 'select * from {{ref "events"}}', 'models/zz_other.sql': 'select id + 1 as x from {{source "raw" "events"}}' });
    bq.failJobs('accessDenied', 1, /`analytics`\.`events` AS/, 'Access Denied: Table test-proj:raw.events: User does not have permission to query table test-proj:raw.events.');
    const r = await runCliAsync(['run', '--target', 'bq', '--exclude', 'legacy_orders', '--threads', '1'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'project', at: /^project\.yml:3:\d+: error E017: .*Access Denied: Table test-proj:raw\.events/m, secrets: [KEY_SECRET] });
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; message: string }[] };
    const byId = Object.fromEntries(results.results.map((x) => [x.unique_id, x]));
    expect(byId['model.events'].status).toBe('error');
    expect(byId['model.after']).toMatchObject({ status: 'skipped', message: 'skipped: upstream model.events did not succeed' });
    // Queued behind the refused node, independent of it: not started, since it would meet the same refusal.
    expect(byId['model.zz_other']).toMatchObject({ status: 'skipped', message: 'skipped: the target is misconfigured' });
    expect(bq.routes('jobs.insert').some((x) => JSON.stringify(x.body).includes('`zz_other`'))).toBe(false);
  });

  it('cible debug says what is missing and exits 2 (it exited 1)', async () => {
    const dir = project(bqTarget(''));
    const r = await runCliAsync(['debug', '--target', 'bq'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'project', at: /^project\.yml:3:3: error E004: target 'bq' \(bigquery\): 'project' is required: the Google Cloud project/m, secrets: [KEY_SECRET] });
    expect(r.stderr).toMatch(/^connection: FAILED: the target is misconfigured$/m);
  });
});

describe('Snowflake', () => {
  const snowTarget = (password: string) => `  snow: { type: snowflake, account: testacct, user: tester, password: "${password}", database: DEMO, warehouse: WH, access_url: ${snow.url} }`;

  it('a wrong password: cible debug and cible build exit 2 at `password`, the password printed nowhere', async () => {
    const dir = project(snowTarget('${SNOWFLAKE_PASSWORD}'));
    for (const args of [['debug', '--target', 'snow'], ['build', '--target', 'snow']]) {
      const r = await runCliAsync(args, { cwd: dir, env: { SNOWFLAKE_PASSWORD: SNOW_WRONG } });
      expectMisconfig(dir, r, { setting: 'password', at: /^project\.yml:3:\d+: error E017: target 'snow' \(snowflake\): Snowflake rejected the login of 'tester' to account 'testacct': Incorrect username or password was specified\. \(390100\)/m, secrets: [SNOW_WRONG, SNOW_PASSWORD] });
    }
  });

  it('a wrong password written in project.yml is masked in the code frame', async () => {
    const dir = project(snowTarget(SNOW_WRONG));
    const r = await runCliAsync(['debug', '--target', 'snow'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'password', at: /password: "\*\*\*\*"/, secrets: [SNOW_WRONG] });
  });
});

describe('Postgres', () => {
  const pg = (fields: string) => `  pg: { type: postgres, ${fields} }`;

  it('an unknown database (the real server): exit 2 at `database`', async () => {
    const dir = project(pg('host: 127.0.0.1, port: 5432, user: postgres, database: cible_no_such_db'));
    const r = await runCliAsync(['build', '--target', 'pg'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'database', at: /^project\.yml:3:\d+: error E017: target 'pg' \(postgres\): Postgres refused the connection as 'postgres' to database 'cible_no_such_db' on 127\.0\.0\.1:5432: the database does not exist \(SQLSTATE 3D000/m, secrets: [] });
  });

  it('an unknown user (the real server): exit 2 at `user`, from cible debug too', async () => {
    const dir = project(pg(`host: 127.0.0.1, port: 5432, user: cible_nobody, password: "${PG_WRONG}", database: test`));
    for (const args of [['run', '--target', 'pg'], ['debug', '--target', 'pg']]) {
      const r = await runCliAsync(args, { cwd: dir });
      expectMisconfig(dir, r, { setting: 'user', at: /^project\.yml:3:\d+: error E017: .*the login was refused \(SQLSTATE 28000: role "cible_nobody" does not exist\)/m, secrets: [PG_WRONG] });
    }
  });

  it('a url naming an unknown database: exit 2 at `url`, whose value (it holds the password) is never printed', async () => {
    const dir = project(pg(`url: "postgres://postgres:${URL_SECRET}@127.0.0.1:5432/cible_no_such_db"`));
    const r = await runCliAsync(['build', '--target', 'pg'], { cwd: dir });
    expectMisconfig(dir, r, { setting: 'url', at: /^project\.yml:3:\d+: error E017: target 'pg' \(postgres\): Postgres refused the connection: the database does not exist/m, secrets: [URL_SECRET] });
  });

  it('a wrong password (28P01 from a server that asks for one): exit 2 at `password`, printed nowhere', async () => {
    const dir = project(pg(`host: 127.0.0.1, port: ${pgRefusing.port}, user: cible_app, password: "\${PG_PASSWORD}", database: test`));
    writeFileSync(join(dir, 'models', 'schema.yml'), 'models:\n  - { name: events, materialized: table }\n');
    const r = await runCliAsync(['build', '--target', 'pg'], { cwd: dir, env: { PG_PASSWORD: PG_WRONG } });
    expect(pgRefusing.passwords).toContain(PG_WRONG);
    expectMisconfig(dir, r, { setting: 'password', at: /^project\.yml:3:\d+: error E017: .*the password was rejected \(SQLSTATE 28P01: password authentication failed for user "cible_app"\)/m, secrets: [PG_WRONG] });
  });
});
