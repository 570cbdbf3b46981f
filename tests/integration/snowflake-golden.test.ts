/**
 * Golden SQL for the Snowflake dialect (STYLE habit 7): every tests/golden/<case>/ project is built with
 * `--target snow` against a fresh Snowflake fake, and the SQL Cible wrote (target/compiled/** and target/run/** of
 * the first build, target/run/** of the second when the case has build2/) must equal <case>/snowflake.sql byte for
 * byte. `UPDATE_GOLDENS=1` rewrites them. The builds also run (habit 8): the exit code and node statuses of
 * <case>/expected.json must hold, and its checks, written for DuckDB's `main` schema, run on the fake's copy of
 * the Snowflake database (names compared case-insensitively, since Snowflake stores them upper-cased).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBuild2, copyCase, goldenRoot, targetSql } from '../golden/harness.js';
import { bin } from '../helpers/cli.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';

interface ExpectedBuild {
  exit: number;
  results?: Record<string, string | [string, number]>;
  checks: { sql: string; rows: unknown[][] }[];
}

const update = process.env.UPDATE_GOLDENS === '1';
const cases = readdirSync(goldenRoot).filter((f) => statSync(join(goldenRoot, f)).isDirectory()).sort();
const PASSWORD = 'golden-Secret-9';

function build(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'build', '--target', 'snow', '--threads', '1'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', SNOWFLAKE_PASSWORD: PASSWORD } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, '');
  return v;
}

async function buildAndCheck(fake: FakeSnowflake, dir: string, expected: ExpectedBuild | undefined, sqlForFailure: () => string): Promise<void> {
  const r = await build(dir);
  expect(r.code, `cible build --target snow exited ${r.code}\n${r.out}`).toBe(expected?.exit ?? 0);
  if (!expected) return;
  const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results as { unique_id: string; status: string; failures?: number }[];
  for (const [id, want] of Object.entries(expected.results ?? {})) {
    const got = results.find((x) => x.unique_id === id);
    expect(got ? (Array.isArray(want) ? [got.status, got.failures] : got.status) : 'missing', id).toEqual(want);
  }
  for (const c of expected.checks) {
    if (/data_type/.test(c.sql)) continue; // type names are per engine by design
    const infoSchema = /information_schema/.test(c.sql);
    const sql = c.sql.replace(/\bmain\./g, '"GOLDEN"."PUBLIC".').replace(/'main'/g, "'PUBLIC'").replace(/information_schema\.tables where/, "information_schema.tables where table_catalog = 'GOLDEN' and");
    const rows = (await fake.query(sql)).map((row) => row.map(plain));
    // Upper-case names sort differently ('EVENTS' < 'EVENT_LOG'): compare catalog listings lower-cased and re-sorted.
    const norm = (rs: unknown[][]) => (infoSchema ? rs.map((row) => row.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : rs);
    expect(norm(rows), `${sql}\n--- SQL Cible ran ---\n${sqlForFailure()}`).toEqual(norm(c.rows));
  }
}

describe('golden SQL (snowflake)', () => {
  for (const name of cases) {
    it(name, async () => {
      const caseDir = join(goldenRoot, name);
      const expected = JSON.parse(readFileSync(join(caseDir, 'expected.json'), 'utf8')) as { builds: ExpectedBuild[] };
      const fake = await FakeSnowflake.start({ users: { GOLDEN: { password: PASSWORD } } });
      const dir = copyCase(name);
      try {
        rmSync(join(dir, 'snowflake.sql'), { force: true });
        const projectYml = join(dir, 'project.yml');
        writeFileSync(projectYml, readFileSync(projectYml, 'utf8').replace(/\n?$/, '\n') + `  snow: { type: snowflake, account: goldenacct, user: golden, password: "\${SNOWFLAKE_PASSWORD}", database: GOLDEN, warehouse: WH, access_url: "${fake.url}" }\n`);
        const parts = [`-- Golden SQL for case '${name}' on snowflake: what \`cible build --target snow\` wrote. Regenerate with UPDATE_GOLDENS=1 and review.\n`];
        await buildAndCheck(fake, dir, expected.builds[0], () => targetSql(dir, 'run', 'build 1'));
        parts.push(targetSql(dir, 'compiled', 'build 1'), targetSql(dir, 'run', 'build 1'));
        if (applyBuild2(name, dir)) {
          rmSync(join(dir, 'target', 'run'), { recursive: true, force: true });
          await buildAndCheck(fake, dir, expected.builds[1], () => targetSql(dir, 'run', 'build 2'));
          parts.push(targetSql(dir, 'run', 'build 2'));
        }
        const text = parts.filter(Boolean).join('\n');
        const golden = join(caseDir, 'snowflake.sql');
        if (update) writeFileSync(golden, text);
        else expect(text).toBe(readFileSync(golden, 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await fake.close();
      }
    });
  }
});
