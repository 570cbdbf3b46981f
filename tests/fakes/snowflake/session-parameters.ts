/**
 * The session parameters that change how the fake answers, today only CLIENT_RESULT_CHUNK_SIZE (the cap of a result
 * chunk, result-encoding.ts `ChunkLayout`). A client sets it at login (`SESSION_PARAMETERS`, which other drivers
 * send; snowflake-sdk 3.3.0 sends only a fixed few, sf.js), with `ALTER SESSION SET/UNSET`, or for one statement in
 * the query-request `parameters`.
 *
 * `ALTER SESSION` is read here, not only by engine.ts: node-sql-parser's Snowflake grammar has no ALTER SESSION
 * (it fails at "SESSION"), so the server checks this statement's documented shape itself
 * (docs.snowflake.com/en/sql-reference/sql/alter-session: `SET <param> = <value> [ ... ]`, `UNSET <param> [ , ... ]`)
 * instead of passing it to sql-syntax-check.ts.
 */
import { defaultLayout, MB, type ChunkLayout } from './result-encoding.js';
import { SfError } from './engine.js';
import { sig, tokenize, type Tok } from './sql-translate.js';

export interface AlterSession {
  set: Record<string, string>;
  unset: string[];
}

const value = (k: Tok | undefined) => k && (k.t === 'number' || k.t === 'string' || k.t === 'word');

/** The parameters an `ALTER SESSION SET|UNSET` statement changes; undefined for any other statement. */
export function alterSession(sql: string): AlterSession | undefined {
  let toks: Tok[];
  try {
    toks = sig(tokenize(sql.trim().replace(/;\s*$/, '')));
  } catch {
    return undefined;
  }
  if (toks[0]?.v !== 'ALTER' || toks[1]?.v !== 'SESSION') return undefined;
  const bad = () => new SfError('001003', '42000', `SQL compilation error:\nsyntax error line 1 in ALTER SESSION: expected ${toks[2]?.v === 'UNSET' ? 'UNSET <parameter> [ , ... ]' : 'SET <parameter> = <value> [ ... ]'}`);
  const out: AlterSession = { set: {}, unset: [] };
  let i = 3;
  if (toks[2]?.v === 'SET') {
    while (i < toks.length) {
      if (toks[i].t !== 'word' || toks[i + 1]?.v !== '=' || !value(toks[i + 2])) throw bad();
      out.set[toks[i].v] = toks[i + 2].v;
      i += 3;
      if (toks[i]?.v === ',') i++;
    }
  } else if (toks[2]?.v === 'UNSET') {
    while (i < toks.length) {
      if (toks[i].t !== 'word') throw bad();
      out.unset.push(toks[i].v);
      i++;
      if (toks[i]?.v === ',' && i + 1 < toks.length) i++;
      else if (i < toks.length) throw bad();
    }
  } else throw bad();
  if (i === 3) throw bad();
  return out;
}

/**
 * CLIENT_RESULT_CHUNK_SIZE in MB from a parameter value, within its documented range 16-160 (what the server does
 * with a value outside it is not in our evidence; the fake clamps it).
 */
export function chunkSizeMb(v: unknown): number | undefined {
  const n = Math.round(Number(v));
  return v === undefined || v === null || v === '' || !Number.isFinite(n) ? undefined : Math.min(160, Math.max(16, n));
}

/** The layout for a session (and statement) with this CLIENT_RESULT_CHUNK_SIZE. */
export function layoutFor(mb: number | undefined, base: ChunkLayout = defaultLayout): ChunkLayout {
  return mb === undefined ? base : { ...base, maxChunkBytes: mb * MB };
}
