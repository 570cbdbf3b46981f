import type { TableName } from '../sql/ast.js';
import type { Span } from '../project/span.js';
import type { Materialization, TestKind, TestSeverity, IncrementalStrategy, SyncDecl } from '../project/types.js';

export type CompiledType = 'model' | 'seed' | 'source' | 'test' | 'sync' | 'profile';

/** One node of the plan, as written to target/manifest.json: plain serialisable data. */
export interface CompiledNode {
  id: string;
  type: CompiledType;
  name: string;
  path: string;
  tags: string[];
  enabled: boolean;
  description?: string;
  dependsOn: string[];
  span: Span;
  /** Where the node's data lives; absent for ephemeral models and tests. */
  relation?: TableName;
  /** The compiled SELECT (models: ephemeral CTEs inlined; tests: the failing-rows query). */
  sql?: string;
  model?: {
    materialized: Materialization; uniqueKey?: string[]; incrementalStrategy: IncrementalStrategy; file: string;
    /**
     * `engine: duckdb` on a target of another type: `sql` is DuckDB SQL, run in the embedded DuckDB beside the
     * project (`relation` there is `embeddedRelation`); the table is then loaded into the target's `relation`.
     */
    embeddedRelation?: TableName;
  };
  seed?: { file: string; columnTypes: Record<string, string>; delimiter: string };
  test?: { kind: TestKind; severity: TestSeverity; attachedTo: string; columns: string[] };
  columns?: { name: string; description?: string }[];
  sync?: CompiledSync;
  profile?: CompiledProfile;
}

export interface IdTypeRule {
  kind: 'email' | 'phone' | 'custom';
  foldGmail?: boolean;
  defaultCountry?: string;
  lowercase?: boolean;
  regex?: string;
}

export interface ValueFilter {
  values: string[];
  regexes: string[];
}

/** A profile as the identity builder needs it: inputs resolved to SQL, rules, and the four output tables. */
export interface CompiledProfile {
  idTypes: Record<string, IdTypeRule>;
  inputs: { name: string; node: string; from: string; ids: Record<string, string>; at?: string; where?: string }[];
  include: Record<string, ValueFilter>;
  exclude: Record<string, ValueFilter>;
  limits: Record<string, Record<string, number>>;
  maxIterations: number;
  /** ISO date `within` windows count back from; absent: the current date. */
  runDate?: string;
  traits: Record<string, { rule: 'latest' | 'earliest' | 'priority' | 'most_frequent'; sources: { input: string; column: string }[] }>;
  features: Record<string, { input?: string; agg?: string; expr?: string; where?: string; within?: { n: number; unit: string }; derived?: string }>;
  outputs: { profiles: TableName; identifiers: TableName; merges: TableName; audit: TableName };
}

/** A sync as the engine needs it: the declaration's mapping, with the audience node and destination resolved. */
export type CompiledSync = Pick<SyncDecl, 'mode' | 'key' | 'match' | 'fields' | 'options' | 'schedule' | 'events' | 'maxRejectRate'> & {
  from: string;
  destination: string;
  destinationType: string;
};

export interface Manifest {
  project: string;
  target: string;
  dialect: string;
  nodes: Record<string, CompiledNode>;
}
