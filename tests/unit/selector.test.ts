/** Selectors against a small hand-made DAG: every form, checked against a hand-written expected set. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { Dag } from '../../src/graph/dag.js';
import { selectNodes, type SelectableNode } from '../../src/graph/selector.js';

/*
 *  source.shop.orders ──> stg_orders ──┬──> orders_enriched ──> customer_ltv ──> report
 *  source.shop.customers ──> stg_customers ─┤
 *  seed.countries ─────────────────────┘
 *  stg_orders ──> test.unique_stg_orders_id        lonely (no edges)
 */
type Spec = Omit<SelectableNode, 'id'> & { id: string; deps: string[] };
const spec: Spec[] = [
  { id: 'source.shop.orders', name: 'orders', type: 'source', tags: ['raw'], path: 'models/sources.yml', qualifiedName: 'shop.orders', deps: [] },
  { id: 'source.shop.customers', name: 'customers', type: 'source', tags: ['raw', 'pii'], path: 'models/sources.yml', qualifiedName: 'shop.customers', deps: [] },
  { id: 'seed.countries', name: 'countries', type: 'seed', tags: [], path: 'seeds/countries.csv', deps: [] },
  { id: 'model.stg_orders', name: 'stg_orders', type: 'model', tags: ['nightly'], path: 'models/staging/stg_orders.sql', deps: ['source.shop.orders'] },
  { id: 'model.stg_customers', name: 'stg_customers', type: 'model', tags: ['nightly', 'pii'], path: 'models/staging/stg_customers.sql', deps: ['source.shop.customers'] },
  { id: 'model.orders_enriched', name: 'orders_enriched', type: 'model', tags: ['finance'], path: 'models/marts/orders_enriched.sql', deps: ['model.stg_orders', 'model.stg_customers', 'seed.countries'] },
  { id: 'model.customer_ltv', name: 'customer_ltv', type: 'model', tags: ['finance', 'pii'], path: 'models/marts/customer_ltv.sql', deps: ['model.orders_enriched'] },
  { id: 'model.report', name: 'report', type: 'model', tags: [], path: 'models/marts/reporting/report.sql', deps: ['model.customer_ltv'] },
  { id: 'test.unique_stg_orders_id', name: 'unique_stg_orders_id', type: 'test', tags: ['nightly'], path: 'models/staging/stg_orders.sql', deps: ['model.stg_orders'] },
  { id: 'model.lonely', name: 'lonely', type: 'model', tags: [], path: 'models/lonely.sql', deps: [] },
];
const nodes: SelectableNode[] = spec.map(({ deps: _deps, ...n }) => n);
const dag = new Dag(spec.map((n) => ({ id: n.id, dependsOn: n.deps })));
const all = spec.map((n) => n.id);

const select = (s: string | undefined, exclude?: string): string[] => [...selectNodes(nodes, dag, s, exclude)].sort();
const ids = (...xs: string[]): string[] => [...xs].sort();

const SO = 'model.stg_orders';
const SC = 'model.stg_customers';
const OE = 'model.orders_enriched';
const LTV = 'model.customer_ltv';
const REP = 'model.report';
const T = 'test.unique_stg_orders_id';
const SRC_O = 'source.shop.orders';
const SRC_C = 'source.shop.customers';
const SEED = 'seed.countries';

