/**
 * `node dist/bench/extract.js <duckdb|postgres|bigquery|snowflake> '<target settings as JSON>' [--create N | --drop]`
 *
 * Streams every row of the table `extract_1m` (in the target's schema or dataset) through the adapter's `stream()`,
 * 10,000 rows a batch, as an extract or a sync reads a model: the rows are counted and summed, never kept. Prints one
 * JSON line (rows, batches, largest batch, ms, checksum, peak RSS). `--create N` builds the table first with the
 * engine's own row generator (bench/series-sql.ts) and streams nothing; `--drop` drops it (with its schema, unless
 * that is the engine's default one). Exit 1 when the rows
 * streamed are not 1..N.
 */
import { sql } from '../src/sql/ast.js';
import { printerFor } from '../src/sql/registry.js';
import type { TargetType } from '../src/project/types.js';
import { openAdapter } from '../src/warehouse/open-adapter.js';
import { extractRowsSql } from './series-sql.js';

const defaultSchema: Record<TargetType, string> = { duckdb: 'main', postgres: 'public', bigquery: 'cible', snowflake: 'PUBLIC' };

async function main(argv: string[]): Promise<number> {
  const [type, json, flag, value] = argv as [TargetType, string, string?, string?];
  if (!type || !json || !(type in defaultSchema)) {
    console.error("usage: extract.js <duckdb|postgres|bigquery|snowflake> '<settings JSON>' [--create N | --drop]");
    return 2;
  }
  const settings = JSON.parse(json) as Record<string, unknown>;
  // No probe of the GCE metadata server by google-auth: the bench talks to the fake only.
  if (type === 'bigquery') process.env.METADATA_SERVER_DETECTION ??= 'none';
  const schema = String(settings.schema ?? settings.dataset ?? defaultSchema[type]);
  const p = printerFor(type);
  const table = sql.table('extract_1m', schema);
  const adapter = await openAdapter({ name: 'bench', type, schema, settings, secrets: [] }, process.cwd());
  try {
    if (flag === '--drop') {
      // The bench's own schema goes with its table; an engine's default schema stays.
      const own = schema !== defaultSchema[type];
      await adapter.execute(own ? `DROP SCHEMA IF EXISTS ${p.ident(schema)} CASCADE` : p.statement({ kind: 'drop', object: 'table', table, ifExists: true }));
      return 0;
    }
    if (flag === '--create') {
      const n = Number(value);
      await adapter.execute(p.statement({ kind: 'create_schema', schema }));
      await adapter.execute(p.statement({ kind: 'drop', object: 'table', table, ifExists: true }));
      await adapter.execute(p.statement({ kind: 'create_table_as', table, query: sql.rawQuery(extractRowsSql(type, n)) }));
      return 0;
    }
    const started = performance.now();
    let rows = 0;
    let batches = 0;
    let largest = 0;
    let sum = 0;
    for await (const batch of adapter.stream(`SELECT * FROM ${p.table(table)}`, 10_000)) {
      batches++;
      rows += batch.length;
      largest = Math.max(largest, batch.length);
      // Read every row as a consumer would; ids compare case-insensitively (Snowflake names it ID).
      for (const r of batch) sum += Number(r.id ?? r.ID);
    }
    const ms = Math.round(performance.now() - started);
    const ok = sum === (rows * (rows + 1)) / 2;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(JSON.stringify({ type, rows, batches, largest, ms, rowsPerSec: Math.round(rows / (ms / 1000)), checksumOk: ok, peakRssMb }));
    return ok && rows > 0 ? 0 : 1;
  } finally {
    await adapter.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
