/**
 * The statements that build one node, per materialisation. Tables and seeds are built under a temporary
 * name and swapped in inside a transaction, so readers never see a half-built table.
 */
import type { Statement, TableName } from '../sql/ast.js';
import type { RelationKind } from '../warehouse/adapter.js';
import type { IncrementalStrategy } from '../project/types.js';

export function tempName(t: TableName, suffix = 'tmp'): TableName {
  return { ...t, name: `${t.name}__cible_${suffix}` };
}

/** Replace `rel` by the already-built table `tmp`, whatever `rel` was before. */
export function swapIn(rel: TableName, tmp: TableName, existing: RelationKind | undefined): Statement[] {
  return [
    { kind: 'begin' },
    ...(existing ? [{ kind: 'drop', object: existing, table: rel } as Statement] : []),
    { kind: 'rename', object: 'table', table: tmp, to: rel.name },
    { kind: 'commit' },
  ];
}

export function viewPlan(rel: TableName, sql: string, existing: RelationKind | undefined): Statement[] {
  const create: Statement = { kind: 'create_view', table: rel, query: { kind: 'raw_query', sql }, replace: existing !== 'table' };
  if (existing !== 'table') return [create];
  return [{ kind: 'begin' }, { kind: 'drop', object: 'table', table: rel }, { ...create, replace: false }, { kind: 'commit' }];
}

export function buildTempTable(tmp: TableName, sql: string): Statement[] {
  return [
    { kind: 'drop', object: 'table', table: tmp, ifExists: true },
    { kind: 'create_table_as', table: tmp, query: { kind: 'raw_query', sql } },
  ];
}

/** Applies new rows in `tmp` to `rel`, with the columns both tables share (new columns are ignored). */
export function incrementalApply(rel: TableName, tmp: TableName, strategy: IncrementalStrategy, keys: string[] | undefined, columns: string[]): Statement[] {
  const insert: Statement = {
    kind: 'insert_select', table: rel, columns,
    query: { kind: 'select', columns: columns.map((c) => ({ expr: { kind: 'column', name: c } })), from: { kind: 'from_table', table: tmp } },
  };
  if (!keys?.length || strategy === 'append') return [{ kind: 'begin' }, insert, { kind: 'commit' }, { kind: 'drop', object: 'table', table: tmp }];
  const apply: Statement[] =
    strategy === 'merge'
      ? [{ kind: 'merge', target: rel, source: tmp, keys, columns }]
      : [{ kind: 'delete_matching', target: rel, source: tmp, keys }, insert];
  return [{ kind: 'begin' }, ...apply, { kind: 'commit' }, { kind: 'drop', object: 'table', table: tmp }];
}
