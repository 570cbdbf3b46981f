/**
 * After the components converge: stable profile ids, the four output tables, traits (survivorship rules)
 * and features (aggregates over each input's rows, through the rows' identifiers).
 */
import type { ProfileSql } from './profile-identity-sql.js';

/**
 * Each previous profile id goes to the new cluster holding most of its identifiers; a cluster keeps the
 * previous id it holds most of, else gets a new id hashed from its smallest identifier (`type:value`). A cluster
 * that won several previous ids merged them: all but the surviving one are recorded as merges. Ties are broken by
 * the clusters' smallest identifiers and the ids themselves, never by labels (node numbers differ between runs).
 * Then each input row that traits or features read gets its cluster's label.
 */
export function assignIds(s: ProfileSql, previous: boolean): string[] {
  const { i, lit } = { i: (x: string) => s.i(x), lit: (v: string) => s.lit(v) };
  const prevIds = s.p.table(s.cp.outputs.identifiers);
  const labeled = `${s.t('nodes')} AS n JOIN ${s.t('labels')} AS l ON l.${i('node')} = n.${i('node_id')}`;
  const claims = previous
    ? `SELECT l.${i('label')}, p.${i('profile_id')}, COUNT(*) AS ${i('overlap')} FROM ${labeled}
JOIN ${prevIds} AS p ON p.${i('id_type')} = n.${i('id_type')} AND p.${i('id_value')} = n.${i('id_value')}
GROUP BY l.${i('label')}, p.${i('profile_id')}`
    : `SELECT ${i('label')}, CAST(NULL AS ${s.type('string')}) AS ${i('profile_id')}, COUNT(*) AS ${i('overlap')} FROM ${s.t('labels')} WHERE FALSE GROUP BY ${i('label')}`;
  const won = `SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.${i('profile_id')} ORDER BY c.${i('overlap')} DESC, k.${i('first_key')}) AS ${i('rk')}
  FROM ${s.t('claims')} AS c JOIN ${s.t('clusters')} AS k ON k.${i('label')} = c.${i('label')}) AS w WHERE ${i('rk')} = 1`;
  const keep = `SELECT * FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY ${i('label')} ORDER BY ${i('overlap')} DESC, ${i('profile_id')}) AS ${i('kr')} FROM (${won}) AS w) AS k WHERE ${i('kr')} = 1`;
  const fresh = s.fn('concat', lit('p_'), s.fn('substr', s.fn('sha256_hex', `c.${i('first_key')}`), '1', '20'));
  const attached = s.attachedInputs();
  return [
    ...s.ctas('clusters', `SELECT l.${i('label')}, COUNT(*) AS ${i('size')}, MIN(${s.fn('concat', `n.${i('id_type')}`, lit(':'), `n.${i('id_value')}`)}) AS ${i('first_key')} FROM ${labeled} GROUP BY l.${i('label')}`),
    ...s.ctas('claims', claims),
    ...s.ctas('cluster_ids', `SELECT c.${i('label')}, c.${i('size')}, COALESCE(k.${i('profile_id')}, ${fresh}) AS ${i('profile_id')}
FROM ${s.t('clusters')} AS c LEFT JOIN (${keep}) AS k ON k.${i('label')} = c.${i('label')}`),
    ...s.ctas('new_merges', `SELECT w.${i('profile_id')} AS ${i('merged_profile_id')}, c.${i('profile_id')} AS ${i('surviving_profile_id')}
FROM (${won}) AS w JOIN ${s.t('cluster_ids')} AS c ON c.${i('label')} = w.${i('label')} WHERE w.${i('profile_id')} <> c.${i('profile_id')}`),
    ...(attached.length
      ? s.ctas('rows', `SELECT x.${i('input')}, x.${i('row_id')}, l.${i('label')} FROM ${s.t('anchors')} AS x JOIN ${s.t('labels')} AS l ON l.${i('node')} = x.${i('anchor')}
WHERE x.${i('input')} IN (${attached.map((a) => lit(a)).join(', ')})`)
      : []),
  ];
}

/** One row per kept identifier: its profile, where it was seen and how often (computed once, with the nodes). */
export function identifiersSelect(s: ProfileSql): string {
  const i = (x: string) => s.i(x);
  return `SELECT c.${i('profile_id')}, n.${i('id_type')}, n.${i('id_value')}, n.${i('sources')}, n.${i('first_seen')}, n.${i('last_seen')}, n.${i('occurrences')}
FROM ${s.t('nodes')} AS n JOIN ${s.t('labels')} AS l ON l.${i('node')} = n.${i('node_id')} JOIN ${s.t('cluster_ids')} AS c ON c.${i('label')} = l.${i('label')}`;
}

export function auditSelect(s: ProfileSql): string {
  const i = (x: string) => s.i(x);
  const nullCount = `CAST(NULL AS ${s.type('bigint')})`;
  return `SELECT ${i('id_type')}, ${i('id_value')}, ${i('reason')}, ${i('linked')} AS ${i('linked_values')}, ${nullCount} AS ${i('occurrences')} FROM ${s.t('over_limit')}
UNION ALL
SELECT ${i('id_type')}, ${i('id_value')}, ${i('reason')}, ${nullCount}, ${i('occurrences')} FROM ${s.t('dropped')}`;
}

/** Rows of one input with their cluster's label (traits and features are computed per label, an integer). */
function attached(s: ProfileSql, input: string): string {
  const i = (x: string) => s.i(x);
  return `${s.t(`in_${input}`)} AS r JOIN ${s.t('rows')} AS pr ON pr.${i('input')} = ${s.lit(input)} AND pr.${i('row_id')} = r.${i('__row_id')}`;
}

