/**
 * Identity resolution as SQL: identifiers normalised per type, junk and over-linked identifiers dropped (and
 * audited), integer node ids, then connected components by hooking and contraction, one statement per step, no
 * recursive CTE. Profile ids carry over from the previous run by overlap, so a cluster that grows keeps its id and a
 * merge keeps one of the old ids (the other is recorded in `<profile>_merges`).
 *
 * The components (src/run/build-profile.ts drives the loop): each round, every node of the edge list takes as
 * parent its smallest neighbour when that is smaller than itself (edges are kept oriented `a > b`, so that is
 * MIN(b) per a); pointer jumping makes every parent a root; the edges are then rewritten between roots, dropping
 * those inside a tree. A component whose edges are all gone has converged and costs nothing in later rounds, and
 * the edge list at least halves its nodes each round, so rounds grow with log(size of the largest component).
 * The parent links of every round form a forest; pointer jumping over it gives each node its final root.
 *
 * Every statement is portable across the four dialects: catalogue functions for what differs, no NULLS LAST, no
 * VALUES lists, tables alternating between two names instead of renames, CREATE OR REPLACE where the dialect has it,
 * temporary tables where it names a place for them. Measured on DuckDB (bench/profile-cases.ts, 2 cores): 10M edges
 * in about 45 s, of which the string work (normalising, numbering identifiers, writing the outputs) is most.
 */
import type { FunctionName, TableName } from '../sql/ast.js';
import type { SqlPrinter } from '../sql/printer.js';
import type { CompiledProfile, IdTypeRule, ValueFilter } from './manifest.js';

/** Placeholders found in real CRMs that are never identifiers. */
export const placeholderValues = ['', 'null', 'none', 'nil', 'unknown', 'n/a', 'na', 'undefined', 'nan', '0', '-1', '-', 'test', 'xxx'];

const callingCodes: Record<string, string> = { FR: '33', BE: '32', CH: '41', DE: '49', ES: '34', IT: '39', GB: '44', NL: '31', LU: '352', PT: '351', IE: '353', AT: '43', US: '1', CA: '1' };

/**
 * An email: something@domain.tld without spaces. POSIX classes and a bracketed dot instead of `\s` and `\.`: the same
 * meaning in RE2 (DuckDB, BigQuery), Postgres AREs and Snowflake's POSIX EREs, where a backslash inside brackets
 * may be a literal.
 */
const emailPattern = '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$';

/** The working tables of a profile run (`<profile>__<suffix>`), dropped at the end of a successful run. */
export const workTables = ['ids_all', 'over_limit', 'dropped', 'nodes', 'ids', 'anchors', 'edges_0', 'edges_1', 'parents_0', 'parents_1', 'forest_0', 'forest_1', 'labels', 'clusters', 'claims', 'cluster_ids', 'new_merges', 'rows'];

export class ProfileSql {
  constructor(readonly p: SqlPrinter, readonly name: string, readonly cp: CompiledProfile) {}

