/**
 * The sync engine against a misbehaving destination (the webhook fake), through the real CLI on DuckDB:
 * throttling, server errors, per-row and whole-batch rejections, timeouts, malformed answers, the reject-rate
 * gate, and secrets that must never be written anywhere.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookFake } from '../fakes/webhook/webhook-fake.js';
import { allFilesText, allStateText, duckRows } from '../helpers/sync-helpers.js';
import { expectTableEquals, members, rebuild, syncExpect, syncProject } from '../helpers/sync-project.js';

const SECRET = 'hmac-7Qx9-very-secret';
const env = { HOOK_SECRET: SECRET };
const hook = (url: string, more = '') => `{ type: webhook, url: "${url}", secret: "\${HOOK_SECRET}", batch_size: 5${more} }`;
const rejectsOf = (dir: string) =>
  duckRows(dir, "select key, reason, permanent, attempts from cible_state.rejects where sync = 'people_sync' order by key", ['key', 'reason', 'permanent', 'attempts']);
/** What the last `cible sync` reported (target/sync_results.json): e.g. how many unanswered batches it replayed. */
const lastResult = (dir: string) => (JSON.parse(readFileSync(join(dir, 'target', 'sync_results.json'), 'utf8')) as { results: Record<string, unknown>[] }).results[0];
const snapshotKeys = async (dir: string) => (await duckRows(dir, 'select __key from cible_state.snap__people_sync order by __key', ['k'])).map((r) => String(r.k));

let fake: WebhookFake;
afterEach(async () => fake?.stop());

async function setup(more = '', extra = '') {
  fake = new WebhookFake({ secret: SECRET });
  const dir = syncProject({ dest: hook(await fake.start(), more), extra });
  rebuild(dir);
  return dir;
}

