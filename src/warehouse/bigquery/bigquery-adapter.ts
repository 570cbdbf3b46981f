/**
 * BigQuery through the official client (`@google-cloud/bigquery`, loaded lazily). Every statement is a query job
 * labelled with the run, the target and the node; results are paged, `batchRows` at a time, so a large result
 * never sits in memory. Statements between BEGIN and COMMIT run in a BigQuery session, the only place where a
 * multi-statement transaction can span several jobs.
 */
import { randomUUID } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import type { TableName } from '../../sql/ast.js';
import { bigqueryDeclaredType, bigquerySeedCast } from '../../sql/bigquery/seed-cast.js';
import { printerFor } from '../../sql/registry.js';
import type { CsvOptions, RelationKind, Row, Session, SessionOptions, WarehouseAdapter } from '../adapter.js';
import { WarehouseError } from '../warehouse-error.js';
import { misconfiguration } from './bigquery-misconfig.js';
import { checkSettings, createClient, type BigQuerySettings } from './bigquery-client.js';
import { defaultRetry, httpStatusOf, isJobStatusError, JobFailure, reasonOf, withRetry, type RetryPolicy } from './bigquery-errors.js';
import { CancelledError, JobRunner, type JobOptions } from './bigquery-jobs.js';
import { decodeRows } from './bigquery-rows.js';

export interface BigQueryAdapterOptions {
  /** A ready client (tests point one at the fake); otherwise one is built from the settings. */
  client?: BigQuery;
  retry?: Partial<RetryPolicy>;
}

const beginRe = /^\s*BEGIN(\s+TRANSACTION)?\s*;?\s*$/i;
const rollbackRe = /^\s*ROLLBACK\b/i;

/** Label values: lower-case letters, digits, `_` and `-`, at most 63 characters. */
const labelValue = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);

export class BigQueryAdapter implements WarehouseAdapter {
  readonly type = 'bigquery';
  private readonly p = printerFor('bigquery');
  private readonly jobs: JobRunner;
  private readonly runId = randomUUID();
  private readonly retry: RetryPolicy;

  private constructor(
    private readonly bq: BigQuery,
    private readonly target: string,
    private readonly settings: BigQuerySettings,
    private readonly maximumBytesBilled: string | undefined,
    options: BigQueryAdapterOptions,
  ) {
    this.retry = { ...defaultRetry, ...options.retry };
    this.jobs = new JobRunner(bq, this.retry);
  }

  static async open(settings: BigQuerySettings, projectDir: string, target: string, options: BigQueryAdapterOptions = {}): Promise<BigQueryAdapter> {
    const { keyFilename, maximumBytesBilled } = checkSettings(settings, target, projectDir);
    const client = options.client ?? (await createClient(settings, keyFilename));
    const adapter = new BigQueryAdapter(client, target, settings, maximumBytesBilled, options);
    // A free dry run proves the credentials, the project and the permission to create jobs before any node
    // starts, so a misconfigured target stops here with the setting named (exit 2) instead of failing every node.
    await adapter.dryRun('SELECT 1');
    return adapter;
  }

  private labels(node?: string): Record<string, string> {
    return { 'cible-run': this.runId, 'cible-target': labelValue(this.target), ...(node ? { 'cible-node': labelValue(node) } : {}) };
  }

  private fail(e: unknown, sql?: string, node?: string): never {
    if (e instanceof WarehouseError) throw e;
    if (e instanceof CancelledError) throw new WarehouseError('BigQuery job cancelled', { target: this.target, sql, node, engineCode: 'stopped', cause: e });
    const reason = reasonOf(e);
    const cause = e instanceof JobFailure && e.original ? e.original : e;
    const config = misconfiguration(e, reason, { target: this.target, settings: this.settings, sql, node, cause });
    if (config) throw config;
    const what = e instanceof JobFailure ? `BigQuery job failed (${reason})` : `BigQuery request failed (${reason ?? 'no response'})`;
    const message = e instanceof JobFailure && cause !== e ? `${what}: ${e.message}` : what;
    throw new WarehouseError(message, { target: this.target, sql, node, engineCode: reason, cause });
  }

