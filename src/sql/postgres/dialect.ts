import type { Dialect } from '../dialect.js';
import { unitOf } from '../printer.js';

/** Postgres 15+: MERGE exists since 15; DDL is transactional, so drop + rename swaps are atomic. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  quote: '"',
  stringEscape: 'double-quote',
  types: {
    string: 'TEXT', int: 'INTEGER', bigint: 'BIGINT', float: 'DOUBLE PRECISION', decimal: 'NUMERIC(38, 9)',
    bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
  },
  capabilities: { merge: true, qualify: false, createOrReplaceTable: false, transactionalDdl: true },
  // Session-local and unlogged; `pg_temp` names this session's temporary schema.
  temporaryTables: { schema: 'pg_temp' },
  dateTrunc: (grain, expr) => `DATE_TRUNC('${grain}', ${expr})`,
  functions: {
    date_add_days: ([d, n]) => `(${d} + (${n}) * INTERVAL '1 day')`,
    date_diff_days: ([a, b]) => `(CAST(${b} AS DATE) - CAST(${a} AS DATE))`,
    sha256_hex: ([x]) => `ENCODE(SHA256(CONVERT_TO(${x}, 'UTF8')), 'hex')`,
    regexp_contains: ([s, pattern]) => `(${s} ~ ${pattern})`,
    date_sub_interval: ([d, n, unit]) => `(${d} - (${n}) * INTERVAL '1 ${unitOf(unit).toLowerCase()}')`,
  },
  hooks: {
    // Views built on a table depend on it in Postgres; they are rebuilt by the same run when selected.
    drop: (s, p) => `DROP ${s.object.toUpperCase()} ${s.ifExists ? 'IF EXISTS ' : ''}${p.table(s.table)} CASCADE`,
  },
};
