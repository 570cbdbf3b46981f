/** Writes target/manifest.json, target/compiled/** and target/run/**: plain data, secrets redacted. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledNode, Manifest } from '../compile/manifest.js';

export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function artifactPath(node: CompiledNode): string {
  if (node.type === 'test') return join('tests', `${node.name}.sql`);
  if (node.type === 'seed') return join('seeds', `${node.name}.sql`);
  return node.path.endsWith('.sql') ? node.path : join(node.type, `${node.name}.sql`);
}

export function writeManifest(targetDir: string, manifest: Manifest, redact: (s: string) => string): void {
  const nodes = Object.fromEntries(Object.keys(manifest.nodes).sort().map((k) => [k, manifest.nodes[k]]));
  writeAtomic(join(targetDir, 'manifest.json'), redact(JSON.stringify({ ...manifest, nodes }, null, 2)));
}

/**
 * Writes target/compiled/**. A file whose text is unchanged since the last compile (its hash is in
 * target/cache/compiled.json and the file still exists) is not rewritten: on thousands of models the
 * writes, not the compiling, dominate a re-compile.
 */
export function writeCompiled(targetDir: string, manifest: Manifest, redact: (s: string) => string): number {
  const cacheFile = join(targetDir, 'cache', 'compiled.json');
  let previous: Record<string, string> = {};
  try {
    previous = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  } catch {
    previous = {};
  }
  const next: Record<string, string> = {};
  const dirs = new Set<string>();
  let n = 0;
  for (const node of Object.values(manifest.nodes)) {
    if (node.sql === undefined) continue;
    const rel = artifactPath(node);
    const file = join(targetDir, 'compiled', rel);
    const text = redact(node.sql.endsWith('\n') ? node.sql : node.sql + '\n');
    const hash = createHash('sha1').update(text).digest('base64');
    next[rel] = hash;
    if (previous[rel] === hash && existsSync(file)) continue;
    const dir = dirname(file);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(file, text);
    n++;
  }
  writeAtomic(cacheFile, JSON.stringify(next));
  return n;
}

export function writeRunSql(targetDir: string, node: CompiledNode, sql: string, redact: (s: string) => string): void {
  const file = join(targetDir, 'run', artifactPath(node));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, redact(sql));
}
