/** Writes target/manifest.json, target/compiled/** and target/run/**: plain data, secrets redacted. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
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

export function writeCompiled(targetDir: string, manifest: Manifest, redact: (s: string) => string): number {
  let n = 0;
  for (const node of Object.values(manifest.nodes)) {
    if (node.sql === undefined) continue;
    const file = join(targetDir, 'compiled', artifactPath(node));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, redact(node.sql.endsWith('\n') ? node.sql : node.sql + '\n'));
    n++;
  }
  return n;
}

export function writeRunSql(targetDir: string, node: CompiledNode, sql: string, redact: (s: string) => string): void {
  const file = join(targetDir, 'run', artifactPath(node));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, redact(sql));
}
