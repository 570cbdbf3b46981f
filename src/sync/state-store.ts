/**
 * Sync state lives in the warehouse, schema `cible_state`: per sync a snapshot of what the destination
 * acknowledged, an extract and a delta for the current run, staged acknowledgements, and shared tables for
 * rejects, the outbox of in-flight batches, run history and locks. Diffs are SQL; only the delta leaves.
 */
import type { FoldKind } from './sync-batches.js';
import type { LogicalType, TableName } from '../sql/ast.js';
import type { SqlPrinter } from '../sql/printer.js';
import type { Row, Session, WarehouseAdapter } from '../warehouse/adapter.js';

/** The default state schema; a target's `state_schema` setting overrides it (e.g. dev and prod in one database). */
export const defaultStateSchema = 'cible_state';

type Cols = { name: string; type: LogicalType }[];
const s = (name: string): { name: string; type: LogicalType } => ({ name, type: 'string' });

const shared: Record<string, { columns: Cols; primaryKey?: string[] }> = {
  rejects: {
    columns: [s('sync'), s('key'), s('row_hash'), s('reason'), { name: 'permanent', type: 'bool' }, { name: 'attempts', type: 'int' }, s('first_run'), s('last_run'), { name: 'updated_at', type: 'timestamp' }],
  },
  sync_runs: {
    columns: [
      s('run_id'), s('sync'), s('destination'), s('mode'), s('status'), { name: 'started_at', type: 'timestamp' }, { name: 'finished_at', type: 'timestamp' },
      { name: 'rows_added', type: 'bigint' }, { name: 'rows_changed', type: 'bigint' }, { name: 'rows_removed', type: 'bigint' },
      { name: 'rows_acknowledged', type: 'bigint' }, { name: 'rows_rejected', type: 'bigint' }, s('error'),
    ],
  },
  // The only enforced key: two runs of one sync must not both insert their lock row.
  locks: { columns: [s('sync'), s('owner'), { name: 'acquired_at', type: 'timestamp' }, { name: 'expires_at', type: 'timestamp' }], primaryKey: ['sync'] },
};

/** Columns of a snapshot and of the staged acknowledgements (same shape). */
export const snapshotColumns: Cols = [s('__key'), s('__row_hash'), s('__destination_id'), s('__identifiers'), s('__run_id')];
/**
 * Staged acknowledgements: snapshot columns plus the batch they answer. A batch is answered iff it has a row
 * here (a batch whose rows were all rejected leaves one row with a NULL key), so acknowledging rows and marking
 * their batch done is one append, atomic on every engine.
 */
export const ackColumns: Cols = [...snapshotColumns, s('__batch_id')];

/** The outbox of a sync: the bodies of batches not yet answered, in pieces (outbox.ts). */
export const outboxColumns = ['batch_id', 'run_id', 'operation', 'body', 'created_at'];

export class StateStore {
  constructor(readonly adapter: WarehouseAdapter, readonly p: SqlPrinter, readonly schema = defaultStateSchema) {}

  /** The database part of names (BigQuery project), as for the target's models. */
  database?: string;

  table(name: string): TableName {
    return { kind: 'table', schema: this.schema, database: this.database, name };
  }
  /** Per-sync tables: snapshot, extract, delta (upserts, removes), staged acknowledgements. */
  syncTable(kind: 'snap' | 'cur' | 'up' | 'rm' | 'ack' | 'outbox', sync: string): TableName {
    return this.table(`${kind}__${sync}`);
  }
  t(name: string): string {
    return this.p.table(this.table(name));
  }
  lit(v: string | number | boolean | null): string {
    return this.p.literal(v);
  }
  /**
   * Queries of the state and of the audience, rows keyed by the names Cible asked for: engines that fold unquoted
   * names (Snowflake, upper case) return `N` for `AS n` and `EMAIL` for a model's `email`, and since Cible folds every
   * name it generates the same way (the dialect's identifierCase), folding the keys back gives the YAML names.
   */
  async query(sql: string): Promise<{ columns: string[]; rows: Row[] }> {
    const r = await this.adapter.query(sql);
    return this.folds ? { columns: r.columns.map(unfold), rows: unfoldRows(r.rows) } : r;
  }
  async *stream(sql: string, batchRows?: number): AsyncIterable<Row[]> {
    for await (const batch of this.adapter.stream(sql, batchRows)) yield this.folds ? unfoldRows(batch) : batch;
  }
  private get folds(): boolean {
    return this.p.dialect.identifierCase === 'upper';
  }