  private async job(sql: string, o: Partial<JobOptions> & { node?: string; maxResults: number }) {
    try {
      return await this.jobs.run(sql, { labels: this.labels(o.node), maximumBytesBilled: this.maximumBytesBilled, ...o });
    } catch (e) {
      this.fail(e, sql, o.node);
    }
  }

  private session(state: { sessionId?: string }, node?: string): Session {
    const execute = async (sql: string) => {
      const createSession = !state.sessionId && beginRe.test(sql);
      const { job } = await this.job(sql, { node, sessionId: state.sessionId, createSession, maxResults: 0, cleanup: rollbackRe.test(sql) });
      if (!createSession) return;
      const info = (job.metadata as { statistics?: { sessionInfo?: { sessionId?: string } } } | undefined)?.statistics?.sessionInfo;
      state.sessionId = info?.sessionId ?? ((await job.getMetadata())[0].statistics?.sessionInfo?.sessionId as string | undefined);
      if (!state.sessionId) this.fail(new Error('BigQuery started no session for BEGIN TRANSACTION'), sql, node);
    };
    const stream = (sql: string, batchRows = 10_000) => this.pages(sql, batchRows, node, state.sessionId);
    const query = async (sql: string) => {
      let columns: string[] = [];
      const rows: Row[] = [];
      for await (const page of this.pages(sql, 10_000, node, state.sessionId, (c) => (columns = c))) for (const r of page) rows.push(r);
      return { columns, rows };
    };
    return { execute, query, stream };
  }

  /** Result pages of one job; `onColumns` hears the column names even when there is no row. */
  private async *pages(sql: string, batchRows: number, node?: string, sessionId?: string, onColumns?: (c: string[]) => void): AsyncIterable<Row[]> {
    const size = Math.max(1, Math.floor(batchRows));
    const { job, page: first, epoch } = await this.job(sql, { node, sessionId, maxResults: size });
    const fields = first.fields;
    onColumns?.(fields.map((f) => f.name ?? ''));
    let page = first;
    for (;;) {
      if (page.rows.length) yield decodeRows(fields, page.rows);
      if (!page.pageToken) return;
      try {
        page = await this.jobs.page(job, size, page.pageToken, epoch);
      } catch (e) {
        this.fail(e, sql, node);
      }
    }
  }

  async withSession<T>(fn: (s: Session) => Promise<T>, opts: SessionOptions = {}): Promise<T> {
    const state: { sessionId?: string } = {};
    try {
      return await fn(this.session(state, opts.node));
    } finally {
      // A session left open would hold an uncommitted transaction (and its locks) until it expires.
      if (state.sessionId) await this.job('CALL BQ.ABORT_SESSION()', { node: opts.node, sessionId: state.sessionId, maxResults: 0, cleanup: true }).catch(() => undefined);
    }
  }

  execute(sql: string): Promise<void> {
    return this.withSession((s) => s.execute(sql));
  }

  query(sql: string): Promise<{ columns: string[]; rows: Row[] }> {
    return this.withSession((s) => s.query(sql));
  }

  stream(sql: string, batchRows?: number): AsyncIterable<Row[]> {
    return this.pages(sql, batchRows ?? 10_000);
  }

  /** What the query would read, in bytes, without running it or paying for it (for `cible build --dry-run`). */
  async dryRun(sql: string, opts: SessionOptions = {}): Promise<{ bytes: number }> {
    const { job } = await this.job(sql, { node: opts.node, dryRun: true, maxResults: 0 });
    const stats = (job.metadata as { statistics?: { totalBytesProcessed?: string; query?: { totalBytesProcessed?: string } } }).statistics;
    return { bytes: Number(stats?.query?.totalBytesProcessed ?? stats?.totalBytesProcessed ?? 0) };
  }

  private dataset(t: { schema?: string; database?: string }) {
    return this.bq.dataset(t.schema ?? this.settings.dataset ?? 'cible', t.database ? { projectId: t.database } : undefined);
  }

