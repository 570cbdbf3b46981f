/**
 * Decodes rows as they come off the wire (`{f:[{v}]}`, every scalar a string, TIMESTAMP as int64 microseconds:
 * reference A3) into the plain values the DuckDB adapter returns: numbers (bigint past 2^53), booleans, Dates,
 * Buffers, strings. Done here rather than by the client (`skipParsing`) so that a page costs one pass and no
 * wrapper objects (Big, BigQueryTimestamp, PreciseDate) per cell.
 */
import type { Row } from '../adapter.js';

export interface WireField {
  name?: string | null;
  type?: string | null;
  mode?: string | null;
  fields?: WireField[] | null;
}

type Cell = { v?: unknown };
type WireRow = { f?: Cell[] | null };

export function decodeRows(fields: WireField[], rows: WireRow[] | null | undefined): Row[] {
  if (!rows?.length) return [];
  const decoders = fields.map(decoderFor);
  const names = fields.map((f) => f.name ?? '');
  return rows.map((r) => {
    const out: Row = {};
    const cells = r.f ?? [];
    for (let i = 0; i < names.length; i++) out[names[i]] = decoders[i](cells[i]?.v ?? null);
    return out;
  });
}

function decoderFor(field: WireField): (v: unknown) => unknown {
  const scalar = scalarDecoder(field);
  if (field.mode === 'REPEATED') return (v) => (v === null ? [] : (v as Cell[]).map((c) => scalar(c.v ?? null)));
  return scalar;
}

function scalarDecoder(field: WireField): (v: unknown) => unknown {
  const nullable = (f: (s: string) => unknown) => (v: unknown) => (v === null || v === undefined ? null : f(v as string));
  switch ((field.type ?? 'STRING').toUpperCase()) {
    case 'INTEGER':
    case 'INT64':
      return nullable((s) => {
        const n = Number(s);
        return Number.isSafeInteger(n) ? n : BigInt(s);
      });
    case 'FLOAT':
    case 'FLOAT64':
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return nullable(Number);
    case 'BOOLEAN':
    case 'BOOL':
      return nullable((s) => s.toLowerCase() === 'true');
    case 'DATE':
      return nullable((s) => new Date(`${s}T00:00:00Z`));
    case 'DATETIME':
      return nullable((s) => new Date(`${s}Z`));
    case 'TIMESTAMP':
      // int64 microseconds (useInt64Timestamp); older servers send float seconds.
      return nullable((s) => (/^-?\d+$/.test(s) ? new Date(Number(BigInt(s) / 1000n)) : new Date(Number(s) * 1000)));
    case 'BYTES':
      return nullable((s) => Buffer.from(s, 'base64'));
    case 'RECORD':
    case 'STRUCT': {
      const sub = (field.fields ?? []).map(decoderFor);
      const names = (field.fields ?? []).map((f) => f.name ?? '');
      return (v) => {
        if (v === null || v === undefined) return null;
        const cells = (v as WireRow).f ?? [];
        return Object.fromEntries(names.map((n, i) => [n, sub[i](cells[i]?.v ?? null)]));
      };
    }
    default:
      return (v) => v;
  }
}
