import type { Span } from './span.js';

export const materializations = ['view', 'table', 'incremental', 'ephemeral'] as const;
export type Materialization = (typeof materializations)[number];
export const incrementalStrategies = ['merge', 'delete+insert', 'append'] as const;
export type IncrementalStrategy = (typeof incrementalStrategies)[number];
export const targetTypes = ['duckdb', 'postgres', 'bigquery', 'snowflake'] as const;
export type TargetType = (typeof targetTypes)[number];
export type TestSeverity = 'warn' | 'error';

export interface Located<T> {
  value: T;
  span: Span;
}

export interface TargetConfig {
  name: string;
  type: TargetType;
  /** Settings as written, `${VAR}` references unresolved until the target is used. */
  settings: Record<string, Located<unknown>>;
  span: Span;
}

export interface ModelConfig {
  materialized: Materialization;
  schema?: string;
  alias?: string;
  tags: string[];
  enabled: boolean;
  uniqueKey?: string[];
  incrementalStrategy: IncrementalStrategy;
  /** `duckdb`: the SQL is DuckDB's; a target of another type gets the table computed in embedded DuckDB and loaded. */
  engine?: 'duckdb';
}

export interface ColumnDoc {
  name: string;
  description?: string;
}

export type TestKind = 'unique' | 'not_null' | 'accepted_values' | 'relationships' | 'expression';

export interface TestDecl {
  kind: TestKind;
  columns: string[];
  values?: (string | number | boolean)[];
  /** relationships: the referenced node as written (`stg_customers`, `ref.x`, `source.shop.customers`). */
  to?: Located<string>;
  field?: string;
  /** expression: a query (Handlebars) returning the failing rows. */
  sql?: string;
  severity: TestSeverity;
  name?: string;
  span: Span;
}

interface NodeBase {
  name: string;
  description?: string;
  tags: string[];
  enabled: boolean;
  tests: TestDecl[];
  columns: ColumnDoc[];
  /** Where the node is declared: the .sql/.csv file, or its YAML entry. */
  span: Span;
  /** Path relative to the project dir, used by `path:` selectors. */
  path: string;
}

export interface SqlModel extends NodeBase {
  kind: 'model';
  file: string;
  template: string;
  config: ModelConfig;
}

export interface Seed extends NodeBase {
  kind: 'seed';
  file: string;
  schema?: string;
  alias?: string;
  columnTypes: Record<string, string>;
  delimiter: string;
}

export interface SourceTable extends NodeBase {
  kind: 'source';
  source: string;
  schema: string;
  identifier: string;
  database?: string;
}

export type ProjectNode = SqlModel | Seed | SourceTable;

export interface Project {
  dir: string;
  name: string;
  defaultTarget: string;
  /** Default --threads (the target's own `threads` wins). */
  threads?: number;
  targets: Map<string, TargetConfig>;
  vars: Record<string, unknown>;
  models: SqlModel[];
  seeds: Seed[];
  sources: SourceTable[];
  profiles: ProfileEntry[];
  destinations: Map<string, DestinationConfig>;
  syncs: SyncDecl[];
  /** Text of every file read, for code frames in diagnostics. */
  files: Map<string, string>;
}

export type SyncMode = 'upsert' | 'update' | 'insert' | 'mirror';

/** A destination instance from project.yml; settings resolved (`${VAR}`) only when a sync uses it. */
export interface DestinationConfig {
  name: string;
  type: string;
  settings: Record<string, Located<unknown>>;
  span: Span;
}

/** How one destination field gets its value. */
export type FieldSource = { column: string } | { template: string } | { const: string | number | boolean | null };

export interface SyncDecl {
  name: string;
  description?: string;
  /** The model (or segment) whose rows are the audience. */
  from: Located<string>;
  to: Located<string>;
  mode: SyncMode;
  key: string;
  match: Record<string, string>;
  fields: Record<string, FieldSource>;
  options: Record<string, unknown>;
  schedule?: string;
  events?: { onEnter?: string; onExit?: string };
  maxRejectRate?: number;
  tags: string[];
  enabled: boolean;
  span: Span;
  path: string;
}

/** A `profiles:` entry as validated (see profiles-schema.ts), with the file it came from. */
export type ProfileEntry = { entry: import('./schema.js').Infer<typeof import('./profiles-schema.js').profileSchema>; file: string };
