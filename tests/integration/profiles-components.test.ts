/**
 * The connected components SQL against a union-find computed here, on a seeded random graph with the shapes that
 * slow such algorithms down: a 300-node path whose names are shuffled (so node numbers rise and fall along it), a
 * 200-leaf star, a binary tree, random sparse links and isolated rows. Every identifier must land in the profile
 * of its union-find component, and the rounds must stay logarithmic.
 */
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows `a,b` linking identifier a (type left) to identifier b (type right), and the expected components. */
function graph(): { rows: [string, string][]; components: Map<string, string> } {
  const rand = prng(42);
  const rows: [string, string][] = [];
  const names = Array.from({ length: 300 }, (_, k) => `p${k}`).sort(() => rand() - 0.5);
  for (let k = 0; k + 1 < names.length; k++) rows.push([names[k], names[k + 1]]);
  for (let k = 0; k < 200; k++) rows.push(['hub', `leaf${k}`]);
  for (let k = 2; k < 256; k++) rows.push([`t${k >> 1}`, `t${k}`]);
  for (let k = 0; k < 400; k++) rows.push([`r${Math.floor(rand() * 500)}`, `r${Math.floor(rand() * 500)}`]);
  for (let k = 0; k < 20; k++) rows.push([`solo${k}`, `solo${k}`]);
  rows.push(['p7', 't200']); // joins the path and the tree
  // Union-find over "left:a" / "right:b" identifiers, as the profile sees them.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    const p = parent.get(x)!;
    if (p === x) return x;
    const r = find(p);
    parent.set(x, r);
    return r;
  };
  for (const [a, b] of rows) parent.set(find(`left:${a}`), find(`right:${b}`));
  return { rows, components: new Map([...parent.keys()].map((k) => [k, find(k)])) };
}

describe('connected components on a random graph', () => {
  it('match a union-find, in a logarithmic number of rounds', () => {
    const { rows, components } = graph();
    const dir = makeProject({
      'project.yml': 'name: components\ntarget: duck\ntargets:\n  duck: { type: duckdb, path: .cible/c.duckdb }\n',
      'seeds/links.csv': ['a,b', ...rows.map(([a, b]) => `${a},${b}`)].join('\n') + '\n',
      'models/p.yml': 'profiles:\n  - name: g\n    max_iterations: 12\n    id_types: { left: { kind: custom }, right: { kind: custom } }\n    inputs:\n      - { from: links, ids: { left: a, right: b } }\n',
    });
    const build = runCli(['build'], { cwd: dir });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const iterations = Number(/in (\d+) iterations?/.exec(build.stdout)?.[1]);
    expect(iterations).toBeGreaterThan(0);
    expect(iterations).toBeLessThanOrEqual(10);

    const r = runCli(['show', 'g_identifiers', '--limit', '100000', '--json'], { cwd: dir });
    const ids = JSON.parse(r.stdout).rows as { profile_id: string; id_type: string; id_value: string }[];
    expect(ids.length).toBe(components.size);
    // Same partition: each profile maps to one component and each component to one profile.
    const byProfile = new Map<string, Set<string>>();
    const byComponent = new Map<string, Set<string>>();
    for (const x of ids) {
      const c = components.get(`${x.id_type}:${x.id_value}`)!;
      expect(c, `${x.id_type}:${x.id_value}`).toBeDefined();
      byProfile.set(x.profile_id, (byProfile.get(x.profile_id) ?? new Set()).add(c));
      byComponent.set(c, (byComponent.get(c) ?? new Set()).add(x.profile_id));
    }
    expect([...byProfile.values()].every((s) => s.size === 1)).toBe(true);
    expect([...byComponent.values()].every((s) => s.size === 1)).toBe(true);
    expect(byProfile.size).toBe(new Set(components.values()).size);
  });
});
