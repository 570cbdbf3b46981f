/** The audience extract and the delta against the snapshot, as warehouse SQL: only the delta leaves. */
import { sql, type Expr } from '../sql/ast.js';
import type { SyncMode } from '../project/types.js';
import type { StateStore } from './state-store.js';

export interface ExtractSpec {
  sync: string;
  /** A SELECT (or a relation wrapped as one) producing the audience. */
  source: string;
  key: string;
  columns: string[];
  /** Changes with the sync's mapping, so a mapping change resends every row. */
  fingerprint: string;
}

const SEP = '\u001f';
const NULL_MARK = '\u2205';

/** `cur__<sync>`: one row per audience member, with a hash of everything the destination receives. */
export function extractStatements(store: StateStore, spec: ExtractSpec): string[] {
  const p = store.p;
  const cur = store.syncTable('cur', spec.sync);
  const src = (c: string): Expr => sql.col(c, 'src');
  const parts: Expr[] = [sql.lit(spec.fingerprint)];
  for (const c of spec.columns) parts.push(sql.lit(SEP), sql.call('coalesce', { kind: 'cast', expr: src(c), to: 'string' }, sql.lit(NULL_MARK)));
  const hash = sql.call('md5_hex', sql.call('concat', ...parts));
  const select = [
    `${p.expr({ kind: 'cast', expr: src(spec.key), to: 'string' })} AS ${p.ident('__key')}`,
    ...spec.columns.map((c) => `${p.expr(src(c))} AS ${p.ident(c)}`),
    `${p.expr(hash)} AS ${p.ident('__row_hash')}`,
  ];
  return [
    p.statement({ kind: 'drop', object: 'table', table: cur, ifExists: true }),
    `CREATE TABLE ${p.table(cur)} AS\nSELECT ${select.join(',\n  ')}\nFROM (\n${spec.source}\n) AS ${p.ident('src')}\nWHERE ${p.expr(src(spec.key))} IS NOT NULL`,
  ];
}

/** Keys appearing more than once in the extract: a sync key must identify one audience member. */
export function duplicateKeysQuery(store: StateStore, sync: string): string {
  const p = store.p;
  const k = p.ident('__key');
  return `SELECT ${k} AS k, COUNT(*) AS n FROM ${p.table(store.syncTable('cur', sync))} GROUP BY ${k} HAVING COUNT(*) > 1 ORDER BY ${k} LIMIT 5`;
}

/**
 * `up__<sync>`: rows to send (added, or changed since acknowledged), minus rows rejected permanently with
 * the same values; `rm__<sync>`: rows acknowledged before and gone now (for mirror and exit events).
 */
export function deltaStatements(store: StateStore, sync: string, opts: { mode: SyncMode; fullResync: boolean; removes: boolean }): string[] {
  const p = store.p;
  const [cur, snap, up, rm] = (['cur', 'snap', 'up', 'rm'] as const).map((k) => p.table(store.syncTable(k, sync)));
  const i = (x: string) => p.ident(x);
  const h = (alias: string) => p.expr(sql.call('hash64', sql.col('__row_hash', alias)));
  const changed = opts.fullResync ? 'TRUE' : opts.mode === 'insert' ? `s.${i('__key')} IS NULL` : `(s.${i('__key')} IS NULL OR s.${i('__h')} <> ${h('c')})`;
  const out = [
    p.statement({ kind: 'drop', object: 'table', table: store.syncTable('up', sync), ifExists: true }),
    // The snapshot side of the join carries a 64-bit hash of each row hash, not the 32-character MD5: on embedded
    // DuckDB a 10M-row diff then fits in 64 MB (192 MB RSS) where the strings ran out of memory at 96 MB. Two
    // different MD5s of one key with one 64-bit hash would hide a change: odds of 2^-64 per changed row.
    // Permanent rejects are left out by an anti-join on an uncorrelated subquery: DuckDB plans the equivalent
    // correlated NOT EXISTS as a delim join that first copies every changed row (all 10M on a first send) aside.
    `CREATE TABLE ${up} AS
SELECT CASE WHEN s.${i('__key')} IS NULL THEN 'added' ELSE 'changed' END AS ${i('__change')}, s.${i('__destination_id')} AS ${i('__destination_id')}, c.*
FROM ${cur} AS c LEFT JOIN (SELECT ${i('__key')}, ${i('__destination_id')}, ${h('snap')} AS ${i('__h')} FROM ${snap} AS ${i('snap')}) AS s ON s.${i('__key')} = c.${i('__key')}
LEFT JOIN (SELECT ${i('key')}, ${i('row_hash')} FROM ${store.t('rejects')} WHERE ${i('sync')} = ${store.lit(sync)} AND ${i('permanent')}) AS r ON r.${i('key')} = c.${i('__key')} AND r.${i('row_hash')} = c.${i('__row_hash')}
WHERE ${changed} AND r.${i('key')} IS NULL`,
    p.statement({ kind: 'drop', object: 'table', table: store.syncTable('rm', sync), ifExists: true }),
    `CREATE TABLE ${rm} AS
SELECT s.* FROM ${snap} AS s
WHERE ${opts.removes ? 'TRUE' : 'FALSE'} AND NOT EXISTS (SELECT 1 FROM ${cur} AS c WHERE c.${i('__key')} = s.${i('__key')})`,
  ];
  return out;
}

export function deltaCountsQuery(store: StateStore, sync: string): string {
  const p = store.p;
  const up = p.table(store.syncTable('up', sync));
  const rm = p.table(store.syncTable('rm', sync));
  return `SELECT ${p.ident('__change')} AS change, COUNT(*) AS n FROM ${up} GROUP BY 1 UNION ALL SELECT 'removed', COUNT(*) FROM ${rm}`;
}
