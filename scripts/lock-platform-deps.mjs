#!/usr/bin/env node
/**
 * npm 11 here writes only this machine's platform packages into package-lock.json, yet `npm ci` insists on
 * an entry for every platform variant (npm/cli#4828, #8805). This adds the missing optional entries, with
 * the registry's integrity, os and cpu, so `npm ci` accepts the lockfile on any machine. A variant the registry
 * does not serve (this workplace's mirror holds only some platforms) gets a bare optional entry: npm ci then
 * accepts the lockfile and skips the variant, as it does any optional package that cannot be installed.
 * Run it after every `npm install` that changes dependencies: node scripts/lock-platform-deps.mjs
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (pkgs[base] || pkgs[`node_modules/${name}`]) continue;
    let v;
    try {
      const view = JSON.parse(execFileSync('npm', ['view', `${name}@${spec}`, '--json', 'version', 'dist.integrity', 'os', 'cpu', 'libc', 'license', 'engines'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      v = Array.isArray(view) ? view[view.length - 1] : view;
    } catch {
      v = { version: spec.replace(/^[\^~=]/, '') };
    }
    pkgs[`node_modules/${name}`] = {
      version: v.version,
      ...(v['dist.integrity'] ? { integrity: v['dist.integrity'] } : {}),
      ...(v.cpu ? { cpu: [].concat(v.cpu) } : {}),
      ...(entry.dev ? { dev: true } : {}),
      ...(v.engines ? { engines: v.engines } : {}),
      ...(v.libc ? { libc: [].concat(v.libc) } : {}),
      ...(v.license ? { license: v.license } : {}),
      optional: true,
      ...(v.os ? { os: [].concat(v.os) } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} platform entries to package-lock.json`);
