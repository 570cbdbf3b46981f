/**
 * Large results read by our own chunk reader (result-chunks.ts) instead of snowflake-sdk's row stream, whose chunk
 * objects are what a stream's memory is made of (row-batches.ts). The SDK still runs the statement (login, polling,
 * errors, cancellation, token renewal); only the reading of its finished result is ours, and only when it pays: more
 * than MIN_ROWS rows, and a description that lists chunks. Anything unexpected before the first row (no session token,
 * an HTTP proxy from the environment, which only the SDK honours, an error or non-JSON answer, a result that is not
 * JSON, a rowtype other than the statement's) returns the reason instead, and the caller streams through the SDK.
 *
 * Values: each row goes through the statement's own SDK Column objects (`_getRowValue`, what the SDK's row stream
 * calls, row_stream.js `externalizeRow` -> chunk.js `getColumnValue`), keyed by `getName()`, so a row is what
 * `streamRows()` yields with the options the adapter's connections use (row mode `object`, no `fetchAsString`): the
 * same Number, Date-with-methods, Buffer, parsed VARIANT. tests/integration/snowflake-chunk-reader.test.ts compares both.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Connection, RowStatement } from 'snowflake-sdk';
import type { Row } from '../adapter.js';
import { rebatch } from '../rebatch.js';
import { BufferedGet } from './buffered-get.js';
import { parseDescription, resultRows, type ResultDescription } from './result-chunks.js';
import type { SnowflakeSettings } from './snowflake-connect.js';

/** Below this many rows a result cannot make the SDK's chunks large; the SDK reads it without our extra request. */
export const MIN_ROWS = 1000;

/** The SDK's column internals used here (column.js). */
interface SdkColumn {
  getName(): string;
  getType(): string;
  _getRowValue(row: { _arrayProcessedColumns: unknown[]; values: unknown[] }): unknown;
}

export interface ChunkedResultOptions {
  settings: SnowflakeSettings;
  batchRows: number;
  signal: AbortSignal;
}

let agent: string | undefined;
/** The SDK's User-Agent (util.js `userAgent`): the server tells drivers apart by it, so its answers stay the SDK's. */
function userAgent(): string {
  agent ??= `JavaScript/${(createRequire(import.meta.url)('snowflake-sdk/package.json') as { version: string }).version} (${process.platform}-${process.arch}) NodeJS/${process.version.slice(1)}`;
  return agent;
}

/** The account URL as snowflake-sdk derives it (connection_config.js `consolidateHostAndAccount`, util.js `constructHostname`). */
export function accountUrl(settings: SnowflakeSettings): string | undefined {
  if (settings.access_url) return settings.access_url;
  if (!settings.account) return undefined;
  const dot = settings.account.indexOf('.');
  const account = dot > 0 ? settings.account.slice(0, dot) : settings.account;
  const region = dot > 0 ? settings.account.slice(dot + 1) : undefined;
  const domain = region && /^cn-/i.test(region) ? 'snowflakecomputing.cn' : 'snowflakecomputing.com';
  return `https://${account}.${region && region !== 'us-west-2' ? `${region}.` : ''}${domain}`;
}

/** The session token, read right before use (the SDK renews it). `serialize()` is public; its format is not stable. */
function sessionToken(c: Connection): string | undefined {
  try {
    const token = (JSON.parse(c.serialize()) as { services?: { sf?: { tokenInfo?: { sessionToken?: unknown } } } })?.services?.sf?.tokenInfo?.sessionToken;
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    return undefined;
  }
}

const proxyFromEnv = () => ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((k) => process.env[k]);

