/**
 * Rows generated in the warehouse, in each engine's own idiom: used by the adapter conformance suite (streaming)
 * and by the extract bench rows to build their 1M-row table. Plain SQL text for the dialect, not a node of the SQL
 * tree: a generator is a table function whose syntax has nothing in common across engines.
 */
import { printerFor } from '../src/sql/registry.js';

/**
 * `n` rows of one integer column `i` = 1..n. BigQuery: two arrays of at most 1000 crossed, well under the element
 * limit of GENERATE_ARRAY; Snowflake: ROW_NUMBER over SEQ4(), which alone may have gaps.
 */
export function seriesSql(dialect: string, n: number): string {
  switch (dialect) {
    case 'postgres':
      return `SELECT g AS i FROM generate_series(1, ${n}) AS g`;
    case 'bigquery': {
      const hi = Math.max(0, Math.ceil(n / 1000) - 1);
      return `SELECT a * 1000 + b + 1 AS i FROM UNNEST(GENERATE_ARRAY(0, ${hi})) AS a CROSS JOIN UNNEST(GENERATE_ARRAY(0, 999)) AS b WHERE a * 1000 + b < ${n}`;
    }
    case 'snowflake':
      return `SELECT ROW_NUMBER() OVER (ORDER BY SEQ4()) AS i FROM TABLE(GENERATOR(ROWCOUNT => ${n}))`;
    default:
      return `SELECT range + 1 AS i FROM range(${n})`;
  }
}

/** An extract-shaped table of `n` rows: an id, an email-like string and a float (about 40 bytes a row). */
export function extractRowsSql(dialect: string, n: number): string {
  const p = printerFor(dialect);
  const text = p.dialect.types.string;
  return `SELECT i AS id, CONCAT('user_', CAST(i AS ${text}), '@example.com') AS email, i * 0.5 AS score FROM (${seriesSql(dialect, n)}) AS s`;
}
