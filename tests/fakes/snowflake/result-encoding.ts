/**
 * DuckDB results in Snowflake's JSON result format (reference B4): lower-case `rowtype` type names, every cell a
 * string or null (fixed = decimal text, date = days since epoch, timestamps = epoch seconds with 9 fraction digits,
 * boolean '1'/'0', binary hex), and large results split into an inline first chunk plus `chunks` served by URL,
 * each chunk body being rows joined by commas without the outer brackets.
 */
import { DuckDBTypeId, type DuckDBResult, type DuckDBType } from '@duckdb/node-api';

export interface RowType {
  name: string;
  type: string;
  scale: number | null;
  precision: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  database: string;
  schema: string;
  table: string;
  collation: null;
}

export function rowType(name: string, type: string, scale: number | null = null, precision: number | null = null): RowType {
  const text = type === 'text' || type === 'binary';
  return { name, type, scale, precision, length: text ? 16777216 : null, byteLength: text ? 16777216 : null, nullable: true, database: '', schema: '', table: '', collation: null };
}

const fixedIds = new Set([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT]);

function snowflakeType(name: string, t: DuckDBType): RowType {
  const id = t.typeId;
  if (fixedIds.has(id)) return rowType(name, 'fixed', 0, 38);
  if (id === DuckDBTypeId.DECIMAL) {
    const d = t as unknown as { width: number; scale: number };
    return rowType(name, 'fixed', d.scale, d.width);
  }
  if (id === DuckDBTypeId.FLOAT || id === DuckDBTypeId.DOUBLE) return rowType(name, 'real');
  if (id === DuckDBTypeId.BOOLEAN) return rowType(name, 'boolean');
  if (id === DuckDBTypeId.DATE) return rowType(name, 'date');
  if (id === DuckDBTypeId.TIMESTAMP) return rowType(name, 'timestamp_ntz', 9);
  if (id === DuckDBTypeId.TIMESTAMP_TZ) return rowType(name, 'timestamp_ltz', 9);
  if (id === DuckDBTypeId.TIME) return rowType(name, 'time', 9);
  if (id === DuckDBTypeId.BLOB) return rowType(name, 'binary');
  if (id === DuckDBTypeId.LIST || id === DuckDBTypeId.ARRAY) return rowType(name, 'array');
  if (id === DuckDBTypeId.STRUCT || id === DuckDBTypeId.MAP) return rowType(name, 'object');
  return rowType(name, 'text');
}

/** Micro-units as a decimal string with 9 fraction digits: -1500000 -> '-1.500000000'. */
function microsText(micros: bigint): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  return `${neg ? '-' : ''}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, '0')}000`;
}

function encode(v: unknown, type: string): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'boolean':
      return v ? '1' : '0';
    case 'date':
      return String((v as { days: number }).days);
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'time':
      return microsText((v as { micros: bigint }).micros);
    case 'binary':
      return Buffer.from((v as { bytes: Uint8Array }).bytes).toString('hex');
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

export interface EncodedResult {
  rowtype: RowType[];
  /** Rows sent inline in the first response. */
  first: (string | null)[][];
  /** Each further chunk as its body text, with its row count. */
  chunks: { body: string; rowCount: number }[];
  total: number;
}

/** Reads a DuckDB result chunk by chunk into Snowflake chunks of `chunkRows` rows. */
export async function encodeResult(result: DuckDBResult, chunkRows: number, names = result.columnNames()): Promise<EncodedResult> {
  const rowtype = result.columnTypes().map((t, i) => snowflakeType(names[i], t));
  const first: (string | null)[][] = [];
  const chunks: { body: string; rowCount: number }[] = [];
  let parts: string[] = [];
  let total = 0;
  const flush = () => {
    if (parts.length) chunks.push({ body: parts.join(','), rowCount: parts.length });
    parts = [];
  };
  for await (const rows of result.yieldRows()) {
    for (const row of rows) {
      const cells = row.map((v, i) => encode(v, rowtype[i].type));
      if (total < chunkRows) first.push(cells);
      else {
        parts.push(JSON.stringify(cells));
        if (parts.length >= chunkRows) flush();
      }
      total++;
    }
  }
  flush();
  return { rowtype, first, chunks, total };
}
