/**
 * Prepares a seed CSV for Snowflake's bulk loader. Embedded DuckDB parses the file exactly as the DuckDB target does
 * (same sniffer, same types), then writes it back in one unambiguous format that `copyInto` declares. So a seed
 * loads the same values on Snowflake as on DuckDB, and Snowflake never has to guess a dialect of CSV.
 * Columns with a declared type are read as text, so their raw value ('007') reaches Snowflake's own cast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdbReadCsv } from '../../sql/duckdb/read-csv.js';
import { printerFor } from '../../sql/registry.js';
import type { CsvOptions } from '../adapter.js';

export interface SeedFile {
  path: string;
  columns: { name: string; duckdbType: string }[];
  rows: number;
  cleanup(): void;
}

export async function writeSeedFile(file: string, opts: CsvOptions, baseName: string): Promise<SeedFile> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const p = printerFor('duckdb');
  const dir = mkdtempSync(join(tmpdir(), 'cible-snowflake-seed-'));
  const path = join(dir, `${baseName.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv`);
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const asText = Object.fromEntries(Object.keys(opts.columnTypes).map((k) => [k, 'VARCHAR']));
    const select = duckdbReadCsv(p, file, { columnTypes: asText, delimiter: opts.delimiter, nullString: opts.nullString });
    const described = (await c.runAndReadAll(`DESCRIBE ${select}`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
    const columns = described.map((r) => ({ name: r.column_name, duckdbType: r.column_type }));
    // Time-zoned timestamps are written as UTC wall-clock time (Snowflake TIMESTAMP_NTZ).
    const cols = columns.map((col) => (col.duckdbType.startsWith('TIMESTAMP WITH') ? `timezone('UTC', ${p.ident(col.name)}) AS ${p.ident(col.name)}` : p.ident(col.name)));
    const options = [`FORMAT csv`, `HEADER false`, `DELIMITER ','`, `QUOTE '"'`, `ESCAPE '"'`, `NULLSTR ''`, `DATEFORMAT '%Y-%m-%d'`, `TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%f'`];
    const copied = await c.runAndReadAll(`COPY (SELECT ${cols.join(', ')} FROM (${select})) TO ${p.string(path)} (${options.join(', ')})`);
    const rows = Number(copied.getRowsJS()[0]?.[0] ?? 0);
    return { path, columns, rows, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
