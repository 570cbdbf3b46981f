/** The grammar of `profiles:` in models/*.yml: identity resolution, golden record and features. */
import { isMap, isScalar } from 'yaml';
import { bool, byForm, custom, int, list, obj, oneOf, oneOrMany, record, str, wrongType } from './schema.js';

const idType = obj(
  {
    kind: oneOf(['email', 'phone', 'custom'] as const),
    /** email: fold Gmail dots and +tags. */
    fold_gmail: bool(),
    /** phone: the country of numbers written in national format. */
    default_country: str(),
    /** custom: lower-case values. */
    lowercase: bool(),
    /** custom: keep only values matching this regular expression. */
    regex: str(),
  },
  { required: ['kind'], name: 'an identifier type' },
);

/** A value to exclude: a literal, or `{ regex: "..." }`. */
const exclusion = byForm({ scalar: str(), map: obj({ regex: str() }, { required: ['regex'], name: 'an exclusion' }) });

const input = obj(
  { from: str(), ids: record(str()), at: str(), where: str(), name: str() },
  { required: ['from', 'ids'], name: 'a profile input' },
);

/** `90 days`, `12 weeks`, `6 months`, `1 year`. */
export const windowSchema = custom<{ n: number; unit: 'day' | 'week' | 'month' | 'year' }>('a window such as "90 days"', (node, ctx) => {
  const m = isScalar(node) && typeof node.value === 'string' ? /^\s*(\d+)\s*(day|week|month|year)s?\s*$/i.exec(node.value) : null;
  if (m) return { n: Number(m[1]), unit: m[2].toLowerCase() as 'day' };
  return wrongType(node, ctx, 'a window such as "90 days", "12 weeks", "6 months" or "1 year"');
});

const trait = obj(
  {
    from: str(),
    column: str(),
    rule: oneOf(['latest', 'earliest', 'priority', 'most_frequent'] as const),
    /** rule priority: inputs in order of trust; the latest non-null value of the first input that has one wins. */
    sources: list(str()),
  },
  { name: 'a trait' },
);

const feature = custom('a feature', (node, ctx) => {
  if (!isMap(node)) return wrongType(node, ctx, 'a feature mapping such as { from: orders, agg: count }');
  return obj(
    {
      from: str(),
      agg: oneOf(['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'first', 'last', 'exists'] as const),
      /** A SQL expression over the input's columns (raw SQL, passed through). */
      expr: str(),
      /** A SQL condition over the input's columns (raw SQL). */
      where: str(),
      within: windowSchema,
      /** For derived features: a SQL expression over other features (raw SQL). */
      derived: str(),
      description: str(),
    },
    { name: 'a feature' },
  ).parse(node, ctx);
});

export const profileSchema = obj(
  {
    name: str(),
    description: str(),
    schema: str(),
    tags: oneOrMany(str()),
    id_types: record(idType),
    inputs: list(input),
    include: record(list(exclusion)),
    exclude: record(list(exclusion)),
    /** `email: { customer_id: 3 }`: an email linked to more than 3 customer ids is dropped from the graph. */
    limits: record(record(int(1))),
    max_iterations: int(1),
    /** The date `within` windows count back from (default: today), e.g. "{{var 'demo_today'}}". */
    run_date: str(),
    traits: record(trait),
    features: record(feature),
  },
  { required: ['name', 'id_types', 'inputs'], name: 'a profile' },
);
