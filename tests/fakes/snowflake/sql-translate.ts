/**
 * Snowflake SQL -> DuckDB SQL, for what Cible's Snowflake dialect (and users' model SQL) emits.
 * A tokenizer, not a parser: it upper-cases unquoted identifiers (Snowflake stores `select id` as ID; DuckDB would
 * keep `id`), turns Snowflake strings (backslash escapes, $$..$$) into standard ones, renames types, rewrites the
 * functions DuckDB spells differently, and maps INFORMATION_SCHEMA views onto DuckDB's with Snowflake's column
 * names and type names (reference Part C lists what DuckDB accepts as written).
 */
export interface Tok {
  t: 'word' | 'qident' | 'string' | 'number' | 'punct' | 'ws' | 'comment' | 'raw';
  v: string;
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

export function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const rest = sql.slice(i, i + 2);
    if (/\s/.test(c)) {
      let j = i;
      while (j < n && /\s/.test(sql[j])) j++;
      out.push({ t: 'ws', v: sql.slice(i, j) });
      i = j;
    } else if (rest === '--' || rest === '//') {
      const j = sql.indexOf('\n', i);
      out.push({ t: 'comment', v: sql.slice(i, j < 0 ? n : j) });
      i = j < 0 ? n : j;
    } else if (rest === '/*') {
      const j = sql.indexOf('*/', i + 2);
      out.push({ t: 'comment', v: sql.slice(i, j < 0 ? n : j + 2) });
      i = j < 0 ? n : j + 2;
    } else if (rest === '$$') {
      const j = sql.indexOf('$$', i + 2);
      if (j < 0) throw new SyntaxError('unterminated $$ string');
      out.push({ t: 'string', v: sql.slice(i + 2, j) });
      i = j + 2;
    } else if (c === "'") {
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new SyntaxError('unterminated string literal');
        const d = sql[j];
        if (d === '\\' && j + 1 < n) {
          v += escapes[sql[j + 1]] ?? sql[j + 1];
          j += 2;
        } else if (d === "'" && sql[j + 1] === "'") {
          v += "'";
          j += 2;
        } else if (d === "'") break;
        else v += sql[j++];
      }
      out.push({ t: 'string', v });
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      if (j >= n) throw new SyntaxError('unterminated quoted identifier');
      out.push({ t: 'qident', v: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      out.push({ t: 'word', v: m[0].toUpperCase() });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(\d*\.?\d+|\d+\.)([eE][+-]?\d+)?/.exec(sql.slice(i))!;
      out.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else {
      const two = ['::', '<=', '>=', '<>', '!=', '||', '=>'].includes(rest);
      out.push({ t: 'punct', v: two ? rest : c });
      i += two ? 2 : 1;
    }
  }
  return out;
}

export function render(toks: Tok[]): string {
  return toks.map((k) => (k.t === 'string' ? `'${k.v.replace(/'/g, "''")}'` : k.v)).join('');
}

/** The name a quoted or unquoted identifier token stands for, as Snowflake stores it. */
export function identName(k: Tok): string {
  return k.t === 'qident' ? k.v.slice(1, -1).replace(/""/g, '"') : k.v;
}

export const sig = (toks: Tok[]) => toks.filter((k) => k.t !== 'ws' && k.t !== 'comment');
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface SessionFacts {
  account: string;
  user: string;
  role: string;
  warehouse: string;
}

type Rewrite = (args: string[], facts: SessionFacts) => string;
const part = (a: string) => a.replace(/^'(.*)'$/, '$1').toLowerCase();
const calls: Record<string, Rewrite> = {
  DATEADD: ([p, n, d]) => `(${d} + to_${part(p)}s(CAST(${n} AS INTEGER)))`,
  TIMESTAMPADD: ([p, n, d]) => `(${d} + to_${part(p)}s(CAST(${n} AS INTEGER)))`,
  DATEDIFF: ([p, a, b]) => `date_diff('${part(p)}', ${a}, ${b})`,
  SHA2: ([x, bits]) => (bits && bits.trim() !== '256' ? `sha512(${x})` : `sha256(${x})`),
  SHA2_HEX: ([x]) => `sha256(${x})`,
  DIV0NULL: ([a, b]) => `(CASE WHEN (${b}) = 0 OR (${b}) IS NULL THEN 0 ELSE (${a}) / (${b}) END)`,
  DIV0: ([a, b]) => `(CASE WHEN (${b}) = 0 THEN 0 ELSE (${a}) / (${b}) END)`,
  IFF: ([c, a, b]) => `(CASE WHEN ${c} THEN ${a} ELSE ${b} END)`,
  NVL: ([a, b]) => `COALESCE(${a}, ${b})`,
  ZEROIFNULL: ([a]) => `COALESCE(${a}, 0)`,
  CURRENT_ROLE: (_, f) => lit(f.role),
  CURRENT_WAREHOUSE: (_, f) => lit(f.warehouse),
  CURRENT_ACCOUNT: (_, f) => lit(f.account),
  CURRENT_USER: (_, f) => lit(f.user),
  CURRENT_VERSION: () => lit('9.38.0-fake'),
  CURRENT_REGION: () => lit('LOCAL'),
  // TABLE(GENERATOR(ROWCOUNT => n)): n rows whose SEQ4() is 0, 1, 2... (Snowflake's may have gaps; these have none).
  TABLE: ([x]) => x,
  GENERATOR: (args) => {
    const n = args.map((a) => /^ROWCOUNT\s*=>\s*(.+)$/s.exec(a)?.[1]).find((x) => x !== undefined);
    if (n === undefined) throw new SyntaxError('GENERATOR needs ROWCOUNT => n (TIMELIMIT is not supported by the fake)');
    return `(SELECT range AS "__SEQ" FROM range(${n}))`;
  },
  // Inside a GENERATOR query, the generator's row number; elsewhere (SELECT SEQ8(), t.* FROM t) a unique number per
  // row, as Snowflake's sequences give (gaps allowed there, none here).
  SEQ4: () => (generatorDepth > 0 ? '"__SEQ"' : '(ROW_NUMBER() OVER () - 1)'),
  SEQ8: () => (generatorDepth > 0 ? '"__SEQ"' : '(ROW_NUMBER() OVER () - 1)'),
  // REGEXP_REPLACE's occurrence defaults to 0, every match; DuckDB's needs 'g'. Position and occurrence are not
  // supported by the fake.
  REGEXP_REPLACE: (a) => {
    if (a.length > 3) throw new SyntaxError('the fake supports REGEXP_REPLACE(subject, pattern[, replacement]) only');
    return `REGEXP_REPLACE(${a[0]}, ${a[1]}, ${a[2] ?? "''"}, 'g')`;
  },
  // REGEXP_INSTR(subject, pattern): the 1-based position of the first match, 0 without one, NULL on NULL input. The
  // text before the first match is the first piece of a split on the pattern.
  REGEXP_INSTR: (a) => {
    if (a.length > 2) throw new SyntaxError('the fake supports REGEXP_INSTR(subject, pattern) only');
    const [x, re] = a;
    return `(CASE WHEN (${x}) IS NULL OR (${re}) IS NULL THEN NULL WHEN REGEXP_MATCHES(${x}, ${re}) THEN LENGTH(REGEXP_SPLIT_TO_ARRAY(${x}, ${re})[1]) + 1 ELSE 0 END)`;
  },
  // NULL when any argument is NULL (LEAST_IGNORE_NULLS is the other one); DuckDB's LEAST and GREATEST skip NULLs.
  LEAST: (a) => `CASE WHEN ${a.map((x) => `(${x}) IS NULL`).join(' OR ')} THEN NULL ELSE LEAST(${a.join(', ')}) END`,
  GREATEST: (a) => `CASE WHEN ${a.map((x) => `(${x}) IS NULL`).join(' OR ')} THEN NULL ELSE GREATEST(${a.join(', ')}) END`,
  // DuckDB spellings Snowflake does not have: rejected, so they cannot slip through the fake.
  REGEXP_MATCHES: () => {
    throw new SyntaxError('Unknown function REGEXP_MATCHES');
  },
};

/** Depth of GENERATOR queries being rewritten: SEQ4()/SEQ8() name the generator's row there. */
let generatorDepth = 0;

/**
 * `LISTAGG(x, d) WITHIN GROUP (ORDER BY k)` -> `STRING_AGG(x, d ORDER BY k)` (DuckDB has no WITHIN GROUP for it),
 * and Snowflake's rule that ranking window functions need ORDER BY: `ROW_NUMBER() OVER ()` is an error there.
 */
function preRewrite(toks: Tok[]): Tok[] {
  const out = [...toks];
  for (let i = 0; i < out.length; i++) {
    const k = out[i];
    if (k.t !== 'word') continue;
    const open = nextSig(out, i + 1);
    if (out[open]?.v !== '(') continue;
    if (['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE'].includes(k.v)) {
      const over = nextSig(out, closing(out, open) + 1);
      const win = nextSig(out, over + 1);
      if (out[over]?.v === 'OVER' && out[win]?.v === '(' && !out.slice(win, closing(out, win)).some((x) => x.t === 'word' && x.v === 'ORDER')) {
        throw new SyntaxError(`Window function type [${k.v}] requires ORDER BY in window specification.`);
      }
    }
    if (k.v === 'LISTAGG') {
      const end = closing(out, open);
      const within = nextSig(out, end + 1);
      const group = nextSig(out, within + 1);
      const paren = nextSig(out, group + 1);
      if (out[within]?.v !== 'WITHIN' || out[group]?.v !== 'GROUP' || out[paren]?.v !== '(') {
        out[i] = { t: 'word', v: 'STRING_AGG' };
        continue;
      }
      const last = closing(out, paren);
      out.splice(i, last - i + 1, { t: 'word', v: 'STRING_AGG' }, ...out.slice(open, end), { t: 'ws', v: ' ' }, ...out.slice(paren + 1, last), { t: 'punct', v: ')' });
    }
  }
  return out;
}

const typeWords: Record<string, string> = {
  TIMESTAMP_NTZ: 'TIMESTAMP', TIMESTAMP_LTZ: 'TIMESTAMPTZ', TIMESTAMP_TZ: 'TIMESTAMPTZ', DATETIME: 'TIMESTAMP',
  FLOAT: 'DOUBLE', FLOAT4: 'DOUBLE', FLOAT8: 'DOUBLE', REAL: 'DOUBLE', VARIANT: 'JSON', OBJECT: 'JSON', ARRAY: 'JSON',
  BYTEINT: 'BIGINT', NUMBER: 'DECIMAL', NUMERIC: 'DECIMAL',
};

const clauseWords = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'FULL', 'CROSS', 'ON', 'UNION', 'EXCEPT', 'INTERSECT', 'HAVING', 'QUALIFY', 'WINDOW', 'USING', 'NATURAL', 'MINUS']);

