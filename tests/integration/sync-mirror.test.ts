/**
 * Sync correctness through the real CLI on DuckDB with a seed-driven audience: after every run the destination
 * equals the audience (computed here, independently, from the seed rows), in mirror, insert and upsert modes;
 * mirror never deletes a row another writer put in a Postgres table; --dry-run sends nothing; results and run
 * history are written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookFake, type Stored } from '../fakes/webhook/webhook-fake.js';
import { duckProject, makeProject, runCli } from '../helpers/cli.js';
import { cliAsync, duckRows, pgQuery, toCsv, uniqueSchema } from '../helpers/sync-helpers.js';

interface Person { id: number; email: string; name: string; score: number; active: boolean }
const cols = ['id', 'email', 'name', 'score', 'active'];
const SECRET = 'mirror-hmac-secret';
const env = { HOOK_SECRET: SECRET };

const v1: Person[] = [
  { id: 1, email: 'Ann@Example.com', name: 'Annabelle', score: 10, active: true },
  { id: 2, email: 'bob@example.com', name: 'Bob', score: 20, active: true },
  { id: 3, email: 'cyd@example.com', name: 'Cydney', score: 30, active: true },
  { id: 4, email: 'dee@example.com', name: 'Dee', score: 40, active: true },
  { id: 5, email: 'eve@example.com', name: 'Evelyne', score: 50, active: true },
  { id: 6, email: 'fay@example.com', name: 'Fay', score: 60, active: true },
  { id: 7, email: 'gus@example.com', name: 'Gustavo', score: 70, active: false },
];
const edit = (rows: Person[], id: number, patch: Partial<Person>) => rows.map((r) => (r.id === id ? { ...r, ...patch } : r));
// Run 2: an update, an identifier change, two adds, a deleted row and a deactivated one.
const v2 = [
  ...edit(edit(edit(v1, 2, { name: 'Anna' }), 3, { email: 'cydney@example.org' }), 5, { active: false }).filter((r) => r.id !== 4),
  { id: 8, email: 'hal@example.com', name: 'Hallie', score: 80, active: true },
  { id: 9, email: 'ivy@example.com', name: 'Ivy', score: 90, active: true },
];
// Run 3: a removed member comes back, two leave, a score changes.
const v3 = edit(edit(v2, 5, { active: true }), 6, { score: 61 }).filter((r) => r.id !== 1 && r.id !== 2);
// Run 4: nobody is left.
const v4 = v3.map((r) => ({ ...r, active: false }));

/** What the destination must hold for these seed rows: the mapping applied by hand. */
function expected(rows: Person[]): [string, Stored][] {
  return rows
    .filter((r) => r.active)
    .map((r): [string, Stored] => [String(r.id), { identifiers: { email: r.email.trim().toLowerCase() }, fields: { greeting: `Hello ${r.name.toUpperCase()}`, name: r.name, score: r.score, source: 'cible' } }])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}
const sortedFields = (t: [string, Stored][]) => t.map(([k, v]) => [k, { identifiers: v.identifiers, fields: Object.fromEntries(Object.entries(v.fields).sort()) }]);

function diff(prev: [string, Stored][], next: [string, Stored][]) {
  const p = new Map(prev.map(([k, v]) => [k, JSON.stringify(v)]));
  const n = new Map(next.map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    added: [...n.keys()].filter((k) => !p.has(k)).length,
    changed: [...n.keys()].filter((k) => p.has(k) && p.get(k) !== n.get(k)).length,
    removed: [...p.keys()].filter((k) => !n.has(k)).length,
  };
}

function project(destinations: string, mode: string, extra = '') {
  return makeProject({
    'project.yml': duckProject('sync_test', `destinations:\n${destinations}`),
    'seeds/people.csv': toCsv(v1 as never[], cols),
    'models/audience.sql': 'select id, email, name, score from {{ref "people"}} where active',
    'models/schema.yml': 'models:\n  - { name: audience, materialized: table }\n',
    'syncs/people.yml': `syncs:
  - name: people_sync
    model: audience
    to: dest
    mode: ${mode}
    key: id
    match: { email: email }
    fields: { name: name, score: score, greeting: "Hello {{upper name}}", source: { const: cible } }
${extra}`,
  });
}
const webhookDest = (url: string, batch = 3) => `  dest: { type: webhook, url: "${url}", secret: "\${HOOK_SECRET}", batch_size: ${batch} }\n`;

