/**
 * Runs query jobs: jobs.insert with an id chosen here (so Ctrl-C can cancel a job whose insert is still in flight),
 * then getQueryResults long-polls until the job is done and pages its rows, `maxResults` at a time. Request
 * failures are retried with the same job id (a 409 means the first attempt created the job); a job that failed
 * for a transient reason is run again under a new id, except inside a session, where its transaction is gone.
 */
import { randomUUID } from 'node:crypto';
import type { BigQuery, Job } from '@google-cloud/bigquery';
import {
  backoffMs, httpStatusOf, isJobStatusError, isTransient, isTransientJobFailure, JobFailure, sleep, withRetry, type RetryPolicy,
} from './bigquery-errors.js';
import type { WireField } from './bigquery-rows.js';

export interface JobOptions {
  labels: Record<string, string>;
  maximumBytesBilled?: string;
  /** Run inside this BigQuery session (multi-statement transactions need one). */
  sessionId?: string;
  createSession?: boolean;
  dryRun?: boolean;
  /** Rows per page; 0 fetches none (DDL, DML). */
  maxResults: number;
  /** Cleanup (ROLLBACK, ending a session) still runs after Ctrl-C. */
  cleanup?: boolean;
}

export interface Page {
  fields: WireField[];
  rows: { f?: { v?: unknown }[] | null }[];
  pageToken?: string;
}

export interface JobResult {
  job: Job;
  page: Page;
  /** The cancellation epoch the job started in: later pages stop if cancelAll() ran since. */
  epoch: number;
}

/** Thrown for a job stopped because the run was cancelled. */
export class CancelledError extends Error {
  constructor(message = 'the run was cancelled (Ctrl-C)') {
    super(message);
    this.name = 'CancelledError';
  }
}

export class JobRunner {
  private readonly running = new Map<string, Job>();
  /** Bumped by cancelAll(): work started in an earlier epoch is stopped, work started later runs normally. */
  private epoch = 0;

  constructor(private readonly bq: BigQuery, private readonly retry: RetryPolicy) {}

  get currentEpoch(): number {
    return this.epoch;
  }

  /** Whether cancelAll() ran since `epoch` (cleanup work, such as a ROLLBACK, is never stopped). */
  stopped(epoch: number, cleanup = false): boolean {
    return !cleanup && this.epoch !== epoch;
  }

  async run(sql: string, o: JobOptions): Promise<JobResult> {
    const epoch = this.epoch;
    for (let attempt = 0; ; attempt++) {
      const jobId = `cible_${randomUUID().replace(/-/g, '_')}`;
      try {
        const job = await this.insert(jobId, sql, o, epoch);
        if (o.dryRun) return { job, page: { fields: [], rows: [] }, epoch };
        return { job, page: await this.page(job, o.maxResults, undefined, epoch, o.cleanup), epoch };
      } catch (e) {
        if (!isTransientJobFailure(e) || o.sessionId || attempt >= this.retry.retries || this.stopped(epoch, o.cleanup)) throw e;
        await sleep(backoffMs(attempt, this.retry));
      } finally {
        this.running.delete(jobId);
      }
    }
  }

  private async insert(jobId: string, sql: string, o: JobOptions, epoch: number): Promise<Job> {
    const config = {
      query: sql,
      useLegacySql: false,
      jobId,
      labels: o.labels,
      ...(o.maximumBytesBilled && !o.dryRun ? { maximumBytesBilled: o.maximumBytesBilled } : {}),
      ...(o.dryRun ? { dryRun: true } : {}),
      ...(o.createSession ? { createSession: true } : {}),
      ...(o.sessionId ? { connectionProperties: [{ key: 'session_id', value: o.sessionId }] } : {}),
    };
    const handle = this.bq.job(jobId);
    if (!o.dryRun) this.running.set(jobId, handle);
    const job = await withRetry(async () => {
      try {
        const [created] = await this.bq.createQueryJob(config);
        return created;
      } catch (e) {
        if (isJobStatusError(e)) throw failureOf(e);
        if (httpStatusOf(e) !== 409) throw e;
        // An earlier attempt did create it: carry on with that job.
        const [meta] = await handle.getMetadata();
        if (meta.status?.errorResult) throw JobFailure.fromStatus(meta.status, e);
        return handle;
      }
    }, this.retry, () => this.stopped(epoch, o.cleanup));
    if (!o.dryRun) this.running.set(jobId, job);
    // Ctrl-C arrived while the insert was in flight: cancelAll() may have asked before the job existed.
    if (this.stopped(epoch, o.cleanup)) await job.cancel().catch(() => undefined);
    return job;
  }

  /** One page of a job's results, waiting for the job first. A failed job raises its own error. */
  async page(job: Job, maxResults: number, pageToken: string | undefined, epoch: number, cleanup = false): Promise<Page> {
    for (let failures = 0; ; ) {
      if (this.stopped(epoch, cleanup)) {
        await job.cancel().catch(() => undefined);
        throw new CancelledError();
      }
      let resp;
      try {
        [, , resp] = await job.getQueryResults({ maxResults, pageToken, autoPaginate: false, skipParsing: true });
      } catch (e) {
        const failed = await this.failureOf(job, e);
        if (failed) throw failed;
        if (!isTransient(e) || failures >= this.retry.retries) throw e;
        await sleep(backoffMs(failures++, this.retry));
        continue;
      }
      // Not done: the server already held the request up to its long-poll timeout, so ask again at once.
      if (!resp || resp.jobComplete === false) continue;
      const r = resp as { schema?: { fields?: WireField[] | null } | null; rows?: Page['rows'] | null; pageToken?: string | null };
      return { fields: r.schema?.fields ?? [], rows: r.rows ?? [], pageToken: r.pageToken ?? undefined };
    }
  }

  /** Whether `e` from getQueryResults is the job's own failure (it is DONE with an errorResult). */
  private async failureOf(job: Job, e: unknown): Promise<JobFailure | undefined> {
    try {
      const [meta] = await withRetry(() => job.getMetadata(), this.retry);
      if (meta.status?.state === 'DONE' && meta.status.errorResult) return JobFailure.fromStatus(meta.status, e);
    } catch {
      // The job cannot even be read: report the original error.
    }
    return undefined;
  }

  /** Waits for a job (a load) through jobs.get, which the server answers at once: poll with a growing pause. */
  async waitDone(job: Job, epoch: number): Promise<Record<string, unknown>> {
    for (let i = 0; ; i++) {
      if (this.stopped(epoch)) {
        await job.cancel().catch(() => undefined);
        throw new CancelledError();
      }
      const [meta] = await withRetry(() => job.getMetadata(), this.retry);
      if (meta.status?.state === 'DONE') {
        if (meta.status.errorResult) throw JobFailure.fromStatus(meta.status);
        return meta as Record<string, unknown>;
      }
      await sleep(Math.min(2000, 100 * 2 ** i));
    }
  }

  track(jobId: string, job: Job): () => void {
    this.running.set(jobId, job);
    return () => this.running.delete(jobId);
  }

  /** Ctrl-C: cancel the running jobs (best effort: a job may finish first). */
  async cancelAll(): Promise<void> {
    this.epoch++;
    await Promise.all([...this.running.values()].map((j) => j.cancel().catch(() => undefined)));
  }
}

function failureOf(e: unknown): JobFailure {
  const first = (e as { errors?: { reason?: string; message?: string }[] }).errors?.[0];
  return new JobFailure(first?.reason ?? 'unknown', first?.message ?? (e as Error).message, e);
}
