/** Test helpers: run the real `cible` bin in a child process, and make throwaway projects. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(repoRoot, 'bin', 'cible.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Writes `files` (path -> text) into a fresh temporary directory and returns it. */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cible-test-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** A project.yml for an in-memory-free, file-backed DuckDB inside the project dir. */
export const duckProject = (name = 'test_project', extra = ''): string =>
  `name: ${name}\ntarget: local\ntargets:\n  local: { type: duckdb, path: .cible/test.duckdb }\n${extra}`;
