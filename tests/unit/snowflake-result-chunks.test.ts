/**
 * resultRows() (src/warehouse/snowflake/result-chunks.ts) against a local HTTP server playing cloud storage: plain and
 * gzip bodies (with and without Content-Encoding), the chunk headers, retries of what the SDK retries and only that,
 * a body cut short fetched again without repeating rows, fresh URLs after a 403, rowCount checks, one chunk ahead and
 * no more, backpressure on the chunk being read, and aborts closing the connections; and the account URL the reader
 * asks, derived as snowflake-sdk derives it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountUrl } from '../../src/warehouse/snowflake/chunked-result.js';
import { parseDescription, resultRows, type ResultDescription } from '../../src/warehouse/snowflake/result-chunks.js';

type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;
const handlers = new Map<string, Handler>();
const hits = new Map<string, number>();
const closed: string[] = [];
const seenHeaders = new Map<string, IncomingMessage['headers']>();
const server = createServer((req, res) => {
  const path = req.url ?? '';
  const attempt = (hits.get(path) ?? 0) + 1;
  hits.set(path, attempt);
  seenHeaders.set(path, req.headers);
  lastPath.set(req.socket, path);
  const h = handlers.get(path);
  if (!h) return void (res.writeHead(404), res.end());
  h(req, res, attempt);
});
/** The path each connection last served: keep-alive reuses them. */
const lastPath = new WeakMap<Socket, string>();
server.on('connection', (s: Socket) => s.on('close', () => closed.push(lastPath.get(s) ?? '')));
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let seq = 0;
/** A chunk of `count` rows served by `handler` (default: the plain body), and its body. */
function chunk(count: number, handler?: (body: string) => Handler): { url: string; rowCount: number; rows: string[][]; body: string } {
  const id = ++seq;
  const rows = Array.from({ length: count }, (_, i) => [`${id}-${i}`, `v "${i}" \\ é😀`]);
  const body = rows.map((r) => JSON.stringify(r)).join(',');
  const path = `/chunk/${id}`;
  handlers.set(path, handler ? handler(body) : (_req, res) => (res.writeHead(200, { 'Content-Type': 'application/octet-stream' }), res.end(body)));
  return { url: base + path, rowCount: count, rows, body };
}

const describeOf = (chunks: { url: string; rowCount: number }[], rowset: unknown[][] = [], headers: Record<string, string> = {}): ResultDescription => ({
  rowtype: [{ name: 'A', type: 'text' }, { name: 'B', type: 'text' }], rowset, chunks, chunkHeaders: headers, returned: rowset.length + chunks.reduce((n, c) => n + c.rowCount, 0),
});
const fast = { retries: 3, baseMs: 1, capMs: 5 };
const noRefresh = () => Promise.reject(new Error('no refresh expected'));

async function all(d: ResultDescription, opts: Partial<Parameters<typeof resultRows>[1]> = {}): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const g of resultRows(d, { signal: new AbortController().signal, headers: { 'user-agent': 'test' }, refresh: noRefresh, retry: fast, ...opts })) out.push(...g);
  return out;
}

