/** A small seed-driven sync project for the fault, crash and lock tests, and what its destination must hold. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Stored, WebhookFake } from '../fakes/webhook/webhook-fake.js';
import { duckProject, makeProject, runCli } from './cli.js';
import { cliAsync, toCsv } from './sync-helpers.js';

export interface Member { id: number; email: string; name: string }
export const members = (n: number): Member[] => Array.from({ length: n }, (_, i) => ({ id: i + 1, email: `user${i + 1}@example.com`, name: `Name ${i + 1}` }));

export interface SyncProjectOptions {
  /** The `dest:` destination mapping, e.g. `{ type: webhook, url: "..." }`. */
  dest: string;
  rows?: Member[];
  /** SQL of the audience model instead of the seed. */
  sql?: string;
  mode?: string;
  /** Extra lines of the sync entry (4-space indented). */
  extra?: string;
  target?: string;
  /** The sync's name (default people_sync). */
  name?: string;
}

export function syncProject(o: SyncProjectOptions): string {
  const files: Record<string, string> = {
    'project.yml': (o.target ?? duckProject('sync_test', '')) + `destinations:\n  dest: ${o.dest}\n`,
    'models/audience.sql': o.sql ?? 'select id, email, name from {{ref "people"}}',
    'models/schema.yml': 'models:\n  - { name: audience, materialized: table }\n',
    'syncs/people.yml': `syncs:\n  - name: ${o.name ?? 'people_sync'}\n    model: audience\n    to: dest\n    mode: ${o.mode ?? 'mirror'}\n    key: id\n    match: { email: email }\n    fields: { name: name }\n${o.extra ?? ''}`,
  };
  if (!o.sql) files['seeds/people.csv'] = toCsv((o.rows ?? members(20)) as never[], ['id', 'email', 'name']);
  return makeProject(files);
}

export function rebuild(dir: string, rows?: Member[], env?: Record<string, string>): void {
  if (rows) writeFileSync(join(dir, 'seeds', 'people.csv'), toCsv(rows as never[], ['id', 'email', 'name']));
  const b = runCli(['build'], { cwd: dir, env });
  expect(b.code, b.stdout + b.stderr).toBe(0);
}

export async function syncExpect(dir: string, code: number, env?: Record<string, string>, args: string[] = []) {
  const r = await cliAsync(['sync', ...args], { cwd: dir, env });
  expect(r.code, `cible sync ${args.join(' ')} (expected exit ${code})\n${r.stdout}\n${r.stderr}`).toBe(code);
  return r;
}

export function expectedTable(rows: Member[]): [string, Stored][] {
  return rows.map((r): [string, Stored] => [String(r.id), { identifiers: { email: r.email.toLowerCase() }, fields: { name: r.name } }]).sort(([a], [b]) => (a < b ? -1 : 1));
}

export function expectTableEquals(fake: WebhookFake, rows: Member[]): void {
  const got = fake.snapshot();
  const want = expectedTable(rows);
  expect(got.length).toBe(want.length);
  expect(got).toEqual(want);
}
