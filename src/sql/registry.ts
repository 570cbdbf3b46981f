import { codes } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import type { Dialect } from './dialect.js';
import { bigqueryDialect } from './bigquery/dialect.js';
import { duckdbDialect } from './duckdb/dialect.js';
import { postgresDialect } from './postgres/dialect.js';
import { SqlPrinter } from './printer.js';
import { snowflakeDialect } from './snowflake/dialect.js';

const dialects: Record<string, Dialect> = { duckdb: duckdbDialect, postgres: postgresDialect, bigquery: bigqueryDialect, snowflake: snowflakeDialect };

export function getDialect(name: string): Dialect {
  const d = dialects[name];
  if (!d) {
    throw new UserError([{ code: codes.unknownTarget, severity: 'error', message: `no SQL dialect for '${name}' yet`, hint: `available: ${Object.keys(dialects).join(', ')}` }]);
  }
  return d;
}

export function printerFor(name: string): SqlPrinter {
  return new SqlPrinter(getDialect(name));
}
