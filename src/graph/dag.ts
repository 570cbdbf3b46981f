/** A dependency graph over node ids: topological order and every cycle, as full chains. */
export interface GraphNode {
  id: string;
  dependsOn: string[];
}

export class Dag {
  readonly parents = new Map<string, string[]>();
  readonly children = new Map<string, string[]>();

  constructor(nodes: Iterable<GraphNode>) {
    for (const n of nodes) {
      this.parents.set(n.id, [...new Set(n.dependsOn)]);
      if (!this.children.has(n.id)) this.children.set(n.id, []);
    }
    for (const [id, ps] of this.parents) {
      for (const p of ps) {
        if (!this.children.has(p)) this.children.set(p, []);
        this.children.get(p)!.push(id);
      }
    }
  }

  get ids(): string[] {
    return [...this.parents.keys()];
  }

  /**
   * Every elementary cycle found through the strongly connected components, each returned as a chain
   * `a -> b -> c -> a` in dependency order. Iterative Tarjan: deep chains of thousands of models must not
   * overflow the stack.
   */
  cycles(): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const sccs: string[][] = [];
    let counter = 0;
    for (const root of this.parents.keys()) {
      if (index.has(root)) continue;
      const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
      index.set(root, counter);
      low.set(root, counter++);
      stack.push(root);
      onStack.add(root);
      while (work.length) {
        const top = work[work.length - 1];
        const deps = this.parents.get(top.id) ?? [];
        if (top.i < deps.length) {
          const next = deps[top.i++];
          if (!this.parents.has(next)) continue;
          if (!index.has(next)) {
            index.set(next, counter);
            low.set(next, counter++);
            stack.push(next);
            onStack.add(next);
            work.push({ id: next, i: 0 });
          } else if (onStack.has(next)) low.set(top.id, Math.min(low.get(top.id)!, index.get(next)!));
          continue;
        }
        work.pop();
        if (work.length) low.set(work[work.length - 1].id, Math.min(low.get(work[work.length - 1].id)!, low.get(top.id)!));
        if (low.get(top.id) === index.get(top.id)) {
          const comp: string[] = [];
          let x: string;
          do {
            x = stack.pop()!;
            onStack.delete(x);
            comp.push(x);
          } while (x !== top.id);
          const selfLoop = comp.length === 1 && (this.parents.get(comp[0]) ?? []).includes(comp[0]);
          if (comp.length > 1 || selfLoop) sccs.push(comp);
        }
      }
    }
    return sccs.map((c) => this.chainWithin(new Set(c)));
  }

  /** A concrete cycle inside one strongly connected component, starting from its smallest id. */
  private chainWithin(comp: Set<string>): string[] {
    const start = [...comp].sort()[0];
    const prev = new Map<string, string>();
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length) {
      const cur = queue.shift()!;
      for (const d of this.parents.get(cur) ?? []) {
        if (!comp.has(d)) continue;
        if (d === start) {
          const path = [cur];
          while (path[path.length - 1] !== start) path.push(prev.get(path[path.length - 1])!);
          return [...path.reverse(), start];
        }
        if (!seen.has(d)) {
          seen.add(d);
          prev.set(d, cur);
          queue.push(d);
        }
      }
    }
    return [start, start];
  }

  /** Kahn's order, parents before children; ties broken by id for determinism. Assumes no cycle. */
  topoOrder(): string[] {
    const indeg = new Map<string, number>();
    for (const [id, ps] of this.parents) indeg.set(id, ps.filter((p) => this.parents.has(p)).length);
    const ready = [...indeg].filter(([, d]) => d === 0).map(([id]) => id).sort();
    const out: string[] = [];
    while (ready.length) {
      const id = ready.shift()!;
      out.push(id);
      for (const c of this.children.get(id) ?? []) {
        const d = indeg.get(c)! - 1;
        indeg.set(c, d);
        if (d === 0) ready.push(c);
      }
    }
    return out;
  }

  /** Ancestors (or descendants) up to `depth` generations away; Infinity for all. */
  walk(id: string, direction: 'up' | 'down', depth = Infinity): Set<string> {
    const edges = direction === 'up' ? this.parents : this.children;
    const out = new Set<string>();
    let frontier = [id];
    for (let level = 0; level < depth && frontier.length; level++) {
      const next: string[] = [];
      for (const f of frontier) {
        for (const n of edges.get(f) ?? []) {
          if (!out.has(n) && this.parents.has(n)) {
            out.add(n);
            next.push(n);
          }
        }
      }
      frontier = next;
    }
    return out;
  }
}
