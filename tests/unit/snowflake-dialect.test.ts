/** The Snowflake dialect's facts and hooks, printed by the shared printer (no connection needed). */
import { describe, expect, it } from 'vitest';
import { incrementalApply, swapIn, tablePlan, viewPlan } from '../../src/run/materialize.js';
import { sql } from '../../src/sql/ast.js';
import { printerFor } from '../../src/sql/registry.js';
import { copyInto, createSeedTable, putFile, snowflakeTypeForDuckDb, tableStage } from '../../src/sql/snowflake/seed-load.js';

const p = printerFor('snowflake');
const caps = p.dialect.capabilities;
const orders = sql.table('stg_orders', 'analytics');
const tmp = sql.table('stg_orders__cible_tmp', 'analytics');

describe('snowflake identifiers: quoted, ASCII letters upper-cased', () => {
  it('prints names as Snowflake stores unquoted ones', () => {
    expect(p.ident('stg_orders')).toBe('"STG_ORDERS"');
    expect(p.table(sql.table('stg_orders', 'analytics', 'demo'))).toBe('"DEMO"."ANALYTICS"."STG_ORDERS"');
    expect(p.ident('Mixed_Case9$')).toBe('"MIXED_CASE9$"');
  });

  it('keeps hostile names safe and non-ASCII letters as written', () => {
    expect(p.ident('quote"inside')).toBe('"QUOTE""INSIDE"');
    expect(p.ident('with space; --')).toBe('"WITH SPACE; --"');
    expect(p.ident('café 東京')).toBe('"CAFé 東京"');
    expect(p.foldName('analytics')).toBe('ANALYTICS');
  });

  it('escapes strings with backslashes, as Snowflake reads them', () => {
    expect(p.string("it's")).toBe("'it\\'s'");
    expect(p.string('back\\slash')).toBe("'back\\\\slash'");
    expect(p.string('new\nline')).toBe("'new\\nline'");
  });
});

