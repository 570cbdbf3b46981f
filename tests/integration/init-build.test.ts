import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

describe('cible init', () => {
  it('scaffolds a project that builds, tests and shows hand-checked rows', () => {
    const parent = makeProject({});
    expect(runCli(['init', 'shop'], { cwd: parent }).code).toBe(0);
    const dir = join(parent, 'shop');
    const build = runCli(['build'], { cwd: dir });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    expect(results.results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill('success'));
    // customer 1 ordered 120.50 + 80.00; customer 2 35.90; customer 3 nothing.
    const show = runCli(['show', 'customer_orders', '--json'], { cwd: dir });
    const rows = JSON.parse(show.stdout).rows as { customer_id: number; orders: number; revenue: number }[];
    const byId = Object.fromEntries(rows.map((r) => [Number(r.customer_id), [Number(r.orders), Number(r.revenue)]]));
    expect(byId).toEqual({ 1: [2, 200.5], 2: [1, 35.9], 3: [0, 0] });
  });
});
