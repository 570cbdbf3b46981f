import type { Dialect } from '../dialect.js';

/** DuckDB: Postgres-like quoting, MERGE since 1.4, transactional DDL, QUALIFY. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  quote: '"',
  stringEscape: 'double-quote',
  types: {
    string: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', float: 'DOUBLE', decimal: 'DECIMAL(38, 9)',
    bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
  },
  typeFromDuckdb: (t) => t,
  capabilities: { merge: true, qualify: true, createOrReplaceTable: true, transactionalDdl: true },
  // In memory (spilled to the temp directory past memory_limit) and not compressed: 3-4x cheaper to write than a table.
  temporaryTables: { database: 'temp', schema: 'main' },
  dateTrunc: (grain, expr) => `DATE_TRUNC('${grain}', ${expr})`,
  functions: {
    date_diff_days: ([a, b]) => `DATE_DIFF('day', ${a}, ${b})`,
    sha256_hex: ([x]) => `SHA256(${x})`,
  },
};
