/** The fake's GoogleSQL -> DuckDB translation (tests/fakes/bigquery/translate.ts). */
import { describe, expect, it } from 'vitest';
import { leadingKeyword, translate } from '../fakes/bigquery/translate.js';

const projects = new Set(['test-proj']);
const tr = (s: string) => translate(s, projects).sql;

describe('fake BigQuery: translation to DuckDB', () => {
  it('maps project.dataset.table to schema.table, whichever way it is quoted', () => {
    expect(tr('SELECT * FROM `test-proj`.`analytics`.`orders`')).toBe('SELECT * FROM "analytics"."orders"');
    expect(tr('SELECT * FROM `test-proj.analytics.orders`')).toBe('SELECT * FROM "analytics"."orders"');
    expect(tr('SELECT * FROM analytics.orders AS o')).toBe('SELECT * FROM analytics.orders AS o');
    expect(tr('CREATE SCHEMA IF NOT EXISTS `test-proj`.`analytics`')).toBe('CREATE SCHEMA IF NOT EXISTS "analytics"');
    expect(translate('SELECT o.id FROM `test-proj`.`analytics`.`orders` AS o', projects).tables).toContain('analytics.orders');
  });

  it('decodes backslash escapes of strings and names into DuckDB quoting', () => {
    expect(tr("SELECT 'it\\'s \\\\ a\\nb' AS `we\\`ird`")).toBe(`SELECT 'it''s \\ a\nb' AS "we\`ird"`);
    expect(tr('SELECT "double" AS s')).toBe("SELECT 'double' AS s");
    expect(tr("SELECT r'\\d+' AS re")).toBe("SELECT '\\d+' AS re");
  });

  it('reorders date functions and rewrites the others Cible emits', () => {
    expect(tr('SELECT DATE_TRUNC(`d`, MONTH)')).toBe(`SELECT DATE_TRUNC('month', "d")`);
    expect(tr('SELECT DATE_TRUNC(d, ISOWEEK)')).toBe(`SELECT DATE_TRUNC('week', d)`);
    expect(tr('SELECT DATE_DIFF(b, a, DAY)')).toBe(`SELECT DATE_DIFF('day', a, b)`);
    expect(tr('SELECT DATE_ADD(d, INTERVAL (3) DAY)')).toBe('SELECT (d + INTERVAL (3) DAY)');
    expect(tr('SELECT SAFE_DIVIDE(a, b)')).toBe('SELECT ((a) / NULLIF(b, 0))');
    expect(tr('SELECT TO_HEX(SHA256(email))')).toBe('SELECT LOWER(HEX(UNHEX(SHA256(email))))');
    expect(tr('SELECT CURRENT_DATE(), CURRENT_TIMESTAMP()')).toBe('SELECT CURRENT_DATE(), CURRENT_TIMESTAMP');
    expect(tr('SELECT SAFE_CAST(x AS INT64), CAST(y AS FLOAT64), CAST(z AS NUMERIC)')).toBe('SELECT TRY_CAST(x AS BIGINT), CAST(y AS DOUBLE), CAST(z AS DECIMAL(38, 9))');
  });

  it('generates rows with UNNEST(GENERATE_ARRAY(...)) AS x, x being the element as in GoogleSQL', () => {
    expect(tr('SELECT a * 10 + b AS i FROM UNNEST(GENERATE_ARRAY(0, 9)) AS a CROSS JOIN UNNEST(GENERATE_ARRAY(0, 9, 1)) AS b')).toBe(
      'SELECT a * 10 + b AS i FROM UNNEST(generate_series(0, 9)) AS a(a) CROSS JOIN UNNEST(generate_series(0, 9, 1)) AS b(b)',
    );
    expect(tr('SELECT x FROM UNNEST([1, 2]) AS t(x)')).toBe('SELECT x FROM UNNEST([1, 2]) AS t(x)');
  });

  it('drops # comments and finds the leading keyword', () => {
    expect(tr('SELECT 1 # note\n')).toBe('SELECT 1');
    expect(leadingKeyword('-- c\n(SELECT 1)')).toBe('SELECT');
    expect(leadingKeyword('  merge into x')).toBe('MERGE');
  });
});

describe('fake BigQuery: what GoogleSQL rejects, the fake rejects', () => {
  it('refuses a CAST to a type GoogleSQL does not have', () => {
    expect(() => tr('SELECT CAST(x AS VARCHAR)')).toThrow(/Type not found: VARCHAR/);
    expect(() => tr('SELECT SAFE_CAST(x AS DOUBLE)')).toThrow(/Type not found: DOUBLE/);
    expect(tr('SELECT CAST(x AS NUMERIC(10, 2)), CAST(y AS INTEGER), CAST(CAST(z AS STRING) AS DATE)')).toBe('SELECT CAST(x AS NUMERIC(10, 2)), CAST(y AS BIGINT), CAST(CAST(z AS VARCHAR) AS DATE)');
  });
});
