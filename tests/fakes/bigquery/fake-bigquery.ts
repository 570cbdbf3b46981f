/**
 * A wire-faithful fake of the BigQuery REST API v2 (shared/reference/warehouse-wire-protocols.md, Part A), on
 * 127.0.0.1 and a random port, for the official Node client pointed at it with `apiEndpoint`. Routes answer with
 * and without the `/bigquery/v2` prefix, as goccy/bigquery-emulator does. SQL runs on an in-memory DuckDB after
 * translation (translate.ts). Faults can be injected per route (HTTP errors) or per job (slow, failing).
 *
 *   const fake = await FakeBigQuery.start();
 *   new BigQuery({ projectId: 'test-proj', apiEndpoint: fake.url, authClient, retryOptions: { autoRetry: false } });
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from './engine.js';
import { Jobs, type JobFault } from './jobs.js';
import { BqError } from './wire.js';

export type Route =
  | 'jobs.query' | 'jobs.getQueryResults' | 'jobs.insert' | 'jobs.get' | 'jobs.cancel' | 'jobs.upload'
  | 'datasets.list' | 'datasets.get' | 'datasets.insert' | 'datasets.delete' | 'tables.list' | 'tables.get' | 'tables.delete';

export interface LoggedRequest {
  route: Route | 'unknown';
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  auth?: string;
}

interface HttpFault {
  route: Route | '*';
  status: number;
  reason: string;
  times: number;
  message?: string;
}

export class FakeBigQuery {
  readonly requests: LoggedRequest[] = [];
  private readonly httpFaults: HttpFault[] = [];

  private constructor(private readonly server: Server, readonly engine: Engine, private readonly jobs: Jobs) {}

  static async start(opts: { pollDelayMs?: number } = {}): Promise<FakeBigQuery> {
    const engine = await Engine.create();
    const jobs = new Jobs(engine, opts.pollDelayMs ?? 25);
    let fake: FakeBigQuery | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    fake = new FakeBigQuery(server, engine, jobs);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests to `route` answer HTTP `status` with `reason` (e.g. 403 rateLimitExceeded), and `message`. */
  failRequests(route: Route | '*', status: number, reason: string, times = 1, message?: string): void {
    this.httpFaults.push({ route, status, reason, times, message });
  }

  /** The next `times` jobs (matching `match`) answer `jobComplete: false` for `polls` polls before running. */
  slowJobs(polls: number, times = 1, match?: RegExp): void {
    this.jobs.faults.push({ kind: 'slow', polls, times, match } satisfies JobFault);
  }

  /** The next `times` jobs (matching `match`) end DONE with `reason` (and `message`) instead of running. */
  failJobs(reason: string, times = 1, match?: RegExp, message?: string): void {
    this.jobs.faults.push({ kind: 'fail', reason, times, match, message } satisfies JobFault);
  }

  /** Runs DuckDB SQL on the fake's storage (a dataset is a schema). */
  duck(sql: string): Promise<Record<string, unknown>[]> {
    return this.engine.duck(sql);
  }

  routes(route: Route): LoggedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.engine.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const upload = url.pathname.startsWith('/upload/');
    const path = url.pathname.replace(/^\/upload/, '').replace(/^\/bigquery\/v2/, '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const query = Object.fromEntries(url.searchParams);
    const route = routeOf(req.method ?? 'GET', parts, upload);
    const entry: LoggedRequest = { route, method: req.method ?? 'GET', path: url.pathname, query, auth: req.headers.authorization };
    this.requests.push(entry);
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    try {
      let body: unknown;
      if (upload) {
        const [meta, data] = multipart(raw, String(req.headers['content-type'] ?? ''));
        entry.body = meta;
        body = { meta, data };
      } else if (raw.length) entry.body = body = JSON.parse(raw.toString('utf8'));
      const fault = this.httpFaults.find((f) => f.times > 0 && (f.route === '*' || f.route === route));
      if (fault) {
        fault.times--;
        throw new BqError(fault.reason, fault.message ?? `Injected ${fault.reason}: please retry`, fault.status);
      }
      const out = await this.dispatch(route, parts, query, body);
      if (out === undefined) send(204);
      else send(200, out);
    } catch (e) {
      const err = e instanceof BqError ? e : new BqError('internalError', (e as Error).message, 500);
      send(err.code, err.body);
    }
  }

  private async dispatch(route: Route | 'unknown', p: string[], query: Record<string, string>, body: unknown): Promise<unknown> {
    const [, project, , a, , b] = p;
    const b_ = body as Record<string, unknown>;
    if (project) this.engine.projects.add(project);
    switch (route) {
      case 'jobs.query':
        return this.jobs.query(project, b_);
      case 'jobs.insert':
        return this.jobs.insert(project, b_ as never);
      case 'jobs.upload': {
        const { meta, data } = body as { meta: never; data: Buffer };
        return this.jobs.load(project, meta, data);
      }
      case 'jobs.get':
        return this.jobs.get(project, a);
      case 'jobs.cancel':
        return this.jobs.cancel(project, a);
      case 'jobs.getQueryResults':
        return this.jobs.results(a, query, project);
      case 'datasets.list': {
        const datasets = (await this.engine.datasets()).map((d) => ({ kind: 'bigquery#dataset', id: `${project}:${d}`, datasetReference: { projectId: project, datasetId: d }, location: 'US' }));
        return { kind: 'bigquery#datasetList', datasets };
      }
      case 'datasets.get': {
        if (!(await this.engine.datasets()).includes(a)) throw new BqError('notFound', `Not found: Dataset ${project}:${a}`, 404);
        return dataset(project, a);
      }
      case 'datasets.insert': {
        const ref = (b_.datasetReference ?? {}) as { datasetId: string };
        await this.engine.createDataset(ref.datasetId);
        return { ...b_, ...dataset(project, ref.datasetId, b_.location as string | undefined) };
      }
      case 'datasets.delete':
        return this.engine.deleteDataset(a, query.deleteContents === 'true');
      case 'tables.list': {
        if (!(await this.engine.datasets()).includes(a)) throw new BqError('notFound', `Not found: Dataset ${project}:${a}`, 404);
        const all = await this.engine.tables(a);
        const start = Number(query.pageToken ?? 0);
        const max = Number(query.maxResults ?? 1000);
        const tables = all.slice(start, start + max).map((t) => ({ kind: 'bigquery#table', id: `${project}:${a}.${t.name}`, tableReference: { projectId: project, datasetId: a, tableId: t.name }, type: t.type }));
        return { kind: 'bigquery#tableList', tables, totalItems: all.length, ...(start + max < all.length ? { nextPageToken: String(start + max) } : {}) };
      }
      case 'tables.get': {
        const t = await this.engine.table(a, b);
        if (!t) throw new BqError('notFound', `Not found: Table ${project}:${a}.${b}`, 404);
        return {
          kind: 'bigquery#table', id: `${project}:${a}.${b}`, tableReference: { projectId: project, datasetId: a, tableId: b }, type: t.type,
          schema: { fields: t.fields }, numRows: String(t.numRows), numBytes: String(t.numBytes), location: 'US', creationTime: String(Date.now()),
        };
      }
      case 'tables.delete':
        return this.engine.dropTable(a, b);
      default:
        throw new BqError('notFound', `Not found: the fake has no route for ${p.join('/')}`, 404);
    }
  }
}