  ts(d: Date): string {
    return `CAST(${this.p.literal(d.toISOString().replace('T', ' ').replace('Z', ''))} AS ${this.p.dialect.types.timestamp})`;
  }

  async ensure(sync?: string): Promise<void> {
    // Postgres: two runs creating the same table "IF NOT EXISTS" at once can fail on a catalog unique index
    // (pg_type); the loser's second try sees the table and succeeds.
    const create = (st: string) => this.adapter.execute(st).catch(() => this.adapter.execute(st));
    await create(this.p.statement({ kind: 'create_schema', schema: this.schema, database: this.database }));
    for (const [name, def] of Object.entries(shared)) {
      await create(this.p.statement({ kind: 'create_table', table: this.table(name), ifNotExists: true, ...def }));
    }
    if (sync) {
      for (const kind of ['snap', 'ack'] as const) {
        // No PRIMARY KEY: DuckDB rejects a delete + re-insert of one key inside a transaction; mergeAcks keeps keys unique.
        await create(this.p.statement({ kind: 'create_table', table: this.syncTable(kind, sync), ifNotExists: true, columns: kind === 'ack' ? ackColumns : snapshotColumns }));
      }
      // Append-only while a run sends: answered batches are removed in bulk when their acknowledgements merge.
      await create(this.p.statement({ kind: 'create_table', table: this.syncTable('outbox', sync), ifNotExists: true, columns: outboxColumns.map(s) }));
    }
  }

  /** Runs statements in one transaction on one session. */
  async transaction(statements: string[]): Promise<void> {
    await this.adapter.withSession(async (sess: Session) => {
      await sess.execute(this.p.statement({ kind: 'begin' }));
      try {
        for (const st of statements) await sess.execute(st);
        await sess.execute(this.p.statement({ kind: 'commit' }));
      } catch (e) {
        await sess.execute(this.p.statement({ kind: 'rollback' })).catch(() => undefined);
        throw e;
      }
    });
  }

  insertValues(table: string, columns: string[], rows: (string | number | boolean | null)[][]): string {
    return `INSERT INTO ${table} (${columns.map((c) => this.p.ident(c)).join(', ')}) VALUES\n${rows.map((r) => `(${r.map((v) => this.lit(v)).join(', ')})`).join(',\n')}`;
  }