describe('selectNodes', () => {
  it('no selector selects every node; a blank one too', () => {
    expect(select(undefined)).toEqual(ids(...all));
    expect(select('   ')).toEqual(ids(...all));
  });

  it('name', () => {
    expect(select('stg_orders')).toEqual([SO]);
    expect(select('shop.orders')).toEqual([SRC_O]); // a source by its qualified name
  });

  it('+name: the node and all its ancestors', () => {
    expect(select('+orders_enriched')).toEqual(ids(OE, SO, SC, SEED, SRC_O, SRC_C));
  });

  it('name+: the node and all its descendants', () => {
    expect(select('orders_enriched+')).toEqual(ids(OE, LTV, REP));
    expect(select('stg_orders+')).toEqual(ids(SO, T, OE, LTV, REP));
  });

  it('N+name: ancestors up to N generations', () => {
    expect(select('1+customer_ltv')).toEqual(ids(LTV, OE));
    expect(select('2+customer_ltv')).toEqual(ids(LTV, OE, SO, SC, SEED));
    expect(select('3+customer_ltv')).toEqual(ids(LTV, OE, SO, SC, SEED, SRC_O, SRC_C));
  });

  it('name+N: descendants up to N generations', () => {
    expect(select('stg_orders+1')).toEqual(ids(SO, T, OE));
    expect(select('stg_orders+2')).toEqual(ids(SO, T, OE, LTV));
  });

  it('N+name+N combined', () => {
    expect(select('1+orders_enriched+1')).toEqual(ids(OE, SO, SC, SEED, LTV));
  });

  it("@name: the node, its descendants and all of their ancestors", () => {
    expect(select('@stg_orders')).toEqual(ids(SO, T, OE, LTV, REP, SC, SEED, SRC_O, SRC_C));
    expect(select('@customer_ltv')).toEqual(ids(LTV, REP, OE, SO, SC, SEED, SRC_O, SRC_C));
  });

  it("@name on a leaf still brings the leaf's own ancestors (dbt's childrens' parents)", () => {
    expect(select('@report')).toEqual(ids(REP, LTV, OE, SO, SC, SEED, SRC_O, SRC_C));
    expect(select('@lonely')).toEqual(['model.lonely']);
  });

  it('tag:x, with wildcards', () => {
    expect(select('tag:nightly')).toEqual(ids(SO, SC, T));
    expect(select('tag:pii')).toEqual(ids(SC, LTV, SRC_C));
    expect(select('tag:fin*')).toEqual(ids(OE, LTV));
  });

  it('path:dir selects everything under it, with or without a trailing slash; an exact file too', () => {
    expect(select('path:models/staging')).toEqual(ids(SO, SC, T));
    expect(select('path:models/staging/')).toEqual(ids(SO, SC, T));
    expect(select('path:models/marts')).toEqual(ids(OE, LTV, REP));
    expect(select('path:models/marts/reporting/report.sql')).toEqual([REP]);
    expect(select('path:models/*/orders_enriched.sql')).toEqual([OE]);
  });

  it('path: does not match a sibling folder sharing a prefix', () => {
    expect(() => select('path:models/stag')).toThrow(UserError);
  });

  it('type:x', () => {
    expect(select('type:model')).toEqual(ids(SO, SC, OE, LTV, REP, 'model.lonely'));
    expect(select('type:seed')).toEqual([SEED]);
    expect(select('type:source')).toEqual(ids(SRC_O, SRC_C));
    expect(select('type:test')).toEqual([T]);
  });

  it('source:name and source:name.table', () => {
    expect(select('source:shop.orders')).toEqual([SRC_O]);
    expect(select('source:shop')).toEqual(ids(SRC_O, SRC_C));
    expect(select('source:shop.orders+')).toEqual(ids(SRC_O, SO, T, OE, LTV, REP));
  });

  it('wildcards in names are anchored', () => {
    expect(select('stg_*')).toEqual(ids(SO, SC));
    expect(select('*_enriched')).toEqual([OE]);
    expect(select('*orders*')).toEqual(ids(SO, OE, T, SRC_O));
  });

  it('a space is a union', () => {
    expect(select('stg_orders countries')).toEqual(ids(SO, SEED));
    expect(select('  report   lonely ')).toEqual(ids(REP, 'model.lonely'));
  });

  it('a comma is an intersection, evaluated per union term', () => {
    expect(select('tag:pii,type:model')).toEqual(ids(SC, LTV));
    expect(select('+report,tag:nightly')).toEqual(ids(SO, SC));
    expect(select('tag:pii,type:model lonely')).toEqual(ids(SC, LTV, 'model.lonely'));
    expect(select('tag:nightly,path:models/marts')).toEqual([]);
  });

  it('--exclude removes from the selection, or from everything', () => {
    expect(select('+report', 'type:source')).toEqual(ids(REP, LTV, OE, SO, SC, SEED));
    expect(select(undefined, 'tag:finance')).toEqual(all.filter((id) => id !== OE && id !== LTV).sort());
    expect(select('stg_orders+', 'orders_enriched+')).toEqual(ids(SO, T));
    expect(select('stg_orders', 'stg_orders')).toEqual([]);
  });
});

describe('selector mistakes are located UserErrors', () => {
  const diagsOf = (s: string, flag: 'select' | 'exclude' = 'select') => {
    try {
      if (flag === 'select') select(s);
      else select(undefined, s);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).diagnostics;
    }
    throw new Error(`expected '${s}' to be rejected`);
  };

  it('unknown method suggests the closest', () => {
    expect(diagsOf('tg:nightly')).toMatchObject([{ code: 'E011', file: '--select', start: { line: 1, col: 1 }, message: "invalid selector 'tg:nightly': unknown method 'tg' (did you mean 'tag'?)" }]);
  });

  it('a term that matches nothing suggests the closest name or tag, at its column', () => {
    expect(diagsOf('report stg_ordrs')).toMatchObject([{ start: { line: 1, col: 8 }, end: { line: 1, col: 17 }, message: "selector 'stg_ordrs' matches no node", hint: "did you mean 'stg_orders'?" }]);
    expect(diagsOf('report,tag:nighly')).toMatchObject([{ start: { line: 1, col: 8 }, hint: "did you mean 'nightly'?" }]);
  });

  it('unknown type lists the types', () => {
    expect(diagsOf('type:modle')[0].message).toMatch(/unknown type 'modle' \(did you mean 'model'\?\); types: model, seed/);
  });

  it('malformed terms', () => {
    expect(diagsOf('a,,b')[0].message).toContain('empty term');
    expect(diagsOf('@report+')[0].message).toContain("'@' cannot be combined with '+'");
    expect(diagsOf('+')[0].message).toContain('no node name');
    expect(diagsOf('tag:')[0].message).toContain("'tag:' needs a value");
  });

  it('every bad term is reported, not only the first', () => {
    expect(diagsOf('nope1 report nope2').map((d) => d.start?.col)).toEqual([1, 14]);
  });

  it('--exclude mistakes name --exclude', () => {
    expect(diagsOf('nope', 'exclude')).toMatchObject([{ file: '--exclude', start: { line: 1, col: 1 } }]);
  });
});