function dataset(project: string, id: string, location = 'US') {
  return { kind: 'bigquery#dataset', id: `${project}:${id}`, datasetReference: { projectId: project, datasetId: id }, location };
}

/** projects/{p}/jobs/{id}/cancel, projects/{p}/queries/{id}, projects/{p}/datasets/{d}/tables/{t}, ... */
function routeOf(method: string, p: string[], upload: boolean): Route | 'unknown' {
  if (p[0] !== 'projects' || !p[1]) return 'unknown';
  const [, , kind, , sub, , extra] = p;
  const n = p.length;
  if (upload) return kind === 'jobs' && method === 'POST' ? 'jobs.upload' : 'unknown';
  if (kind === 'queries') return n === 3 && method === 'POST' ? 'jobs.query' : n === 4 && method === 'GET' ? 'jobs.getQueryResults' : 'unknown';
  if (kind === 'jobs') {
    if (n === 3) return method === 'POST' ? 'jobs.insert' : 'unknown';
    if (n === 4 && method === 'GET') return 'jobs.get';
    return n === 5 && sub === 'cancel' && method === 'POST' ? 'jobs.cancel' : 'unknown';
  }
  if (kind !== 'datasets') return 'unknown';
  if (n === 3) return method === 'GET' ? 'datasets.list' : method === 'POST' ? 'datasets.insert' : 'unknown';
  if (n === 4) return method === 'GET' ? 'datasets.get' : method === 'DELETE' ? 'datasets.delete' : 'unknown';
  if (sub !== 'tables' || extra !== undefined) return 'unknown';
  if (n === 5) return method === 'GET' ? 'tables.list' : 'unknown';
  return method === 'GET' ? 'tables.get' : method === 'DELETE' ? 'tables.delete' : 'unknown';
}

/** multipart/related upload: part 1 the job resource (JSON), part 2 the file bytes. */
function multipart(raw: Buffer, contentType: string): [unknown, Buffer] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new BqError('invalid', 'Upload without a multipart boundary', 400);
  const sep = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = raw.indexOf(sep);
  while (at !== -1) {
    const next = raw.indexOf(sep, at + sep.length);
    if (next === -1) break;
    const part = raw.subarray(at + sep.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    parts.push(part.subarray(headerEnd + 4, part.length - 2)); // drop the CRLF before the next boundary
    at = next;
  }
  if (parts.length < 2) throw new BqError('invalid', 'Upload needs a metadata part and a media part', 400);
  return [JSON.parse(parts[0].toString('utf8')), parts[1]];
}
