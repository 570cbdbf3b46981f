/**
 * Golden SQL (STYLE habit 7): each tests/golden/<case>/ is a project; `cible build` runs on a temporary copy and
 * the SQL it wrote (target/compiled/** and target/run/** of the first build, target/run/** of the second when the
 * case has a build2/ overlay) must equal <case>/duckdb.sql byte for byte. `UPDATE_GOLDENS=1` rewrites the goldens.
 * Each build is also executed and checked against <case>/expected.json, worked out by hand (habit 8).
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { applyBuild2, copyCase, goldenRoot, queryDuck, targetSql } from '../golden/harness.js';

interface ExpectedBuild {
  exit: number;
  /** unique_id -> status, or [status, failures] for tests. */
  results?: Record<string, string | [string, number]>;
  checks: { sql: string; rows: unknown[][] }[];
}

const update = process.env.UPDATE_GOLDENS === '1';
const cases = readdirSync(goldenRoot).filter((f) => statSync(join(goldenRoot, f)).isDirectory()).sort();

async function buildAndCheck(dir: string, expected: ExpectedBuild | undefined, sqlForFailure: () => string): Promise<void> {
  const r = runCli(['build', '--threads', '1'], { cwd: dir });
  expect(r.code, `cible build exited ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(expected?.exit ?? 0);
  if (!expected) return;
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; failures?: number }[];
  for (const [id, want] of Object.entries(expected.results ?? {})) {
    const got = results.find((x) => x.unique_id === id);
    expect(got ? (Array.isArray(want) ? [got.status, got.failures] : got.status) : 'missing', id).toEqual(want);
  }
  for (const c of expected.checks) {
    const rows = await queryDuck(join(dir, '.cible', 'golden.duckdb'), c.sql);
    expect(rows, `${c.sql}\n--- SQL Cible ran ---\n${sqlForFailure()}`).toEqual(c.rows);
  }
}

describe('golden SQL (duckdb)', () => {
  it('has every case the brief lists', () => {
    expect(cases).toEqual(['data_tests', 'ephemeral', 'incremental_append', 'incremental_delete_insert', 'incremental_merge', 'profile', 'seed', 'table', 'view']);
  });

  for (const name of cases) {
    it(name, async () => {
      const caseDir = join(goldenRoot, name);
      const expected = JSON.parse(readFileSync(join(caseDir, 'expected.json'), 'utf8')) as { builds: ExpectedBuild[] };
      const dir = copyCase(name);
      try {
        const parts = [`-- Golden SQL for case '${name}' on duckdb: what \`cible build\` wrote. Regenerate with UPDATE_GOLDENS=1 and review.\n`];
        await buildAndCheck(dir, expected.builds[0], () => targetSql(dir, 'run', 'build 1'));
        parts.push(targetSql(dir, 'compiled', 'build 1'), targetSql(dir, 'run', 'build 1'));
        if (applyBuild2(name, dir)) {
          // Only this build's statements: a node that did not run must not leave last build's file behind.
          rmSync(join(dir, 'target', 'run'), { recursive: true, force: true });
          await buildAndCheck(dir, expected.builds[1], () => targetSql(dir, 'run', 'build 2'));
          parts.push(targetSql(dir, 'run', 'build 2'));
        }
        const text = parts.filter(Boolean).join('\n');
        const golden = join(caseDir, 'duckdb.sql');
        if (update) writeFileSync(golden, text);
        else expect(text).toBe(readFileSync(golden, 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