describe('sync faults', () => {
  it('429 with Retry-After: no request comes before the time, then everything lands', async () => {
    const dir = await setup(', concurrency: 1');
    fake.inject({ kind: '429', retryAfterSec: 1 }, 2);
    const r = await syncExpect(dir, 0, env);
    expect(r.stdout).toMatch(/Retry-After/);
    expectTableEquals(fake, members(20));
    const throttled = fake.requests.filter((q) => q.status === 429);
    expect(throttled).toHaveLength(2);
    for (const t of throttled) {
      for (const later of fake.requests.filter((q) => q.at >= t.at && q !== t)) expect(later.at).toBeGreaterThanOrEqual(t.retryAt!);
    }
    expect(fake.ackedTwice()).toEqual([]);
  });

  it('500s then success', async () => {
    const dir = await setup();
    fake.inject({ kind: '500' }, 3);
    await syncExpect(dir, 0, env);
    expectTableEquals(fake, members(20));
    expect(fake.requests.filter((q) => q.status === 500)).toHaveLength(3);
    expect(fake.requests.filter((q) => q.status === 200)).toHaveLength(4);
    expect(lastResult(dir)).toMatchObject({ status: 'success', acknowledged: 20, rejected: 0 });
  });

  it('a partial batch failure rejects only the bad rows, records them without PII, retries them and succeeds once fixed', async () => {
    const dir = await setup();
    const all = members(20);
    // 3 and 7 are refused for now (retryable); the answers echo the email, as real APIs do.
    fake.rowRejection = { when: (row) => row.key === '3' || row.key === '7', permanent: false };
    const r1 = await syncExpect(dir, 0, env);
    expect(r1.stdout).toMatch(/2 rejected/);
    expectTableEquals(fake, all.filter((m) => m.id !== 3 && m.id !== 7));
    let rejects = await rejectsOf(dir);
    expect(rejects.map((x) => [x.key, Number(x.attempts)])).toEqual([['3', 1], ['7', 1]]);
    for (const x of rejects) {
      expect(String(x.reason)).toMatch(/looks fake or invalid/);
      expect(String(x.reason)).not.toMatch(/user\d+@example\.com/);
    }
    const recorded = JSON.stringify(await duckRows(dir, 'select * from cible_state.rejects', ['sync', 'key', 'row_hash', 'reason', 'permanent', 'attempts', 'first_run', 'last_run', 'updated_at']), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(recorded).not.toMatch(/user(3|7)@example\.com/);

    // Next run: only the rejected rows are tried again.
    const before = fake.requests.length;
    await syncExpect(dir, 0, env);
    expect(fake.requests.slice(before).flatMap((q) => q.keys).sort()).toEqual(['3', '7']);
    rejects = await rejectsOf(dir);
    expect(rejects.map((x) => [x.key, Number(x.attempts)])).toEqual([['3', 2], ['7', 2]]);

    // Fixed at the destination: they land, the rejects are cleared.
    fake.rowRejection = undefined;
    await syncExpect(dir, 0, env);
    expectTableEquals(fake, all);
    expect(await rejectsOf(dir)).toEqual([]);
    expect(fake.ackedTwice()).toEqual([]);
  });

  it('a permanent rejection is not retried with the same values, and is sent again once the row is fixed', async () => {
    const dir = await setup();
    const all = members(20);
    fake.rowRejection = { when: (row) => row.identifiers.email.startsWith('bad'), permanent: true };
    const broken = all.map((m) => (m.id === 7 ? { ...m, email: 'bad7@example.com' } : m));
    rebuild(dir, broken);
    await syncExpect(dir, 0, env);
    expect((await rejectsOf(dir)).map((x) => [x.key, x.permanent])).toEqual([['7', true]]);
    const before = fake.requests.length;
    await syncExpect(dir, 0, env);
    expect(fake.requests.length).toBe(before);
    rebuild(dir, all);
    await syncExpect(dir, 0, env);
    expect(fake.requests.slice(before).flatMap((q) => q.keys)).toEqual(['7']);
    expectTableEquals(fake, all);
    expect(await rejectsOf(dir)).toEqual([]);
  });

  it('a batch refused whole (400) is split down to the bad row', async () => {
    const dir = await setup();
    fake.batchRejection = (row) => row.key === '6';
    const r = await syncExpect(dir, 0, env);
    expect(r.stdout).toMatch(/1 rejected/);
    expectTableEquals(fake, members(20).filter((m) => m.id !== 6));
    const refused = fake.requests.filter((q) => q.status === 400);
    expect(refused.every((q) => q.keys.includes('6'))).toBe(true);
    expect(refused.at(-1)!.keys).toEqual(['6']);
    expect((await rejectsOf(dir)).map((x) => [x.key, x.permanent])).toEqual([['6', true]]);
  });

  it('a timeout: error, nothing committed for that batch, the next run replays it and it is applied once', async () => {
    const dir = await setup(', timeout_ms: 400');
    // The fake processes the batch holding key 5 but never answers in time, on every attempt of the run.
    fake.inject({ kind: 'timeout', apply: true }, 100, (b) => b.rows.some((x) => x.key === '5'));
    const r1 = await syncExpect(dir, 1, env);
    expect(r1.stdout + r1.stderr).toMatch(/timed out/);
    const stuck = fake.requests.find((q) => q.outcome === 'timeout-after-apply')!.keys;
    expect(stuck).toHaveLength(5);
    expect((await snapshotKeys(dir)).filter((k) => stuck.includes(k))).toEqual([]);
    expect(await snapshotKeys(dir)).toHaveLength(15);
    expectTableEquals(fake, members(20));
    fake.clearFaults();
    const r2 = await syncExpect(dir, 0, env);
    expect(r2.stdout).toMatch(/1 batch\(es\) replayed/);
    expect(lastResult(dir)).toMatchObject({ replayed_batches: 1 });
    const replays = fake.requests.filter((q) => q.outcome === 'replayed');
    expect(replays.length).toBeGreaterThanOrEqual(1);
    expect(fake.acks.filter((a) => stuck.includes(a.key))).toHaveLength(5);
    expect(fake.ackedTwice()).toEqual([]);
    expect(await snapshotKeys(dir)).toHaveLength(20);
  });

  it('a malformed answer: a clear error, nothing committed, replayed next run', async () => {
    const dir = await setup();
    fake.inject({ kind: 'malformed' }, 1, (b) => b.rows.some((x) => x.key === '5'));
    const r1 = await syncExpect(dir, 1, env);
    expect(r1.stderr).toMatch(/not JSON/);
    const unanswered = fake.requests.find((q) => q.outcome === 'malformed')!.keys;
    expect(unanswered).toHaveLength(5);
    expect((await snapshotKeys(dir)).filter((k) => unanswered.includes(k))).toEqual([]);
    expect(await snapshotKeys(dir)).toHaveLength(15);
    const status = await duckRows(dir, 'select status, error from cible_state.sync_runs', ['status', 'error']);
    expect(status).toMatchObject([{ status: 'error', error: expect.stringMatching(/not JSON/) }]);
    await syncExpect(dir, 0, env);
    expect(lastResult(dir)).toMatchObject({ replayed_batches: 1 });
    expectTableEquals(fake, members(20));
    expect(fake.ackedTwice()).toEqual([]);
  });

  it('exits 1 when the reject rate passes max_reject_rate', async () => {
    const dir = await setup('', '    max_reject_rate: "10%"\n');
    fake.rowRejection = { when: (row) => ['2', '3', '4'].includes(row.key), permanent: false };
    const r = await syncExpect(dir, 1, env);
    expect(r.stderr).toMatch(/reject rate 15\.00% is above max_reject_rate 10\.00%/);
    // The next run retries the three rows; they pass now.
    fake.rowRejection = undefined;
    await syncExpect(dir, 0, env);
    expectTableEquals(fake, members(20));
  });

  it('a wrong signing secret fails the run without condemning the rows; fixing it delivers everything', async () => {
    const dir = await setup();
    const r = await syncExpect(dir, 1, { HOOK_SECRET: 'not-the-right-one' });
    expect(r.stderr).toMatch(/401/);
    expect(fake.table.size).toBe(0);
    await syncExpect(dir, 0, env);
    expectTableEquals(fake, members(20));
    expect(await rejectsOf(dir)).toEqual([]);
  });

  it('the HMAC secret and a password never appear in output, artifacts or state tables', async () => {
    const PASSWORD = 'pg-Zk41-password';
    fake = new WebhookFake({ secret: SECRET });
    const url = await fake.start();
    const dir = syncProject({
      dest: hook(url),
      extra: '  - { name: to_pg, model: audience, to: app_db, mode: mirror, key: id, match: { email: email }, fields: { name: name } }\n',
    });
    const e = { ...env, PG_PASSWORD: PASSWORD };
    // A second destination that needs the password, pointing at a database that does not exist: its sync fails.
    const yml = `  app_db: { type: postgres, url: "postgres://postgres:\${PG_PASSWORD}@127.0.0.1:5432/no_such_db_cible", table: people }\n`;
    appendFileSync(join(dir, 'project.yml'), yml);
    rebuild(dir, undefined, e);
    fake.rowRejection = { when: (row) => row.key === '3', permanent: false, error: () => `bad row, signature key was ${SECRET}` };
    fake.inject({ kind: '500' }, 1);
    const outputs = [
      await syncExpect(dir, 1, e),
      await syncExpect(dir, 0, e, ['--dry-run']),
      await syncExpect(dir, 1, e, ['--json']),
      await syncExpect(dir, 0, e, ['people_sync', '--full-resync']),
    ];
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const o of outputs) {
      expect(o.stdout + o.stderr).not.toContain(SECRET);
      expect(o.stdout + o.stderr).not.toContain(PASSWORD);
    }
    expect(outputs[0].stderr).toMatch(/to_pg/);
    const artifacts = allFilesText(join(dir, 'target'));
    expect(artifacts).toContain('people_sync');
    expect(artifacts).not.toContain(SECRET);
    expect(artifacts).not.toContain(PASSWORD);
    const state = await allStateText(dir);
    expect(state).toContain('people_sync');
    expect(state).not.toContain(SECRET);
    expect(state).not.toContain(PASSWORD);
  });
});
