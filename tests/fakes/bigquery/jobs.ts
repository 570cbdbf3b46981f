/**
 * Jobs as BigQuery keeps them: created by jobs.insert, jobs.query or an upload, read by jobs.get and
 * getQueryResults, stopped by jobs.cancel. A job normally runs before its insert is answered (the client relies on
 * the server's long-poll, reference A2); an injected slow job stays RUNNING for N polls and only runs on the last,
 * so cancelling it in between means its SQL never runs.
 */
import { randomUUID } from 'node:crypto';
import type { Engine, RunOutcome } from './engine.js';
import { BqError } from './wire.js';

export interface JobFault {
  kind: 'slow' | 'fail';
  /** slow: how many polls answer `jobComplete: false`. */
  polls?: number;
  /** fail: the reason the job ends with (backendError, rateLimitExceeded, ...). */
  reason?: string;
  /** fail: the error message (default: an "Injected ..." one). */
  message?: string;
  times: number;
  /** Only jobs whose SQL matches. */
  match?: RegExp;
}

interface FakeJob {
  id: string;
  project: string;
  location: string;
  configuration: Record<string, unknown>;
  state: 'RUNNING' | 'DONE';
  pollsLeft: number;
  failWith?: string;
  failMessage?: string;
  error?: BqError;
  outcome?: RunOutcome;
  loadRows?: number;
  times: { creationTime: string; startTime: string; endTime?: string };
}

