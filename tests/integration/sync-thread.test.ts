/**
 * `cible sync` runs its syncs in a worker thread with a capped heap (src/sync/sync-thread.ts): a sync that outgrows
 * the cap stops with a plain error naming the setting, and loses nothing; user mistakes met inside the thread
 * still print located diagnostics and exit 2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookFake } from '../fakes/webhook/webhook-fake.js';
import { members, expectTableEquals, rebuild, syncExpect, syncProject } from '../helpers/sync-project.js';

let fake: WebhookFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('the sync thread', () => {
  it('stops with a clear error when the sync outgrows its heap cap, and the next run sends the whole audience', async () => {
    fake = new WebhookFake();
    const rows = members(3000);
    const dir = syncProject({ dest: `{ type: webhook, url: "${await fake.start()}", batch_size: 500 }`, rows });
    rebuild(dir);
    const r = await syncExpect(dir, 1, { CIBLE_SYNC_HEAP_MB: '2' });
    const out = r.stdout + r.stderr;
    // The cap is the worker's: without a capped thread this run would succeed.
    expect(out).toContain('ran out of its 2 MB JavaScript heap; set CIBLE_SYNC_HEAP_MB');
    expect(out).not.toMatch(/internal error|at .*\.js:\d+/);
    await syncExpect(dir, 0);
    expectTableEquals(fake, rows);
  });

  it('reports a misconfigured target met inside the thread as a located diagnostic, exit 2', async () => {
    fake = new WebhookFake();
    const target = 'name: sync_test\ntargets:\n  pg: { type: postgres, host: 127.0.0.1, port: 5432, user: cible_no_such_role, database: test, schema: public }\n';
    const dir = syncProject({ dest: `{ type: webhook, url: "${await fake.start()}" }`, rows: members(5), target, sql: 'select 1 as id, \'a@b.co\' as email, \'A\' as name' });
    const r = await syncExpect(dir, 2);
    const out = r.stdout + r.stderr;
    expect(out).toContain('project.yml');
    expect(out).toContain('cible_no_such_role');
    expect(out).not.toMatch(/internal error|at .*\.js:\d+/);
  });
});
