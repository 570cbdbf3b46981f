/**
 * `engine: duckdb` models on a target of another type (see compile-project.ts): the table is computed in the
 * embedded DuckDB beside the project, then written to one CSV in a fixed format that every adapter's `loadCsv`
 * reads, with each column's type given in the target's own names (`Dialect.typeFromDuckdb`). The runner loads it
 * like a seed, under a temporary name swapped in, so readers on the target never see a half-loaded table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompiledNode } from '../compile/manifest.js';
import type { SqlPrinter } from '../sql/printer.js';
import { duckdbWriteCsv } from '../sql/duckdb/write-csv.js';
import { printerFor } from '../sql/registry.js';
import type { WarehouseAdapter } from '../warehouse/adapter.js';
import { WarehouseError } from '../warehouse/warehouse-error.js';

/** NULL in the exported CSV, so that an empty field is an empty string (the demo's sources hold both). */
export const nullString = '\\N';

export interface EmbeddedExport {
  file: string;
  columnTypes: Record<string, string>;
  /** The statements run in embedded DuckDB, for target/run/. */
  sql: string;
  cleanup(): void;
}

export async function computeEmbedded(node: CompiledNode, duck: WarehouseAdapter, target: SqlPrinter): Promise<EmbeddedExport> {
  const p = printerFor('duckdb');
  const rel = node.model!.embeddedRelation!;
  const dir = mkdtempSync(join(tmpdir(), 'cible-embedded-'));
  const file = join(dir, `${rel.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv`);
  const statements: string[] = [];
  const run = async (sql: string) => {
    statements.push(sql);
    try {
      await duck.execute(sql);
    } catch (e) {
      if (e instanceof WarehouseError) e.details.node = node.id;
      throw e;
    }
  };
  try {
    await run(p.statement({ kind: 'create_table_as', table: rel, replace: true, query: { kind: 'raw_query', sql: node.sql! } }));
    const copy = duckdbWriteCsv(p, rel, await duck.columns(rel), file, nullString);
    await run(copy.sql);
    const columnTypes = Object.fromEntries(Object.entries(copy.types).map(([c, t]) => [c, target.dialect.typeFromDuckdb(t)]));
    const sql = `-- computed in embedded DuckDB, then loaded into the target\n${statements.map((s) => `${s};`).join('\n\n')}\n`;
    return { file, columnTypes, sql, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
