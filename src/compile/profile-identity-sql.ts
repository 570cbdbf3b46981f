/**
 * Identity resolution as SQL: identifiers normalised per type, junk and over-linked identifiers dropped
 * (and audited), then connected components by label propagation with pointer jumping, one statement per
 * iteration, no recursive CTE. Profile ids carry over from the previous run by overlap, so a cluster that
 * grows keeps its id and a merge keeps one of the old ids (the other is recorded in `<profile>_merges`).
 */
import type { FunctionName, TableName } from '../sql/ast.js';
import type { SqlPrinter } from '../sql/printer.js';
import type { CompiledProfile, IdTypeRule, ValueFilter } from './manifest.js';

/** Placeholders found in real CRMs that are never identifiers. */
export const placeholderValues = ['', 'null', 'none', 'nil', 'unknown', 'n/a', 'na', 'undefined', 'nan', '0', '-1', '-', 'test', 'xxx'];

const callingCodes: Record<string, string> = { FR: '33', BE: '32', CH: '41', DE: '49', ES: '34', IT: '39', GB: '44', NL: '31', LU: '352', PT: '351', IE: '353', AT: '43', US: '1', CA: '1' };

export class ProfileSql {
  constructor(readonly p: SqlPrinter, readonly name: string, readonly cp: CompiledProfile) {}

  /** Working tables live beside the outputs, prefixed with the profile name. */
  work(suffix: string): TableName {
    return { ...this.cp.outputs.profiles, name: `${this.name}__${suffix}` };
  }
  t(suffix: string): string {
    return this.p.table(this.work(suffix));
  }
  i(x: string): string {
    return this.p.ident(x);
  }
  lit(v: string | number | boolean | null): string {
    return this.p.literal(v);
  }
  fn(name: FunctionName, ...args: string[]): string {
    return this.p.call(name, args);
  }
  ctas(suffix: string, select: string): string[] {
    const table = this.work(suffix);
    return [this.p.statement({ kind: 'drop', object: 'table', table, ifExists: true }), this.p.statement({ kind: 'create_table_as', table, query: { kind: 'raw_query', sql: select } })];
  }

  /** One copy of each input with a row id, so identifiers, traits and features all see the same rows. */
  inputCopies(): string[] {
    return this.cp.inputs.flatMap((inp) =>
      this.ctas(`in_${inp.name}`, `SELECT ROW_NUMBER() OVER () AS ${this.i('__row_id')}, src.* FROM ${inp.from} AS src${inp.where ? `\nWHERE ${inp.where}` : ''}`),
    );
  }

  normalized(rule: IdTypeRule, col: string): string {
    const trimmed = `TRIM(CAST(${col} AS ${this.p.dialect.types.string}))`;
    switch (rule.kind) {
      case 'email': {
        const v = `LOWER(${trimmed})`;
        const folded = rule.foldGmail
          ? `CASE WHEN ${this.fn('split_part', v, this.lit('@'), '2')} IN (${this.lit('gmail.com')}, ${this.lit('googlemail.com')}) THEN ${this.fn('concat', this.fn('regexp_replace_all', this.fn('split_part', this.fn('split_part', v, this.lit('@'), '1'), this.lit('+'), '1'), this.lit('\\.'), this.lit('')), this.lit('@gmail.com'))} ELSE ${v} END`
          : v;
        return `CASE WHEN ${this.fn('regexp_contains', v, this.lit('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'))} THEN ${folded} END`;
      }
      case 'phone': {
        const cc = callingCodes[(rule.defaultCountry ?? 'FR').toUpperCase()] ?? '33';
        const d = this.fn('regexp_replace_all', trimmed, this.lit('[^0-9+]'), this.lit(''));
        const digits = this.fn('regexp_replace_all', d, this.lit('[^0-9]'), this.lit(''));
        const e164 = `CASE WHEN ${d} LIKE ${this.lit('+%')} THEN ${this.fn('concat', this.lit('+'), digits)}
          WHEN ${d} LIKE ${this.lit('00%')} THEN ${this.fn('concat', this.lit('+'), this.fn('substr', digits, '3'))}
          WHEN ${cc === '1' ? 'FALSE' : `${d} LIKE ${this.lit('0%')}`} THEN ${this.fn('concat', this.lit(`+${cc}`), this.fn('substr', digits, '2'))}
          ELSE ${this.fn('concat', this.lit(`+${cc}`), digits)} END`;
        // All-zero and too-short or too-long numbers are placeholders or typos, not people.
        return `CASE WHEN ${this.fn('regexp_contains', digits, this.lit('^0*$'))} THEN NULL WHEN ${this.fn('length', e164)} BETWEEN 9 AND 16 THEN ${e164} END`;
      }
      case 'custom': {
        const v = rule.lowercase ? `LOWER(${trimmed})` : trimmed;
        return rule.regex ? `CASE WHEN ${this.fn('regexp_contains', v, this.lit(rule.regex))} THEN ${v} END` : v;
      }
    }
  }

