/**
 * Shared by the golden and execution tests (STYLE habits 7 and 8): copy a case project somewhere disposable,
 * gather the SQL Cible wrote under target/, and read the DuckDB file back once the CLI has exited.
 * Not a test itself (vitest only picks up *.test.ts).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

export const goldenRoot = fileURLToPath(new URL('.', import.meta.url));

/** Files of a case that are not part of its project: the golden, the hand-worked answers, the second-build overlay. */
const notProject = new Set(['duckdb.sql', 'expected.json', 'build2']);

/** Copies tests/golden/<name> (project files only) into a fresh temporary directory. */
export function copyCase(name: string): string {
  const src = join(goldenRoot, name);
  const dir = mkdtempSync(join(tmpdir(), `cible-golden-${name}-`));
  for (const entry of readdirSync(src)) if (!notProject.has(entry)) cpSync(join(src, entry), join(dir, entry), { recursive: true });
  return dir;
}

/** Copies tests/golden/<name>/build2/** over the project: the changes made before the second build. */
export function applyBuild2(name: string, dir: string): boolean {
  const overlay = join(goldenRoot, name, 'build2');
  if (!existsSync(overlay)) return false;
  cpSync(overlay, dir, { recursive: true });
  return true;
}

/** Every file under `root`, as sorted forward-slash paths relative to `root`. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** The `.sql` files Cible wrote under target/<sub>, each headed by its path. */
export function targetSql(dir: string, sub: 'compiled' | 'run', label: string): string {
  const root = join(dir, 'target', sub);
  return listFiles(root)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => `-- ===== ${label}: target/${sub}/${f} =====\n${readFileSync(join(root, f), 'utf8')}`)
    .join('\n');
}

/** DuckDB values as plain JSON-ish values: BIGINT -> number, DATE/TIMESTAMP at midnight -> 'YYYY-MM-DD'. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return v;
}

/** Runs `sql` read-only against the project's DuckDB file (the CLI must have exited) and returns rows as arrays. */
export async function queryDuck(dbFile: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    try {
      const r = await c.runAndReadAll(sql);
      return r.getRowsJS().map((row) => row.map(plain));
    } finally {
      c.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** The relations left in schema `main`, as [name, 'BASE TABLE' | 'VIEW'] sorted by name. */
export const relationsSql = `select table_name, table_type from information_schema.tables where table_schema = 'main' order by table_name`;
