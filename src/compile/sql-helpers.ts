/**
 * Template helpers for SQL that differs between engines, printed by the target's dialect from the function
 * catalogue, so one model file builds on DuckDB, Postgres, BigQuery and Snowflake (as dbt's cross-database macros).
 * Arguments named `expr` are SQL expressions, passed through as written; `pattern`, `text` and units are values,
 * quoted and escaped by the dialect (a regex backslash needs no doubling for any engine).
 */
import type { LogicalType } from '../sql/ast.js';
import type { SqlPrinter } from '../sql/printer.js';
import { HelperError, type Helper, type TemplateValue } from './template.js';

const logicalTypes: LogicalType[] = ['string', 'int', 'bigint', 'float', 'decimal', 'bool', 'date', 'timestamp'];

export function sqlHelpers(p: SqlPrinter): Record<string, Helper> {
  const args = (name: string, usage: string, n: number, got: TemplateValue[]): string[] => {
    if (got.length !== n || got.some((a) => a === null || a === undefined || typeof a === 'object')) {
      throw new HelperError(`${name} takes ${n} argument${n === 1 ? '' : 's'}, as ${usage}`);
    }
    return got.map(String);
  };
  return {
    /** {{regexp_contains "expr" "pattern"}}: true when the pattern matches somewhere in the text. */
    regexp_contains: (a) => {
      const [e, pattern] = args('regexp_contains', '{{regexp_contains "email" "@example\\.com$"}}', 2, a);
      return p.fn('regexp_contains', e, p.string(pattern));
    },
    /** {{regexp_full_match "expr" "pattern"}}: true when the pattern matches the whole text. */
    regexp_full_match: (a) => {
      const [e, pattern] = args('regexp_full_match', '{{regexp_full_match "phone" "\\+[0-9]{8,15}"}}', 2, a);
      return p.fn('regexp_contains', e, p.string(`^(${pattern})$`));
    },
    /** {{regexp_replace_all "expr" "pattern" "replacement"}}: every match replaced. */
    regexp_replace_all: (a) => {
      const [e, pattern, by] = args('regexp_replace_all', `{{regexp_replace_all "phone" "[^0-9]" ""}}`, 3, a);
      return p.fn('regexp_replace_all', e, p.string(pattern), p.string(by));
    },
    /** {{strip_accents "expr"}}: é -> e, Ç -> C (see the catalogue's strip_accents). */
    strip_accents: (a) => p.fn('strip_accents', ...args('strip_accents', '{{strip_accents "last_name"}}', 1, a)),
    /** {{date_add_days "expr" n}}: the date n days later (n may be negative or an expression). */
    date_add_days: (a) => p.fn('date_add_days', ...args('date_add_days', '{{date_add_days "first_order_date" 30}}', 2, a)),
    /** {{date_diff_days "a" "b"}}: days from date a to date b. */
    date_diff_days: (a) => p.fn('date_diff_days', ...args('date_diff_days', '{{date_diff_days "ordered_on" "shipped_on"}}', 2, a)),
    /** {{seconds_between "a" "b"}}: whole seconds from timestamp a to timestamp b. */
    seconds_between: (a) => p.fn('seconds_between', ...args('seconds_between', '{{seconds_between "opened_at" "closed_at"}}', 2, a)),
    /** {{decimal "expr" 12 2}}: a fixed-point number, 12 digits of which 2 after the point. */
    decimal: (a) => {
      const [e, precision, scale] = args('decimal', '{{decimal "quantity * unit_price" 12 2}}', 3, a);
      if (!/^\d+$/.test(precision) || !/^\d+$/.test(scale) || Number(scale) > Number(precision)) {
        throw new HelperError(`decimal takes a precision and a scale (whole numbers, scale <= precision), got ${precision} and ${scale}`);
      }
      return p.fn('to_decimal', e, precision, scale);
    },
    /** {{date "2026-06-30"}} or {{date (var "today")}}: a DATE literal. */
    date: (a) => {
      const [d] = args('date', '{{date (var "run_date")}}', 1, a);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new HelperError(`date expects YYYY-MM-DD, got '${d}'`);
      return `DATE ${p.string(d)}`;
    },
    /** {{type "string"}}: the engine's name for a logical type, for CAST(x AS {{type "string"}}). */
    type: (a) => {
      const [t] = args('type', '{{type "string"}}', 1, a);
      if (!logicalTypes.includes(t as LogicalType)) throw new HelperError(`unknown type '${t}'`, `types: ${logicalTypes.join(', ')}`);
      return p.dialect.types[t as LogicalType];
    },
  };
}