function traitSelect(s: ProfileSql, name: string): string {
  const i = (x: string) => s.i(x);
  const t = s.cp.traits[name];
  const parts = t.sources.map((src, k) => {
    const inp = s.cp.inputs.find((x) => x.name === src.input)!;
    const at = `CAST(${inp.at ? `r.${i(inp.at)}` : 'NULL'} AS ${s.type('timestamp')})`;
    return `SELECT pr.${i('label')}, r.${i(src.column)} AS ${i('v')}, ${at} AS ${i('at')}, r.${i('__row_id')} AS ${i('rid')}, ${k} AS ${i('prio')} FROM ${attached(s, src.input)} WHERE r.${i(src.column)} IS NOT NULL`;
  });
  const vals = parts.join('\nUNION ALL\n');
  // Undated values last, spelt out: NULLS LAST is not accepted in every dialect's window ORDER BY.
  const dated = `CASE WHEN ${i('at')} IS NULL THEN 1 ELSE 0 END`;
  const order: Record<typeof t.rule, string> = {
    latest: `${dated}, ${i('at')} DESC, ${i('rid')} DESC`,
    earliest: `${dated}, ${i('at')} ASC, ${i('rid')} ASC`,
    priority: `${i('prio')} ASC, ${dated}, ${i('at')} DESC, ${i('rid')} DESC`,
    most_frequent: `${i('n')} DESC, ${dated}, ${i('at')} DESC, ${i('v')}`,
  };
  const source = t.rule === 'most_frequent'
    ? `SELECT ${i('label')}, ${i('v')}, COUNT(*) AS ${i('n')}, MAX(${i('at')}) AS ${i('at')} FROM (${vals}) AS x GROUP BY ${i('label')}, ${i('v')}`
    : vals;
  return `SELECT ${i('label')}, ${i('v')} AS ${i(name)} FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY ${i('label')} ORDER BY ${order[t.rule]}) AS ${i('rn')} FROM (${source}) AS y) AS z WHERE ${i('rn')} = 1`;
}

function featureSelect(s: ProfileSql, name: string): string {
  const i = (x: string) => s.i(x);
  const f = s.cp.features[name];
  const inp = s.cp.inputs.find((x) => x.name === f.input)!;
  const conds: string[] = [];
  if (f.where) conds.push(`(${f.where})`);
  const runDate = s.cp.runDate ? `CAST(${s.lit(s.cp.runDate)} AS ${s.type('date')})` : s.fn('current_date');
  if (f.within) conds.push(`CAST(r.${i(inp.at!)} AS ${s.type('date')}) > ${s.fn('date_sub_interval', runDate, String(f.within.n), s.lit(f.within.unit))}`);
  // Feature SQL is the user's: columns of the input are visible unqualified, as in a WHERE on that model.
  const from = `FROM (SELECT r.*, pr.${i('label')} AS ${i('__label')} FROM ${attached(s, f.input!)}) AS r${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}`;
  if (f.agg === 'first' || f.agg === 'last') {
    return `SELECT ${i('__label')} AS ${i('label')}, ${i('v')} AS ${i(name)} FROM (SELECT r.${i('__label')}, ${f.expr} AS ${i('v')}, ROW_NUMBER() OVER (PARTITION BY r.${i('__label')} ORDER BY r.${i(inp.at!)} ${f.agg === 'first' ? 'ASC' : 'DESC'}, r.${i('__row_id')}) AS ${i('rn')} ${from}) AS z WHERE ${i('rn')} = 1`;
  }
  const agg: Record<string, string> = {
    count: 'COUNT(*)', exists: 'COUNT(*) > 0', count_distinct: `COUNT(DISTINCT ${f.expr})`,
    sum: `SUM(${f.expr})`, avg: `AVG(${f.expr})`, min: `MIN(${f.expr})`, max: `MAX(${f.expr})`,
  };
  return `SELECT r.${i('__label')} AS ${i('label')}, ${agg[f.agg!]} AS ${i(name)} ${from} GROUP BY r.${i('__label')}`;
}

const zeroWhenAbsent: Record<string, string> = { count: '0', count_distinct: '0', sum: '0', exists: 'FALSE' };

/** One row per profile: identifier counts, traits, features, then derived features in declaration order. */
export function profileSelect(s: ProfileSql): string {
  const i = (x: string) => s.i(x);
  const cols = [`c.${i('profile_id')}`, `c.${i('size')} AS ${i('identifier_count')}`];
  const joins: string[] = [];
  let k = 0;
  for (const name of Object.keys(s.cp.traits)) {
    const a = `t${k++}`;
    joins.push(`LEFT JOIN (${traitSelect(s, name)}) AS ${a} ON ${a}.${i('label')} = c.${i('label')}`);
    cols.push(`${a}.${i(name)}`);
  }
  const derived: [string, string][] = [];
  for (const [name, f] of Object.entries(s.cp.features)) {
    if (f.derived !== undefined) {
      derived.push([name, f.derived]);
      continue;
    }
    const a = `f${k++}`;
    joins.push(`LEFT JOIN (${featureSelect(s, name)}) AS ${a} ON ${a}.${i('label')} = c.${i('label')}`);
    const zero = zeroWhenAbsent[f.agg!];
    cols.push(zero ? `COALESCE(${a}.${i(name)}, ${zero}) AS ${i(name)}` : `${a}.${i(name)}`);
  }
  let sql = `SELECT ${cols.join(',\n  ')}\nFROM ${s.t('cluster_ids')} AS c\n${joins.join('\n')}`;
  // Each derived feature sees the ones before it, as columns of the layer below.
  for (const [name, expr] of derived) sql = `SELECT d.*, ${expr} AS ${i(name)} FROM (\n${sql}\n) AS d`;
  return sql;
}
