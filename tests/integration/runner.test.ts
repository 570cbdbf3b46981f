/**
 * The runner through the real CLI on DuckDB: failures skip only what is downstream, every selected node lands in
 * target/run_results.json, --fail-fast, --threads, --select, and repeat builds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckProject, makeProject, runCli } from '../helpers/cli.js';
import { queryDuck, relationsSql } from '../golden/harness.js';

interface Result {
  unique_id: string;
  status: string;
  rows?: number;
  message: string;
  error?: { message: string; sql?: string };
}

function runResults(dir: string): { metadata: { command: string }; results: Result[] } {
  return JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
}
const statuses = (dir: string) => Object.fromEntries(runResults(dir).results.map((r) => [r.unique_id, r.status]));

/**
 * raw -> good -> good_child (table)
 * raw -> broken (SQL error) -> broken_child -> broken_grandchild
 * other (independent of raw), lonely_a, lonely_b, lonely_c
 */
const graph = {
  'project.yml': duckProject(),
  'seeds/raw.csv': 'id,v\n1,10\n2,20\n3,30\n',
  'models/good.sql': 'select id, v * 2 as v2 from {{ref "raw"}}\n',
  'models/good_child.sql': 'select sum(v2) as total from {{ref "good"}}\n',
  'models/broken.sql': 'select id, no_such_column from {{ref "raw"}}\n',
  'models/broken_child.sql': 'select * from {{ref "broken"}}\n',
  'models/broken_grandchild.sql': 'select * from {{ref "broken_child"}}\n',
  'models/other.sql': 'select 42 as answer\n',
  'models/lonely_a.sql': 'select 1 as x\n',
  'models/lonely_b.sql': 'select 2 as x\n',
  'models/lonely_c.sql': 'select 3 as x\n',
  'models/schema.yml': 'models:\n  - { name: good_child, materialized: table }\n  - { name: broken, materialized: table }\n',
};

describe('runner', () => {
  it('a failing model skips its downstream, independent nodes succeed, exit 1, and every node is recorded', async () => {
    const dir = makeProject(graph);
    const r = runCli(['build'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const rr = runResults(dir);
    expect(rr.metadata.command).toBe('build');
    expect(rr.results).toHaveLength(10);
    expect(statuses(dir)).toEqual({
      'seed.raw': 'success', 'model.good': 'success', 'model.good_child': 'success',
      'model.broken': 'error', 'model.broken_child': 'skipped', 'model.broken_grandchild': 'skipped',
      'model.other': 'success', 'model.lonely_a': 'success', 'model.lonely_b': 'success', 'model.lonely_c': 'success',
    });
    const broken = rr.results.find((x) => x.unique_id === 'model.broken')!;
    expect(broken.message).toContain('no_such_column');
    expect(broken.error?.sql).toContain('CREATE TABLE "main"."broken__cible_tmp"');
    expect(rr.results.find((x) => x.unique_id === 'model.broken_grandchild')!.message).toBe('skipped: upstream model.broken did not succeed');
    expect(r.stderr).toContain('error in model.broken');
    // 10*2 + 20*2 + 30*2 = 120; the failed table build left neither the table nor its temporary behind.
    const db = join(dir, '.cible', 'test.duckdb');
    expect(await queryDuck(db, 'select total from main.good_child')).toEqual([[120]]);
    expect((await queryDuck(db, relationsSql)).map((x) => x[0])).toEqual(['good', 'good_child', 'lonely_a', 'lonely_b', 'lonely_c', 'other', 'raw']);
  });

  it('--fail-fast stops scheduling after the first error', () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      // Topological order puts `a_broken` first; with one thread every other node is still waiting when it fails.
      'models/a_broken.sql': 'select * from no_such_table\n',
      'models/a_broken_child.sql': 'select * from {{ref "a_broken"}}\n',
      'models/b.sql': 'select 1 as x\n',
      'models/c.sql': 'select 2 as x\n',
      'models/d.sql': 'select * from {{ref "c"}}\n',
    });
    const r = runCli(['run', '--threads', '1', '--fail-fast'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const rr = runResults(dir).results;
    expect(rr).toHaveLength(5);
    expect(Object.fromEntries(rr.map((x) => [x.unique_id, x.status]))).toEqual({
      'model.a_broken': 'error', 'model.a_broken_child': 'skipped', 'model.b': 'skipped', 'model.c': 'skipped', 'model.d': 'skipped',
    });
    expect(rr.find((x) => x.unique_id === 'model.b')!.message).toBe('skipped: --fail-fast after an error');

    // Without --fail-fast the independent models run.
    const again = runCli(['run', '--threads', '1'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(statuses(dir)).toEqual({
      'model.a_broken': 'error', 'model.a_broken_child': 'skipped', 'model.b': 'success', 'model.c': 'success', 'model.d': 'success',
    });
  });

  it('--threads 1 and --threads 4 give the same statuses and row counts', () => {
    const outcome = (threads: string) => {
      const dir = makeProject(graph);
      expect(runCli(['build', '--threads', threads], { cwd: dir }).code).toBe(1);
      return Object.fromEntries(runResults(dir).results.map((x) => [x.unique_id, [x.status, x.rows ?? null]]));
    };
    const one = outcome('1');
    expect(one['model.good_child']).toEqual(['success', 1]);
    expect(one['seed.raw']).toEqual(['success', 3]);
    expect(outcome('4')).toEqual(one);
  });

  it('`cible run --select` runs only the selected nodes', async () => {
    const dir = makeProject(graph);
    expect(runCli(['seed'], { cwd: dir }).code).toBe(0);
    expect(Object.keys(statuses(dir))).toEqual(['seed.raw']);

    let r = runCli(['run', '--select', 'good'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(statuses(dir)).toEqual({ 'model.good': 'success' });
    const db = join(dir, '.cible', 'test.duckdb');
    expect((await queryDuck(db, relationsSql)).map((x) => x[0])).toEqual(['good', 'raw']);

    r = runCli(['run', '--select', 'good+ other'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(statuses(dir)).toEqual({ 'model.good': 'success', 'model.good_child': 'success', 'model.other': 'success' });
    expect((await queryDuck(db, relationsSql)).map((x) => x[0])).toEqual(['good', 'good_child', 'other', 'raw']);

    // Selecting a failing node's child alone runs it (its parent is not selected, so nothing skips it) and it fails.
    r = runCli(['run', '--select', 'broken_child'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(statuses(dir)).toEqual({ 'model.broken_child': 'error' });
  });

  it('running build twice gives identical row counts', async () => {
    const dir = makeProject({ ...graph, 'models/broken.sql': 'select id, v from {{ref "raw"}}\n' });
    const counts = async () => {
      const r = runCli(['build'], { cwd: dir });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const db = join(dir, '.cible', 'test.duckdb');
      const names = (await queryDuck(db, relationsSql)).map((x) => String(x[0]));
      const rows: Record<string, unknown> = {};
      for (const n of names) rows[n] = (await queryDuck(db, `select count(*) from main."${n}"`))[0][0];
      return { rows, reported: Object.fromEntries(runResults(dir).results.map((x) => [x.unique_id, x.rows ?? null])) };
    };
    const first = await counts();
    expect(first.rows).toEqual({ broken: 3, broken_child: 3, broken_grandchild: 3, good: 3, good_child: 1, lonely_a: 1, lonely_b: 1, lonely_c: 1, other: 1, raw: 3 });
    expect(await counts()).toEqual(first);
  });
});
