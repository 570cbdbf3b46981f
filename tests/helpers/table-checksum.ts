/**
 * An order-independent fingerprint of a table's rows, comparable across engines: each value is put in one
 * canonical text form (numbers as numbers rounded to 6 decimals, dates and timestamps in ISO form, lists and
 * JSON text as JSON), each row is hashed with its columns in name order, and the hashes are summed mod 2^64.
 * Two tables with the same multiset of rows have the same fingerprint whatever the engine returned them as.
 */
import { createHash } from 'node:crypto';

export interface TableFingerprint {
  rows: number;
  columns: string[];
  checksum: string;
}

const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(\.\d+)?)?(Z|[+-]00(?::?00)?)?$/;
const numeric = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

function num(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const r = Math.round(n * 1e6) / 1e6;
  return Object.is(r, -0) ? '0' : String(r);
}

function timestamp(date: string, time?: string, fraction?: string): string {
  if (!time) return date;
  const micros = (fraction ?? '.').slice(1).padEnd(6, '0').slice(0, 6);
  const t = `${date}T${time}.${micros}`;
  return t.endsWith('T00:00:00.000000') ? date : t;
}

export function canonical(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const s = v.toISOString();
    return timestamp(s.slice(0, 10), s.slice(11, 19), s.slice(19, 23));
  }
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => (typeof x === 'bigint' ? Number(x) : x)));
  if (typeof v === 'object') {
    // Client wrappers: BigQuery's BigQueryDate / BigQueryTimestamp / Big (NUMERIC) carry `value` or print themselves.
    const o = v as { value?: unknown; toString(): string };
    return canonical(o.value !== undefined ? o.value : o.toString());
  }
  const s = String(v);
  const t = iso.exec(s);
  if (t) return timestamp(t[1], t[2], t[3]);
  if (numeric.test(s)) return num(Number(s));
  if (/^[[{]/.test(s)) {
    try {
      return JSON.stringify(JSON.parse(s));
    } catch {
      return s;
    }
  }
  return s;
}

export function fingerprint(columns: string[], rows: Record<string, unknown>[]): TableFingerprint {
  const names = columns.map((c) => c.toLowerCase());
  const order = names.map((n, i) => [n, columns[i]] as const).sort((a, b) => a[0].localeCompare(b[0]));
  let sum = 0n;
  for (const r of rows) {
    const text = order.map(([, c]) => canonical(r[c])).join('\u0001');
    sum = (sum + BigInt('0x' + createHash('sha1').update(text).digest('hex').slice(0, 16))) & 0xffffffffffffffffn;
  }
  return { rows: rows.length, columns: order.map(([n]) => n), checksum: sum.toString(16) };
}

/** The value's canonical form, for a readable diff of the first differing rows when fingerprints disagree. */
export function canonicalRows(columns: string[], rows: Record<string, unknown>[]): string[] {
  const order = [...columns].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  return rows.map((r) => order.map((c) => canonical(r[c])).join(' | ')).sort();
}
