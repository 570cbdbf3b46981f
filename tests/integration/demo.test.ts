/**
 * The README's main job, on a copy of the demo (smaller, for speed): builds with no server, twice with the same
 * row counts, tests pass, `ls --select +stg_orders` lists exactly the ancestors found by reading the SQL files.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const small = ['--vars', '{demo_customers: 1500}'];

function rowCounts(dir: string): Record<string, number> {
  const r = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; rows?: number; status: string }[];
  expect(r.filter((x) => x.status === 'error' || x.status === 'skipped')).toEqual([]);
  return Object.fromEntries(r.filter((x) => x.rows !== undefined).map((x) => [x.unique_id, x.rows!]));
}

/** Ancestors by reading `{{ref "x"}}` in the SQL files: independent of the compiler's graph. */
function ancestorsBySql(name: string): string[] {
  const refs = new Map<string, string[]>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.sql')) refs.set(basename(e.name, '.sql'), [...readFileSync(p, 'utf8').matchAll(/\{\{\s*ref\s+"([^"]+)"\s*\}\}/g)].map((m) => m[1]));
    }
  };
  walk(join(repoRoot, 'models'));
  const out = new Set<string>();
  const visit = (n: string) => {
    for (const r of refs.get(n) ?? []) if (!out.has(r)) (out.add(r), visit(r));
  };
  visit(name);
  return [...out, name].map((n) => `model.${n}`).sort();
}

describe('the demo shop', () => {
  it('builds twice with the same row counts, passes its tests, syncs, and lists ancestors right', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cible-demo-'));
    for (const f of ['project.yml', 'models', 'syncs']) cpSync(join(repoRoot, f), join(dir, f), { recursive: true });
    const first = runCli(['build', ...small], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const counts = rowCounts(dir);
    expect(counts['model.stg_orders']).toBeGreaterThan(1500);
    expect(counts['profile.customer']).toBeGreaterThan(1000);
    expect(runCli(['build', ...small], { cwd: dir }).code).toBe(0);
    expect(rowCounts(dir)).toEqual(counts);
    expect(runCli(['test', ...small], { cwd: dir }).code).toBe(0);

    const ls = runCli(['ls', '--select', '+stg_orders', ...small], { cwd: dir });
    expect(ls.stdout.trim().split('\n').sort()).toEqual(ancestorsBySql('stg_orders'));

    const sync1 = runCli(['sync', '--json', ...small], { cwd: dir });
    expect(sync1.code, sync1.stderr).toBe(0);
    const reachable = counts['model.customer_reachable'];
    const csv = readFileSync(join(dir, 'exports', 'reachable_to_csv.csv'), 'utf8').trim().split('\n');
    expect(csv.length).toBe(reachable + 1);
    // Nothing changed: the delta-file sync sends nothing the second time.
    const sync2 = JSON.parse(runCli(['sync', '--json', ...small], { cwd: dir }).stdout).results as { sync: string; added: number; changed: number; removed: number }[];
    const lapsed = sync2.find((x) => x.sync === 'lapsed_to_jsonl')!;
    expect([lapsed.added, lapsed.changed, lapsed.removed]).toEqual([0, 0, 0]);
  });
});