function infoSchemaView(view: string, catalog: string): string | undefined {
  const cat = `table_catalog = ${catalog}`;
  const numeric = `data_type LIKE 'DECIMAL%' OR data_type IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT')`;
  switch (view) {
    case 'TABLES':
      return `SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME, table_type AS TABLE_TYPE FROM system.information_schema.tables WHERE ${cat}`;
    case 'COLUMNS':
      return `SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME, column_name AS COLUMN_NAME, ordinal_position AS ORDINAL_POSITION, CASE WHEN ${numeric} THEN 'NUMBER' WHEN data_type IN ('DOUBLE','FLOAT') THEN 'FLOAT' WHEN data_type = 'VARCHAR' THEN 'TEXT' WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ' WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' WHEN data_type = 'BLOB' THEN 'BINARY' ELSE data_type END AS DATA_TYPE, is_nullable AS IS_NULLABLE, numeric_precision AS NUMERIC_PRECISION, numeric_scale AS NUMERIC_SCALE FROM system.information_schema.columns WHERE ${cat}`;
    case 'SCHEMATA':
      return `SELECT catalog_name AS CATALOG_NAME, schema_name AS SCHEMA_NAME FROM system.information_schema.schemata WHERE catalog_name = ${catalog}`;
    case 'VIEWS':
      return `SELECT table_catalog AS TABLE_CATALOG, table_schema AS TABLE_SCHEMA, table_name AS TABLE_NAME FROM system.information_schema.tables WHERE ${cat} AND table_type = 'VIEW'`;
  }
  return undefined;
}

