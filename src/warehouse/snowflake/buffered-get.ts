/**
 * One HTTP(S) GET whose body is read ahead of its reader by at most `maxBuffered` bytes, then the socket is paused:
 * a result chunk downloads ahead while the previous one is parsed, and a chunk being read arrives no faster than its
 * rows are consumed. `text()` decodes the body: Content-Encoding (gzip, deflate, br), then gzip sniffed by its magic
 * bytes 1f 8b (cloud storage may serve stored gzip without the header: gosnowflake chunk_downloader.go `decodeChunk`
 * checks the magic bytes, not the header), then UTF-8 with a streaming TextDecoder (a character split across two
 * pieces is decoded whole; invalid bytes become U+FFFD, as the SDK's `toString('utf8')` does).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** An answer other than 200: `status` says whether a retry may help. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** No byte for `stallMs` while one was awaited. */
export class StallError extends Error {
  override name = 'StallError';
  readonly code = 'ETIMEDOUT';
}

export interface GetOptions {
  headers: Record<string, string>;
  signal: AbortSignal;
  /** Body bytes held for the reader before the socket is paused. */
  maxBuffered: number;
  /** Milliseconds without a byte, while the response or the body's next bytes are awaited, before failing. */
  stallMs: number;
}

export class BufferedGet {
  /** Resolves with the response once its headers are in; rejects with the request's error. */
  readonly response: Promise<IncomingMessage>;
  private res?: IncomingMessage;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private error?: Error;
  private wake?: () => void;
  private readonly destroyReq: () => void;

  constructor(url: string, private readonly opts: GetOptions) {
    const u = new URL(url);
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: 'GET', headers: opts.headers, signal: opts.signal });
    this.destroyReq = () => req.destroy();
    this.response = new Promise<IncomingMessage>((resolve, reject) => {
      const stall = this.stallTimer(() => req.destroy(new StallError(`no response within ${opts.stallMs} ms`)));
      req.on('error', (e) => {
        clearTimeout(stall);
        this.fail(e);
        reject(e);
      });
      req.on('response', (res) => {
        clearTimeout(stall);
        this.res = res;
        res.on('data', (b: Buffer) => {
          this.queue.push(b);
          this.queued += b.length;
          if (this.queued >= opts.maxBuffered) res.pause();
          this.signal();
        });
        res.on('end', () => ((this.ended = true), this.signal()));
        res.on('error', (e) => this.fail(e));
        res.on('close', () => {
          if (!this.ended) this.fail(Object.assign(new Error('the connection closed before the end of the body'), { code: 'ECONNRESET' }));
        });
        resolve(res);
      });
    });
    // Rejections are read through `response` or `body()`; a prefetch that is never read must not be unhandled.
    this.response.catch(() => undefined);
    req.end();
  }

  /** The body's bytes, as they arrive (whatever the status); throws the request's or the response's error. */
  async *body(): AsyncIterable<Buffer> {
    const res = await this.response;
    for (;;) {
      const b = this.queue.shift();
      if (b) {
        this.queued -= b.length;
        if (this.queued < this.opts.maxBuffered / 2 && res.isPaused()) res.resume();
        yield b;
        continue;
      }
      if (this.error) throw this.error;
      if (this.ended) return;
      const stall = this.stallTimer(() => this.fail(new StallError(`no data for ${this.opts.stallMs} ms`)));
      await new Promise<void>((resolve) => (this.wake = resolve));
      clearTimeout(stall);
    }
  }

  /** The decoded body as text pieces. */
  async *text(): AsyncIterable<string> {
    const res = await this.response;
    const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const decoders: Record<string, (() => Transform) | undefined> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress, identity: undefined };
    if (!(encoding in decoders)) throw new Error(`unsupported Content-Encoding '${encoding}'`);
    const make = decoders[encoding];
    const utf8 = new TextDecoder('utf-8');
    for await (const b of sniffGzip(make ? through(this.body(), make()) : this.body())) {
      const s = utf8.decode(b, { stream: true });
      if (s) yield s;
    }
    const tail = utf8.decode();
    if (tail) yield tail;
  }

  /** Ends the request and frees what it buffered. */
  destroy(): void {
    this.queue.length = 0;
    this.queued = 0;
    this.destroyReq();
    this.res?.destroy();
  }

  private fail(e: Error): void {
    this.error ??= e;
    this.res?.destroy();
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private stallTimer(onStall: () => void): NodeJS.Timeout {
    return setTimeout(onStall, this.opts.stallMs).unref();
  }
}

/** `src` through a zlib decoder; errors on either side end the iteration with that error. */
function through(src: AsyncIterable<Buffer>, z: Transform): AsyncIterable<Buffer> {
  return pipeline(Readable.from(src, { objectMode: false }), z, () => undefined);
}

/** `src`, gunzipped when it starts with the gzip magic bytes 1f 8b (JSON text never does). */
async function* sniffGzip(src: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const it = src[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  while (head.length < 2 && !done) {
    const r = await it.next();
    if (r.done) done = true;
    else head = head.length ? Buffer.concat([head, r.value]) : r.value;
  }
  async function* rest(): AsyncIterable<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  try {
    yield* head[0] === 0x1f && head[1] === 0x8b ? through(rest(), createGunzip()) : rest();
  } finally {
    await it.return?.();
  }
}
