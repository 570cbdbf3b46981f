/**
 * The Snowflake fake's result layout (tests/fakes/snowflake/result-encoding.ts `ChunkLayout`): small results wholly
 * inline; large ones a small inline rowset, then chunks growing x2 up to CLIENT_RESULT_CHUNK_SIZE, rows in order;
 * and the ALTER SESSION parameters the fake server reads (session-parameters.ts).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLayout, encodeResult, MB, resultLayout, type ChunkLayout, type EncodedResult } from '../fakes/snowflake/result-encoding.js';
import { alterSession, chunkSizeMb, layoutFor } from '../fakes/snowflake/session-parameters.js';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

const rowsSql = (n: number) => `SELECT range + 1 AS id, 'user_' || (range + 1) || '@example.com' AS email FROM range(${n})`;
const encode = async (n: number, layout: ChunkLayout = defaultLayout, maxChunkRows?: number) =>
  resultLayout.run(layout, async () => encodeResult(await conn.stream(rowsSql(n)), maxChunkRows));
/** Every row id, inline rows first, then each chunk body as the driver reads it (wrapped in brackets). */
const ids = (r: EncodedResult) => [...r.first, ...r.chunks.flatMap((c) => JSON.parse(`[${c.body}]`) as string[][])].map((row) => Number(row[0]));

describe('snowflake fake result layout', () => {
  it('sends a small result wholly inline', async () => {
    const r = await encode(500);
    expect(r.chunks).toEqual([]);
    expect(r.first.length).toBe(500);
    expect(r.total).toBe(500);
  });

  it('splits a large result into a small inline rowset and chunks growing x2, every row once and in order', async () => {
    const n = 200_000;
    const r = await encode(n);
    expect(r.first.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.first).length).toBeLessThanOrEqual(defaultLayout.inlinePrefixBytes);
    expect(r.chunks.length).toBeGreaterThanOrEqual(4);
    const bytes = r.chunks.map((c) => c.bytes!);
    bytes.forEach((b, i) => expect(b).toBe(Buffer.byteLength(r.chunks[i].body)));
    bytes.slice(0, -1).forEach((b, i) => {
      const target = defaultLayout.firstChunkBytes * 2 ** i;
      expect(b).toBeLessThanOrEqual(target);
      expect(b).toBeGreaterThan(target * 0.99);
    });
    expect(r.chunks.reduce((s, c) => s + c.rowCount, r.first.length)).toBe(n);
    expect(ids(r)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('stops growing at the cap (CLIENT_RESULT_CHUNK_SIZE), and honours a row cap for tests', async () => {
    const capped = await encode(100_000, { ...defaultLayout, inlinePrefixBytes: 0, firstChunkBytes: 64 * 1024, maxChunkBytes: 256 * 1024 });
    expect(capped.first).toEqual([]);
    const bytes = capped.chunks.map((c) => c.bytes!);
    expect(bytes.slice(0, 3).map((b) => Math.round(b / 1024))).toEqual([64, 128, 256]);
    for (const b of bytes) expect(b).toBeLessThanOrEqual(256 * 1024);
    expect(bytes.slice(2, -1).every((b) => b > 255 * 1024)).toBe(true);
    expect(ids(capped)).toEqual(Array.from({ length: 100_000 }, (_, i) => i + 1));
    const rowCapped = await encode(20_000, defaultLayout, 3000);
    expect(Math.max(...rowCapped.chunks.map((c) => c.rowCount))).toBe(3000);
    expect(ids(rowCapped)).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1));
  });

  it('reads CLIENT_RESULT_CHUNK_SIZE from ALTER SESSION, clamped to 16-160 MB', () => {
    expect(alterSession('ALTER SESSION SET CLIENT_RESULT_CHUNK_SIZE = 16')).toEqual({ set: { CLIENT_RESULT_CHUNK_SIZE: '16' }, unset: [] });
    expect(alterSession("alter session set query_tag = 'x' client_result_chunk_size=48;")).toEqual({ set: { QUERY_TAG: 'x', CLIENT_RESULT_CHUNK_SIZE: '48' }, unset: [] });
    expect(alterSession('ALTER SESSION UNSET QUERY_TAG, CLIENT_RESULT_CHUNK_SIZE')).toEqual({ set: {}, unset: ['QUERY_TAG', 'CLIENT_RESULT_CHUNK_SIZE'] });
    expect(alterSession('SELECT 1')).toBeUndefined();
    for (const bad of ['ALTER SESSION', 'ALTER SESSION SET CLIENT_RESULT_CHUNK_SIZE', 'ALTER SESSION UNSET A B', 'ALTER SESSION DROP X']) expect(() => alterSession(bad)).toThrow(/syntax error/);
    expect([chunkSizeMb('16'), chunkSizeMb(5), chunkSizeMb(500), chunkSizeMb(undefined)]).toEqual([16, 16, 160, undefined]);
    expect(layoutFor(16).maxChunkBytes).toBe(16 * MB);
    expect(layoutFor(undefined)).toBe(defaultLayout);
  });
});
