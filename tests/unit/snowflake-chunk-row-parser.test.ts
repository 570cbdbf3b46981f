/**
 * ChunkRowParser against `JSON.parse('[' + body + ']')`, which is what snowflake-sdk does with a whole chunk body
 * (chunk.js `getRows`): the same rows for a body cut at every point, and through a streaming UTF-8 decoder for bytes
 * cut at every point (characters split across pieces); clear errors for malformed bodies.
 */
import { describe, expect, it } from 'vitest';
import { ChunkParseError, ChunkRowParser } from '../../src/warehouse/snowflake/chunk-row-parser.js';

/** Rows of a body fed in the given pieces, with end() checked. */
function parse(pieces: string[]): unknown[][] {
  const p = new ChunkRowParser();
  const out: unknown[][] = [];
  for (const piece of pieces) out.push(...p.push(piece));
  p.end();
  expect(p.rows).toBe(out.length);
  return out;
}

const sdk = (body: string): unknown[][] => JSON.parse(`[${body}]`) as unknown[][];

// Quotes, backslashes (also before a closing quote), brackets and commas inside strings, every short escape, \u
// escapes with a surrogate pair, raw non-ASCII (2-, 3- and 4-byte UTF-8), newlines escaped, empty strings and nulls.
const tricky = [
  ['1', 'a@x', null],
  ['2', 'b\\"c', null],
  ['3', 'ends with a backslash \\\\', ''],
  ['4', '] [ , \\"], [\\" ,', '\\\\\\"'],
  ['5', '\\n\\r\\t\\b\\f\\/ \\u0000 \\u00e9 \\ud83d\\ude00 \\uD834\\uDD1E', null],
  ['6', 'héllo – 日本語 😀 𝄞', 'line\\nbreak'],
  [null, null, null],
];
const sample = tricky.map((r) => `[${r.map((v) => (v === null ? 'null' : `"${v}"`)).join(',')}]`).join(',');

describe('ChunkRowParser', () => {
  it('parses a body in one piece as the SDK does', () => {
    expect(parse([sample])).toEqual(sdk(sample));
    expect(sdk(sample)[4][1]).toBe('\n\r\t\b\f/ \u0000 é 😀 𝄞');
    expect(sdk(sample)[1][1]).toBe('b"c');
    expect(sdk(sample)[3]).toEqual(['4', '] [ , "], [" ,', '\\"']);
  });

  it('gives the same rows for the body cut in two at every character', () => {
    const want = sdk(sample);
    for (let i = 0; i <= sample.length; i++) expect(parse([sample.slice(0, i), sample.slice(i)]), `cut at ${i}`).toEqual(want);
  });

  it('gives the same rows for the body cut in three at every pair of points', () => {
    const want = sdk(sample);
    for (let i = 0; i <= sample.length; i += 3) for (let j = i; j <= sample.length; j += 2) expect(parse([sample.slice(0, i), sample.slice(i, j), sample.slice(j)])).toEqual(want);
  });

  it('gives the same rows one character at a time, and with empty pieces', () => {
    expect(parse([...sample])).toEqual(sdk(sample));
    expect(parse(['', sample.slice(0, 10), '', '', sample.slice(10), ''])).toEqual(sdk(sample));
  });

  it('decodes UTF-8 bytes cut at every byte (a character split across pieces) through a streaming TextDecoder', () => {
    const bytes = Buffer.from(sample, 'utf8');
    const want = sdk(sample);
    for (let i = 0; i <= bytes.length; i++) {
      const d = new TextDecoder('utf-8');
      expect(parse([d.decode(bytes.subarray(0, i), { stream: true }), d.decode(bytes.subarray(i), { stream: true }), d.decode()]), `cut at byte ${i}`).toEqual(want);
    }
  });

  it('accepts whitespace between and inside rows, and what JSON.parse accepts as values', () => {
    const body = ' \n["1" , null]\r\n,\t[ "2",null ] ,[true,1.5e3,"x"]\n';
    expect(parse([body])).toEqual(sdk(body));
    expect(parse([...body])).toEqual(sdk(body));
  });

  it('parses an empty body (or only whitespace) as no rows, and an empty row', () => {
    expect(parse([])).toEqual([]);
    expect(parse([''])).toEqual([]);
    expect(parse(['  \n '])).toEqual([]);
    expect(parse(['[]', ',[]'])).toEqual([[], []]);
  });

  it('returns rows as soon as they are complete, keeping only the row in progress', () => {
    const p = new ChunkRowParser();
    expect(p.push('["1"],["2"')).toEqual([['1']]);
    expect(p.push(',"x"],')).toEqual([['2', 'x']]);
    expect(p.push('["3"]')).toEqual([['3']]);
    p.end();
    expect(p.rows).toBe(3);
  });

  it('parses a large body in bounded pieces the same as at once', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i + 1), `user_${i}@example.com "q" \\ ${'é😀'.repeat(i % 3)}`, i % 7 ? String(i * 0.5) : null]);
    const body = rows.map((r) => JSON.stringify(r)).join(',');
    const pieces: string[] = [];
    for (let i = 0; i < body.length; i += 16_381) pieces.push(body.slice(i, i + 16_381));
    expect(parse(pieces)).toEqual(rows);
  });

  it.each([
    ['["1"]["2"]', /expected ',' between rows at character 5/],
    ['["1"],,["2"]', /two commas in a row at character 6/],
    [',["1"]', /a comma before the first row at character 0/],
    ['["1"],', /the body ends with a comma/],
    ['["1"],["2"', /the body ends inside a row/],
    ['["1"],["2', /the body ends inside a row/],
    ['["1"] x', /unexpected "x" between rows at character 6/],
    ['{"a":1}', /unexpected "\{" between rows at character 0/],
    ['["1" "2"]', /malformed row \(.*\) at character 0 \(after 0 rows\)/],
    ['["1"],["\\x"]', /malformed row/],
    ['["1"],[nul]', /malformed row/],
  ])('rejects %j with a clear error', (body, message) => {
    for (const pieces of [[body], [...body]]) {
      const err = (() => {
        try {
          parse(pieces);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ChunkParseError);
      expect((err as Error).message).toMatch(/^malformed result chunk: /);
      expect((err as Error).message).toMatch(message);
    }
  });
});
