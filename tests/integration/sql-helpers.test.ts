/**
 * The cross-engine template helpers ({{regexp_full_match}}, {{decimal}}, ...) print each dialect's SQL from the
 * function catalogue; here they are executed on embedded DuckDB and the real Postgres and compared with hand-worked
 * answers (BigQuery and Snowflake run them in tests/integration/demo-targets.test.ts, through the fakes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlHelpers } from '../../src/compile/sql-helpers.js';
import { HelperError } from '../../src/compile/template.js';
import { printerFor } from '../../src/sql/registry.js';
import type { WarehouseAdapter } from '../../src/warehouse/adapter.js';
import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';

const engines: Record<string, WarehouseAdapter> = {};
beforeAll(async () => {
  engines.duckdb = await DuckDbAdapter.open({}, process.cwd(), 'helpers');
  engines.postgres = await PostgresAdapter.open({ url: 'postgres://postgres@127.0.0.1:5432/test' }, 'helpers');
});
afterAll(async () => {
  for (const e of Object.values(engines)) await e.close();
});

/** [helper, args, expected value] — expected worked out by hand. */
const cases: [string, (string | number)[], unknown][] = [
  ['regexp_full_match', ["'+33612345678'", '\\+[1-9][0-9]{7,14}'], true],
  ['regexp_full_match', ["'x+33612345678'", '\\+[1-9][0-9]{7,14}'], false],
  ['regexp_full_match', ["'ada@example.com'", '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}'], true],
  ['regexp_full_match', ["'ada@example'", '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}'], false],
  ['regexp_contains', ["'order #42 shipped'", '#[0-9]+'], true],
  ['regexp_replace_all', ["'06 12.34-56 78'", '[^0-9+]', ''], '0612345678'],
  ['strip_accents', ["'Françoise Rivière-Gaël ŒUF'"], 'Francoise Riviere-Gael ŒUF'],
  ['decimal', ['2.0 / 3', 12, 2], 0.67],
  ['seconds_between', ["TIMESTAMP '2024-01-01 10:00:00'", "TIMESTAMP '2024-01-01 11:30:15'"], 5415],
  ['date_add_days', ["DATE '2024-02-27'", 3], '2024-03-01'],
  ['date_diff_days', ["DATE '2023-12-25'", "DATE '2024-01-01'"], 7],
  ['date', ['2026-06-30'], '2026-06-30'],
];

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && /^-?([1-9][0-9]*|0)(\.\d+)?$/.test(v)) return Number(v);
  if (v && typeof v === 'object' && 'toDouble' in v) return (v as { toDouble(): number }).toDouble();
  return v;
}

describe('cross-engine SQL helpers', () => {
  for (const engine of ['duckdb', 'postgres']) {
    it(`give the hand-worked answers on ${engine}`, async () => {
      const h = sqlHelpers(printerFor(engine));
      for (const [name, args, want] of cases) {
        const sql = String(h[name](args, {}));
        const { columns, rows } = await engines[engine].query(`SELECT ${sql} AS v`);
        expect(plain(rows[0][columns[0]]), `${name}(${args.join(', ')}) on ${engine}: ${sql}`).toEqual(want);
      }
      const cast = String(h.type(['string'], {}));
      const { columns, rows } = await engines[engine].query(`SELECT CAST(42 AS ${cast}) AS v`);
      expect(rows[0][columns[0]]).toBe('42');
    });
  }

  it('print each dialect from the catalogue (no parameterised CAST on BigQuery)', () => {
    const regex = ['phone', '\\+[0-9]{8}'];
    expect(sqlHelpers(printerFor('bigquery')).regexp_full_match(regex, {})).toBe("REGEXP_CONTAINS(phone, '^(\\\\+[0-9]{8})$')");
    expect(sqlHelpers(printerFor('snowflake')).regexp_full_match(regex, {})).toBe("(REGEXP_INSTR(phone, '^(\\\\+[0-9]{8})$') > 0)");
    expect(sqlHelpers(printerFor('postgres')).regexp_full_match(regex, {})).toBe("(phone ~ '^(\\+[0-9]{8})$')");
    expect(sqlHelpers(printerFor('bigquery')).decimal(['x', 12, 2], {})).toBe('ROUND(CAST(x AS NUMERIC), 2)');
    expect(sqlHelpers(printerFor('snowflake')).decimal(['x', 12, 2], {})).toBe('CAST(x AS NUMBER(12, 2))');
    expect(sqlHelpers(printerFor('bigquery')).seconds_between(['a', 'b'], {})).toBe('TIMESTAMP_DIFF(b, a, SECOND)');
  });

  it('refuse wrong arguments with a usage example', () => {
    const h = sqlHelpers(printerFor('duckdb'));
    expect(() => h.regexp_full_match(['x'], {})).toThrow(HelperError);
    expect(() => h.regexp_full_match(['x'], {})).toThrow(/takes 2 arguments, as \{\{regexp_full_match/);
    expect(() => h.decimal(['x', 2, 5], {})).toThrow(/scale <= precision/);
    expect(() => h.type(['text'], {})).toThrow(/unknown type 'text'/);
    expect(() => h.date(['30/06/2026'], {})).toThrow(/YYYY-MM-DD/);
  });
});
