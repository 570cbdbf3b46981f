/**
 * GoogleSQL -> DuckDB SQL, for the constructs Cible's bigquery dialect emits and the common ones users write
 * (reference Part C lists which need translating). Not a parser: a tokenizer, name chains folded into one token,
 * and function calls rewritten with their arguments, recursively. Anything it does not know passes through, so
 * DuckDB rejects it and the fake answers `invalidQuery`, as BigQuery would for invalid SQL.
 */
type Kind = 'ws' | 'str' | 'name' | 'word' | 'num' | 'punct';
interface Tok {
  kind: Kind;
  text: string; // DuckDB text
  upper?: string; // bare words: upper-cased
  parts?: string[]; // names: the parts after dropping the project
}

export interface Translation {
  sql: string;
  /** `dataset.table` names the statement mentions (for dry-run estimates and statement checks). */
  tables: string[];
}

const quoteId = (s: string) => `"${s.replace(/"/g, '""')}"`;
const quoteStr = (s: string) => `'${s.replace(/'/g, "''")}'`;
const simpleEsc: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Backslash escapes of GoogleSQL strings and quoted names. */
function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_m, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return simpleEsc[e] ?? e;
  });
}

function tokenize(sql: string): { kind: Kind | 'qid'; raw: string; value: string }[] {
  const out: { kind: Kind | 'qid'; raw: string; value: string }[] = [];
  const re = /(\s+|--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/)|([rRbB]{0,2})('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\[\s\S]|[^'\\])*'|"(?:\\[\s\S]|[^"\\])*")|(`(?:\\[\s\S]|[^`\\])*`)|([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(<>|!=|<=|>=|\|\||=>|[^\s])/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sql))) {
    const [raw, ws, prefix, str, qid, word, num] = m;
    if (ws !== undefined) out.push({ kind: 'ws', raw: ws.startsWith('#') ? '' : raw, value: raw });
    else if (str !== undefined) {
      const q = str.startsWith("'''") || str.startsWith('"""') ? 3 : 1;
      const body = str.slice(q, -q);
      out.push({ kind: 'str', raw, value: /r/i.test(prefix) ? body : unescape(body) });
    } else if (qid !== undefined) out.push({ kind: 'qid', raw, value: unescape(qid.slice(1, -1)) });
    else if (word !== undefined) out.push({ kind: 'word', raw, value: word });
    else if (num !== undefined) out.push({ kind: 'num', raw, value: num });
    else out.push({ kind: 'punct', raw, value: raw });
  }
  return out;
}

/** Folds `a`.`b`.c chains (and `a.b.c` in one pair of backticks) into name tokens, dropping a project part. */
function fold(sql: string, projects: Set<string>, tables: Set<string>): Tok[] {
  const raw = tokenize(sql);
  const out: Tok[] = [];
  const lastWord = () => [...out].reverse().find((t) => t.kind !== 'ws')?.upper;
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (t.kind === 'ws') out.push({ kind: 'ws', text: t.raw });
    else if (t.kind === 'str') out.push({ kind: 'str', text: quoteStr(t.value) });
    else if (t.kind === 'num' || t.kind === 'punct') out.push({ kind: t.kind, text: t.raw });
    else {
      const parts: { v: string; quoted: boolean }[] = [];
      const take = (x: typeof t) => (x.kind === 'qid' ? x.value.split('.').forEach((v) => parts.push({ v, quoted: true })) : parts.push({ v: x.value, quoted: false }));
      take(t);
      while (raw[i + 1]?.kind === 'punct' && raw[i + 1].raw === '.' && (raw[i + 2]?.kind === 'qid' || raw[i + 2]?.kind === 'word')) {
        take(raw[i + 2]);
        i += 2;
      }
      const inSchemaDdl = lastWord() === 'SCHEMA' || (lastWord() === 'EXISTS' && /SCHEMA/i.test(out.slice(-8).map((x) => x.text).join(' ')));
      if ((parts.length >= 3 || (parts.length === 2 && inSchemaDdl)) && projects.has(parts[0].v)) parts.shift();
      if (parts.length === 1 && !parts[0].quoted) {
        out.push({ kind: 'word', text: parts[0].v, upper: parts[0].v.toUpperCase() });
        continue;
      }
      if (parts.length === 2) tables.add(`${parts[0].v}.${parts[1].v}`.toLowerCase());
      out.push({ kind: 'name', text: parts.map((p) => (p.quoted ? quoteId(p.v) : p.v)).join('.'), parts: parts.map((p) => p.v) });
    }
  }
  return out;
}