function build(dir: string, rows: Person[]) {
  writeFileSync(join(dir, 'seeds', 'people.csv'), toCsv(rows as never[], cols));
  const b = runCli(['build'], { cwd: dir, env });
  expect(b.code, b.stdout + b.stderr).toBe(0);
}
async function sync(dir: string, args: string[] = [], code = 0) {
  const r = await cliAsync(['sync', ...args], { cwd: dir, env });
  expect(r.code, `cible sync ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(code);
  return r;
}
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'target', 'sync_results.json'), 'utf8')) as { dry_run: boolean; results: Record<string, unknown>[] };

let fake: WebhookFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('sync correctness', () => {
  it('mirror: the destination equals the audience after every run, with history and results', async () => {
    fake = new WebhookFake({ secret: SECRET });
    const dir = project(webhookDest(await fake.start()), 'mirror');
    let prev: [string, Stored][] = [];
    const runs: ReturnType<typeof diff>[] = [];
    for (const version of [v1, v2, v3, v4]) {
      build(dir, version);
      await sync(dir);
      const want = expected(version);
      expect(sortedFields(fake.snapshot())).toEqual(sortedFields(want));
      const d = diff(prev, want);
      runs.push(d);
      const r = results(dir).results[0];
      expect({ status: r.status, added: r.added, changed: r.changed, removed: r.removed, rejected: r.rejected }).toEqual({ status: 'success', ...d, rejected: 0 });
      expect(r.acknowledged).toBe(d.added + d.changed + d.removed);
      prev = want;
    }
    // Nothing changed: nothing is sent.
    const before = fake.requests.length;
    await sync(dir);
    expect(fake.requests.length).toBe(before);
    // Each run sent exactly its delta, once (5 left and came back: its two acknowledgements are two real changes).
    expect(fake.acks.length).toBe(runs.reduce((n, d) => n + d.added + d.changed + d.removed, 0));
    expect(fake.requests.every((q) => q.status === 200 && q.outcome === 'applied')).toBe(true);

    const history = await duckRows(dir, 'select status, rows_added, rows_changed, rows_removed, rows_acknowledged from cible_state.sync_runs order by started_at, finished_at', ['status', 'added', 'changed', 'removed', 'acknowledged']);
    expect(history.map((h) => ({ status: h.status, added: Number(h.added), changed: Number(h.changed), removed: Number(h.removed) }))).toEqual(
      [...runs, { added: 0, changed: 0, removed: 0 }].map((d) => ({ status: 'success', ...d })),
    );
  });

  it('--dry-run prints counts and masked samples and sends nothing', async () => {
    fake = new WebhookFake({ secret: SECRET });
    const dir = project(webhookDest(await fake.start()), 'mirror');
    build(dir, v1);
    await sync(dir);
    build(dir, v2);
    const sent = fake.requests.length;
    const dry = await sync(dir, ['--dry-run']);
    expect(fake.requests.length).toBe(sent);
    const d = diff(expected(v1), expected(v2));
    expect(dry.stdout).toContain(`would send +${d.added} ~${d.changed} -${d.removed}`);
    expect(dry.stdout).toMatch(/"email":"[a-z]\*\*\*@[a-z]\*\*\*\.[a-z]+"/);
    // The sample shows shapes, not values: no raw email or name of a row that would be sent.
    for (const p of v2.filter((r) => r.active)) {
      expect(dry.stdout).not.toContain(p.email.toLowerCase());
      expect(dry.stdout).not.toContain(`"${p.name}"`);
    }
    expect(results(dir).dry_run).toBe(true);
    // The dry run left the state alone: the real run sends exactly that delta.
    await sync(dir);
    expect(results(dir).results[0]).toMatchObject({ status: 'success', ...d });
    expect(sortedFields(fake.snapshot())).toEqual(sortedFields(expected(v2)));
    const history = await duckRows(dir, 'select count(*) from cible_state.sync_runs', ['n']);
    expect(Number(history[0].n)).toBe(2);
  });

  it('insert sends new members only; upsert updates and never deletes; events mark entries and exits', async () => {
    fake = new WebhookFake({ secret: SECRET });
    const url = await fake.start();
    const ins = project(webhookDest(`${url}/insert`), 'insert');
    const ups = project(webhookDest(`${url}/upsert`), 'upsert', '    events: { on_enter: joined, on_exit: left }\n');
    build(ins, v1);
    build(ups, v1);
    await sync(ins);
    expect(sortedFields(fake.snapshot())).toEqual(sortedFields(expected(v1)));
    fake.table.clear();
    await sync(ups);
    expect(sortedFields(fake.snapshot())).toEqual(sortedFields(expected(v1)));
    expect(fake.events.map((e) => `${e.key}:${e.event}`).sort()).toEqual(expected(v1).map(([k]) => `${k}:joined`).sort());

    // insert: row 2's change and row 4's removal are ignored, 8 and 9 are added.
    fake.table.clear();
    for (const [k, v] of expected(v1)) fake.table.set(k, v);
    build(ins, v2);
    await sync(ins);
    expect(results(ins).results[0]).toMatchObject({ added: 2, changed: 0, removed: 0 });
    const afterInsert = new Map([...expected(v1), ...expected(v2).filter(([k]) => k === '8' || k === '9')]);
    expect(sortedFields(fake.snapshot())).toEqual(sortedFields([...afterInsert.entries()].sort(([a], [b]) => (a < b ? -1 : 1))));

    // upsert: changes land, removed members stay in the destination but get their exit event.
    fake.table.clear();
    for (const [k, v] of expected(v1)) fake.table.set(k, v);
    fake.events.length = 0;
    build(ups, v2);
    await sync(ups);
    const afterUpsert = new Map([...expected(v1), ...expected(v2)]);
    expect(sortedFields(fake.snapshot())).toEqual(sortedFields([...afterUpsert.entries()].sort(([a], [b]) => (a < b ? -1 : 1))));
    expect(fake.events.map((e) => `${e.key}:${e.event}`).sort()).toEqual(['4:left', '5:left', '8:joined', '9:joined']);
  });

  it('mirror into a Postgres table never deletes a row another writer put there', async () => {
    const schema = uniqueSchema('cible_mirror');
    await pgQuery(`create schema ${schema}`);
    try {
      await pgQuery(`create table ${schema}.people (cible_key text primary key, cible_synced_at timestamptz, note text)`);
      await pgQuery(`insert into ${schema}.people (cible_key, note) values ('crm-1', 'written by the CRM')`);
      const dir = project(`  dest: { type: postgres, host: 127.0.0.1, port: 5432, user: postgres, database: test, schema: ${schema}, table: people, password: "\${PG_PASSWORD}" }\n`, 'mirror');
      const pgEnv = { PG_PASSWORD: 'unused-with-trust-auth' };
      for (const [i, version] of [v1, v2, v3, v4].entries()) {
        writeFileSync(join(dir, 'seeds', 'people.csv'), toCsv(version as never[], cols));
        const b = runCli(['build'], { cwd: dir, env: pgEnv });
        expect(b.code, b.stdout + b.stderr).toBe(0);
        const r = await cliAsync(['sync'], { cwd: dir, env: pgEnv });
        expect(r.code, r.stdout + r.stderr).toBe(0);
        // Another writer adds a row after the first run, with a key the audience never had.
        if (i === 0) await pgQuery(`insert into ${schema}.people (cible_key, note) values ('crm-2', 'added later')`);
        const rows = await pgQuery<Record<string, string | null>>(`select cible_key, email, name, score, greeting, source, note from ${schema}.people order by cible_key`);
        const ours = rows.filter((r) => !r.cible_key!.startsWith('crm-'));
        expect(ours.map((r) => [r.cible_key, r.email, r.name, r.score, r.greeting, r.source])).toEqual(
          // The postgres manifest prepares identifiers with 'none': trimmed, case kept.
          expected(version).map(([k, v]) => [k, version.find((p) => String(p.id) === k)!.email.trim(), v.fields.name, String(v.fields.score), v.fields.greeting, v.fields.source]),
        );
        expect(rows.filter((r) => r.cible_key!.startsWith('crm-')).map((r) => [r.cible_key, r.note])).toEqual(
          [['crm-1', 'written by the CRM'], ['crm-2', 'added later']],
        );
      }
    } finally {
      await pgQuery(`drop schema ${schema} cascade`);
    }
  });
});