  /**
   * Folds staged acknowledgements into the snapshot and clears their rejects: the only way the snapshot
   * advances. Idempotent, so a crash anywhere before or inside it is repaired by the next run. `kind`: the sending
   * run knows what it staged since its last fold, each key once: only rows added since the snapshot was read (not
   * in it: appended), or only changed rows (in it: updated in place). A repair never knows, and deletes + inserts.
   * Why not always that: deleting scattered rows costs DuckDB version data in every vector they touch (~16 kB per
   * 2048 rows, not spillable): folding 100k changed rows into a 10M-row snapshot that way ran out of memory under
   * 80 MB, where the UPDATE ran under 48 MB.
   */
  async mergeAcks(sync: string, opts: { kind?: FoldKind } = {}): Promise<number> {
    const ack = this.p.table(this.syncTable('ack', sync));
    const snap = this.p.table(this.syncTable('snap', sync));
    const outbox = this.p.table(this.syncTable('outbox', sync));
    const { rows } = await this.query(`SELECT COUNT(*) AS n FROM ${ack}`);
    const n = Number(rows[0].n);
    if (!n) return 0;
    const i = (x: string) => this.p.ident(x);
    const key = i('__key');
    const cols = snapshotColumns.map((c) => i(c.name)).join(', ');
    // The latest acknowledgement of a key wins; a delete acknowledgement carries a NULL hash.
    const latest = `SELECT ${cols} FROM (SELECT ${cols}, ROW_NUMBER() OVER (PARTITION BY ${key} ORDER BY ${i('__run_id')} DESC, ${i('__batch_id')} DESC) AS ${i('__rn')} FROM ${ack} WHERE ${key} IS NOT NULL) AS ${i('a')} WHERE ${i('__rn')} = 1`;
    const present = snapshotColumns.filter((c) => c.name !== '__key').map((c) => `${i(c.name)} = ${i('a')}.${i(c.name)}`).join(', ');
    const fold =
      opts.kind === 'additions'
        ? [`INSERT INTO ${snap} (${cols}) SELECT ${cols} FROM ${ack} WHERE ${key} IS NOT NULL AND ${i('__row_hash')} IS NOT NULL`]
        : opts.kind === 'changes'
          ? [`UPDATE ${snap} AS ${i('s')} SET ${present} FROM ${ack} AS ${i('a')} WHERE ${i('s')}.${key} = ${i('a')}.${key}`]
          : [
              `DELETE FROM ${snap} WHERE ${key} IN (SELECT ${key} FROM ${ack})`,
              `INSERT INTO ${snap} (${cols}) SELECT ${cols} FROM (${latest}) AS ${i('l')} WHERE ${i('__row_hash')} IS NOT NULL`,
            ];
    await this.transaction([
      `DELETE FROM ${outbox} WHERE ${i('batch_id')} IN (SELECT ${i('__batch_id')} FROM ${ack})`,
      ...fold,
      `DELETE FROM ${this.t('rejects')} WHERE ${i('sync')} = ${this.lit(sync)} AND ${i('key')} IN (SELECT ${key} FROM ${ack})`,
      `DELETE FROM ${ack}`,
    ]);
    return n;
  }

  /** Outbox rows of batches never answered, batch after batch in the order they were written (outbox.ts). */
  pendingBatchesQuery(sync: string): string {
    const i = (x: string) => this.p.ident(x);
    const [outbox, ack] = [this.p.table(this.syncTable('outbox', sync)), this.p.table(this.syncTable('ack', sync))];
    return `SELECT o.${i('batch_id')} AS batch_id, o.${i('body')} AS body FROM ${outbox} AS o WHERE NOT EXISTS (SELECT 1 FROM ${ack} AS a WHERE a.${i('__batch_id')} = o.${i('batch_id')}) ORDER BY o.${i('created_at')}, o.${i('batch_id')}`;
  }

  /** Appends string rows: the adapter's bulk path where it has one (DuckDB's appender), else one INSERT. */
  async append(table: TableName, columns: string[], rows: (string | null)[][]): Promise<void> {
    if (!rows.length) return;
    if (this.adapter.appendRows) await this.adapter.appendRows(table, columns, rows);
    else await this.adapter.execute(this.insertValues(this.p.table(table), columns, rows));
  }

  async dropSyncState(sync: string): Promise<void> {
    for (const kind of ['snap', 'cur', 'up', 'rm', 'ack', 'outbox'] as const) {
      await this.adapter.execute(this.p.statement({ kind: 'drop', object: 'table', table: this.syncTable(kind, sync), ifExists: true }));
    }
    await this.adapter.execute(`DELETE FROM ${this.t('rejects')} WHERE ${this.p.ident('sync')} = ${this.lit(sync)}`);
  }
}

const unfold = (name: string): string => (/[a-z]/.test(name) ? name : name.toLowerCase());
/** The rows of one result share their columns: the names are unfolded once per batch, not per row. */
function unfoldRows(rows: Row[]): Row[] {
  if (!rows.length) return rows;
  const names = Object.keys(rows[0]).map((k) => [k, unfold(k)] as const);
  if (names.every(([k, u]) => k === u)) return rows;
  return rows.map((row) => {
    const out: Row = {};
    for (const [k, u] of names) out[u] = row[k];
    return out;
  });
}
