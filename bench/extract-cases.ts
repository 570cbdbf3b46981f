/**
 * Extract rows: 1M rows (id, email, score) streamed through each adapter's `stream()` by dist/bench/extract.js, the
 * way a sync or an export reads a model. Setup builds the table with the engine's own generator and is not measured.
 * The BigQuery and Snowflake rows talk to the test fakes through the official clients; each fake runs in a process of
 * its own (dist/bench/fake-server.js), so the measured peak RSS is the client's alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from './cases.js';

const ROWS = 1_000_000;
const extract = fileURLToPath(new URL('./extract.js', import.meta.url));
const fakeServer = fileURLToPath(new URL('./fake-server.js', import.meta.url));

/** Runs extract.js unmeasured (create or drop the table). */
function prepareTable(cwd: string, type: string, settings: object, ...flag: string[]): void {
  const r = spawnSync(process.execPath, [extract, type, JSON.stringify(settings), ...flag], { cwd, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`extract.js ${type} ${flag.join(' ')} failed: ${(r.stderr || r.stdout).split('\n').slice(-8).join('\n')}`);
}

/** Starts a fake in its own process and resolves with its URL once it listens. */
function startFake(kind: 'bigquery' | 'snowflake'): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fakeServer, kind], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`fake ${kind} exited with ${code} before listening`)));
  });
}

/** "1,000,000 rows at 123,456 rows/s" from extract.js's JSON line. */
function describe(stdout: string): string | undefined {
  const line = stdout.trim().split('\n').pop();
  try {
    const r = JSON.parse(line ?? '') as { rows: number; rowsPerSec: number; largest: number };
    return `${r.rows.toLocaleString('en-US')} rows at ${r.rowsPerSec.toLocaleString('en-US')} rows/s, batches <= ${r.largest.toLocaleString('en-US')}`;
  } catch {
    return undefined;
  }
}

function extractCase(name: string, workload: string, setup: () => Promise<{ type: string; settings: object; cleanup(): void }>): Case {
  return {
    name,
    workload,
    runs: 3,
    warmup: 0,
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'cible-bench-extract-'));
      const s = await setup();
      try {
        prepareTable(dir, s.type, s.settings, '--create', String(ROWS));
      } catch (e) {
        s.cleanup();
        throw e;
      }
      return {
        cwd: dir,
        script: extract,
        args: [s.type, JSON.stringify(s.settings)],
        describe,
        cleanup: () => {
          s.cleanup();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const extractCases: Case[] = [
  extractCase('extract-1m-duckdb', 'stream 1M rows (id, email, score) out of DuckDB (file database), 10k-row batches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cible-bench-extract-duck-'));
    return { type: 'duckdb', settings: { path: join(dir, 'extract.duckdb') }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }),
  extractCase('extract-1m-postgres', 'stream 1M rows out of Postgres 127.0.0.1:5432 (server-side cursor), 10k-row batches', async () => {
    const settings = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', schema: `cible_bench_extract_${process.pid}` };
    return {
      type: 'postgres', settings,
      cleanup: () => spawnSync(process.execPath, [extract, 'postgres', JSON.stringify(settings), '--drop'], { timeout: 60_000 }),
    };
  }),
  extractCase('extract-1m-bigquery-fake', 'stream 1M rows through @google-cloud/bigquery from the fake (pages of 10k, fake in its own process)', async () => {
    const { url, child } = await startFake('bigquery');
    child.removeAllListeners('exit');
    return { type: 'bigquery', settings: { project: 'bench-proj', dataset: 'bench', api_endpoint: url }, cleanup: () => child.kill('SIGTERM') };
  }),
  extractCase('extract-1m-snowflake-fake', 'stream 1M rows through snowflake-sdk from the fake (Snowflake\'s layout: ~100 rows inline, chunks growing x2 up to 16 MB; fake in its own process)', async () => {
    const { url, child } = await startFake('snowflake');
    child.removeAllListeners('exit');
    return {
      type: 'snowflake',
      settings: { account: 'bench', user: 'bench', password: 'bench', database: 'BENCH_DB', schema: 'EXTRACT', warehouse: 'WH', access_url: url },
      cleanup: () => child.kill('SIGTERM'),
    };
  }),
];
