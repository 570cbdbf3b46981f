import type { TableName } from '../sql/ast.js';
import type { Span } from '../project/span.js';
import type { FieldSource, Materialization, TestKind, TestSeverity, IncrementalStrategy, SyncMode } from '../project/types.js';

export type CompiledType = 'model' | 'seed' | 'source' | 'test' | 'sync';

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
  model?: { materialized: Materialization; uniqueKey?: string[]; incrementalStrategy: IncrementalStrategy; file: string };
  seed?: { file: string; columnTypes: Record<string, string>; delimiter: string };
  test?: { kind: TestKind; severity: TestSeverity; attachedTo: string; columns: string[] };
  columns?: { name: string; description?: string }[];
  sync?: CompiledSync;
}

/** A sync as the engine needs it: the audience's node, the destination instance and the mapping. */
export interface CompiledSync {
  from: string;
  destination: string;
  destinationType: string;
  mode: SyncMode;
  key: string;
  match: Record<string, string>;
  fields: Record<string, FieldSource>;
  options: Record<string, unknown>;
  schedule?: string;
  events?: { onEnter?: string; onExit?: string };
  maxRejectRate?: number;
}

export interface Manifest {
  project: string;
  target: string;
  dialect: string;
  nodes: Record<string, CompiledNode>;
}
