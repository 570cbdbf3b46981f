/** The cross-engine table fingerprint used by tests/integration/demo-targets.test.ts: equal for one multiset of rows
 * however each engine's client represents the values, different as soon as one value or one row differs. */
import { describe, expect, it } from 'vitest';
import { canonical, fingerprint } from '../helpers/table-checksum.js';

describe('table fingerprint', () => {
  const duck = { columns: ['id', 'amount', 'at', 'day', 'tags', 'ok', 'name'], rows: [
    { id: 1n, amount: 12.5, at: new Date('2024-01-03T10:00:00Z'), day: new Date('2024-01-03T00:00:00Z'), tags: ['a', 'b'], ok: true, name: '' },
    { id: 2n, amount: 0.1 + 0.2, at: null, day: null, tags: [], ok: false, name: 'Zoé' },
  ] };
  // As Postgres (numeric text), BigQuery (value wrappers) or Snowflake (upper-case names) return them, rows reordered.
  const other = { columns: ['NAME', 'OK', 'TAGS', 'DAY', 'AT', 'AMOUNT', 'ID'], rows: [
    { ID: '2', AMOUNT: '0.300000000', AT: null, DAY: null, TAGS: '[]', OK: false, NAME: 'Zoé' },
    { ID: { value: '1' }, AMOUNT: '12.50', AT: { value: '2024-01-03 10:00:00.000000' }, DAY: { value: '2024-01-03' }, TAGS: '["a", "b"]', OK: true, NAME: '' },
  ] };

  it('is the same for the same rows, whatever their representation and order', () => {
    expect(fingerprint(other.columns, other.rows)).toEqual(fingerprint(duck.columns, duck.rows));
  });

  it('differs when one value, one row or NULL versus empty string differs', () => {
    const base = fingerprint(duck.columns, duck.rows).checksum;
    const changed = (f: (r: Record<string, unknown>[]) => void) => {
      const rows = duck.rows.map((r) => ({ ...r }));
      f(rows);
      return fingerprint(duck.columns, rows);
    };
    expect(changed((r) => (r[0].amount = 12.51)).checksum).not.toBe(base);
    expect(changed((r) => (r[1].name = null)).checksum).not.toBe(base);
    expect(changed((r) => (r[0].at = new Date('2024-01-03T10:00:01Z'))).checksum).not.toBe(base);
    expect(changed((r) => r.push({ ...r[0] })).rows).toBe(3);
    // Swapping two values between columns is a different row.
    expect(changed((r) => ([r[0].name, r[1].name] = [r[1].name, r[0].name])).checksum).not.toBe(base);
  });

  it('canonicalises numbers to 6 decimals and midnight timestamps to dates', () => {
    expect(canonical(1 / 3)).toBe('0.333333');
    expect(canonical('2024-05-01T00:00:00Z')).toBe('2024-05-01');
    expect(canonical(null)).not.toBe(canonical(''));
  });
});