  /**
   * Working tables are prefixed with the profile name; they are session-scoped temporary tables where the dialect
   * names a place for them (cheaper to write), else tables beside the outputs.
   */
  work(suffix: string): TableName {
    const temp = this.p.dialect.temporaryTables;
    return { ...(temp ?? this.cp.outputs.profiles), kind: 'table', name: `${this.name}__${suffix}` };
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
  type(t: 'string' | 'bigint' | 'timestamp' | 'date'): string {
    return this.p.dialect.types[t];
  }
  /** (Re)creates a working table from a SELECT: one CREATE OR REPLACE where the dialect has it, else drop + create. */
  ctas(suffix: string, select: string): string[] {
    const table = this.work(suffix);
    const create = this.p.statement({ kind: 'create_table_as', table, query: { kind: 'raw_query', sql: select }, replace: this.p.dialect.capabilities.createOrReplaceTable, temporary: !!this.p.dialect.temporaryTables });
    const analyze = this.p.dialect.temporaryTables?.analyze ? [this.p.statement({ kind: 'analyze', table })] : [];
    return this.p.dialect.capabilities.createOrReplaceTable ? [create, ...analyze] : [this.p.statement({ kind: 'drop', object: 'table', table, ifExists: true }), create, ...analyze];
  }
  /** `SELECT COUNT(*) AS n ...`: the one-number queries of the loop (read by position, whatever the name's case). */
  count(from: string, where?: string): string {
    return `SELECT COUNT(*) AS ${this.i('n')} FROM ${from}${where ? ` WHERE ${where}` : ''}`;
  }

  /** One copy of each input with a row id, so identifiers, traits and features all see the same rows. */
  inputCopies(): string[] {
    return this.cp.inputs.flatMap((inp) =>
      this.ctas(`in_${inp.name}`, `SELECT ${this.fn('row_id')} AS ${this.i('__row_id')}, src.* FROM ${inp.from} AS src${inp.where ? `\nWHERE ${inp.where}` : ''}`),
    );
  }

  /**
   * One input column's identifiers, normalised: `x.v` is the trimmed text (computed once in a subquery, as are the
   * phone's digits), the outer SELECT the value kept for the graph, NULL when it is not a valid identifier.
   */
  private occurrences(input: string, type: string, col: string, at: string | undefined): string {
    const rule: IdTypeRule = this.cp.idTypes[type];
    const v = `x.${this.i('v')}`;
    const atExpr = at ? `CAST(r.${this.i(at)} AS ${this.type('timestamp')})` : `CAST(NULL AS ${this.type('timestamp')})`;
    const base = `SELECT r.${this.i('__row_id')} AS ${this.i('row_id')}, TRIM(CAST(r.${this.i(col)} AS ${this.type('string')})) AS ${this.i('v')}, ${atExpr} AS ${this.i('at')}
  FROM ${this.t(`in_${input}`)} AS r WHERE r.${this.i(col)} IS NOT NULL`;
    const head = (value: string) => `SELECT ${this.lit(input)} AS ${this.i('input')}, x.${this.i('row_id')}, ${this.lit(type)} AS ${this.i('id_type')}, ${value} AS ${this.i('id_value')}, LOWER(${v}) AS ${this.i('raw_value')}, x.${this.i('at')}`;
    switch (rule.kind) {
      case 'email': {
        const low = `LOWER(${v})`;
        const domain = this.fn('split_part', low, this.lit('@'), '2');
        const untagged = this.fn('split_part', this.fn('split_part', low, this.lit('@'), '1'), this.lit('+'), '1');
        // Gmail ignores dots and +tags in the local part, and googlemail.com is the same mailbox. The pattern is `\.`
        // (one backslash): the printer escapes it for dialects whose string literals read backslashes (BigQuery,
        // Snowflake), so every engine's regex sees `\.`.
        const folded = rule.foldGmail
          ? `CASE WHEN ${domain} IN (${this.lit('gmail.com')}, ${this.lit('googlemail.com')}) THEN ${this.fn('concat', this.fn('regexp_replace_all', untagged, this.lit('\\.'), this.lit('')), this.lit('@gmail.com'))} ELSE ${low} END`
          : low;
        return `${head(`CASE WHEN ${this.fn('regexp_contains', low, this.lit(emailPattern))} THEN ${folded} END`)}\nFROM (${base}) AS x`;
      }
      case 'phone': {
        // E.164 from the digits: an explicit + or 00 carries the country, a leading 0 is national (trunk prefix),
        // anything else is taken as national digits. All-zero, too short or too long: placeholders or typos.
        const cc = callingCodes[(rule.defaultCountry ?? 'FR').toUpperCase()] ?? '33';
        const [g, plus] = [`y.${this.i('g')}`, `y.${this.i('plus')}`];
        const e164 = `CASE WHEN ${plus} THEN ${this.fn('concat', this.lit('+'), g)}
      WHEN ${g} LIKE ${this.lit('00%')} THEN ${this.fn('concat', this.lit('+'), this.fn('substr', g, '3'))}
      WHEN ${cc === '1' ? 'FALSE' : `${g} LIKE ${this.lit('0%')}`} THEN ${this.fn('concat', this.lit(`+${cc}`), this.fn('substr', g, '2'))}
      ELSE ${this.fn('concat', this.lit(`+${cc}`), g)} END`;
        const digits = `SELECT x.*, ${this.fn('regexp_replace_all', v, this.lit('[^0-9]'), this.lit(''))} AS ${this.i('g')}, ${this.fn('regexp_contains', v, this.lit('^[^0-9+]*[+]'))} AS ${this.i('plus')} FROM (${base}) AS x`;
        const withE164 = `SELECT y.*, ${e164} AS ${this.i('e164')} FROM (${digits}) AS y`;
        const value = `CASE WHEN LTRIM(x.${this.i('g')}, ${this.lit('0')}) = ${this.lit('')} THEN NULL WHEN ${this.fn('length', `x.${this.i('e164')}`)} BETWEEN 9 AND 16 THEN x.${this.i('e164')} END`;
        return `${head(value)}\nFROM (${withE164}) AS x`;
      }
      case 'custom': {
        const val = rule.lowercase ? `LOWER(${v})` : v;
        return `${head(rule.regex ? `CASE WHEN ${this.fn('regexp_contains', val, this.lit(rule.regex))} THEN ${val} END` : val)}\nFROM (${base}) AS x`;
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
    const parts = this.cp.inputs.flatMap((inp) => Object.entries(inp.ids).map(([type, col]) => this.occurrences(inp.name, type, col, inp.at)));
    const v = this.i('id_value');
    const reasons = [`WHEN ${this.i('raw_value')} IN (${placeholderValues.map((x) => this.lit(x)).join(', ')}) THEN ${this.lit('placeholder value')}`, `WHEN ${v} IS NULL THEN ${this.lit('not a valid identifier of its type')}`];
    for (const [type, f] of Object.entries(this.cp.exclude)) reasons.push(`WHEN ${this.i('id_type')} = ${this.lit(type)} AND ${this.matches(v, f)} THEN ${this.lit('excluded by the profile')}`);
    for (const [type, f] of Object.entries(this.cp.include)) reasons.push(`WHEN ${this.i('id_type')} = ${this.lit(type)} AND NOT ${this.matches(v, f)} THEN ${this.lit('not included by the profile')}`);
    // The raw text is kept only for the audit of excluded occurrences: less to write for the kept ones.
    const cols = ['input', 'row_id', 'id_type', 'id_value', 'at', 'excluded'].map((c) => `b.${this.i(c)}`).join(', ');
    const withReason = `SELECT a.*, CASE ${reasons.join(' ')} END AS ${this.i('excluded')}\nFROM (\n${parts.join('\nUNION ALL\n')}\n) AS a`;
    return this.ctas('ids_all', `SELECT ${cols}, CASE WHEN b.${this.i('excluded')} IS NULL THEN NULL ELSE b.${this.i('raw_value')} END AS ${this.i('raw_value')}\nFROM (${withReason}) AS b`);
  }

  /**
   * Identifiers linked to more distinct identifiers of another type than the limit allows (dropped, audited); then
   * one integer node per kept identifier with its occurrence statistics, each occurrence's node, each input row's
   * anchor (its smallest node) and the edges: every other node of the row to its anchor, n - 1 edges for n ids.
   */
  limitsAndEdges(): string[] {
    const i = (x: string) => this.i(x);
    const kept = `SELECT * FROM ${this.t('ids_all')} WHERE ${i('excluded')} IS NULL`;
    const offenders: string[] = [];
    for (const [type, others] of Object.entries(this.cp.limits)) {
      for (const [other, n] of Object.entries(others)) {
        offenders.push(`SELECT a.${i('id_type')}, a.${i('id_value')}, COUNT(DISTINCT b.${i('id_value')}) AS ${i('linked')}, ${this.lit(`linked to more than ${n} ${other} values`)} AS ${i('reason')}
FROM (${kept} AND ${i('id_type')} = ${this.lit(type)}) AS a JOIN (${kept} AND ${i('id_type')} = ${this.lit(other)}) AS b ON b.${i('input')} = a.${i('input')} AND b.${i('row_id')} = a.${i('row_id')}
GROUP BY a.${i('id_type')}, a.${i('id_value')} HAVING COUNT(DISTINCT b.${i('id_value')}) > ${n}`);
      }
    }
    const over = offenders.length ? offenders.join('\nUNION ALL\n') : `SELECT ${i('id_type')}, ${i('id_value')}, COUNT(*) AS ${i('linked')}, ${this.lit('')} AS ${i('reason')} FROM ${this.t('ids_all')} WHERE FALSE GROUP BY ${i('id_type')}, ${i('id_value')}`;
    // The inputs an identifier was seen in, sorted and comma-separated: one integer MAX per input instead of an
    // ordered DISTINCT string aggregate, which costs several times more (DuckDB sorts each group).
    const seenIn = [...this.cp.inputs.map((x) => x.name)].sort().map((n) => `CASE WHEN MAX(CASE WHEN k.${i('input')} = ${this.lit(n)} THEN 1 ELSE 0 END) = 1 THEN ${this.lit(`,${n}`)} ELSE ${this.lit('')} END`);
    const sources = this.fn('substr', seenIn.length > 1 ? this.fn('concat', ...seenIn) : seenIn[0], '2');
    const stats = `SELECT k.${i('id_type')}, k.${i('id_value')}, MIN(k.${i('at')}) AS ${i('first_seen')}, MAX(k.${i('at')}) AS ${i('last_seen')}, COUNT(*) AS ${i('occurrences')}, ${sources} AS ${i('sources')}
  FROM ${this.t('ids_all')} AS k LEFT JOIN ${this.t('over_limit')} AS o ON o.${i('id_type')} = k.${i('id_type')} AND o.${i('id_value')} = k.${i('id_value')}
  WHERE k.${i('excluded')} IS NULL AND o.${i('id_type')} IS NULL
  GROUP BY k.${i('id_type')}, k.${i('id_value')}`;
    return [
      ...this.ctas('over_limit', over),
      // What the audit needs of the excluded occurrences, so that the occurrences can go once nodes exist.
      ...this.ctas('dropped', `SELECT ${i('id_type')}, COALESCE(${i('id_value')}, ${i('raw_value')}) AS ${i('id_value')}, ${i('excluded')} AS ${i('reason')}, COUNT(*) AS ${i('occurrences')}
FROM ${this.t('ids_all')} WHERE ${i('excluded')} IS NOT NULL GROUP BY ${i('id_type')}, COALESCE(${i('id_value')}, ${i('raw_value')}), ${i('excluded')}`),
      ...this.ctas('nodes', `SELECT ${this.fn('row_id')} AS ${i('node_id')}, s.* FROM (\n  ${stats}\n) AS s`),
      // Excluded and over-limit identifiers have no node, so the inner join drops their occurrences.
      ...this.ctas('ids', `SELECT k.${i('input')}, k.${i('row_id')}, n.${i('node_id')} FROM ${this.t('ids_all')} AS k JOIN ${this.t('nodes')} AS n ON n.${i('id_type')} = k.${i('id_type')} AND n.${i('id_value')} = k.${i('id_value')} WHERE k.${i('excluded')} IS NULL`),
      // Input copies that no trait or feature reads are not needed past this point.
      ...this.drop('ids_all', ...this.cp.inputs.filter((x) => !this.attachedInputs().includes(x.name)).map((x) => `in_${x.name}`)),
      ...this.ctas('anchors', `SELECT ${i('input')}, ${i('row_id')}, MIN(${i('node_id')}) AS ${i('anchor')} FROM ${this.t('ids')} GROUP BY ${i('input')}, ${i('row_id')}`),
      ...this.ctas('edges_0', `SELECT DISTINCT d.${i('node_id')} AS ${i('a')}, x.${i('anchor')} AS ${i('b')} FROM ${this.t('ids')} AS d JOIN ${this.t('anchors')} AS x ON x.${i('input')} = d.${i('input')} AND x.${i('row_id')} = d.${i('row_id')} WHERE d.${i('node_id')} <> x.${i('anchor')}`),
      ...this.drop('ids'),
      // The forest of parent links starts empty (typed like node ids); each round appends its links.
      ...this.ctas('forest_0', `SELECT ${i('node_id')} AS ${i('node')}, ${i('node_id')} AS ${i('parent')} FROM ${this.t('nodes')} WHERE FALSE`),
    ];
  }

  /** Hooking: each node that has a smaller neighbour points to the smallest one (edges are oriented a > b). */
  hook(edges: string, into: string): string[] {
    const i = (x: string) => this.i(x);
    return this.ctas(into, `SELECT ${i('a')} AS ${i('node')}, MIN(${i('b')}) AS ${i('parent')} FROM ${this.t(edges)} GROUP BY ${i('a')}`);
  }

  /**
   * Pointer jumping: every node takes its parent's parent. `moved` flags the nodes whose parent was not a root; when
   * no node moved, the table was already flat (the result equals the input). Repeated, it halves the depth each time.
   */
  jump(from: string, into: string): { statements: string[]; moved: string } {
    const i = (x: string) => this.i(x);
    return {
      statements: this.ctas(into, `SELECT h.${i('node')}, COALESCE(j.${i('parent')}, h.${i('parent')}) AS ${i('parent')}, CASE WHEN j.${i('node')} IS NULL THEN 0 ELSE 1 END AS ${i('moved')}
FROM ${this.t(from)} AS h LEFT JOIN ${this.t(from)} AS j ON j.${i('node')} = h.${i('parent')}`),
      moved: this.count(this.t(into), `${i('moved')} = 1`),
    };
  }

  /** Appends a round's flat parent links to the forest. */
  record(parents: string): string[] {
    const i = (x: string) => this.i(x);
    return [`INSERT INTO ${this.t('forest_0')} (${i('node')}, ${i('parent')})\nSELECT ${i('node')}, ${i('parent')} FROM ${this.t(parents)}`];
  }

  /**
   * Contraction: each edge between the roots of its ends, oriented a > b; edges inside one tree disappear, so a
   * converged component leaves the list. `remaining` counts the edges left for the next round.
   */
  contract(edges: string, parents: string, into: string): { statements: string[]; remaining: string } {
    const i = (x: string) => this.i(x);
    const [pa, pb] = [`m.${i('pa')}`, `m.${i('pb')}`];
    return {
      statements: this.ctas(into, `SELECT DISTINCT CASE WHEN ${pa} > ${pb} THEN ${pa} ELSE ${pb} END AS ${i('a')}, CASE WHEN ${pa} > ${pb} THEN ${pb} ELSE ${pa} END AS ${i('b')}
FROM (SELECT COALESCE(ha.${i('parent')}, e.${i('a')}) AS ${i('pa')}, COALESCE(hb.${i('parent')}, e.${i('b')}) AS ${i('pb')}
  FROM ${this.t(edges)} AS e LEFT JOIN ${this.t(parents)} AS ha ON ha.${i('node')} = e.${i('a')} LEFT JOIN ${this.t(parents)} AS hb ON hb.${i('node')} = e.${i('b')}) AS m
WHERE ${pa} <> ${pb}`),
      remaining: this.count(this.t(into)),
    };
  }

  /** Every node's component label: the root of its tree in the flattened forest, else itself (the smallest node). */
  labels(forest: string): string[] {
    const i = (x: string) => this.i(x);
    return this.ctas('labels', `SELECT n.${i('node_id')} AS ${i('node')}, COALESCE(f.${i('parent')}, n.${i('node_id')}) AS ${i('label')} FROM ${this.t('nodes')} AS n LEFT JOIN ${this.t(forest)} AS f ON f.${i('node')} = n.${i('node_id')}`);
  }

  /** The inputs whose rows traits or features read: only their rows are mapped to profiles. */
  attachedInputs(): string[] {
    const used = new Set([...Object.values(this.cp.traits).flatMap((t) => t.sources.map((x) => x.input)), ...Object.values(this.cp.features).flatMap((f) => (f.input ? [f.input] : []))]);
    return this.cp.inputs.map((x) => x.name).filter((n) => used.has(n));
  }

  /** Drops working tables as soon as nothing reads them: temporary tables hold memory. */
  drop(...suffixes: string[]): string[] {
    return suffixes.map((t) => this.p.statement({ kind: 'drop', object: 'table', table: this.work(t), ifExists: true }));
  }

  /** Drops every working table once the outputs are in place. */
  cleanup(): string[] {
    return this.drop(...this.cp.inputs.map((x) => `in_${x.name}`), ...workTables);
  }
}
