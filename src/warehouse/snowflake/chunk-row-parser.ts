/**
 * Rows out of a Snowflake JSON result chunk body, piece by piece. The body is rows joined by commas without the outer
 * brackets (`["1","a@x",null],["2","b\"c",null]`, reference B4); snowflake-sdk wraps the whole body in `[...]` and
 * JSON-parses it at once (chunk.js `getRows`), which is what makes its memory grow with the chunk.
 *
 * Here a small scanner tracks only what decides where a row ends (inside a string or not, escapes, bracket depth) and
 * checks the top level (rows separated by single commas, whitespace allowed); each run of complete rows in a piece is
 * then parsed by one `JSON.parse`, so every value (escapes, `\uXXXX` surrogate pairs, numbers, nulls) comes out exactly
 * as the SDK's own `JSON.parse` of the whole body gives it. Only the incomplete row at the end of a piece is carried to
 * the next one: memory is one piece plus one row, whatever the chunk's size.
 */

export class ChunkParseError extends Error {
  override name = 'ChunkParseError';
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 91;
const CLOSE = 93;
const COMMA = 44;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export class ChunkRowParser {
  /** Unparsed text: empty between rows, else it starts at the `[` of the row in progress. */
  private buf = '';
  /** Characters of `buf` already scanned (the rest is new). */
  private scanned = 0;
  private depth = 0;
  private inString = false;
  /** At the top level: a row may come next (at the start, or after a comma). */
  private expectRow = true;
  private sawRow = false;
  /** Characters consumed before `buf`, for error positions. */
  private consumed = 0;
  /** Rows returned so far. */
  rows = 0;

  /** The rows that this piece of text completes (possibly none), in order. */
  push(piece: string): unknown[][] {
    const text = this.buf.length ? this.buf + piece : piece;
    const n = text.length;
    let i = this.scanned;
    // The run of complete rows: from the first row that starts in `text` (or the carried one) to the last `]` closing one.
    let runStart = this.depth > 0 ? 0 : -1;
    let runEnd = -1;
    let rowStart = 0;
    let count = 0;
    while (i < n) {
      if (this.inString) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        // Escaped if an odd number of backslashes precede it (they all lie in this string, which is in `text`).
        let b = q - 1;
        while (text.charCodeAt(b) === BACKSLASH) b--;
        if ((q - 1 - b) % 2 === 0) this.inString = false;
        i = q + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (this.depth === 0) {
        if (c === OPEN) {
          if (!this.expectRow) this.fail(`expected ',' between rows`, i, text);
          this.depth = 1;
          this.expectRow = false;
          rowStart = i;
          if (runStart < 0) runStart = i;
        } else if (c === COMMA) {
          if (this.expectRow) this.fail(this.sawRow ? 'two commas in a row' : 'a comma before the first row', i, text);
          this.expectRow = true;
        } else if (!isSpace(c)) this.fail(`unexpected ${JSON.stringify(String.fromCharCode(c))} between rows`, i, text);
        i++;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN) this.depth++;
      else if (c === CLOSE && --this.depth === 0) {
        runEnd = i + 1;
        count++;
        this.sawRow = true;
      }
      i++;
    }
    let out: unknown[][] = [];
    if (runEnd > 0) {
      const run = text.slice(runStart, runEnd);
      try {
        out = JSON.parse(`[${run}]`) as unknown[][];
      } catch (e) {
        this.fail(`malformed row (${(e as Error).message})`, runStart, text);
      }
      if (out.length !== count) this.fail(`expected ${count} rows, parsed ${out.length}`, runStart, text);
      this.rows += count;
    }
    // Keep the row in progress: it starts at rowStart, or at 0 when it was carried in and is still open.
    const from = this.depth > 0 ? rowStart : n;
    this.consumed += from;
    this.buf = this.depth > 0 ? text.slice(from) : '';
    this.scanned = n - from;
    return out;
  }

  /** Checks that the body ended between rows. */
  end(): void {
    if (this.depth > 0 || this.inString) this.fail('the body ends inside a row', this.buf.length, this.buf);
    if (this.expectRow && this.sawRow) this.fail('the body ends with a comma', this.buf.length, this.buf);
  }

  private fail(what: string, at: number, text: string): never {
    throw new ChunkParseError(`malformed result chunk: ${what} at character ${this.consumed + at} (after ${this.rows} rows): ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`);
  }
}