/** `GET /queries/<id>/result` with the headers snowflake-sdk sends for it (statement.js, sf.js `SessionTokenRequest`). */
async function fetchDescription(c: Connection, base: string, queryId: string, signal: AbortSignal): Promise<ResultDescription | string> {
  const token = sessionToken(c);
  if (!token) return 'no session token';
  const headers: Record<string, string> = {
    'user-agent': userAgent(), accept: 'application/snowflake', 'content-type': 'application/json',
    'accept-encoding': 'gzip, deflate, br', Authorization: `Snowflake Token="${token}"`,
  };
  const service = c.getServiceName?.();
  if (service) headers['X-Snowflake-Service'] = service;
  const url = `${base}/queries/${encodeURIComponent(queryId)}/result?disableOfflineChunks=false&request_guid=${randomUUID()}`;
  const get = new BufferedGet(url, { headers, signal, maxBuffered: Number.POSITIVE_INFINITY, stallMs: 90_000 });
  try {
    const res = await get.response;
    if (res.statusCode !== 200) return `HTTP ${res.statusCode}`;
    let text = '';
    for await (const piece of get.text()) text += piece;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return 'the answer is not JSON';
    }
    return parseDescription(body);
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    return `the request failed: ${(e as Error).message}`;
  } finally {
    get.destroy();
  }
}

/** Batches of `stmt`'s result read by our chunk reader, or why it is not used (the caller then uses the SDK's). */
export async function chunkedResultBatches(c: Connection, stmt: RowStatement, o: ChunkedResultOptions): Promise<AsyncIterable<Row[]> | string> {
  try {
    return await prepare(c, stmt, o);
  } catch (e) {
    // Nothing has been read yet: a surprise here (an SDK internal that moved) must not fail what the SDK can serve.
    if (o.signal.aborted) throw o.signal.reason;
    return `unexpected: ${(e as Error).message}`;
  }
}

async function prepare(c: Connection, stmt: RowStatement, o: ChunkedResultOptions): Promise<AsyncIterable<Row[]> | string> {
  if (stmt.getNumRows() <= MIN_ROWS) return 'a small result';
  if (proxyFromEnv()) return 'an HTTP proxy is set in the environment';
  const columns = (stmt.getColumns() ?? []) as unknown as SdkColumn[];
  if (!columns.length || !columns.every((col) => typeof col._getRowValue === 'function')) return 'the SDK columns are not the expected ones';
  const base = accountUrl(o.settings);
  const queryId = stmt.getQueryId();
  if (!base || !queryId) return 'no account URL or query id';
  const describe = () => fetchDescription(c, base, queryId, o.signal);
  const desc = await describe();
  if (typeof desc === 'string') return desc;
  if (!desc.chunks.length) return 'the result has no chunks';
  if (desc.returned !== stmt.getNumRows()) return `the result has ${desc.returned} rows, the statement ${stmt.getNumRows()}`;
  if (desc.rowtype.length !== columns.length || desc.rowtype.some((t, j) => t.name !== columns[j].getName() || t.type !== columns[j].getType())) return 'the rowtype differs from the statement columns';
  const refresh = async () => {
    const fresh = await describe();
    if (typeof fresh === 'string') throw new Error(`cannot refresh the result's chunk URLs: ${fresh}`);
    return fresh;
  };
  const rows = resultRows(desc, { signal: o.signal, headers: { 'user-agent': userAgent(), accept: 'application/json, text/plain, */*', 'accept-encoding': 'gzip, deflate, br' }, refresh });
  return rebatch(toRows(rows, columns), Math.max(1, Math.floor(o.batchRows)));
}

/** Each group of raw rows as rows keyed by column name, converted by the SDK's columns. */
async function* toRows(groups: AsyncIterable<unknown[][]>, columns: SdkColumn[]): AsyncIterable<Row[]> {
  const names = columns.map((col) => col.getName());
  const width = columns.length;
  for await (const group of groups) {
    yield group.map((values) => {
      const holder = { _arrayProcessedColumns: [] as unknown[], values };
      const row: Row = {};
      for (let j = 0; j < width; j++) row[names[j]] = columns[j]._getRowValue(holder);
      return row;
    });
  }
}
