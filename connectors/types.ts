/**
 * The connector contract. A connector is a folder: a manifest (what it accepts and how fast), a config
 * schema (with secret fields), a client that sends batches, and tests against its fake in tests/fakes/.
 * Core knows connectors only through this file and registry.ts.
 */
export type SyncMode = 'upsert' | 'update' | 'insert' | 'mirror';
export type Operation = 'upsert' | 'update' | 'insert' | 'delete' | 'event';

/** How an identifier is prepared before it leaves the warehouse; applied exactly once, in core. */
export interface IdentifierRule {
  normalize: 'email' | 'phone_e164' | 'phone_digits' | 'lowercase' | 'none';
  hash: 'sha256' | 'none';
}

export interface ConfigKey {
  key: string;
  required?: boolean;
  secret?: boolean;
  description: string;
}

export interface ConnectorManifest {
  name: string;
  modes: SyncMode[];
  /** Identifier fields the destination matches on, and their preparation; `*` applies to any name. */
  identifiers: Record<string, IdentifierRule>;
  batchSize: number;
  /** Requests in flight at once, and at most this many requests per second (0 = no limit). */
  concurrency: number;
  requestsPerSecond: number;
  /**
   * `batch`: each answered batch is acknowledged at once. `finalize`: nothing is acknowledged until
   * finalize() succeeds (files: the atomic rename), so a crash before it commits nothing.
   */
  ackOn: 'batch' | 'finalize';
  /** The destination deduplicates a replayed batch by its id (Idempotency-Key), so crash replays are exact. */
  idempotentBatches: boolean;
  /** Whether on_enter / on_exit events can be sent. */
  events: boolean;
  config: ConfigKey[];
  /** Keys accepted in a sync's `options:` block. */
  options: ConfigKey[];
}

export interface OutgoingRow {
  key: string;
  fields: Record<string, unknown>;
  identifiers: Record<string, string>;
  /** For event operations: the event name. */
  event?: string;
}

export interface OutgoingBatch {
  /** Deterministic and stable across replays: the idempotency key. */
  id: string;
  sync: string;
  operation: Operation;
  rows: OutgoingRow[];
}

export interface RowResult {
  key: string;
  ok: boolean;
  /** The destination's own id for the record, when it returns one. */
  destinationId?: string;
  reason?: string;
  /** A validation error: retrying the same values cannot succeed. */
  permanent?: boolean;
}

/** Thrown by a client for a failure of the whole request. */
export class DestinationError extends Error {
  constructor(
    message: string,
    readonly info: { status?: number; retryable: boolean; retryAfterMs?: number; wholeBatchRejected?: boolean; permanent?: boolean; cause?: unknown },
  ) {
    super(message, { cause: info.cause });
    this.name = 'DestinationError';
  }
}

export interface DestinationClient {
  send(batch: OutgoingBatch): Promise<RowResult[]>;
  /** Called once after every batch was sent; for ackOn 'finalize' this is the commit point. */
  finalize?(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectorContext {
  projectDir: string;
  sync: string;
  runId: string;
  mode: SyncMode;
  /** The sync's `options:` block, validated by the connector. */
  options: Record<string, unknown>;
}

export interface Connector {
  manifest: ConnectorManifest;
  /** True when this configuration must receive the whole audience every run (a full file), not a delta. */
  wantsFullAudience?(config: Record<string, unknown>): boolean;
  open(config: Record<string, unknown>, ctx: ConnectorContext): Promise<DestinationClient>;
}