const now = () => String(Date.now());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Jobs {
  private readonly jobs = new Map<string, FakeJob>();
  readonly faults: JobFault[] = [];

  constructor(private readonly engine: Engine, private readonly pollDelayMs: number) {}

  private takeFault(kind: JobFault['kind'], sql: string): JobFault | undefined {
    const f = this.faults.find((x) => x.kind === kind && x.times > 0 && (!x.match || x.match.test(sql)));
    if (f) f.times--;
    return f;
  }

  private create(project: string, jobRef: { jobId?: string; location?: string } | undefined, configuration: Record<string, unknown>): FakeJob {
    const id = jobRef?.jobId ?? `job_${randomUUID().replace(/-/g, '')}`;
    if (this.jobs.has(id)) throw new BqError('duplicate', `Already Exists: Job ${project}:${jobRef?.location ?? 'US'}.${id}`, 409);
    const job: FakeJob = { id, project, location: jobRef?.location ?? 'US', configuration, state: 'RUNNING', pollsLeft: 0, times: { creationTime: now(), startTime: now() } };
    this.jobs.set(id, job);
    return job;
  }

  /** jobs.insert of a query job (a dry run is answered and not kept). */
  async insert(project: string, body: { jobReference?: { jobId?: string; location?: string }; configuration?: Record<string, unknown> }): Promise<unknown> {
    const configuration: Record<string, unknown> = { ...body.configuration, jobType: 'QUERY' };
    const query = (configuration.query ?? {}) as Record<string, unknown>;
    if (configuration.dryRun) {
      const outcome = await this.engine.run(String(query.query), { project, dryRun: true });
      const bytes = String(outcome.bytes);
      const stats = { creationTime: now(), startTime: now(), endTime: now(), totalBytesProcessed: bytes, query: { totalBytesProcessed: bytes, totalBytesBilled: '0', statementType: outcome.statementType, cacheHit: false } };
      return { kind: 'bigquery#job', jobReference: { projectId: project, location: body.jobReference?.location ?? 'US' }, configuration, status: { state: 'DONE' }, statistics: stats };
    }
    const job = this.create(project, body.jobReference, configuration);
    const sql = String(query.query);
    const fail = this.takeFault('fail', sql);
    job.failWith = fail?.reason;
    job.failMessage = fail?.message;
    job.pollsLeft = this.takeFault('slow', sql)?.polls ?? 0;
    if (job.pollsLeft === 0) await this.execute(job);
    return this.resource(job);
  }

  /** jobs.query: a job plus its first page in one answer. */
  async query(project: string, body: Record<string, unknown>): Promise<unknown> {
    const { maxResults, timeoutMs: _t, formatOptions: _f, requestId: _r, location, ...query } = body;
    const job = await this.insert(project, { jobReference: { location: location as string | undefined }, configuration: { query } }) as { jobReference: { jobId: string } };
    const fake = this.jobs.get(job.jobReference.jobId)!;
    if (fake.state === 'DONE' && fake.error) throw fake.error;
    const page = fake.state === 'DONE' ? await this.results(fake.id, { maxResults: maxResults as string | undefined }) : { jobReference: this.ref(fake), jobComplete: false };
    const sessionId = fake.outcome?.sessionId;
    return { ...(page as object), kind: 'bigquery#queryResponse', ...(sessionId ? { sessionInfo: { sessionId } } : {}) };
  }

  /** Registers and runs a load job (the bytes came in the upload's second part). */
  async load(project: string, meta: { jobReference?: { jobId?: string; location?: string }; configuration?: Record<string, unknown> }, data: Buffer): Promise<unknown> {
    const job = this.create(project, meta.jobReference, { ...meta.configuration, jobType: 'LOAD' });
    try {
      job.loadRows = await this.engine.load((meta.configuration?.load ?? {}) as Record<string, unknown>, data);
    } catch (e) {
      job.error = e instanceof BqError ? e : new BqError('internalError', (e as Error).message, 500);
    }
    job.state = 'DONE';
    job.times.endTime = now();
    return this.resource(job);
  }

  private async execute(job: FakeJob): Promise<void> {
    const q = job.configuration.query as Record<string, unknown>;
    try {
      if (job.failWith) throw new BqError(job.failWith, job.failMessage ?? `Injected ${job.failWith}: the job failed, retry it`);
      const props = (q.connectionProperties as { key: string; value: string }[] | undefined) ?? [];
      job.outcome = await this.engine.run(String(q.query), {
        project: job.project,
        sessionId: props.find((p) => p.key === 'session_id')?.value,
        createSession: !!q.createSession,
        maximumBytesBilled: q.maximumBytesBilled as string | undefined,
      });
    } catch (e) {
      job.error = e instanceof BqError ? e : new BqError('internalError', (e as Error).message, 500);
    }
    job.state = 'DONE';
    job.times.endTime = now();
  }

  /** A poll of a running job: one fewer to go; the last one runs it. */
  private async poll(job: FakeJob, wait: boolean): Promise<void> {
    if (job.state === 'DONE') return;
    if (--job.pollsLeft > 0) {
      if (wait) await sleep(this.pollDelayMs);
      return;
    }
    await this.execute(job);
  }

  find(project: string, id: string): FakeJob {
    const job = this.jobs.get(id);
    if (!job || job.project !== project) throw new BqError('notFound', `Not found: Job ${project}:${id}`, 404);
    return job;
  }

  private ref(job: FakeJob) {
    return { projectId: job.project, jobId: job.id, location: job.location };
  }

  resource(job: FakeJob): Record<string, unknown> {
    const o = job.outcome;
    const bytes = String(o?.bytes ?? 0);
    const statistics: Record<string, unknown> = { ...job.times, totalBytesProcessed: bytes };
    if (job.configuration.jobType === 'QUERY') {
      statistics.query = { totalBytesProcessed: bytes, totalBytesBilled: bytes, cacheHit: false, statementType: o?.statementType, ...(o?.dmlRows !== undefined ? { numDmlAffectedRows: String(o.dmlRows) } : {}) };
    }
    if (o?.sessionId) statistics.sessionInfo = { sessionId: o.sessionId };
    if (job.loadRows !== undefined) statistics.load = { inputFiles: '1', outputRows: String(job.loadRows) };
    const status = job.error ? { state: 'DONE', errorResult: job.error.item, errors: [job.error.item] } : { state: job.state };
    return { kind: 'bigquery#job', id: `${job.project}:${job.location}.${job.id}`, jobReference: this.ref(job), configuration: job.configuration, status, statistics, user_email: 'fake@cible.test' };
  }

  async get(project: string, id: string): Promise<unknown> {
    const job = this.find(project, id);
    await this.poll(job, false);
    return this.resource(job);
  }

  cancel(project: string, id: string): unknown {
    const job = this.find(project, id);
    if (job.state !== 'DONE') {
      job.state = 'DONE';
      job.error = new BqError('stopped', 'Job execution was cancelled: User requested cancellation', 400);
      job.times.endTime = now();
    }
    return { kind: 'bigquery#jobCancelResponse', job: this.resource(job) };
  }

  /** getQueryResults: waits (a poll), then a page from `startIndex` or the `pageToken`. */
  async results(id: string, params: { maxResults?: string; pageToken?: string; startIndex?: string }, project?: string): Promise<unknown> {
    const job = project ? this.find(project, id) : this.jobs.get(id)!;
    await this.poll(job, true);
    if (job.state !== 'DONE') return { kind: 'bigquery#getQueryResultsResponse', jobReference: this.ref(job), jobComplete: false };
    if (job.error) throw job.error;
    const o = job.outcome!;
    const base = { kind: 'bigquery#getQueryResultsResponse', jobReference: this.ref(job), jobComplete: true, totalBytesProcessed: String(o.bytes), cacheHit: false };
    const dml = o.dmlRows !== undefined ? { numDmlAffectedRows: String(o.dmlRows) } : {};
    if (!o.results) return { ...base, ...dml };
    const start = params.pageToken ? Number(Buffer.from(params.pageToken, 'base64url').toString().split(':')[1]) : Number(params.startIndex ?? 0);
    const max = params.maxResults !== undefined ? Number(params.maxResults) : 20_000;
    const rows = await this.engine.page(o.results, start, max);
    const next = start + rows.length;
    const pageToken = max > 0 && next < o.results.totalRows ? Buffer.from(`${job.id}:${next}`).toString('base64url') : undefined;
    return { ...base, ...dml, schema: { fields: o.results.fields }, totalRows: String(o.results.totalRows), rows, ...(pageToken ? { pageToken } : {}) };
  }
}
