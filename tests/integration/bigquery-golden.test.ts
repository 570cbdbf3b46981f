/**
 * Golden SQL for the bigquery dialect (habit 7), next to each case's duckdb.sql: `cible build --target bq` runs on a
 * copy of tests/golden/<case> against the fake (dataset `main`, so the case's DuckDB checks read the fake's storage
 * unchanged), and the SQL it wrote must equal <case>/bigquery.sql byte for byte. `UPDATE_GOLDENS=1` rewrites them.
 * Each build is also executed and checked against <case>/expected.json (habit 8), as the DuckDB goldens are.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBuild2, copyCase, goldenRoot, targetSql } from '../golden/harness.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { runCliAsync } from '../fakes/bigquery/run-cli-async.js';

interface ExpectedBuild {
  exit: number;
  results?: Record<string, string | [string, number]>;
  checks: { sql: string; rows: unknown[][] }[];
}

const update = process.env.UPDATE_GOLDENS === '1';
const cases = readdirSync(goldenRoot).filter((f) => statSync(join(goldenRoot, f)).isDirectory() && existsSync(join(goldenRoot, f, 'project.yml'))).sort();

/** As the DuckDB harness reads values: BIGINT -> number, a midnight DATE/TIMESTAMP -> 'YYYY-MM-DD'. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().endsWith('T00:00:00.000Z') ? v.toISOString().slice(0, 10) : v.toISOString();
  return v;
}

/**
 * BigQuery's NUMERIC has no precision or scale of its own (a CAST cannot take one), so a DECIMAL(10,2) of the case
 * is a NUMERIC here: decimal text and decimal type names are compared without trailing zeros and parameters.
 */
function numericAgnostic(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (/^-?\d+\.\d+$/.test(v)) return v.replace(/0+$/, '').replace(/\.$/, '');
  return v.replace(/^DECIMAL\(\d+,\s*\d+\)$/, 'DECIMAL');
}

/** The case's project.yml with a `bq` target on the fake; its own targets stay (the DuckDB one is not used). */
function withBigQueryTarget(dir: string, port: number): void {
  const file = join(dir, 'project.yml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/^targets:\n/m, `targets:\n  bq: { type: bigquery, project: test-proj, dataset: main, api_endpoint: "http://127.0.0.1:${port}" }\n`));
}

let fake: FakeBigQuery;
beforeEach(async () => {
  fake = await FakeBigQuery.start();
});
afterEach(async () => fake.close());

async function buildAndCheck(dir: string, expected: ExpectedBuild | undefined, sqlForFailure: () => string): Promise<void> {
  const r = await runCliAsync(['build', '--target', 'bq', '--threads', '1'], { cwd: dir });
  expect(r.code, `cible build exited ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(expected?.exit ?? 0);
  if (!expected) return;
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; failures?: number }[];
  for (const [id, want] of Object.entries(expected.results ?? {})) {
    const got = results.find((x) => x.unique_id === id);
    expect(got ? (Array.isArray(want) ? [got.status, got.failures] : got.status) : 'missing', id).toEqual(want);
  }
  for (const c of expected.checks) {
    const rows = (await fake.duck(c.sql)).map((row) => Object.values(row).map(plain).map(numericAgnostic));
    expect(rows, `${c.sql}\n--- SQL Cible ran ---\n${sqlForFailure()}`).toEqual(c.rows.map((r) => r.map(numericAgnostic)));
  }
}

describe('golden SQL (bigquery, executed on the fake)', () => {
  it('covers every golden case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of cases) {
    it(name, async () => {
      const caseDir = join(goldenRoot, name);
      const expected = JSON.parse(readFileSync(join(caseDir, 'expected.json'), 'utf8')) as { builds: ExpectedBuild[] };
      const dir = copyCase(name);
      rmSync(join(dir, 'bigquery.sql'), { force: true });
      withBigQueryTarget(dir, fake.port);
      try {
        const parts = [`-- Golden SQL for case '${name}' on bigquery: what \`cible build\` wrote. Regenerate with UPDATE_GOLDENS=1 and review.\n`];
        await buildAndCheck(dir, expected.builds[0], () => targetSql(dir, 'run', 'build 1'));
        parts.push(targetSql(dir, 'compiled', 'build 1'), targetSql(dir, 'run', 'build 1'));
        if (applyBuild2(name, dir)) {
          rmSync(join(dir, 'target', 'run'), { recursive: true, force: true });
          await buildAndCheck(dir, expected.builds[1], () => targetSql(dir, 'run', 'build 2'));
          parts.push(targetSql(dir, 'run', 'build 2'));
        }
        const text = parts.filter(Boolean).join('\n');
        const golden = join(caseDir, 'bigquery.sql');
        if (update || !existsSync(golden)) writeFileSync(golden, text);
        else expect(text).toBe(readFileSync(golden, 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
