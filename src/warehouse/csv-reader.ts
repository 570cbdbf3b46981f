/**
 * Reads a seed CSV with embedded DuckDB (its sniffer infers types; declared types override), for adapters
 * whose engine cannot read a local file itself. Rows come in batches so a large seed never sits in memory.
 */
import { duckdbReadCsv } from '../sql/duckdb/read-csv.js';
import { printerFor } from '../sql/registry.js';
import type { CsvOptions, Row } from './adapter.js';
import { rebatch } from './rebatch.js';

export interface CsvContents {
  columns: { name: string; duckdbType: string }[];
  batches: AsyncIterable<Row[]>;
  close(): Promise<void>;
}

export async function readCsv(file: string, opts: CsvOptions, batchRows = 5000): Promise<CsvContents> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const p = printerFor('duckdb');
  // Declared types are the target engine's names, applied by the adapter: such columns are read as text, so their
  // raw value ('007', a phone number) reaches the engine's own cast instead of DuckDB's sniffed guess.
  const asText = Object.fromEntries(Object.keys(opts.columnTypes).map((k) => [k, 'VARCHAR']));
  const select = duckdbReadCsv(p, file, { ...opts, columnTypes: asText });
  const described = await c.runAndReadAll(`DESCRIBE ${select}`);
  const columns = (described.getRowObjectsJS() as { column_name: string; column_type: string }[]).map((r) => ({ name: r.column_name, duckdbType: r.column_type }));
  async function* batches(): AsyncIterable<Row[]> {
    yield* rebatch((await c.stream(select)).yieldRowObjectJs() as AsyncIterable<Row[]>, batchRows);
  }
  return {
    columns,
    batches: batches(),
    close: async () => {
      c.closeSync();
      instance.closeSync();
    },
  };
}
