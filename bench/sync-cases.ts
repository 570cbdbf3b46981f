/**
 * Sync rows: the in-warehouse diff (1% of an audience changed), the same diff sent for real, and the throughput of
 * a full sync to a local webhook sink with no limits. Setup (building the audience, seeding the snapshot, restoring
 * it between runs) is not measured. Every row runs with the default DuckDB settings of `cible sync`.
 */
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from './cases.js';
import { runCible } from './measure.js';

function project(rows: number, url: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cible-bench-sync-'));
  mkdirSync(join(dir, 'models'));
  mkdirSync(join(dir, 'syncs'));
  writeFileSync(join(dir, 'project.yml'), `name: bench_sync\ntargets:\n  local: { type: duckdb, path: .cible/bench.duckdb }\nvars: { v: 0 }\ndestinations:\n  sink: { type: webhook, url: "${url}", batch_size: 1000, concurrency: 4 }\n`);
  // 1% of the rows depend on v: raising v changes exactly those rows.
  writeFileSync(join(dir, 'models', 'audience.sql'), `select range as id, 'user' || range || '@example.com' as email, range % 97 as score, case when range % 100 = 0 then {{var "v"}} else 0 end as v from range(${rows})`);
  writeFileSync(join(dir, 'models', 'schema.yml'), 'models:\n  - { name: audience, materialized: table }\n');
  writeFileSync(join(dir, 'syncs', 'audience.yml'), 'syncs:\n  - { name: everyone, model: audience, to: sink, mode: mirror, key: id, match: { email: email }, fields: { score: score, v: v } }\n');
  return dir;
}

async function must(args: string[], cwd: string): Promise<void> {
  const r = await runCible(args, cwd);
  if (r.code !== 0) throw new Error(`cible ${args.join(' ')} failed: ${(r.stderr || r.stdout).split('\n').slice(-8).join('\n')}`);
}

function sink(): Promise<{ server: Server; url: string; rows: () => number }> {
  let rows = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => {
      rows += (JSON.parse(body) as { rows: unknown[] }).rows.length;
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, rows: () => rows })));
}

/** A built audience of `rows` whose snapshot holds every row as acknowledged, then 1% of the rows changed. */
async function changedAudience(rows: number, url: string): Promise<string> {
  const dir = project(rows, url);
  await must(['build', '--quiet'], dir);
  await must(['sync', '--dry-run', '--quiet'], dir);
  // Seed the snapshot as if the whole audience had been acknowledged, without sending it.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(join(dir, '.cible', 'bench.duckdb'));
  const c = await db.connect();
  await c.run(`INSERT INTO cible_state.snap__everyone SELECT __key, __row_hash, NULL, NULL, 'bench' FROM cible_state.cur__everyone`);
  c.closeSync();
  db.closeSync();
  await must(['build', '--quiet', '--vars', '{v: 1}'], dir);
  return dir;
}

function diffCase(rows: number, label: string): Case {
  return {
    name: `diff-${label}`,
    workload: `cible sync --dry-run: extract + diff in DuckDB, ${label} rows, 1% changed`,
    runs: 3,
    warmup: 0,
    async setup() {
      const dir = await changedAudience(rows, 'http://127.0.0.1:9/unused');
      return { cwd: dir, args: ['sync', '--dry-run', '--quiet', '--vars', '{v: 1}'], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

/** The daily run on a large audience: extract, diff, send the 1% that changed, fold the acknowledgements. */
function diffSyncCase(rows: number, label: string): Case {
  return {
    name: `diff-${label}-sync`,
    workload: `cible sync: ${label}-row audience, the 1% changed sent to a local webhook sink`,
    runs: 3,
    warmup: 0,
    async setup() {
      const s = await sink();
      const dir = await changedAudience(rows, s.url);
      const db = join(dir, '.cible', 'bench.duckdb');
      copyFileSync(db, `${db}.seeded`);
      return {
        cwd: dir,
        args: ['sync', '--quiet', '--vars', '{v: 1}'],
        // Each run starts from the seeded snapshot, so each sends the same 1% (a stale WAL would be replayed onto it).
        beforeEach: () => {
          rmSync(`${db}.wal`, { force: true });
          copyFileSync(`${db}.seeded`, db);
        },
        cleanup: () => {
          s.server.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

function throughputCase(rows: number, label: string, name: string): Case {
  return {
    name,
    workload: `cible sync, ${label} new rows to a local webhook sink (batches of 1000, 4 in flight)`,
    runs: 1,
    warmup: 0,
    async setup() {
      const s = await sink();
      const dir = project(rows, s.url);
      await must(['build', '--quiet'], dir);
      return {
        cwd: dir,
        args: ['sync', '--quiet'],
        // Every measured run starts from an empty snapshot: all rows are sent.
        beforeEach: () => must(['sync', '--reset-state', '--dry-run', '--quiet'], dir),
        cleanup: () => {
          s.server.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const syncCases: Case[] = [
  diffCase(1_000_000, '1m'),
  diffCase(10_000_000, '10m'),
  diffSyncCase(10_000_000, '10m'),
  throughputCase(1_000_000, '1M', 'sync-throughput'),
  // A first send of a 10M-row audience: minutes, so one run.
  throughputCase(10_000_000, '10M', 'sync-throughput-10m'),
];
