/** The bigquery dialect as text (habit 3: facts plus hooks), and the plans materialize.ts makes with its capabilities. */
import { describe, expect, it } from 'vitest';
import { incrementalApply, swapIn, tablePlan, viewPlan } from '../../src/run/materialize.js';
import { sql, type LogicalType, type Statement } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { bigqueryDeclaredType, bigquerySeedCast, bigqueryTypeForDuckdb } from '../../src/sql/bigquery/seed-cast.js';

const p = printerFor('bigquery');
const caps = p.dialect.capabilities;
const rel = sql.table('orders', 'analytics', 'my-proj');
const tmp = sql.table('orders__cible_tmp', 'analytics', 'my-proj');
const texts = (xs: Statement[]) => xs.map((x) => p.statement(x));

describe('bigquery dialect: names and literals', () => {
  it('quotes each part of project.dataset.table on its own', () => {
    expect(p.table(rel)).toBe('`my-proj`.`analytics`.`orders`');
    expect(p.table(sql.table('t', 'd'))).toBe('`d`.`t`');
  });

  it('escapes with backslashes: quotes, backslashes and newlines cannot end a literal or a name', () => {
    expect(p.string("it's")).toBe("'it\\'s'");
    expect(p.string('a\\b')).toBe("'a\\\\b'");
    expect(p.string('two\nlines\r\tend')).toBe("'two\\nlines\\r\\tend'");
    expect(p.string("\\'")).toBe("'\\\\\\''");
    expect(p.ident('we`ird')).toBe('`we\\`ird`');
    expect(p.ident('back\\tick`')).toBe('`back\\\\tick\\``');
    expect(p.literal(true)).toBe('TRUE');
    expect(p.literal(null)).toBe('NULL');
  });

  it('names its types', () => {
    const cast = (to: LogicalType) => p.expr({ kind: 'cast', expr: sql.col('x'), to });
    expect((['string', 'int', 'bigint', 'float', 'decimal', 'bool', 'date', 'timestamp'] as const).map(cast)).toEqual([
      'CAST(`x` AS STRING)', 'CAST(`x` AS INT64)', 'CAST(`x` AS INT64)', 'CAST(`x` AS FLOAT64)', 'CAST(`x` AS NUMERIC)', 'CAST(`x` AS BOOL)', 'CAST(`x` AS DATE)', 'CAST(`x` AS TIMESTAMP)',
    ]);
  });
});

describe('bigquery dialect: the function catalogue', () => {
  const d = sql.col('d');
  const call = (fn: Parameters<typeof sql.call>[0], ...args: Parameters<typeof sql.call>[1][]) => p.expr(sql.call(fn, ...args));
  it('puts the date part last, as a bare keyword (weeks are ISO weeks, as on the other engines)', () => {
    expect(['day', 'week', 'month', 'quarter', 'year'].map((g) => call('date_trunc', sql.raw(g), d))).toEqual([
      'DATE_TRUNC(`d`, DAY)', 'DATE_TRUNC(`d`, ISOWEEK)', 'DATE_TRUNC(`d`, MONTH)', 'DATE_TRUNC(`d`, QUARTER)', 'DATE_TRUNC(`d`, YEAR)',
    ]);
  });
  it('prints date arithmetic, safe division, hashing and the current date', () => {
    expect(call('date_add_days', d, sql.lit(30))).toBe('DATE_ADD(`d`, INTERVAL (30) DAY)');
    expect(call('date_diff_days', sql.col('a'), sql.col('b'))).toBe('DATE_DIFF(`b`, `a`, DAY)');
    expect(call('safe_divide', sql.col('a'), sql.col('b'))).toBe('SAFE_DIVIDE(`a`, `b`)');
    expect(call('sha256_hex', sql.col('email'))).toBe('TO_HEX(SHA256(`email`))');
    expect(call('current_date')).toBe('CURRENT_DATE()');
    expect(call('current_timestamp')).toBe('CURRENT_TIMESTAMP()');
    expect(call('concat', sql.col('a'), sql.lit('-'))).toBe("(`a` || '-')");
  });
});

