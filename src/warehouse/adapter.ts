import type { TableName } from '../sql/ast.js';

export type Row = Record<string, unknown>;
export type RelationKind = 'table' | 'view';

/** One connection's worth of work: statements of a transaction must share a session. */
export interface Session {
  execute(sql: string): Promise<void>;
  query(sql: string): Promise<{ columns: string[]; rows: Row[] }>;
  /** Rows in batches, so large results never sit in memory whole. */
  stream(sql: string, batchRows?: number): AsyncIterable<Row[]>;
}

/** What a session works for: engines that label queries (Snowflake QUERY_TAG, BigQuery job labels) use it. */
export interface SessionOptions {
  /** The node id the statements build, load or test. */
  node?: string;
}

/** How a CSV file is read: declared column types (the target's own names), delimiter, and NULL marker if not empty. */
export interface CsvOptions {
  columnTypes: Record<string, string>;
  delimiter: string;
  /** NULL in the file; then an empty field is an empty string. Absent: an empty field is NULL. */
  nullString?: string;
}

/** What the runner needs from a warehouse. Adapters load their SDK lazily and may take an injected client. */
export interface WarehouseAdapter extends Session {
  readonly type: string;
  withSession<T>(fn: (s: Session) => Promise<T>, opts?: SessionOptions): Promise<T>;
  /** Existing relations in these schemas, keyed `schema.name` (lower-cased where the engine folds case). */
  relations(schemas: string[]): Promise<Map<string, RelationKind>>;
  columns(table: TableName): Promise<{ name: string; type: string }[]>;
  /** Loads a CSV file into a new table, with declared column types or inferred ones; returns rows loaded. */
  loadCsv(table: TableName, file: string, opts: CsvOptions & SessionOptions): Promise<number>;
  /**
   * Appends rows of string (or NULL) values in one atomic operation, faster than an INSERT for bulk state
   * (DuckDB: its appender). Optional: callers fall back to INSERT ... VALUES.
   */
  appendRows?(table: TableName, columns: string[], rows: (string | null)[][]): Promise<void>;
  /**
   * Bytes the query would process, from the engine's own estimate, without running it or paying for it (BigQuery's
   * dry run): `cible build --dry-run`. Optional: engines that bill no bytes scanned have none, and --dry-run refuses them.
   */
  dryRun?(sql: string, opts?: SessionOptions): Promise<{ bytes: number }>;
  /** Lowers the engine's memory and thread limits from now on, as far as it can (embedded DuckDB). */
  limitResources?(limits: { memoryLimit: string; threads: number }): Promise<void>;
  /**
   * A whole table in batches, read in short pages rather than one long stream. Optional: embedded DuckDB has it, since
   * one long read there holds back the cleanup of everything written meanwhile; callers fall back to `stream`.
   */
  streamTable?(table: TableName, batchRows?: number, where?: string): AsyncIterable<Row[]>;
  /** Cancels every running statement (Ctrl-C). */
  cancelAll(): Promise<void>;
  /** Connection check for `cible debug`: version and where. */
  describe(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export function relationKey(t: TableName): string {
  return `${t.schema ?? ''}.${t.name}`.toLowerCase();
}