  async relations(schemas: string[]): Promise<Map<string, RelationKind>> {
    const out = new Map<string, RelationKind>();
    for (const schema of schemas) {
      try {
        const [tables] = await withRetry(() => this.dataset({ schema }).getTables(), this.retry);
        for (const t of tables) {
          const kind = String(t.metadata?.type ?? 'TABLE');
          out.set(`${schema}.${t.id}`.toLowerCase(), kind === 'VIEW' || kind === 'MATERIALIZED_VIEW' ? 'view' : 'table');
        }
      } catch (e) {
        if (httpStatusOf(e) === 404) continue; // no dataset yet: no relations
        this.fail(e);
      }
    }
    return out;
  }

  async columns(t: TableName): Promise<{ name: string; type: string }[]> {
    try {
      const [meta] = await withRetry(() => this.dataset(t).table(t.name).getMetadata(), this.retry);
      return ((meta.schema?.fields ?? []) as { name: string; type: string }[]).map((f) => ({ name: f.name, type: f.type }));
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * A load job (multipart upload of the file, every column a STRING), then one statement casting each column to
   * its declared type or to the type DuckDB's sniffer infers: a seed gets the same types as on the DuckDB target.
   */
  async loadCsv(table: TableName, file: string, opts: CsvOptions & SessionOptions): Promise<number> {
    const { readCsv } = await import('../csv-reader.js');
    const csv = await readCsv(file, { columnTypes: {}, delimiter: opts.delimiter, nullString: opts.nullString });
    await csv.close();
    const metadata = {
      sourceFormat: 'CSV', skipLeadingRows: 1, fieldDelimiter: opts.delimiter, allowQuotedNewlines: true,
      writeDisposition: 'WRITE_TRUNCATE', createDisposition: 'CREATE_IF_NEEDED',
      // Every column loads as STRING, for which BigQuery reads an empty field as an empty string once the NULL
      // marker is another one (configuration.load.nullMarker).
      ...(opts.nullString !== undefined ? { nullMarker: opts.nullString } : {}),
      schema: { fields: csv.columns.map((c) => ({ name: c.name, type: 'STRING', mode: 'NULLABLE' })) },
    };
    const jobId = `cible_load_${randomUUID().replace(/-/g, '_')}`;
    const epoch = this.jobs.currentEpoch;
    const untrack = this.jobs.track(jobId, this.bq.job(jobId));
    let loaded: number;
    try {
      const dest = this.dataset(table).table(table.name);
      const job = await withRetry(async () => {
        try {
          return (await dest.createLoadJob(file, { ...metadata, jobId }))[0];
        } catch (e) {
          if (httpStatusOf(e) !== 409 && !isJobStatusError(e)) throw e;
          return this.bq.job(jobId); // created by an earlier attempt, or failed: waitDone reports which
        }
      }, this.retry, () => this.jobs.stopped(epoch));
      const meta = (await this.jobs.waitDone(job, epoch)) as { statistics?: { load?: { outputRows?: string } } };
      loaded = Number(meta.statistics?.load?.outputRows ?? 0);
    } catch (e) {
      this.fail(e, `load ${file} into ${this.p.table(table)}`, opts.node);
    } finally {
      untrack();
    }
    const declared = (c: string) => (opts.columnTypes[c] !== undefined ? bigqueryDeclaredType(opts.columnTypes[c]) : undefined);
    const columns = csv.columns.map((c) => ({ name: c.name, type: declared(c.name) ?? this.p.dialect.typeFromDuckdb(c.duckdbType) }));
    if (columns.some((c) => c.type.toUpperCase() !== 'STRING')) {
      await this.withSession((s) => s.execute(this.p.statement(bigquerySeedCast(this.p, table, columns))), { node: opts.node });
    }
    return loaded;
  }

  async cancelAll(): Promise<void> {
    await this.jobs.cancelAll();
  }

  async describe(): Promise<Record<string, string>> {
    await this.query('SELECT 1 AS ok');
    return {
      engine: 'bigquery',
      project: String(this.settings.project),
      dataset: String(this.settings.dataset ?? 'cible'),
      location: this.settings.location ?? 'default (the dataset location)',
      endpoint: this.settings.api_endpoint ?? 'https://bigquery.googleapis.com',
    };
  }

  async close(): Promise<void> {
    // Jobs are server-side and sessions are ended by withSession: nothing is held open here.
  }
}