describe('resultRows', () => {
  it('yields the inline rowset, then every chunk, plain or gzip (by header or by magic bytes), with the chunk headers', async () => {
    const plain = chunk(300);
    const gz = chunk(500, (body) => (_q, res) => (res.writeHead(200, { 'Content-Encoding': 'gzip' }), res.end(gzipSync(body))));
    const stored = chunk(400, (body) => (_q, res) => (res.writeHead(200), res.end(gzipSync(body))));
    const empty = chunk(0);
    const rows = await all(describeOf([plain, gz, empty, stored], [['x', null]], { 'x-amz-server-side-encryption-customer-key': 'k3y' }));
    expect(rows).toEqual([['x', null], ...plain.rows, ...gz.rows, ...stored.rows]);
    expect(seenHeaders.get(new URL(gz.url).pathname)).toMatchObject({ 'user-agent': 'test', 'x-amz-server-side-encryption-customer-key': 'k3y' });
  });

  it('reads the description as the SDK does: chunkHeaders, else SSE-C headers from qrmk; refuses what it cannot read', () => {
    const data = { rowtype: [{ name: 'A', type: 'text' }], rowset: [['1']], chunks: [{ url: 'http://x/1', rowCount: 2, uncompressedSize: 9, compressedSize: 9 }], returned: 3, queryResultFormat: 'json' };
    expect(parseDescription({ success: true, data: { ...data, qrmk: 'Q' } })).toMatchObject({ chunkHeaders: { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key': 'Q' } });
    expect(parseDescription({ success: true, data: { ...data, qrmk: 'Q', chunkHeaders: { 'x-ms-blob': 'b' } } })).toMatchObject({ chunkHeaders: { 'x-ms-blob': 'b' } });
    expect(parseDescription({ success: false, code: '390112' })).toMatch(/not a success \(code 390112\)/);
    expect(parseDescription({ success: true, data: { ...data, queryResultFormat: 'arrow' } })).toMatch(/format is arrow/);
    expect(parseDescription({ success: true, data: { ...data, returned: 4 } })).toMatch(/hold 3 rows, the result 4/);
    expect(parseDescription({ success: true, data: { ...data, chunks: [{ url: 1, rowCount: 2 }] } })).toMatch(/no absolute URL or no rowCount/);
    expect(parseDescription({ success: true, data: { ...data, chunks: [{ url: '/chunks/1', rowCount: 2 }] } })).toMatch(/no absolute URL/);
    expect(parseDescription('x')).toMatch(/not a JSON object/);
  });

  it('retries 5xx and 429 with backoff, then reads the chunk once', async () => {
    const c = chunk(50, (body) => (_q, res, attempt) => (attempt <= 2 ? (res.writeHead(attempt === 1 ? 503 : 429), res.end('later')) : (res.writeHead(200), res.end(body))));
    expect(await all(describeOf([c]))).toEqual(c.rows);
    expect(hits.get(new URL(c.url).pathname)).toBe(3);
  });

  it('fetches a chunk cut short again and skips the rows it already gave', async () => {
    const c = chunk(2000, (body) => (_q, res, attempt) => {
      if (attempt > 1) return void (res.writeHead(200), res.end(body));
      res.writeHead(200, { 'Content-Length': Buffer.byteLength(body) });
      res.write(body.slice(0, Math.floor(body.length * 0.6)), () => res.socket?.destroy());
    });
    const rows = await all(describeOf([c]));
    expect(rows).toEqual(c.rows);
    expect(hits.get(new URL(c.url).pathname)).toBe(2);
  });

  it('gives up after the retries with the chunk, the status and the count in the error', async () => {
    const c = chunk(10, () => (_q, res) => (res.writeHead(500), res.end()));
    await expect(all(describeOf([chunk(5), c]))).rejects.toThrow(/^result chunk 2 of 2: HTTP 500 Internal Server Error, after 3 retries$/);
    expect(hits.get(new URL(c.url).pathname)).toBe(4);
  });

  it('does not retry a 404, a cloud-storage XML error, a malformed body or extra rows', async () => {
    const notFound = chunk(10, () => (_q, res) => (res.writeHead(404), res.end()));
    await expect(all(describeOf([notFound]))).rejects.toThrow(/^result chunk 1 of 1: HTTP 404 Not Found$/);
    const xml = chunk(10, () => (_q, res) => (res.writeHead(200, { 'Content-Type': 'application/xml' }), res.end('<Error/>')));
    await expect(all(describeOf([xml]))).rejects.toThrow(/XML/);
    const broken = chunk(10, () => (_q, res) => (res.writeHead(200), res.end('["a"],["b" "c"]')));
    await expect(all(describeOf([broken]))).rejects.toThrow(/^result chunk 1 of 1: malformed result chunk: malformed row/);
    const extra = chunk(3, (body) => (_q, res) => (res.writeHead(200), res.end(`${body},["more","rows"]`)));
    await expect(all(describeOf([extra]))).rejects.toThrow(/^result chunk 1 of 1: more than the 3 rows the result announces$/);
    for (const c of [notFound, xml, broken, extra]) expect(hits.get(new URL(c.url).pathname)).toBe(1);
  });

  it('retries a chunk with fewer rows than announced, then fails saying so', async () => {
    const short = chunk(3, (body) => (_q, res) => (res.writeHead(200), res.end(body.slice(0, body.lastIndexOf(',[')))));
    await expect(all(describeOf([short]))).rejects.toThrow(/2 rows where the result announces 3, after 3 retries$/);
  });

  it('asks for fresh chunk URLs after a 403 and reads on with them', async () => {
    const stale = chunk(20, () => (_q, res) => (res.writeHead(403), res.end('<Error>Request has expired</Error>')));
    const fresh = chunk(20);
    const other = chunk(5);
    fresh.rows.forEach((r, i) => (r[0] = stale.rows[i][0]));
    handlers.set(new URL(fresh.url).pathname, (_q, res) => (res.writeHead(200), res.end(fresh.rows.map((r) => JSON.stringify(r)).join(','))));
    let refreshed = 0;
    const rows = await all(describeOf([stale, other]), { refresh: async () => (refreshed++, describeOf([fresh, other])) });
    expect(refreshed).toBe(1);
    expect(rows).toEqual([...fresh.rows, ...other.rows]);
  });

  it('downloads one chunk ahead of the one being read, no more', async () => {
    const chunks = Array.from({ length: 5 }, () => chunk(100));
    const it = resultRows(describeOf(chunks), { signal: new AbortController().signal, headers: {}, refresh: noRefresh, retry: fast })[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 100));
    expect(chunks.map((c) => hits.get(new URL(c.url).pathname) ?? 0)).toEqual([1, 1, 0, 0, 0]);
    await it.return?.(undefined);
  });

  it('reads the chunk being read no faster than its rows are taken (the socket is paused at the buffer bound)', async () => {
    let written = 0;
    const big = chunk(1, () => (_q, res) => {
      res.writeHead(200);
      const row = JSON.stringify(['x'.repeat(1000), 'y']);
      const pump = () => {
        while (written < 200 * 2 ** 20) {
          written += row.length + 1;
          if (!res.write(`${row},`)) return void res.once('drain', pump);
        }
        res.end(row);
      };
      pump();
    });
    const it = resultRows(describeOf([big]), { signal: new AbortController().signal, headers: {}, refresh: noRefresh, retry: fast, maxBuffered: 2 ** 20 })[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 300));
    // 1 MB of our buffer plus the kernel's socket buffers, not the 200 MB the server has.
    console.log(`backpressure: the server wrote ${(written / 2 ** 20).toFixed(1)} MB while the reader held its first rows`);
    expect(written).toBeLessThan(32 * 2 ** 20);
    await it.return?.(undefined);
  });

  it('closes the connections of the chunk being read and of the one ahead on abort, and rejects with its reason', async () => {
    const hold = (body: string): Handler => (_q, res) => (res.writeHead(200), res.write(body.slice(0, body.indexOf('],[') + 1)));
    const a = chunk(100, hold);
    const b = chunk(100, hold);
    const abort = new AbortController();
    const it = resultRows(describeOf([a, b]), { signal: abort.signal, headers: {}, refresh: noRefresh, retry: fast })[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual([a.rows[0]]);
    const pending = it.next();
    await new Promise((r) => setTimeout(r, 50));
    abort.abort(new Error('stop now'));
    await expect(pending).rejects.toThrow('stop now');
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toEqual(expect.arrayContaining([new URL(a.url).pathname, new URL(b.url).pathname]));
  });
});

describe('accountUrl', () => {
  it('is access_url when set, else the host snowflake-sdk derives from the account (connection_config.js)', async () => {
    const { createRequire } = await import('node:module');
    const { constructHostname } = createRequire(import.meta.url)('snowflake-sdk/dist/lib/util.js') as { constructHostname(region: string | undefined, account: string): string };
    expect(accountUrl({ access_url: 'http://127.0.0.1:9', account: 'x' })).toBe('http://127.0.0.1:9');
    expect(accountUrl({})).toBeUndefined();
    const cases: [string, string][] = [
      ['myorg-acct', 'https://myorg-acct.snowflakecomputing.com'],
      ['xy12345.us-east-2.aws', 'https://xy12345.us-east-2.aws.snowflakecomputing.com'],
      ['xy12345.us-west-2', 'https://xy12345.snowflakecomputing.com'],
      ['xy12345.cn-north-1', 'https://xy12345.cn-north-1.snowflakecomputing.cn'],
    ];
    for (const [account, url] of cases) {
      expect(accountUrl({ account })).toBe(url);
      const dot = account.indexOf('.');
      expect(url).toBe(`https://${constructHostname(dot > 0 ? account.slice(dot + 1) : undefined, dot > 0 ? account.slice(0, dot) : account)}`);
    }
  });
});