  private matches(v: string, f: ValueFilter | undefined): string | undefined {
    if (!f) return undefined;
    const parts = [...(f.values.length ? [`${v} IN (${f.values.map((x) => this.lit(x)).join(', ')})`] : []), ...f.regexes.map((r) => this.fn('regexp_contains', v, this.lit(r)))];
    return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
  }

  /** Every identifier occurrence, normalised, with the reason it is excluded (NULL when kept). */
  identifiers(): string[] {
    const parts: string[] = [];
    for (const inp of this.cp.inputs) {
      for (const [type, col] of Object.entries(inp.ids)) {
        const v = this.normalized(this.cp.idTypes[type], `r.${this.i(col)}`);
        const raw = `LOWER(TRIM(CAST(r.${this.i(col)} AS ${this.p.dialect.types.string})))`;
        const at = inp.at ? `CAST(r.${this.i(inp.at)} AS ${this.p.dialect.types.timestamp})` : 'NULL';
        parts.push(`SELECT ${this.lit(inp.name)} AS ${this.i('input')}, r.${this.i('__row_id')} AS ${this.i('row_id')}, ${this.lit(type)} AS ${this.i('id_type')}, ${v} AS ${this.i('id_value')}, ${raw} AS ${this.i('raw_value')}, ${at} AS ${this.i('at')}
FROM ${this.t(`in_${inp.name}`)} AS r WHERE r.${this.i(col)} IS NOT NULL`);
      }
    }
    const v = this.i('id_value');
    const reasons = [`WHEN ${this.i('raw_value')} IN (${placeholderValues.map((x) => this.lit(x)).join(', ')}) THEN ${this.lit('placeholder value')}`, `WHEN ${v} IS NULL THEN ${this.lit('not a valid identifier of its type')}`];
    for (const [type, f] of Object.entries(this.cp.exclude)) reasons.push(`WHEN ${this.i('id_type')} = ${this.lit(type)} AND ${this.matches(v, f)} THEN ${this.lit('excluded by the profile')}`);
    for (const [type, f] of Object.entries(this.cp.include)) reasons.push(`WHEN ${this.i('id_type')} = ${this.lit(type)} AND NOT ${this.matches(v, f)} THEN ${this.lit('not included by the profile')}`);
    return this.ctas('ids_all', `SELECT a.*, CASE ${reasons.join(' ')} END AS ${this.i('excluded')}\nFROM (\n${parts.join('\nUNION ALL\n')}\n) AS a`);
  }

