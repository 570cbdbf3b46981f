/**
 * The JSON shapes of the BigQuery REST API v2 that the fake answers with (shared/reference/warehouse-wire-protocols.md
 * A3, A4): errors, schemas in legacy type names, and how DuckDB values become cells (every scalar a string,
 * TIMESTAMP as int64 microseconds, BYTES as base64).
 */

const statusOf: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL', 501: 'NOT_IMPLEMENTED', 503: 'UNAVAILABLE',
};

/** HTTP status BigQuery uses for an error reason (as the Python client's table of reasons). */
export const httpOfReason: Record<string, number> = {
  invalidQuery: 400, invalid: 400, notFound: 404, duplicate: 409, rateLimitExceeded: 403, quotaExceeded: 403,
  accessDenied: 403, backendError: 500, internalError: 500, stopped: 400, bytesBilledLimitExceeded: 400, notImplemented: 501,
};

export class BqError extends Error {
  constructor(readonly reason: string, message: string, readonly code = httpOfReason[reason] ?? 400, readonly location?: string) {
    super(message);
  }

  /** As `status.errorResult` / `status.errors[]` of a job. */
  get item(): Record<string, string> {
    return { reason: this.reason, message: this.message, ...(this.location ? { location: this.location } : {}) };
  }

  /** The body of an HTTP error response. The top-level message equals the item's, or the client numbers them. */
  get body(): unknown {
    return { error: { code: this.code, message: this.message, errors: [{ ...this.item, domain: 'global' }], status: statusOf[this.code] ?? 'UNKNOWN' } };
  }
}

/** DuckDB errors as BigQuery reports the same mistakes. */
export function fromDuckDb(e: unknown, project: string): BqError {
  const msg = (e as Error).message ?? String(e);
  // DuckDB: Table with name "raw.events" does not exist because schema "raw" does not exist.
  const noSchema = /because schema "?([^"\s]+)"? does not exist/i.exec(msg);
  if (noSchema) return new BqError('notFound', `Not found: Dataset ${project}:${noSchema[1]} was not found in location US`, 404);
  const missing = /(Table|View|Schema) with name "?([^"\s]+)"? does not exist/i.exec(msg);
  if (missing) return new BqError('notFound', `Not found: ${missing[1]} ${project}:${missing[2]} was not found in location US`, 404);
  if (/already exists/i.test(msg)) return new BqError('duplicate', `Already Exists: ${msg.split('\n')[0]}`, 409);
  return new BqError('invalidQuery', msg.split('\n')[0], 400, 'query');
}

export interface Field {
  name: string;
  type: string;
  mode: 'NULLABLE' | 'REPEATED';
}

/** DuckDB column type -> BigQuery legacy type name, and the SQL that renders a value as its wire cell. */
export function wireType(duckType: string): { type: string; cell: (col: string) => string } {
  const t = duckType.toUpperCase();
  const text = (col: string) => `CAST(${col} AS VARCHAR)`;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t)) return { type: 'INTEGER', cell: text };
  if (t === 'DOUBLE' || t === 'FLOAT') {
    return { type: 'FLOAT', cell: (c) => `CASE WHEN isnan(${c}) THEN 'NaN' WHEN isinf(${c}) THEN (CASE WHEN ${c} > 0 THEN 'Infinity' ELSE '-Infinity' END) ELSE CAST(${c} AS VARCHAR) END` };
  }
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return { type: Number(dec[2]) > 9 || Number(dec[1]) - Number(dec[2]) > 29 ? 'BIGNUMERIC' : 'NUMERIC', cell: text };
  if (t === 'BOOLEAN') return { type: 'BOOLEAN', cell: text };
  if (t === 'DATE') return { type: 'DATE', cell: text };
  if (t === 'TIME') return { type: 'TIME', cell: text };
  if (t.startsWith('TIMESTAMP')) return { type: 'TIMESTAMP', cell: (c) => `CAST(epoch_us(${c}) AS VARCHAR)` };
  if (t === 'BLOB') return { type: 'BYTES', cell: (c) => `to_base64(${c})` };
  if (t === 'JSON') return { type: 'JSON', cell: text };
  return { type: 'STRING', cell: text };
}

/** BigQuery type names in a load schema -> DuckDB. */
export function duckTypeOf(bqType: string): string {
  const t = bqType.toUpperCase();
  const map: Record<string, string> = {
    STRING: 'VARCHAR', INTEGER: 'BIGINT', INT64: 'BIGINT', FLOAT: 'DOUBLE', FLOAT64: 'DOUBLE', NUMERIC: 'DECIMAL(38, 9)',
    BIGNUMERIC: 'DECIMAL(38, 18)', BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN', DATE: 'DATE', TIMESTAMP: 'TIMESTAMPTZ',
    DATETIME: 'TIMESTAMP', TIME: 'TIME', BYTES: 'BLOB', JSON: 'JSON',
  };
  return map[t] ?? 'VARCHAR';
}

/** Bytes BigQuery bills per value of a type (STRING: 2 + its UTF-8 length, measured separately). */
export function byteWidth(duckType: string): number {
  const t = duckType.toUpperCase();
  if (t === 'BOOLEAN') return 1;
  if (t.startsWith('DECIMAL')) return 16;
  if (t === 'VARCHAR' || t === 'BLOB' || t === 'JSON') return 2;
  return 8;
}
