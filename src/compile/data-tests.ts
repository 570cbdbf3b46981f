/** The failing-rows query of each built-in data test, as a SQL tree. A test passes when it returns no row. */
import { sql, type Expr, type Select, type TableName } from '../sql/ast.js';
import type { TestDecl } from '../project/types.js';

export function failingRowsQuery(test: TestDecl, rel: TableName, parentRel?: TableName): Select {
  const cols = test.columns.map((c) => sql.col(c));
  const from = { kind: 'from_table' as const, table: rel };
  switch (test.kind) {
    case 'unique':
      return {
        kind: 'select',
        columns: [...cols.map((expr, i) => ({ expr, as: test.columns[i] })), { expr: sql.countStar(), as: 'n_records' }],
        from,
        where: sql.and(...cols.map((c): Expr => ({ kind: 'is_null', expr: c, negated: true }))),
        groupBy: cols,
        having: { kind: 'binary', op: '>', left: sql.countStar(), right: sql.lit(1) },
      };
    case 'not_null':
      return { kind: 'select', columns: [{ expr: { kind: 'star' } }], from, where: sql.or(...cols.map((c): Expr => ({ kind: 'is_null', expr: c }))) };
    case 'accepted_values':
      return {
        kind: 'select',
        columns: [{ expr: cols[0], as: 'value' }, { expr: sql.countStar(), as: 'n_records' }],
        from,
        where: { kind: 'in', expr: cols[0], values: (test.values ?? []).map((v) => sql.lit(v)), negated: true },
        groupBy: [cols[0]],
      };
    case 'relationships':
      return {
        kind: 'select',
        columns: [{ expr: sql.col(test.columns[0], 'child'), as: test.columns[0] }],
        from: { kind: 'from_table', table: rel, as: 'child' },
        joins: [{ type: 'left', from: { kind: 'from_table', table: parentRel!, as: 'parent' }, on: sql.eq(sql.col(test.columns[0], 'child'), sql.col(test.field!, 'parent')) }],
        where: sql.and(
          { kind: 'is_null', expr: sql.col(test.columns[0], 'child'), negated: true },
          { kind: 'is_null', expr: sql.col(test.field!, 'parent') },
        ),
      };
    case 'expression':
      throw new Error('internal error: expression tests are rendered from their template');
  }
}

export function testName(test: TestDecl, parent: string): string {
  if (test.name) return test.name;
  const cols = test.columns.join('__');
  const base = `${test.kind}_${parent}${cols ? '_' + cols : ''}`;
  return test.kind === 'relationships' ? `${base}__${test.to!.value.replace(/[^A-Za-z0-9_]/g, '_')}` : base;
}
