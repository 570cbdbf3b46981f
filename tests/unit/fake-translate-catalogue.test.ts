/**
 * What the BigQuery and Snowflake fakes do with the catalogue functions profiles print: translated to DuckDB with
 * the vendor's semantics (every match replaced, NULL-propagating LEAST, 0-based SAFE_OFFSET, LISTAGG ... WITHIN
 * GROUP, SEQ8), and DuckDB spellings the vendor lacks rejected, so they cannot pass the fakes by accident.
 */
import { describe, expect, it } from 'vitest';
import { translate as bq, TranslateError } from '../fakes/bigquery/translate.js';
import { translate as sf } from '../fakes/snowflake/sql-translate.js';

const tb = (s: string) => bq(s, new Set(['test-proj'])).sql;
const ts = (s: string) => sf(s, { account: 'A', user: 'U', role: 'R', warehouse: 'W' });

describe('fake BigQuery: catalogue functions', () => {
  it('REGEXP_REPLACE replaces every match and takes three arguments only', () => {
    expect(tb("SELECT REGEXP_REPLACE(x, '\\\\.', '')")).toBe("SELECT REGEXP_REPLACE(x, '\\.', '', 'g')");
    expect(() => tb("SELECT REGEXP_REPLACE(x, 'a', '', 'g')")).toThrow(TranslateError);
  });

  it('SPLIT(...)[SAFE_OFFSET(i)] becomes a 1-based list index; LEAST is NULL on any NULL', () => {
    expect(tb("SELECT SPLIT(e, '@')[SAFE_OFFSET(1)]")).toBe("SELECT STRING_SPLIT(e, '@')[(1) + 1]");
    expect(tb('SELECT LEAST(a, b)')).toBe('SELECT CASE WHEN (a) IS NULL OR (b) IS NULL THEN NULL ELSE LEAST(a, b) END');
  });

  it('rejects DuckDB and Snowflake spellings GoogleSQL does not have', () => {
    for (const f of ["REGEXP_MATCHES(x, 'a')", "SPLIT_PART(x, '@', 2)", "LISTAGG(x, ',')", 'DATEADD(DAY, 1, d)']) {
      expect(() => tb(`SELECT ${f}`), f).toThrow(/Function not found/);
    }
  });
});

describe('fake Snowflake: catalogue functions', () => {
  it('REGEXP_REPLACE replaces every match; REGEXP_INSTR is the position of the first match', () => {
    expect(ts("select regexp_replace(x, '\\\\.', '')")).toBe("SELECT REGEXP_REPLACE(X, '\\.', '', 'g')");
    expect(ts("select regexp_instr(x, 'b') > 0")).toMatch(/^SELECT \(CASE WHEN \(X\) IS NULL OR \('b'\) IS NULL THEN NULL WHEN REGEXP_MATCHES\(X, 'b'\) THEN LENGTH\(REGEXP_SPLIT_TO_ARRAY\(X, 'b'\)\[1\]\) \+ 1 ELSE 0 END\) > 0$/);
  });

  it('LISTAGG ... WITHIN GROUP (ORDER BY) becomes an ordered STRING_AGG', () => {
    expect(ts("select listagg(distinct x, ',') within group (order by x) from t")).toBe("SELECT STRING_AGG(DISTINCT X, ',' ORDER BY X) FROM T");
    expect(ts("select listagg(x, ',') from t")).toBe("SELECT STRING_AGG(X, ',') FROM T");
  });

  it('SEQ8() numbers rows outside a generator; ROW_NUMBER() needs ORDER BY, as on Snowflake', () => {
    expect(ts('select seq8() as id, t.* from t')).toBe('SELECT (ROW_NUMBER() OVER () - 1) AS ID, T.* FROM T');
    expect(() => ts('select row_number() over () from t')).toThrow(/requires ORDER BY in window specification/);
    expect(() => ts('select row_number() over (partition by a) from t')).toThrow(/requires ORDER BY/);
    expect(ts('select row_number() over (partition by a order by b) from t')).toBe('SELECT ROW_NUMBER() OVER (PARTITION BY A ORDER BY B) FROM T');
  });

  it('rejects REGEXP_MATCHES, which Snowflake does not have', () => {
    expect(() => ts("select regexp_matches(x, 'a')")).toThrow(/Unknown function REGEXP_MATCHES/);
  });
});
