/**
 * The profile golden case (tests/golden/profile) executed on the real Postgres (STYLE habit 8): both builds, checked
 * against the hand-worked answers of its expected.json, as the DuckDB, BigQuery-fake and Snowflake-fake golden tests
 * do. No postgres.sql golden: the golden harness has no Postgres runner (each run needs its own schema).
 * Values are compared as text (Postgres returns BIGINT as strings), rows in a collation-independent order.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBuild2, copyCase, goldenRoot } from '../golden/harness.js';
import { runCli } from '../helpers/cli.js';
import { pgQuery, uniqueSchema } from '../helpers/sync-helpers.js';

interface ExpectedBuild {
  exit: number;
  results?: Record<string, string>;
  checks: { sql: string; rows: unknown[][] }[];
}

const schema = uniqueSchema('cible_golden_profile');
const asText = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r.map((v) => (v === null ? null : String(v))))).sort();

afterAll(async () => {
  await pgQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describe('golden case profile on Postgres', () => {
  it('builds, finds the hand-worked clusters, traits and features, then records the merge', async () => {
    const expected = JSON.parse(readFileSync(join(goldenRoot, 'profile', 'expected.json'), 'utf8')) as { builds: ExpectedBuild[] };
    const dir = copyCase('profile');
    try {
      const yml = join(dir, 'project.yml');
      writeFileSync(yml, readFileSync(yml, 'utf8').replace(/^targets:\n/m, `targets:\n  pg: { type: postgres, host: 127.0.0.1, user: postgres, database: test, schema: ${schema} }\n`));
      for (const [k, build] of expected.builds.entries()) {
        if (k === 1) expect(applyBuild2('profile', dir)).toBe(true);
        const r = runCli(['build', '--target', 'pg', '--threads', '1'], { cwd: dir });
        const sql = () => readFileSync(join(dir, 'target', 'run', 'profile', 'person.sql'), 'utf8');
        expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(build.exit);
        const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string }[];
        for (const [id, status] of Object.entries(build.results ?? {})) expect(results.find((x) => x.unique_id === id)?.status, id).toBe(status);
        for (const c of build.checks) {
          const q = c.sql.replace(/\bmain\./g, `"${schema}".`);
          const rows = (await pgQuery(q)).map((row) => Object.values(row));
          expect(asText(rows), `${q}\n--- SQL Cible ran ---\n${sql()}`).toEqual(asText(c.rows));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