describe('snowflake types and function catalogue', () => {
  it('maps logical types', () => {
    expect(p.dialect.types).toMatchObject({ string: 'VARCHAR', int: 'NUMBER(38, 0)', float: 'FLOAT', bool: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP_NTZ' });
    expect(p.expr({ kind: 'cast', expr: sql.col('amount'), to: 'decimal' })).toBe('CAST("AMOUNT" AS NUMBER(38, 9))');
  });

  it('prints dates, safe division and hashing', () => {
    const d = sql.col('ordered_at');
    expect(p.expr(sql.call('date_trunc', sql.raw('month'), d))).toBe(`DATE_TRUNC('month', "ORDERED_AT")`);
    expect(p.expr(sql.call('date_add_days', d, sql.lit(-90)))).toBe(`DATEADD('day', -90, "ORDERED_AT")`);
    expect(p.expr(sql.call('date_diff_days', d, sql.call('current_date')))).toBe(`DATEDIFF('day', "ORDERED_AT", CURRENT_DATE)`);
    expect(p.expr(sql.call('safe_divide', sql.col('revenue'), sql.col('orders')))).toBe('("REVENUE") / NULLIF("ORDERS", 0)');
    expect(p.expr(sql.call('sha256_hex', sql.call('lower', sql.col('email'))))).toBe('SHA2(LOWER("EMAIL"), 256)');
  });
});

describe('snowflake materialisation statements', () => {
  it('has MERGE, QUALIFY, CREATE OR REPLACE and SWAP, but no transactional DDL', () => {
    expect(caps).toEqual({ merge: true, qualify: true, createOrReplaceTable: true, transactionalDdl: false, swapTable: true });
  });

  it('replaces an existing table with one SWAP WITH, then drops the old table', () => {
    expect(swapIn(orders, tmp, 'table', caps).map((s) => p.statement(s))).toEqual([
      'ALTER TABLE "ANALYTICS"."STG_ORDERS__CIBLE_TMP" SWAP WITH "ANALYTICS"."STG_ORDERS"',
      'DROP TABLE "ANALYTICS"."STG_ORDERS__CIBLE_TMP"',
    ]);
    expect(tablePlan(orders, tmp, 'select 1 as x', 'table', caps).map((s) => s.kind)).toEqual(['drop', 'create_table_as', 'swap', 'drop']);
  });

  it('renames a new table with a qualified name, so it stays in its schema', () => {
    expect(swapIn(orders, tmp, undefined, caps).map((s) => p.statement(s))).toEqual([
      'BEGIN TRANSACTION', 'ALTER TABLE "ANALYTICS"."STG_ORDERS__CIBLE_TMP" RENAME TO "ANALYTICS"."STG_ORDERS"', 'COMMIT',
    ]);
    expect(swapIn(orders, tmp, 'view', caps).map((s) => s.kind)).toEqual(['begin', 'drop', 'rename', 'commit']);
  });

  it('replaces a view in place, and a table by a view with a drop first', () => {
    expect(viewPlan(orders, 'select 1 as x', 'view', caps).map((s) => p.statement(s))).toEqual(['CREATE OR REPLACE VIEW "ANALYTICS"."STG_ORDERS" AS\nselect 1 as x']);
    expect(viewPlan(orders, 'select 1 as x', 'table', caps).map((s) => s.kind)).toEqual(['drop', 'create_view']);
  });

  it('merges on quoted, upper-cased keys with unqualified SET targets', () => {
    const [, merge] = incrementalApply(orders, tmp, 'merge', ['order_id'], ['order_id', 'amount']);
    expect(p.statement(merge)).toBe([
      'MERGE INTO "ANALYTICS"."STG_ORDERS" AS "T"', 'USING "ANALYTICS"."STG_ORDERS__CIBLE_TMP" AS "S"', 'ON "T"."ORDER_ID" = "S"."ORDER_ID"',
      'WHEN MATCHED THEN UPDATE SET "AMOUNT" = "S"."AMOUNT"', 'WHEN NOT MATCHED THEN INSERT ("ORDER_ID", "AMOUNT") VALUES ("S"."ORDER_ID", "S"."AMOUNT")',
    ].join('\n'));
  });
});

describe('snowflake seed load statements', () => {
  it('creates the typed table, PUTs into its table stage and COPYs from it', () => {
    expect(tableStage(p, tmp)).toBe('@"ANALYTICS".%"STG_ORDERS__CIBLE_TMP"');
    expect(createSeedTable(p, tmp, [{ name: 'id', type: 'NUMBER(38, 0)' }, { name: 'zip', type: 'VARCHAR(5)' }])).toBe('CREATE OR REPLACE TABLE "ANALYTICS"."STG_ORDERS__CIBLE_TMP" ("ID" NUMBER(38, 0), "ZIP" VARCHAR(5))');
    expect(putFile(p, "/tmp/it's here/orders.csv", tmp)).toBe(`PUT 'file:///tmp/it\\'s here/orders.csv' @"ANALYTICS".%"STG_ORDERS__CIBLE_TMP" AUTO_COMPRESS = TRUE OVERWRITE = TRUE`);
    expect(copyInto(p, tmp)).toMatch(/^COPY INTO "ANALYTICS"."STG_ORDERS__CIBLE_TMP" FROM @"ANALYTICS".%"STG_ORDERS__CIBLE_TMP" FILE_FORMAT = \(TYPE = CSV .*ESCAPE_UNENCLOSED_FIELD = NONE EMPTY_FIELD_AS_NULL = TRUE NULL_IF = \(\).*\) ON_ERROR = ABORT_STATEMENT PURGE = TRUE$/);
  });

  it('maps the types DuckDB sniffs', () => {
    expect(['BIGINT', 'DOUBLE', 'DECIMAL(10,2)', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIME', 'VARCHAR', 'UUID'].map(snowflakeTypeForDuckDb)).toEqual([
      'NUMBER(38, 0)', 'FLOAT', 'NUMBER(10, 2)', 'BOOLEAN', 'DATE', 'TIMESTAMP_NTZ', 'TIMESTAMP_NTZ', 'TIME', 'VARCHAR', 'VARCHAR',
    ]);
  });
});