describe('bigquery dialect: statements', () => {
  it('creates a dataset in the project, merges, deletes, and marks primary keys NOT ENFORCED', () => {
    expect(p.statement({ kind: 'create_schema', schema: 'analytics', database: 'my-proj' })).toBe('CREATE SCHEMA IF NOT EXISTS `my-proj`.`analytics`');
    expect(p.statement({ kind: 'merge', target: rel, source: tmp, keys: ['id'], columns: ['id', 'v'] })).toBe(
      'MERGE INTO `my-proj`.`analytics`.`orders` AS `t`\nUSING `my-proj`.`analytics`.`orders__cible_tmp` AS `s`\nON `t`.`id` = `s`.`id`\n' +
        'WHEN MATCHED THEN UPDATE SET `v` = `s`.`v`\nWHEN NOT MATCHED THEN INSERT (`id`, `v`) VALUES (`s`.`id`, `s`.`v`)',
    );
    expect(p.statement({ kind: 'create_table', table: rel, columns: [{ name: 'id', type: 'bigint' }, { name: 'at', type: 'timestamp' }], primaryKey: ['id'], ifNotExists: true })).toBe(
      'CREATE TABLE IF NOT EXISTS `my-proj`.`analytics`.`orders` (`id` INT64, `at` TIMESTAMP, PRIMARY KEY (`id`) NOT ENFORCED)',
    );
  });

  it('casts a seed loaded as strings to its declared or sniffed types, in one statement', () => {
    const cols = [{ name: 'id', type: bigqueryTypeForDuckdb('BIGINT') }, { name: 'name', type: bigqueryTypeForDuckdb('VARCHAR') }, { name: 'amount', type: bigqueryDeclaredType('NUMERIC(10, 2)') }];
    expect(p.statement(bigquerySeedCast(p, tmp, cols))).toBe(
      'CREATE OR REPLACE TABLE `my-proj`.`analytics`.`orders__cible_tmp` AS\nSELECT CAST(`id` AS INT64) AS `id`, `name`, CAST(`amount` AS NUMERIC) AS `amount`\nFROM `my-proj`.`analytics`.`orders__cible_tmp`',
    );
    expect(['DOUBLE', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'DECIMAL(10,2)', 'TIME'].map(bigqueryTypeForDuckdb)).toEqual(['FLOAT64', 'DATE', 'TIMESTAMP', 'BOOL', 'NUMERIC', 'TIME']);
    expect(['VARCHAR', 'text', 'DOUBLE PRECISION', 'BOOLEAN', 'DECIMAL(10,2)', 'INTEGER', 'NUMERIC(10, 2)', 'TIMESTAMPTZ'].map(bigqueryDeclaredType)).toEqual([
      'STRING', 'STRING', 'FLOAT64', 'BOOL', 'NUMERIC', 'INTEGER', 'NUMERIC', 'TIMESTAMP',
    ]);
    // No parameterised type in a CAST: wider than NUMERIC goes BIGNUMERIC, sized strings lose the size.
    expect(['DECIMAL(38, 2)', 'NUMERIC(20,12)', 'BIGNUMERIC(40, 10)', 'STRING(10)', 'BYTES(4)'].map(bigqueryDeclaredType)).toEqual(['BIGNUMERIC', 'BIGNUMERIC', 'BIGNUMERIC', 'STRING', 'BYTES']);
  });
});

describe('materialize.ts with BigQuery capabilities: never DDL inside a transaction', () => {
  const ddlInTx = (xs: Statement[]) => {
    let inTx = false;
    return xs.some((x) => {
      if (x.kind === 'begin') inTx = true;
      if (x.kind === 'commit') inTx = false;
      return inTx && ['create_table_as', 'create_view', 'drop', 'rename', 'create_schema', 'create_table'].includes(x.kind);
    });
  };

  it('builds a table straight into place with CREATE OR REPLACE TABLE (no temporary copy)', () => {
    expect(texts(tablePlan(rel, tmp, 'SELECT 1 AS id', undefined, caps))).toEqual(['CREATE OR REPLACE TABLE `my-proj`.`analytics`.`orders` AS\nSELECT 1 AS id']);
    expect(texts(tablePlan(rel, tmp, 'SELECT 1 AS id', 'view', caps))).toEqual(['DROP VIEW `my-proj`.`analytics`.`orders`', 'CREATE OR REPLACE TABLE `my-proj`.`analytics`.`orders` AS\nSELECT 1 AS id']);
  });

  it('swaps a loaded seed in with CREATE OR REPLACE TABLE ... SELECT *, then drops the load table', () => {
    expect(texts(swapIn(rel, tmp, 'table', caps))).toEqual([
      'CREATE OR REPLACE TABLE `my-proj`.`analytics`.`orders` AS\nSELECT *\nFROM `my-proj`.`analytics`.`orders__cible_tmp`',
      'DROP TABLE `my-proj`.`analytics`.`orders__cible_tmp`',
    ]);
  });

  it('keeps every plan free of DDL inside BEGIN ... COMMIT', () => {
    for (const existing of [undefined, 'table', 'view'] as const) {
      expect(ddlInTx(tablePlan(rel, tmp, 'SELECT 1', existing, caps))).toBe(false);
      expect(ddlInTx(swapIn(rel, tmp, existing, caps))).toBe(false);
      expect(ddlInTx(viewPlan(rel, 'SELECT 1', existing, caps))).toBe(false);
    }
    for (const strategy of ['merge', 'delete+insert', 'append'] as const) expect(ddlInTx(incrementalApply(rel, tmp, strategy, ['id'], ['id', 'v']))).toBe(false);
  });

  it('leaves the transactional engines as they were (DuckDB: temp table, drop + rename in a transaction)', () => {
    const duck = printerFor('duckdb').dialect.capabilities;
    expect(tablePlan(rel, tmp, 'SELECT 1', 'table', duck).map((x) => x.kind)).toEqual(['drop', 'create_table_as', 'begin', 'drop', 'rename', 'commit']);
    expect(viewPlan(rel, 'SELECT 1', 'table', duck).map((x) => x.kind)).toEqual(['begin', 'drop', 'create_view', 'commit']);
  });
});