const renames: Record<string, string> = {
  SAFE_CAST: 'TRY_CAST', LOGICAL_AND: 'BOOL_AND', LOGICAL_OR: 'BOOL_OR', REGEXP_CONTAINS: 'REGEXP_MATCHES', ARRAY_LENGTH: 'LEN',
  COUNTIF: 'COUNT_IF', BYTE_LENGTH: 'OCTET_LENGTH', CHAR_LENGTH: 'LENGTH',
};
const types: Record<string, string> = {
  FLOAT64: 'DOUBLE', BIGNUMERIC: 'DECIMAL(38, 18)', BIGDECIMAL: 'DECIMAL(38, 18)', BYTES: 'BLOB', BOOL: 'BOOLEAN', STRING: 'VARCHAR',
  // Every GoogleSQL integer is 64-bit; DuckDB's INTEGER is 32.
  INT64: 'BIGINT', INT: 'BIGINT', INTEGER: 'BIGINT', SMALLINT: 'BIGINT', TINYINT: 'BIGINT', BYTEINT: 'BIGINT',
};
const grains: Record<string, string> = { ISOWEEK: 'week', ISOYEAR: 'isoyear' };

/** The function rewrites: name -> (translated args) -> DuckDB text. */
const calls: Record<string, (a: string[]) => string> = {
  DATE_TRUNC: ([x, g]) => trunc(x, g), TIMESTAMP_TRUNC: ([x, g]) => trunc(x, g), DATETIME_TRUNC: ([x, g]) => trunc(x, g),
  DATE_DIFF: ([a, b, g]) => `DATE_DIFF('${g.toLowerCase()}', ${b}, ${a})`,
  TIMESTAMP_DIFF: ([a, b, g]) => `DATE_DIFF('${g.toLowerCase()}', ${b}, ${a})`,
  DATETIME_DIFF: ([a, b, g]) => `DATE_DIFF('${g.toLowerCase()}', ${b}, ${a})`,
  DATE_ADD: ([d, i]) => `(${d} + ${i})`, DATE_SUB: ([d, i]) => `(${d} - ${i})`,
  TIMESTAMP_ADD: ([d, i]) => `(${d} + ${i})`, TIMESTAMP_SUB: ([d, i]) => `(${d} - ${i})`,
  SAFE_DIVIDE: ([a, b]) => `((${a}) / NULLIF(${b}, 0))`,
  SHA256: ([x]) => `UNHEX(SHA256(${x}))`, MD5: ([x]) => `UNHEX(MD5(${x}))`, TO_HEX: ([x]) => `LOWER(HEX(${x}))`,
  // An INT64 fingerprint of a string: another 64-bit hash, as signed as BigQuery's (equal inputs, equal outputs).
  FARM_FINGERPRINT: ([x]) => `CAST(HASH(${x}) % 9223372036854775807 AS BIGINT)`,
  CURRENT_TIMESTAMP: () => 'CURRENT_TIMESTAMP', CURRENT_DATETIME: () => 'CAST(CURRENT_TIMESTAMP AS TIMESTAMP)',
  GENERATE_UUID: () => 'CAST(gen_random_uuid() AS VARCHAR)',
  FORMAT_DATE: ([f, d]) => `STRFTIME(${d}, ${f})`, PARSE_DATE: ([f, s]) => `CAST(STRPTIME(${s}, ${f}) AS DATE)`,
  // Both ends included, as DuckDB's generate_series (a list; range() would leave out the end).
  GENERATE_ARRAY: (a) => `generate_series(${a.join(', ')})`,
  // REGEXP_REPLACE replaces every match and has no flags argument; DuckDB's replaces the first one without 'g'.
  REGEXP_REPLACE: (a) => {
    if (a.length !== 3) throw new TranslateError(`No matching signature for function REGEXP_REPLACE for argument types: ${a.length} argument(s)`);
    return `REGEXP_REPLACE(${a.join(', ')}, 'g')`;
  },
  // SPLIT(value[, delimiter]) is an array (',' by default); arr[SAFE_OFFSET(i)] is 0-based, NULL out of range, as
  // DuckDB's 1-based list index is. OFFSET's out-of-range error is not reproduced.
  SPLIT: ([v, d]) => `STRING_SPLIT(${v}, ${d ?? "','"})`,
  SAFE_OFFSET: ([i]) => `(${i}) + 1`, OFFSET: ([i]) => `(${i}) + 1`, SAFE_ORDINAL: ([i]) => i, ORDINAL: ([i]) => i,
  // NULL when any argument is NULL; DuckDB's LEAST and GREATEST skip NULLs.
  LEAST: (a) => `CASE WHEN ${a.map((x) => `(${x}) IS NULL`).join(' OR ')} THEN NULL ELSE LEAST(${a.join(', ')}) END`,
  GREATEST: (a) => `CASE WHEN ${a.map((x) => `(${x}) IS NULL`).join(' OR ')} THEN NULL ELSE GREATEST(${a.join(', ')}) END`,
  // DuckDB (or Snowflake) spellings that GoogleSQL lacks: rejected as BigQuery would, so they cannot slip through.
  ...Object.fromEntries(['REGEXP_MATCHES', 'SPLIT_PART', 'STRING_SPLIT', 'LISTAGG', 'DATEADD', 'DATEDIFF'].map((name) => [name, () => {
    throw new TranslateError(`Function not found: ${name.toLowerCase()}`);
  }])),
};

