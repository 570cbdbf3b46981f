/**
 * Helpers for the sync acceptance tests. The webhook fake runs inside the test process, so the CLI must run
 * asynchronously (a spawnSync would block the fake's event loop and deadlock the sync).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { queryDuck } from '../golden/harness.js';
import { bin, type CliResult } from './cli.js';

export interface Running {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

export function startCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr })));
  return { child, output: () => ({ stdout, stderr }), done };
}

export function cliAsync(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<CliResult> {
  return startCli(args, opts).done;
}

export const duckFile = (dir: string) => join(dir, '.cible', 'test.duckdb');

/** Rows of a DuckDB query as objects (the CLI must not be running: DuckDB allows one process per file). */
export async function duckRows(dir: string, sql: string, columns: string[]): Promise<Record<string, unknown>[]> {
  const rows = await queryDuck(duckFile(dir), sql);
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

/** Every cell of every table in schema `schema` as text, for "this value is nowhere" checks. */
export async function allStateText(dir: string, schema = 'cible_state'): Promise<string> {
  const tables = (await queryDuck(duckFile(dir), `select table_name from information_schema.tables where table_schema = '${schema}'`)).map((r) => String(r[0]));
  let text = '';
  for (const t of tables) {
    for (const row of await queryDuck(duckFile(dir), `select * from "${schema}"."${t}"`)) text += `${t}: ${JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n`;
  }
  return text;
}

/** Every file under `root` (recursively) as text. */
export function allFilesText(root: string): string {
  let text = '';
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    text += statSync(p).isDirectory() ? allFilesText(p) : readFileSync(p).toString('latin1');
  }
  return text;
}

export const pgConfig = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

export async function pgQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client(pgConfig);
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export const uniqueSchema = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;

/** Writes a seed CSV from objects (columns from the first row). */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c] ?? '')).join(','))].join('\n') + '\n';
}
