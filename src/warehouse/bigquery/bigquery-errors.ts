/**
 * How BigQuery failures are told apart and retried. The client reports an HTTP failure as an ApiError with `code`
 * (the HTTP status) and `errors[].reason`; a job that itself failed comes back with the job's `status.errors` and no
 * `code` (shared/reference/warehouse-wire-protocols.md A4). The client's own retries are switched off (their rules
 * differ between client 8 and 9, A4), so this file is the one place that decides what is retried.
 */

/** Reasons BigQuery documents as transient: retry with exponential backoff. */
const transientReasons = new Set(['rateLimitExceeded', 'backendError', 'internalError', 'jobBackendError', 'jobInternalError']);
const transientHttp = new Set([429, 500, 502, 503, 504]);
// Not ECONNREFUSED: nothing listens there (a wrong api_endpoint), and waiting will not change that.
const transientNetwork = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { retries: 5, baseDelayMs: 1000, maxDelayMs: 32_000 };

interface ApiErrorLike {
  code?: number | string;
  errors?: { reason?: string; message?: string; location?: string }[];
  message?: string;
}

/** A job that ran and failed (as opposed to a request that failed): rerunning it needs a new job id. */
export class JobFailure extends Error {
  constructor(readonly reason: string, message: string, readonly original?: unknown) {
    super(message);
    this.name = 'JobFailure';
  }

  static fromStatus(status: { errorResult?: { reason?: string; message?: string } | null }, original?: unknown): JobFailure {
    return new JobFailure(status.errorResult?.reason ?? 'unknown', status.errorResult?.message ?? 'the job failed', original);
  }
}

/** The engine's reason for a failure (`invalidQuery`, `notFound`, ...), else the HTTP status or network code. */
export function reasonOf(e: unknown): string | undefined {
  if (e instanceof JobFailure) return e.reason;
  const a = e as ApiErrorLike | undefined;
  return a?.errors?.find((x) => x.reason)?.reason ?? (a?.code !== undefined ? String(a.code) : undefined);
}

export function httpStatusOf(e: unknown): number | undefined {
  const code = (e as ApiErrorLike | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The client's ApiError for a job whose insert response carried `status.errors`: errors, but no HTTP status. */
export function isJobStatusError(e: unknown): boolean {
  const a = e as ApiErrorLike | undefined;
  return !!a && a.code === undefined && Array.isArray(a.errors) && a.errors.length > 0;
}

/** Worth sending the same request again. */
export function isTransient(e: unknown): boolean {
  if (e instanceof JobFailure) return false;
  const a = e as ApiErrorLike | undefined;
  if (!a) return false;
  if (typeof a.code === 'number' && transientHttp.has(a.code)) return true;
  if (typeof a.code === 'string' && transientNetwork.has(a.code)) return true;
  return !!a.errors?.some((x) => x.reason && transientReasons.has(x.reason));
}

/** Worth running the job again under a new id. */
export function isTransientJobFailure(e: unknown): boolean {
  return e instanceof JobFailure && transientReasons.has(e.reason);
}

/** Exponential backoff with jitter (half to full delay), capped. */
export function backoffMs(attempt: number, p: RetryPolicy): number {
  const full = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return Math.round(full / 2 + (Math.random() * full) / 2);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn`, retrying transient request failures; `stop()` true ends the retries early (Ctrl-C). */
export async function withRetry<T>(fn: () => Promise<T>, p: RetryPolicy, stop: () => boolean = () => false): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= p.retries || !isTransient(e) || stop()) throw e;
      await sleep(backoffMs(attempt, p));
    }
  }
}
