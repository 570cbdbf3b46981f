/**
 * The statements that build one node, per materialisation. Tables and seeds are built under a temporary
 * name and swapped in inside a transaction, so readers never see a half-built table; engines without
 * transactional DDL use their own atomic step (Snowflake SWAP WITH, BigQuery CREATE OR REPLACE TABLE).
 */
import type { Statement, TableName } from '../sql/ast.js';
import type { Dialect } from '../sql/dialect.js';
import type { RelationKind } from '../warehouse/adapter.js';
import type { IncrementalStrategy } from '../project/types.js';

export function tempName(t: TableName, suffix = 'tmp'): TableName {
  return { ...t, name: `${t.name}__cible_${suffix}` };
}

/**
 * Replace `rel` by the already-built table `tmp`, whatever `rel` was before. Where DDL is not transactional but
 * tables can be swapped (Snowflake), an existing table is exchanged in one atomic statement, then the old one dropped.
 */
export function swapIn(rel: TableName, tmp: TableName, existing: RelationKind | undefined, caps?: Dialect['capabilities']): Statement[] {
  if (existing === 'table' && caps?.swapTable) return [{ kind: 'swap', table: tmp, with: rel }, { kind: 'drop', object: 'table', table: tmp }];
  if (replacesOnly(caps)) {
    const copy: Statement = { kind: 'create_table_as', table: rel, replace: true, query: { kind: 'select', columns: [{ expr: { kind: 'star' } }], from: { kind: 'from_table', table: tmp } } };
    return [...dropView(rel, existing), copy, { kind: 'drop', object: 'table', table: tmp }];
  }
  return [
    { kind: 'begin' },
    ...(existing ? [{ kind: 'drop', object: existing, table: rel } as Statement] : []),
    { kind: 'rename', object: 'table', table: tmp, to: rel.name },
    { kind: 'commit' },
  ];
}

export function viewPlan(rel: TableName, sql: string, existing: RelationKind | undefined, caps?: Dialect['capabilities']): Statement[] {
  const create: Statement = { kind: 'create_view', table: rel, query: { kind: 'raw_query', sql }, replace: existing !== 'table' };
  if (existing !== 'table') return [create];
  const swap: Statement[] = [{ kind: 'drop', object: 'table', table: rel }, { ...create, replace: false }];
  // Without transactional DDL (BigQuery refuses DDL inside a transaction) the table -> view change cannot be atomic.
  return caps && !caps.transactionalDdl ? swap : [{ kind: 'begin' }, ...swap, { kind: 'commit' }];
}

/**
 * The statements that build a table model. Where a table can only be replaced atomically by CREATE OR REPLACE TABLE
 * (BigQuery: no transactional DDL, no swap), it is built straight into place, with no temporary copy to pay for;
 * elsewhere it is built under a temporary name and swapped in.
 */
export function tablePlan(rel: TableName, tmp: TableName, sql: string, existing: RelationKind | undefined, caps?: Dialect['capabilities']): Statement[] {
  if (!replacesOnly(caps)) return [...buildTempTable(tmp, sql), ...swapIn(rel, tmp, existing, caps)];
  return [...dropView(rel, existing), { kind: 'create_table_as', table: rel, replace: true, query: { kind: 'raw_query', sql } }];
}

function replacesOnly(caps: Dialect['capabilities'] | undefined): boolean {
  return !!caps && !caps.transactionalDdl && !caps.swapTable && caps.createOrReplaceTable;
}

/** CREATE OR REPLACE TABLE does not replace a view: that one is dropped first (not atomic, and cannot be). */
function dropView(rel: TableName, existing: RelationKind | undefined): Statement[] {
  return existing === 'view' ? [{ kind: 'drop', object: 'view', table: rel }] : [];
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