  /** Identifiers linked to more distinct identifiers of another type than the limit allows: dropped, audited. */
  limitsAndEdges(): string[] {
    const kept = `SELECT * FROM ${this.t('ids_all')} WHERE ${this.i('excluded')} IS NULL`;
    const offenders: string[] = [];
    for (const [type, others] of Object.entries(this.cp.limits)) {
      for (const [other, n] of Object.entries(others)) {
        offenders.push(`SELECT a.${this.i('id_type')}, a.${this.i('id_value')}, COUNT(DISTINCT b.${this.i('id_value')}) AS ${this.i('linked')}, ${this.lit(`linked to more than ${n} ${other} values`)} AS ${this.i('reason')}
FROM (${kept}) AS a JOIN (${kept}) AS b ON b.${this.i('input')} = a.${this.i('input')} AND b.${this.i('row_id')} = a.${this.i('row_id')} AND b.${this.i('id_type')} = ${this.lit(other)}
WHERE a.${this.i('id_type')} = ${this.lit(type)} GROUP BY a.${this.i('id_type')}, a.${this.i('id_value')} HAVING COUNT(DISTINCT b.${this.i('id_value')}) > ${n}`);
      }
    }
    const over = offenders.length ? offenders.join('\nUNION ALL\n') : `SELECT ${this.i('id_type')}, ${this.i('id_value')}, 0 AS ${this.i('linked')}, ${this.lit('')} AS ${this.i('reason')} FROM ${this.t('ids_all')} WHERE FALSE`;
    const node = this.fn('concat', `k.${this.i('id_type')}`, this.lit(':'), `k.${this.i('id_value')}`);
    return [
      ...this.ctas('over_limit', over),
      ...this.ctas('ids', `SELECT k.*, ${node} AS ${this.i('node')} FROM (${kept}) AS k
WHERE NOT EXISTS (SELECT 1 FROM ${this.t('over_limit')} AS o WHERE o.${this.i('id_type')} = k.${this.i('id_type')} AND o.${this.i('id_value')} = k.${this.i('id_value')})`),
      // Each row links its identifiers as a star around its smallest one: n-1 edges instead of n².
      ...this.ctas('anchors', `SELECT ${this.i('input')}, ${this.i('row_id')}, MIN(${this.i('node')}) AS ${this.i('anchor')} FROM ${this.t('ids')} GROUP BY ${this.i('input')}, ${this.i('row_id')}`),
      ...this.ctas('edges', `SELECT DISTINCT i.${this.i('node')} AS ${this.i('a')}, x.${this.i('anchor')} AS ${this.i('b')} FROM ${this.t('ids')} AS i JOIN ${this.t('anchors')} AS x ON x.${this.i('input')} = i.${this.i('input')} AND x.${this.i('row_id')} = i.${this.i('row_id')} WHERE i.${this.i('node')} <> x.${this.i('anchor')}`),
      ...this.ctas('labels', `SELECT DISTINCT ${this.i('node')}, ${this.i('node')} AS ${this.i('label')} FROM ${this.t('ids')}`),
    ];
  }

  /** One propagation step: every node takes the smallest label among itself and its neighbours. */
  minStep(): { statements: string[]; changed: string } {
    const [a, b, node, label] = ['a', 'b', 'node', 'label'].map((x) => this.i(x));
    const step = `WITH cand AS (
  SELECT e.${a} AS ${node}, l.${label} FROM ${this.t('edges')} AS e JOIN ${this.t('labels')} AS l ON l.${node} = e.${b}
  UNION ALL SELECT e.${b}, l.${label} FROM ${this.t('edges')} AS e JOIN ${this.t('labels')} AS l ON l.${node} = e.${a}
  UNION ALL SELECT ${node}, ${label} FROM ${this.t('labels')}
)
SELECT ${node}, MIN(${label}) AS ${label} FROM cand GROUP BY ${node}`;
    return {
      statements: this.ctas('labels_next', step),
      changed: `SELECT COUNT(*) AS n FROM ${this.t('labels_next')} AS x JOIN ${this.t('labels')} AS l ON l.${node} = x.${node} WHERE x.${label} <> l.${label}`,
    };
  }

  /**
   * Pointer jumping: every node takes the label of its label. Repeated until nothing moves, it halves the
   * distance to the root each time, so a long chain needs a few outer iterations instead of its length.
   */
  jumpStep(): { statements: string[]; changed: string; swap: string[] } {
    const [node, label] = ['node', 'label'].map((x) => this.i(x));
    return {
      statements: this.ctas('labels_jump', `SELECT l.${node}, COALESCE(j.${label}, l.${label}) AS ${label} FROM ${this.t('labels_next')} AS l LEFT JOIN ${this.t('labels_next')} AS j ON j.${node} = l.${label}`),
      changed: `SELECT COUNT(*) AS n FROM ${this.t('labels_jump')} AS x JOIN ${this.t('labels_next')} AS l ON l.${node} = x.${node} WHERE x.${label} <> l.${label}`,
      swap: [
        this.p.statement({ kind: 'drop', object: 'table', table: this.work('labels_next') }),
        this.p.statement({ kind: 'rename', object: 'table', table: this.work('labels_jump'), to: this.work('labels_next').name }),
      ],
    };
  }

  swapLabels(): string[] {
    return [
      this.p.statement({ kind: 'drop', object: 'table', table: this.work('labels') }),
      this.p.statement({ kind: 'rename', object: 'table', table: this.work('labels_next'), to: this.work('labels').name }),
    ];
  }
}
