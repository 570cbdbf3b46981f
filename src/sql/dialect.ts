import type { DateGrain, LogicalType, FunctionName, Statement, TableName } from './ast.js';

/** What differs between engines: mostly facts, plus a few printing hooks. The base printer does the rest. */
export interface Dialect {
  name: string;
  /** Identifier quote character; doubled inside a name to escape it. */
  quote: '"' | '`';
  /** How a quote inside a string literal is escaped. */
  stringEscape: 'double-quote' | 'backslash';
  /** How the quote character is escaped inside a quoted identifier: doubled (default) or by a backslash (BigQuery). */
  quoteEscape?: 'double' | 'backslash';
  types: Record<LogicalType, string>;
  /**
   * The column type for a DuckDB scalar type (a CSV column DuckDB sniffed, or a table computed in embedded DuckDB)
   * when such data is loaded into this engine. Types without an equivalent (lists, UUID, ENUM) arrive as text.
   */
  typeFromDuckdb(duckdbType: string): string;
  capabilities: {
    merge: boolean;
    qualify: boolean;
    createOrReplaceTable: boolean;
    /** DDL can run inside a transaction, so a drop + rename is atomic. */
    transactionalDdl: boolean;
    /** `ALTER TABLE a SWAP WITH b` exists (Snowflake): replacing a table is atomic without transactional DDL. */
    swapTable?: boolean;
  };
  /**
   * How the engine folds unquoted names. Generated identifiers are folded the same way before quoting, so a name
   * from YAML means what it would mean unquoted in the user's SQL (Snowflake: 'upper'). Absent: kept as written.
   */
  identifierCase?: 'upper';
  /**
   * Where session-scoped temporary tables live, when working tables are cheaper as such (no compression, no WAL)
   * and can be named with this qualifier (DuckDB: the `temp` catalog; Postgres: `pg_temp`). Absent: working tables
   * are ordinary tables beside the outputs.
   */
  temporaryTables?: {
    database?: string;
    schema: string;
    /** ANALYZE each one once built: the engine never gathers their statistics itself (Postgres autovacuum skips them). */
    analyze?: boolean;
  };
  /** Per-function printers for the catalogue; the base has defaults for every name. */
  functions?: Partial<Record<FunctionName, (args: string[]) => string>>;
  dateTrunc(grain: DateGrain, expr: string): string;
  /** Hooks for statements whose syntax genuinely differs. */
  hooks?: Partial<{ [K in Statement['kind']]: (s: Extract<Statement, { kind: K }>, print: PrintHelpers) => string }>;
}

export interface PrintHelpers {
  table(t: TableName): string;
  ident(name: string): string;
  /** A string literal, escaped for the dialect. */
  string(text: string): string;
  query(q: import('./ast.js').Query): string;
}
