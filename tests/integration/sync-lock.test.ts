/**
 * Two simultaneous `cible sync` of one sync: one runs, the other refuses, and nothing reaches the destination twice.
 * On a Postgres target both processes open the warehouse and the cible_state.locks row refuses the second; on
 * DuckDB the second cannot even open the database file the first holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookFake } from '../fakes/webhook/webhook-fake.js';
import { duckProject } from '../helpers/cli.js';
import { pgQuery, startCli, uniqueSchema, type Running } from '../helpers/sync-helpers.js';
import { rebuild, syncProject } from '../helpers/sync-project.js';

const N = 5000;
const env = { HOOK_SECRET: 'lock-secret' };
const duckSql = `select range as id, 'user' || range || '@example.com' as email, 'Name ' || range as name from range(1, ${N + 1})`;
const pgSql = `select g as id, 'user' || g || '@example.com' as email, 'Name ' || g as name from generate_series(1, ${N}) as g`;

let fake: WebhookFake;
afterEach(async () => fake?.stop());

async function project(target: string, sql: string, syncName = 'people_sync') {
  // Slow enough that the first run is still sending when the second starts: 50 batches, one at a time, 40 ms each.
  fake = new WebhookFake({ secret: env.HOOK_SECRET, delayMs: 40 });
  const url = await fake.start();
  const dir = syncProject({ target, sql, name: syncName, dest: `{ type: webhook, url: "${url}", secret: "\${HOOK_SECRET}", batch_size: 100, concurrency: 1 }` });
  rebuild(dir);
  return dir;
}

async function untilFirstRequest(run: Running): Promise<void> {
  const t0 = Date.now();
  while (fake.requests.length === 0) {
    if (run.child.exitCode !== null || Date.now() - t0 > 30_000) throw new Error(`the first sync never sent anything\n${run.output().stdout}\n${run.output().stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every member reached the fake exactly once, all from one run. */
function expectSentOnce(): void {
  expect(fake.table.size).toBe(N);
  expect(fake.acks).toHaveLength(N);
  expect(new Set(fake.acks.map((a) => a.key)).size).toBe(N);
  expect(fake.ackedTwice()).toEqual([]);
  expect(new Set(fake.requests.map((q) => q.idempotencyKey.replace(/-\d+(\.\d+)*$/, ''))).size).toBe(1);
}

describe('sync lock', () => {
  it('Postgres target: the locks row refuses a second run while the first sends', async () => {
    const schema = uniqueSchema('cible_lock');
    const sync = `${schema}_sync`;
    const target = `name: sync_test\ntarget: pg\ntargets:\n  pg: { type: postgres, host: 127.0.0.1, port: 5432, user: postgres, database: test, schema: ${schema} }\n`;
    try {
      const dir = await project(target, pgSql, sync);
      const first = startCli(['sync'], { cwd: dir, env });
      await untilFirstRequest(first);
      const owner = await pgQuery<{ owner: string }>('select owner from cible_state.locks where sync = $1', [sync]);
      expect(owner).toHaveLength(1);
      const second = await startCli(['sync'], { cwd: dir, env }).done;
      expect(second.code, second.stdout + second.stderr).toBe(1);
      expect(second.stdout + second.stderr).toMatch(/already running/);
      expect(second.stderr).not.toMatch(/internal error/);
      const a = await first.done;
      expect(a.code, a.stdout + a.stderr).toBe(0);
      expectSentOnce();
      // The lock is released: a third run starts, finds nothing to send.
      const third = await startCli(['sync'], { cwd: dir, env }).done;
      expect(third.code, third.stdout + third.stderr).toBe(0);
      expect(fake.acks).toHaveLength(N);
      expect(await pgQuery('select * from cible_state.locks where sync = $1', [sync])).toEqual([]);
    } finally {
      await pgQuery(`drop schema if exists ${schema} cascade`);
      for (const kind of ['snap', 'cur', 'up', 'rm', 'ack', 'outbox', 'done']) await pgQuery(`drop table if exists cible_state.${kind}__${sync}`);
      for (const t of ['rejects', 'outbox', 'sync_runs', 'locks']) await pgQuery(`delete from cible_state.${t} where sync = $1`, [sync]).catch(() => undefined);
    }
  });

  it('Postgres target: two runs started at the same moment, one refuses', async () => {
    const schema = uniqueSchema('cible_lock2');
    const sync = `${schema}_sync`;
    const target = `name: sync_test\ntarget: pg\ntargets:\n  pg: { type: postgres, host: 127.0.0.1, port: 5432, user: postgres, database: test, schema: ${schema} }\n`;
    try {
      const dir = await project(target, pgSql, sync);
      const runs = await Promise.all([startCli(['sync'], { cwd: dir, env }).done, startCli(['sync'], { cwd: dir, env }).done]);
      const codes = runs.map((r) => r.code).sort();
      expect(codes, runs.map((r) => r.stdout + r.stderr).join('\n----\n')).toEqual([0, 1]);
      const refused = runs.find((r) => r.code === 1)!;
      expect(refused.stdout + refused.stderr).toMatch(/already running/);
      expect(refused.stderr).not.toMatch(/internal error/);
      expectSentOnce();
    } finally {
      await pgQuery(`drop schema if exists ${schema} cascade`);
      for (const kind of ['snap', 'cur', 'up', 'rm', 'ack', 'outbox', 'done']) await pgQuery(`drop table if exists cible_state.${kind}__${sync}`);
      for (const t of ['rejects', 'outbox', 'sync_runs', 'locks']) await pgQuery(`delete from cible_state.${t} where sync = $1`, [sync]).catch(() => undefined);
    }
  });

  it('DuckDB target: the second run cannot open the database the first holds', async () => {
    const dir = await project(duckProject('sync_test', ''), duckSql);
    const first = startCli(['sync'], { cwd: dir, env });
    await untilFirstRequest(first);
    const second = await startCli(['sync'], { cwd: dir, env }).done;
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toMatch(/lock/i);
    expect(second.stderr).not.toMatch(/internal error/);
    const a = await first.done;
    expect(a.code, a.stdout + a.stderr).toBe(0);
    expectSentOnce();
  });
});
