/** The Snowflake fake's SQL translation onto DuckDB (tests/fakes/snowflake/sql-translate.ts). */
import { describe, expect, it } from 'vitest';
import { tokenize, translate } from '../fakes/snowflake/sql-translate.js';

const facts = { account: 'ACME', user: 'TESTER', role: 'TRANSFORMER', warehouse: 'WH' };
const tr = (s: string) => translate(s, facts);

describe('snowflake -> duckdb translation', () => {
  it('upper-cases unquoted identifiers and keeps quoted ones, strings and comments', () => {
    expect(tr(`select id, "lower" as "Keep", 'text' from s.t -- note`)).toBe(`SELECT ID, "lower" AS "Keep", 'text' FROM S.T -- note`);
  });

  it('reads backslash escapes and $$ strings into standard literals', () => {
    expect(tr(`select 'it\\'s', 'a\\\\b', 'x\\ny', $$dollar's$$`)).toBe(`SELECT 'it''s', 'a\\b', 'x\ny', 'dollar''s'`);
    expect(tokenize(`'a''b'`)).toEqual([{ t: 'string', v: "a'b" }]);
  });

  it('renames Snowflake types', () => {
    expect(tr('create table t (a number(10,2), b number, c timestamp_ntz, d float, e varchar)')).toBe('CREATE TABLE T (A DECIMAL(10,2), B DECIMAL(38, 0), C TIMESTAMP, D DOUBLE, E VARCHAR)');
    expect(tr('create or replace transient table t as select 1')).toBe('CREATE OR REPLACE TABLE T AS SELECT 1');
  });

  it('rewrites the functions DuckDB spells differently, nested', () => {
    expect(tr(`select dateadd('day', -3, d), datediff(day, a, b), sha2(lower(e), 256), div0null(x, y), iff(a > 1, 'y', 'n'), nvl(a, 0)`)).toBe(
      `SELECT (D + to_days(CAST(-3 AS INTEGER))), date_diff('day', A, B), sha256(LOWER(E)), (CASE WHEN (Y) = 0 OR (Y) IS NULL THEN 0 ELSE (X) / (Y) END), (CASE WHEN A > 1 THEN 'y' ELSE 'n' END), COALESCE(A, 0)`,
    );
    expect(tr(`select sha2(dateadd('month', 1, x))`)).toBe('SELECT sha256((X + to_months(CAST(1 AS INTEGER))))');
    expect(tr('select current_role(), current_warehouse(), t.current_role')).toBe(`SELECT 'TRANSFORMER', 'WH', T.CURRENT_ROLE`);
  });

  it('generates rows with TABLE(GENERATOR(ROWCOUNT => n)) and SEQ4()', () => {
    expect(tr('select row_number() over (order by seq4()) as i from table(generator(rowcount => 1000)) g')).toBe(
      'SELECT ROW_NUMBER() OVER (ORDER BY "__SEQ") AS I FROM (SELECT range AS "__SEQ" FROM range(1000)) G',
    );
    expect(() => tr('select 1 from table(generator(timelimit => 10))')).toThrow(/ROWCOUNT/);
  });

  it('maps INFORMATION_SCHEMA views onto DuckDB with Snowflake names, in the current or a named database', () => {
    const cur = tr('select table_name from information_schema.tables where table_schema = $$X$$');
    expect(cur).toMatch(/^SELECT TABLE_NAME FROM \(SELECT .* FROM system\.information_schema\.tables WHERE table_catalog = current_database\(\)\) AS TABLES WHERE TABLE_SCHEMA = 'X'$/);
    expect(tr('select * from "DEMO".INFORMATION_SCHEMA.COLUMNS c')).toMatch(/^SELECT \* FROM \(SELECT .*'NUMBER'.* WHERE table_catalog = 'DEMO'\) C$/);
  });
});
