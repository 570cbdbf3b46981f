import type { Dialect } from '../dialect.js';
import { unitOf } from '../printer.js';

const fromDuckdb: Record<string, string> = {
  VARCHAR: 'TEXT', BIGINT: 'BIGINT', INTEGER: 'INTEGER', SMALLINT: 'SMALLINT', TINYINT: 'SMALLINT', DOUBLE: 'DOUBLE PRECISION',
  FLOAT: 'REAL', BOOLEAN: 'BOOLEAN', DATE: 'DATE', TIMESTAMP: 'TIMESTAMP', TIME: 'TIME', 'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
  HUGEINT: 'NUMERIC(38, 0)', UUID: 'UUID',
};

/** Postgres 15+: MERGE exists since 15; DDL is transactional, so drop + rename swaps are atomic. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  quote: '"',
  stringEscape: 'double-quote',
  types: {
    string: 'TEXT', int: 'INTEGER', bigint: 'BIGINT', float: 'DOUBLE PRECISION', decimal: 'NUMERIC(38, 9)',
    bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
  },
  typeFromDuckdb: (t) => fromDuckdb[t.toUpperCase()] ?? (/^DECIMAL/i.test(t) ? t.toUpperCase().replace(/^DECIMAL/, 'NUMERIC') : 'TEXT'),
  capabilities: { merge: true, qualify: false, createOrReplaceTable: false, transactionalDdl: true },
  // Session-local and unlogged; `pg_temp` names this session's temporary schema. Without statistics the planner
  // guesses and nests loops over the identifier self-joins: a 2,000-person profile took 460 s, analyzed 2 s.
  temporaryTables: { schema: 'pg_temp', analyze: true },
  dateTrunc: (grain, expr) => `DATE_TRUNC('${grain}', ${expr})`,
  functions: {
    date_add_days: ([d, n]) => `(${d} + (${n}) * INTERVAL '1 day')`,
    date_diff_days: ([a, b]) => `(CAST(${b} AS DATE) - CAST(${a} AS DATE))`,
    to_decimal: ([x, precision, scale]) => `CAST(${x} AS NUMERIC(${precision}, ${scale}))`,
    // EXTRACT(EPOCH ...) keeps fractions of a second; the catalogue counts whole ones, as DuckDB's DATE_DIFF('second').
    seconds_between: ([a, b]) => `CAST(FLOOR(EXTRACT(EPOCH FROM (${b})) - EXTRACT(EPOCH FROM (${a}))) AS BIGINT)`,
    sha256_hex: ([x]) => `ENCODE(SHA256(CONVERT_TO(${x}, 'UTF8')), 'hex')`,
    // Postgres 11+; the text's bytes with seed 0.
    hash64: ([x]) => `HASHTEXTEXTENDED(${x}, 0)`,
    regexp_contains: ([s, pattern]) => `(${s} ~ ${pattern})`,
    date_sub_interval: ([d, n, unit]) => `(${d} - (${n}) * INTERVAL '1 ${unitOf(unit).toLowerCase()}')`,
  },
  hooks: {
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists ("permission denied for
    // database"), so a user granted CREATE on its schema only could not build: create it only when it is missing.
    create_schema: (s, p) =>
      `DO $cible$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${p.string(s.schema)}) THEN CREATE SCHEMA ${p.ident(s.schema)}; END IF; END $cible$`,
    // Views built on a table depend on it in Postgres; they are rebuilt by the same run when selected.
    drop: (s, p) => `DROP ${s.object.toUpperCase()} ${s.ifExists ? 'IF EXISTS ' : ''}${p.table(s.table)} CASCADE`,
  },
};