function trunc(x: string, grain: string): string {
  const g = grain.trim().toUpperCase();
  // BigQuery's WEEK starts on Sunday, DuckDB's on Monday.
  if (g === 'WEEK') return `(DATE_TRUNC('week', ${x} + INTERVAL 1 DAY) - INTERVAL 1 DAY)`;
  return `DATE_TRUNC('${grains[g] ?? g.toLowerCase()}', ${x})`;
}

/** GoogleSQL type names (and aliases): a CAST to anything else is an error on BigQuery, so it is here too. */
const googleSqlTypes = new Set([
  'INT64', 'INT', 'SMALLINT', 'INTEGER', 'BIGINT', 'TINYINT', 'BYTEINT', 'NUMERIC', 'DECIMAL', 'BIGNUMERIC', 'BIGDECIMAL', 'FLOAT64',
  'BOOL', 'STRING', 'BYTES', 'DATE', 'DATETIME', 'TIME', 'TIMESTAMP', 'INTERVAL', 'JSON', 'GEOGRAPHY', 'ARRAY', 'STRUCT', 'RANGE',
]);

export class TranslateError extends Error {}

/** The type of `x AS type` in CAST / SAFE_CAST must be a GoogleSQL one. */
function checkCastType(toks: Tok[], from: number, to: number): void {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const x = toks[i];
    if (x.text === '(') depth++;
    else if (x.text === ')') depth--;
    else if (depth === 0 && x.upper === 'AS') {
      const type = toks.slice(i + 1, to).find((y) => y.kind !== 'ws');
      if (type && !googleSqlTypes.has(type.upper ?? '')) throw new TranslateError(`Type not found: ${type.text}`);
      return;
    }
  }
}

function closingParen(toks: Tok[], open: number, to: number): number {
  let depth = 0;
  for (let k = open; k < to; k++) if (toks[k].text === '(') depth++; else if (toks[k].text === ')' && --depth === 0) return k;
  throw new TranslateError('Syntax error: unbalanced parentheses');
}

