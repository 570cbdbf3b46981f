/**
 * Crash safety: a `cible sync` of a 100k-row audience to the webhook fake is killed with SIGKILL at random
 * moments, several times; after a final clean run the fake holds exactly the audience and saw no row
 * acknowledged twice (a replayed batch reuses its idempotency key, so the fake answers it from its store).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookFake } from '../fakes/webhook/webhook-fake.js';
import { duckRows, startCli } from '../helpers/sync-helpers.js';
import { expectTableEquals, rebuild, syncExpect, syncProject, type Member } from '../helpers/sync-project.js';

const N = 100_000;
const env = { HOOK_SECRET: 'crash-secret' };
const audience = (): Member[] => Array.from({ length: N }, (_, i) => ({ id: i + 1, email: `user${i + 1}@example.com`, name: `Name ${i + 1}` }));

let fake: WebhookFake;
afterEach(async () => fake?.stop());

describe('sync crash safety', () => {
  it('survives SIGKILL at random moments: the destination equals the audience, nothing acknowledged twice', async () => {
    fake = new WebhookFake({ secret: env.HOOK_SECRET, delayMs: 15 });
    const url = await fake.start();
    const dir = syncProject({
      dest: `{ type: webhook, url: "${url}", secret: "\${HOOK_SECRET}", batch_size: 500, concurrency: 4 }`,
      sql: `select range as id, 'user' || range || '@example.com' as email, 'Name ' || range as name from range(1, ${N + 1})`,
    });
    rebuild(dir);

    const kills: { from: string; afterMs: number; rowsAcked: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const afterMs = 300 + Math.floor(Math.random() * 1700);
      const before = fake.acks.length;
      const requestsBefore = fake.requests.length;
      const run = startCli(['sync'], { cwd: dir, env });
      let exited = false;
      void run.done.then(() => (exited = true));
      // The first kill counts from the start (it may land in the extract and diff); the others from the run's
      // first request (so they land while batches are in flight), since starting takes about a second.
      const from = i === 0 ? 'start' : 'first request';
      while (i > 0 && !exited && fake.requests.length === requestsBefore) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, afterMs));
      run.child.kill('SIGKILL');
      const res = await run.done;
      // A run that finished before its kill is fine too; it must not have failed on its own.
      if (res.code !== -1) expect(res.code, res.stdout + res.stderr).toBe(0);
      kills.push({ from, afterMs, rowsAcked: fake.acks.length - before });
    }
    const started = Date.now();
    const final = await syncExpect(dir, 0, env);
    const finalMs = Date.now() - started;

    expectTableEquals(fake, audience());
    expect(fake.ackedTwice()).toEqual([]);
    expect(fake.acks.length).toBe(N);
    // The state agrees: every member acknowledged, nothing left in flight (one more run replays and sends nothing).
    expect(await duckRows(dir, 'select count(*) from cible_state.snap__people_sync', ['n'])).toEqual([{ n: N }]);
    const requests = fake.requests.length;
    const again = await syncExpect(dir, 0, env);
    expect(again.stdout).toMatch(/people_sync: \+0 ~0 -0, 0 acknowledged, 0 rejected \(/);
    expect(fake.requests.length).toBe(requests);
    const replays = fake.requests.filter((q) => q.outcome === 'replayed').length;
    console.log(`crash test: kills ${JSON.stringify(kills)}; replayed requests ${replays}; final run ${finalMs} ms; ${final.stdout.split('\n').find((l) => l.startsWith('OK'))}`);
  });
});