/** Index of the `)` closing the `(` at `open`, in a token list. */
function closing(toks: Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (toks[i].v === '(' && toks[i].t === 'punct') depth++;
    if (toks[i].v === ')' && toks[i].t === 'punct' && --depth === 0) return i;
  }
  throw new SyntaxError('unbalanced parentheses');
}

function nextSig(toks: Tok[], i: number): number {
  let j = i;
  while (j < toks.length && (toks[j].t === 'ws' || toks[j].t === 'comment')) j++;
  return j;
}

/** Rewrites a token list (already upper-cased) into DuckDB text. */
export function rewrite(toks: Tok[], facts: SessionFacts): string {
  const generator = toks.some((k) => k.t === 'word' && k.v === 'GENERATOR');
  if (generator) generatorDepth++;
  try {
    return rewriteTokens(preRewrite(toks), facts);
  } finally {
    if (generator) generatorDepth--;
  }
}

function rewriteTokens(toks: Tok[], facts: SessionFacts): string {
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    const k = toks[i];
    if (k.t !== 'word') {
      out += render([k]);
      continue;
    }
    const afterDot = out.trimEnd().endsWith('.');
    const j = nextSig(toks, i + 1);
    if (!afterDot && calls[k.v] && toks[j]?.v === '(') {
      const end = closing(toks, j);
      const args: Tok[][] = [[]];
      let depth = 0;
      for (const a of toks.slice(j + 1, end)) {
        if (a.t === 'punct' && a.v === '(') depth++;
        if (a.t === 'punct' && a.v === ')') depth--;
        if (a.t === 'punct' && a.v === ',' && depth === 0) args.push([]);
        else args[args.length - 1].push(a);
      }
      const texts = args.map((a) => rewrite(a, facts).trim()).filter((a, idx) => a !== '' || idx > 0);
      out += calls[k.v](texts, facts);
      i = end;
      continue;
    }
    // [db.]INFORMATION_SCHEMA.VIEW -> a subquery over DuckDB's catalog, with Snowflake's names.
    if (k.v === 'INFORMATION_SCHEMA' && toks[i + 1]?.v === '.' && toks[i + 2]) {
      const prev = out.match(/("(?:[^"]|"")*"|[A-Z_][A-Z0-9_$]*)\.$/);
      const catalog = prev ? lit(identName({ t: prev[1].startsWith('"') ? 'qident' : 'word', v: prev[1] })) : 'current_database()';
      const view = identName(toks[i + 2]).toUpperCase();
      const sub = infoSchemaView(view, catalog);
      if (sub) {
        if (prev) out = out.slice(0, out.length - prev[0].length);
        const a = nextSig(toks, i + 3);
        const hasAlias = toks[a] && (toks[a].v === 'AS' || ((toks[a].t === 'word' || toks[a].t === 'qident') && !clauseWords.has(toks[a].v)));
        out += `(${sub})${hasAlias ? '' : ` AS ${view}`}`;
        i += 2;
        continue;
      }
    }
    if (!afterDot && k.v === 'TRANSIENT') {
      i = nextSig(toks, i + 1) - 1;
      continue;
    }
    if (!afterDot && typeWords[k.v]) {
      const bare = (k.v === 'NUMBER' || k.v === 'NUMERIC') && toks[j]?.v !== '(';
      out += bare ? 'DECIMAL(38, 0)' : typeWords[k.v];
      continue;
    }
    out += k.v;
  }
  return out;
}

export function translate(sql: string, facts: SessionFacts): string {
  return rewrite(tokenize(sql), facts);
}
