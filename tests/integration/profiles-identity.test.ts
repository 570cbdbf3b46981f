/**
 * Identity resolution on hand-worked fixtures, on DuckDB and on the real Postgres: every expected cluster is
 * written out by hand below, independently of the SQL that computes them.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

const chain = Array.from({ length: 11 }, (_, k) => `a${k},b${k}`).concat(Array.from({ length: 10 }, (_, k) => `a${k + 1},b${k}`));

const files = (target: string) => ({
  'project.yml': `name: identity\ntarget: ${target}\ntargets:\n  duck: { type: duckdb, path: .cible/id.duckdb }\n  pg: { type: postgres, host: 127.0.0.1, user: postgres, database: test, schema: cible_id_${process.pid} }\n`,
  'seeds/crm.csv': [
    'crm_id,email,phone',
    'cA,a@x.com,', // chain across three sources: crm -email- shop -phone- pos
    'cB1,star@x.com,', 'cB2,star@x.com,', 'cB3,star@x.com,', // a star around one email (3 crm ids: at the limit)
    'cC1,test@test.com,', 'cC3,unknown,', // junk identifiers: an excluded value, a placeholder
    'cD,"  Mixed.Case@X.com ",', // case and spaces
    'cE,,+33 6 12 34 56 78', // phone formats
    'cF1,limit@x.com,', 'cF2,limit@x.com,', 'cF3,limit@x.com,', 'cF4,limit@x.com,', // 4 crm ids > limit 3
  ].join('\n') + '\n',
  'seeds/shop.csv': ['account_id,email,phone', 'sA,a@x.com,06 11 11 11 11', 'sC2,test@test.com,', 'sC4,UNKNOWN,', 'sD,mixed.case@x.com,', 'sE,,06.12.34.56.78'].join('\n') + '\n',
  'seeds/pos.csv': ['card,phone', 'LA,+33611111111', 'LE,0033612345678'].join('\n') + '\n',
  'seeds/links.csv': ['a,b', ...chain].join('\n') + '\n',
  'models/profiles.yml': `profiles:
  - name: person
    max_iterations: 12
    id_types:
      email: { kind: email }
      phone: { kind: phone, default_country: FR }
      crm_id: { kind: custom }
      account_id: { kind: custom }
      card: { kind: custom }
      link_a: { kind: custom }
      link_b: { kind: custom }
    inputs:
      - { from: crm, ids: { crm_id: crm_id, email: email, phone: phone } }
      - { from: shop, ids: { account_id: account_id, email: email, phone: phone } }
      - { from: pos, ids: { card: card, phone: phone } }
      - { from: links, ids: { link_a: a, link_b: b } }
    exclude: { email: [test@test.com] }
    limits: { email: { crm_id: 3 } }
`,
});

const expected: string[][] = [
  ['crm_id:cA', 'email:a@x.com', 'account_id:sA', 'phone:+33611111111', 'card:LA'],
  ['crm_id:cB1', 'crm_id:cB2', 'crm_id:cB3', 'email:star@x.com'],
  ['crm_id:cC1'], ['account_id:sC2'], ['crm_id:cC3'], ['account_id:sC4'],
  ['crm_id:cD', 'account_id:sD', 'email:mixed.case@x.com'],
  ['crm_id:cE', 'account_id:sE', 'card:LE', 'phone:+33612345678'],
  ['crm_id:cF1'], ['crm_id:cF2'], ['crm_id:cF3'], ['crm_id:cF4'],
  [...Array.from({ length: 11 }, (_, k) => `link_a:a${k}`), ...Array.from({ length: 11 }, (_, k) => `link_b:b${k}`)],
];

type Ident = { profile_id: string; id_type: string; id_value: string };
const norm = (clusters: string[][]) => clusters.map((c) => [...c].sort().join(' ')).sort();

function clustersOf(dir: string, target: string): { clusters: string[][]; idOf: Map<string, string> } {
  const r = runCli(['show', 'person_identifiers', '--limit', '1000', '--json', '--target', target], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  const rows = JSON.parse(r.stdout).rows as Ident[];
  const by = new Map<string, string[]>();
  const idOf = new Map<string, string>();
  for (const x of rows) {
    const key = `${x.id_type}:${x.id_value}`;
    by.set(x.profile_id, [...(by.get(x.profile_id) ?? []), key]);
    idOf.set(key, x.profile_id);
  }
  return { clusters: [...by.values()], idOf };
}

describe.each(['duck', 'pg'])('identity resolution on %s', (target) => {
  it('finds the hand-worked clusters, audits dropped identifiers, keeps ids stable and records merges', () => {
    const dir = makeProject(files(target));
    const build = runCli(['build', '--target', target], { cwd: dir });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    // 22 nodes on a 21-edge path: pointer jumping converges in a few iterations, well under max_iterations 12.
    const iterations = Number(/in (\d+) iterations?/.exec(build.stdout)?.[1]);
    expect(iterations).toBeLessThanOrEqual(8);
    const first = clustersOf(dir, target);
    expect(norm(first.clusters)).toEqual(norm(expected));

    const audit = JSON.parse(runCli(['show', 'person_audit', '--json', '--limit', '100', '--target', target], { cwd: dir }).stdout).rows as { id_value: string; reason: string; linked_values: number | null }[];
    const limit = audit.find((a) => a.id_value === 'limit@x.com');
    expect(limit?.reason).toBe('linked to more than 3 crm_id values');
    expect(Number(limit?.linked_values)).toBe(4);
    expect(audit.find((a) => a.id_value === 'test@test.com')?.reason).toBe('excluded by the profile');
    expect(audit.find((a) => a.id_value === 'unknown')?.reason).toBe('placeholder value');

    const report = JSON.parse(runCli(['profiles', 'audit', 'person', '--json', '--target', target], { cwd: dir }).stdout);
    expect(Number(report.largest[0].identifiers)).toBe(22); // the 20-hop chain is the biggest profile
    expect(report.dropped.map((d: { id_value: string }) => d.id_value)).toContain('limit@x.com');

    // Unchanged input: the same ids.
    expect(runCli(['build', '--target', target], { cwd: dir }).code).toBe(0);
    expect(clustersOf(dir, target).idOf).toEqual(first.idOf);

    // One new row bridges D and E: one of their ids survives, the other is recorded as merged into it.
    const oldD = first.idOf.get('crm_id:cD')!;
    const oldE = first.idOf.get('crm_id:cE')!;
    appendFileSync(join(dir, 'seeds/shop.csv'), 'sDE,mixed.case@x.com,06 12 34 56 78\n');
    expect(runCli(['build', '--target', target], { cwd: dir }).code).toBe(0);
    const after = clustersOf(dir, target);
    const survivor = after.idOf.get('crm_id:cD')!;
    expect(after.idOf.get('crm_id:cE')).toBe(survivor);
    expect([oldD, oldE]).toContain(survivor);
    expect(after.idOf.get('crm_id:cA')).toBe(first.idOf.get('crm_id:cA'));
    const merges = JSON.parse(runCli(['show', 'person_merges', '--json', '--target', target], { cwd: dir }).stdout).rows as { merged_profile_id: string; surviving_profile_id: string }[];
    expect(merges.map((m) => [m.merged_profile_id, m.surviving_profile_id])).toEqual([[survivor === oldD ? oldE : oldD, survivor]]);
  });
});
