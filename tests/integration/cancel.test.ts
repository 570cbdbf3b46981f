import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, duckProject, makeProject } from '../helpers/cli.js';

describe('Ctrl-C', () => {
  it('cancels the running query, skips the rest and still writes run_results.json', async () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      // Minutes of work on two cores: it can only end early by being interrupted.
      'models/slow.sql': 'select sum(hash(a.range)) as h from range(40000000000) a',
      'models/after_slow.sql': 'select * from {{ref "slow"}}',
      'models/schema.yml': 'models:\n  - { name: slow, materialized: table }\n',
    });
    const child = spawn(process.execPath, [bin, 'build', '--threads', '1'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    // Wait until the plan is printed (the query is about to start), then give it a moment to be running.
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (stdout.includes('Running build')) {
          clearInterval(t);
          setTimeout(resolve, 1500);
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; message: string }[];
    const byId = Object.fromEntries(results.map((r) => [r.unique_id, r]));
    expect(byId['model.slow'].status).toBe('error');
    expect(byId['model.slow'].message).toMatch(/cancel|interrupt/i);
    expect(byId['model.after_slow'].status).toBe('skipped');
  });
});
