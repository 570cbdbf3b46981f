/** The dependency DAG: topological order, every cycle as a full chain, bounded walks; deep graphs stay iterative. */
import { describe, expect, it } from 'vitest';
import { Dag, type GraphNode } from '../../src/graph/dag.js';

const g = (edges: Record<string, string[]>): Dag => new Dag(Object.entries(edges).map(([id, dependsOn]) => ({ id, dependsOn })));

/** A chain is `a -> b -> ... -> a` where each arrow reads "depends on": a real cycle, each node once. */
function expectValidChain(dag: Dag, chain: string[]): void {
  expect(chain.length).toBeGreaterThanOrEqual(2);
  expect(chain[0]).toBe(chain[chain.length - 1]);
  const inner = chain.slice(0, -1);
  expect(new Set(inner).size).toBe(inner.length);
  for (let i = 0; i + 1 < chain.length; i++) expect(dag.parents.get(chain[i])).toContain(chain[i + 1]);
}

/** A deterministic pseudo-random DAG: node i depends on a few nodes with a smaller index. */
function randomDag(n: number, seed: number): GraphNode[] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const nodes: GraphNode[] = [];
  for (let i = 0; i < n; i++) {
    const deps = i === 0 ? [] : Array.from({ length: Math.floor(rnd() * 4) }, () => `n${Math.floor(rnd() * i)}`);
    nodes.push({ id: `n${i}`, dependsOn: deps });
  }
  // Insertion order must not matter: shuffle.
  for (let i = nodes.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
  }
  return nodes;
}

describe('Dag.topoOrder', () => {
  it('puts every parent before its child, on random graphs inserted in any order', () => {
    for (const seed of [1, 7, 42, 1234]) {
      const nodes = randomDag(300, seed);
      const dag = new Dag(nodes);
      const order = dag.topoOrder();
      expect([...order].sort()).toEqual(nodes.map((n) => n.id).sort());
      const pos = new Map(order.map((id, i) => [id, i]));
      for (const n of nodes) for (const d of n.dependsOn) expect(pos.get(d)!).toBeLessThan(pos.get(n.id)!);
    }
  });

  it('is deterministic, and starts from the roots in id order', () => {
    const dag = g({ c: [], a: [], b: ['a'], d: ['c', 'b'] });
    expect(dag.topoOrder()).toEqual(['a', 'c', 'b', 'd']);
    expect(dag.topoOrder()).toEqual(dag.topoOrder());
  });

  it('ignores dependencies on ids outside the graph and duplicate edges', () => {
    const dag = g({ a: ['outside'], b: ['a', 'a'] });
    expect(dag.topoOrder()).toEqual(['a', 'b']);
    expect(dag.parents.get('b')).toEqual(['a']);
    expect(dag.cycles()).toEqual([]);
  });

  it('orders a 5000-node chain', () => {
    const n = 5000;
    const dag = new Dag(Array.from({ length: n }, (_, i) => ({ id: `m${String(i).padStart(4, '0')}`, dependsOn: i ? [`m${String(i - 1).padStart(4, '0')}`] : [] })));
    const order = dag.topoOrder();
    expect(order.length).toBe(n);
    expect(order[0]).toBe('m0000');
    expect(order[n - 1]).toBe('m4999');
  });
});

describe('Dag.cycles', () => {
  it('an acyclic graph has none', () => {
    expect(g({ a: [], b: ['a'], c: ['a', 'b'] }).cycles()).toEqual([]);
    expect(new Dag(randomDag(500, 3)).cycles()).toEqual([]);
  });

  it('a three-node cycle is one full chain, starting from its smallest id', () => {
    const dag = g({ a: ['b'], b: ['c'], c: ['a'] });
    expect(dag.cycles()).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('a self-loop is a chain of one', () => {
    const dag = g({ x: ['x'], y: ['x'] });
    expect(dag.cycles()).toEqual([['x', 'x']]);
  });

  it('two disjoint cycles give two chains; nodes hanging off a cycle are not in it', () => {
    const dag = g({ a: ['b'], b: ['a'], p: ['q'], q: ['r'], r: ['p'], tail: ['a'], up: [], a2: ['up'] });
    const chains = dag.cycles();
    expect(chains).toHaveLength(2);
    for (const c of chains) expectValidChain(dag, c);
    expect(chains.map((c) => c.join(' -> ')).sort()).toEqual(['a -> b -> a', 'p -> q -> r -> p']);
  });

  it('a self-loop next to a longer cycle: both reported', () => {
    const dag = g({ s: ['s'], a: ['b', 's'], b: ['c'], c: ['a'] });
    const chains = dag.cycles().map((c) => c.join(' -> ')).sort();
    expect(chains).toEqual(['a -> b -> c -> a', 's -> s']);
  });

  it('a cycle reached through a long acyclic prefix is found', () => {
    const edges: Record<string, string[]> = { z1: ['z2'], z2: ['z1'] };
    for (let i = 0; i < 100; i++) edges[`p${i}`] = [i === 99 ? 'z1' : `p${i + 1}`];
    const chains = g(edges).cycles();
    expect(chains).toEqual([['z1', 'z2', 'z1']]);
  });

  it('a strongly connected tangle yields a real chain inside it', () => {
    const dag = g({ a: ['b', 'c'], b: ['c', 'a'], c: ['a', 'd'], d: ['b'] });
    const chains = dag.cycles();
    expect(chains).toHaveLength(1);
    expectValidChain(dag, chains[0]);
    expect(chains[0][0]).toBe('a');
  });

  it('a 5000-node cycle does not overflow the stack and comes back whole', () => {
    const n = 5000;
    const id = (i: number) => `n${String(i % n).padStart(4, '0')}`;
    const dag = new Dag(Array.from({ length: n }, (_, i) => ({ id: id(i), dependsOn: [id(i + 1)] })));
    const chains = dag.cycles();
    expect(chains).toHaveLength(1);
    expect(chains[0]).toHaveLength(n + 1);
    expectValidChain(dag, chains[0]);
    expect(chains[0][0]).toBe('n0000');
    expect(chains[0][1]).toBe('n0001');
  });

  it('a 5000-node acyclic chain reports no cycle without overflowing', () => {
    const n = 5000;
    const dag = new Dag(Array.from({ length: n }, (_, i) => ({ id: `n${i}`, dependsOn: i < n - 1 ? [`n${i + 1}`] : [] })));
    expect(dag.cycles()).toEqual([]);
  });
});

describe('Dag.walk', () => {
  const dag = g({ a: [], b: ['a'], c: ['b'], d: ['c'], e: ['a'] });

  it('up and down, all generations', () => {
    expect([...dag.walk('d', 'up')].sort()).toEqual(['a', 'b', 'c']);
    expect([...dag.walk('a', 'down')].sort()).toEqual(['b', 'c', 'd', 'e']);
  });

  it('bounded by depth, and excludes the start node', () => {
    expect([...dag.walk('d', 'up', 1)]).toEqual(['c']);
    expect([...dag.walk('a', 'down', 1)].sort()).toEqual(['b', 'e']);
    expect([...dag.walk('a', 'down', 0)]).toEqual([]);
  });

  it('terminates on cycles', () => {
    const cyc = g({ a: ['b'], b: ['a'] });
    expect([...cyc.walk('a', 'up')].sort()).toEqual(['a', 'b']);
  });
});