/**
 * `FROM UNNEST(arr) AS x`: in GoogleSQL `x` is the element; in DuckDB a bare table alias would be a one-field STRUCT
 * row, so the alias also names the column: `AS x(x)`. Consumes nothing: the alias tokens are rendered after it.
 */
function unnestAlias(toks: Tok[], from: number, to: number): string {
  let a = from;
  while (a < to && toks[a].kind === 'ws') a++;
  if (toks[a]?.upper !== 'AS') return '';
  let b = a + 1;
  while (b < to && toks[b].kind === 'ws') b++;
  const alias = toks[b];
  if (!alias || (alias.kind !== 'word' && alias.kind !== 'name') || alias.parts?.length && alias.parts.length > 1) return '';
  let c = b + 1;
  while (c < to && toks[c].kind === 'ws') c++;
  if (toks[c]?.text === '(') return '';
  // Rewrite in place: the alias token gains its column list.
  toks[b] = { ...alias, text: `${alias.text}(${alias.text})` };
  return '';
}

/** Renders tokens [from, to), rewriting calls and type names. */
function render(toks: Tok[], from = 0, to = toks.length): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const t = toks[i];
    if (t.kind !== 'word') {
      out += t.text;
      continue;
    }
    let j = i + 1;
    while (j < to && toks[j].kind === 'ws') j++;
    const fn = calls[t.upper!];
    if (j < to && toks[j].text === '(' && (t.upper === 'CAST' || t.upper === 'SAFE_CAST')) {
      let depth = 0;
      let k = j;
      for (; k < to; k++) if (toks[k].text === '(') depth++; else if (toks[k].text === ')' && --depth === 0) break;
      checkCastType(toks, j + 1, k);
    }
    if (j < to && toks[j].text === '(' && t.upper === 'UNNEST') {
      const k = closingParen(toks, j, to);
      out += `UNNEST(${render(toks, j + 1, k)})${unnestAlias(toks, k + 1, to)}`;
      i = k;
      continue;
    }
    if (j < to && toks[j].text === '(' && (fn || renames[t.upper!])) {
      const args: [number, number][] = [];
      let depth = 0;
      let start = j + 1;
      let k = j;
      for (; k < to; k++) {
        const x = toks[k].text;
        if (x === '(') depth++;
        else if (x === ')' && --depth === 0) break;
        else if (x === ',' && depth === 1) {
          args.push([start, k]);
          start = k + 1;
        }
      }
      if (start < k || args.length) args.push([start, k]);
      const a = args.map(([s, e]) => render(toks, s, e).trim());
      out += fn ? fn(a) : `${renames[t.upper!]}(${a.join(', ')})`;
      i = k;
      continue;
    }
    out += types[t.upper!] && !(j < to && toks[j].text === '.') ? types[t.upper!] : (t.upper === 'NUMERIC' || t.upper === 'DECIMAL') && toks[j]?.text !== '(' ? 'DECIMAL(38, 9)' : t.text;
  }
  return out;
}

export function translate(sql: string, projects: Set<string>): Translation {
  const tables = new Set<string>();
  // BigQuery keeps a PRIMARY KEY ... NOT ENFORCED as metadata and never checks it; DuckDB would enforce it.
  if (/^\s*CREATE\s+TABLE\b/i.test(sql)) sql = sql.replace(/,\s*PRIMARY\s+KEY\s*\([^()]*\)\s*NOT\s+ENFORCED/i, '');
  const toks = fold(sql, projects, tables);
  return { sql: render(toks).trim().replace(/;\s*$/, ''), tables: [...tables] };
}

/** The statement's first keyword (after comments and parentheses), upper-cased. */
export function leadingKeyword(sql: string): string {
  return (/^[\s(]*([A-Za-z]+)/.exec(sql.replace(/^(\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, ''))?.[1] ?? '').toUpperCase();
}
