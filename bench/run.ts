/**
 * `npm run bench [-- filter...]`: runs each benchmark row (the real CLI in child processes, see measure.ts),
 * prints each row as it completes and a table at the end, and writes target/bench.json.
 * A filter keeps the rows whose name contains one of the given words: `npm run bench -- compile`.
 * BENCH_RUNS=n sets the number of measured runs of every row (defaults in cases.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cases as coreCases, type Case } from './cases.js';
import { extractCases } from './extract-cases.js';
import { profileCases } from './profile-cases.js';
import { syncCases } from './sync-cases.js';

const cases: Case[] = [...coreCases, ...syncCases, ...profileCases, ...extractCases];
import { median, repoRoot, rssMethod, runCible, runScript } from './measure.js';

export interface Row {
  name: string;
  workload: string;
  median_ms: number | null;
  /** The fastest run: less sensitive than the median to other work on a shared machine. */
  min_ms: number | null;
  peak_rss_mb: number | null;
  /** Median user + system CPU time of the child: steadier than wall time when the machine is busy. */
  median_cpu_ms: number | null;
  status: 'ok' | 'error';
  runs: number;
  times_ms: number[];
  cpu_ms: number[];
  rss_mb: number[];
  error?: string;
}

/**
 * Temp dirs are removed only after the last row: on this ext4 (mounted with `discard`), deleting thousands
 * of files slows the file creations that follow it for seconds, which would skew the next row.
 */
const cleanups: (() => void)[] = [];

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function runCase(c: Case): Promise<Row> {
  const envRuns = Number(process.env.BENCH_RUNS);
  const runs = Number.isInteger(envRuns) && envRuns > 0 ? envRuns : c.runs;
  const row: Row = { name: c.name, workload: c.workload, median_ms: null, min_ms: null, peak_rss_mb: null, median_cpu_ms: null, status: 'ok', runs, times_ms: [], cpu_ms: [], rss_mb: [] };
  let prepared;
  try {
    prepared = await c.setup();
  } catch (e) {
    return { ...row, status: 'error', error: `setup failed: ${(e as Error).message}` };
  }
  if (prepared.cleanup) cleanups.push(prepared.cleanup);
  for (let i = 0; i < c.warmup + runs; i++) {
    let r;
    try {
      await prepared.beforeEach?.();
      r = prepared.script ? await runScript(prepared.script, prepared.args, prepared.cwd) : await runCible(prepared.args, prepared.cwd);
    } catch (e) {
      return { ...row, status: 'error', error: `could not run: ${(e as Error).message}` };
    }
    if (r.code !== 0) {
      const why = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-15).join('\n');
      return { ...row, status: 'error', error: `exit code ${r.code}: ${prepared.script ? `node ${prepared.script}` : 'cible'} ${prepared.args.join(' ')}\n${why}` };
    }
    if (i < c.warmup) continue;
    const note = prepared.describe?.(r.stdout);
    if (note) row.workload = `${c.workload}; ${note}`;
    row.times_ms.push(round(r.ms));
    if (r.rssMb !== undefined) row.rss_mb.push(round(r.rssMb));
    if (r.cpuMs !== undefined) row.cpu_ms.push(round(r.cpuMs));
  }
  row.median_ms = round(median(row.times_ms));
  row.min_ms = Math.min(...row.times_ms);
  row.median_cpu_ms = row.cpu_ms.length ? round(median(row.cpu_ms)) : null;
  row.peak_rss_mb = row.rss_mb.length ? Math.max(...row.rss_mb) : null;
  return row;
}

function fmtMs(ms: number | null): string {
  if (ms === null) return '-';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function cells(r: Row): string[] {
  const peak = r.peak_rss_mb === null ? '-' : `${r.peak_rss_mb.toFixed(0)} MB`;
  return [r.name, r.workload, fmtMs(r.median_ms), fmtMs(r.median_cpu_ms), peak, String(r.runs), r.status];
}

function table(rows: Row[]): string {
  const head = ['name', 'workload', 'median', 'cpu', 'peak RSS', 'runs', 'status'];
  const all = [head, ...rows.map(cells)];
  const width = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const right = new Set([2, 3, 4, 5]);
  const line = (r: string[]): string => r.map((c, i) => (right.has(i) ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const chosen = cases.filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));
  if (chosen.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}; rows: ${cases.map((c) => c.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  console.log(`cible bench: ${chosen.length} row(s), node ${process.version}, peak RSS via ${rssMethod}`);
  const rows: Row[] = [];
  for (const c of chosen) {
    const row = await runCase(c);
    rows.push(row);
    const times = row.times_ms.map((t) => fmtMs(t)).join(', ');
    console.log(`  ${cells(row).slice(0, 5).join('  ')}${row.status === 'ok' ? `  [${times}]` : '  ERROR'}`);
    if (row.error) console.log(row.error.replace(/^/gm, '    | '));
  }
  const out = join(repoRoot, 'target', 'bench.json');
  mkdirSync(join(repoRoot, 'target'), { recursive: true });
  writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
  console.log(`\n${table(rows)}\n\nwrote ${out}`);
  for (const cleanup of cleanups) cleanup();
  if (rows.some((r) => r.status === 'error')) process.exitCode = 1;
}

await main();
