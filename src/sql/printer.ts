/** The one visitor that turns the SQL tree into text for a dialect. */
import type { Expr, FromItem, FunctionName, Query, Select, Statement, TableName } from './ast.js';
import type { Dialect, PrintHelpers } from './dialect.js';

export class SqlPrinter implements PrintHelpers {
  constructor(readonly dialect: Dialect) {}

  /** A generated name as the engine stores it (see `Dialect.identifierCase`), e.g. to compare with catalog views. */
  foldName(name: string): string {
    // Only ASCII letters fold: Snowflake's unquoted identifiers are ASCII, and this keeps lengths and locales out of it.
    return this.dialect.identifierCase === 'upper' ? name.replace(/[a-z]+/g, (m) => m.toUpperCase()) : name;
  }

  ident(name: string): string {
    const q = this.dialect.quote;
    const folded = this.foldName(name);
    return q + (this.dialect.quoteEscape === 'backslash' ? backslashEscape(folded, q) : folded.split(q).join(q + q)) + q;
  }

  table(t: TableName): string {
    return [t.database, t.schema, t.name].filter((p): p is string => !!p).map((p) => this.ident(p)).join('.');
  }

  string(s: string): string {
    const escaped = this.dialect.stringEscape === 'backslash' ? backslashEscape(s, "'") : s.replace(/'/g, "''");
    return `'${escaped}'`;
  }

  literal(v: string | number | boolean | null): string {
    if (v === null) return 'NULL';
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`internal error: non-finite number literal ${v}`);
      return String(v);
    }
    return this.string(v);
  }

  expr(e: Expr): string {
    switch (e.kind) {
      case 'column':
        return e.table ? `${this.ident(e.table)}.${this.ident(e.name)}` : this.ident(e.name);
      case 'star':
        return e.table ? `${this.ident(e.table)}.*` : '*';
      case 'literal':
        return this.literal(e.value);
      case 'raw':
        return e.sql;
      case 'call':
        return this.call(e.fn, e.args.map((a) => this.expr(a)));
      case 'agg':
        return `${e.fn.toUpperCase()}(${e.distinct ? 'DISTINCT ' : ''}${e.arg ? this.expr(e.arg) : '*'})`;
      case 'binary':
        return `(${this.expr(e.left)} ${e.op.toUpperCase()} ${this.expr(e.right)})`;
      case 'not':
        return `NOT (${this.expr(e.expr)})`;
      case 'is_null':
        return `${this.expr(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL`;
      case 'in':
        return `${this.expr(e.expr)} ${e.negated ? 'NOT ' : ''}IN (${e.values.map((v) => this.expr(v)).join(', ')})`;
      case 'cast':
        return `CAST(${this.expr(e.expr)} AS ${this.dialect.types[e.to]})`;
      case 'exists':
        return `EXISTS (${this.select(e.query)})`;
      case 'subquery':
        return `(${this.select(e.query)})`;
    }
  }

  /** Shorthand for printing a catalogue function over already-printed arguments. */
  fn(name: FunctionName, ...args: string[]): string {
    return this.call(name, args);
  }

  call(fn: FunctionName, args: string[]): string {
    const override = this.dialect.functions?.[fn];
    if (override) return override(args);
    switch (fn) {
      case 'current_date':
        return 'CURRENT_DATE';
      case 'current_timestamp':
        return 'CURRENT_TIMESTAMP';
      case 'safe_divide':
        // Always a real division: engines that divide integers as integers (Postgres) would truncate ratios.
        return `CAST(${args[0]} AS ${this.dialect.types.float}) / NULLIF(${args[1]}, 0)`;
      case 'date_trunc':
        return this.dialect.dateTrunc(args[0] as never, args[1]);
      case 'concat':
        return `(${args.join(' || ')})`;
      case 'date_add_days':
        return `(${args[0]} + INTERVAL (${args[1]}) DAY)`;
      case 'date_diff_days':
        return `DATEDIFF('day', ${args[0]}, ${args[1]})`;
      case 'sha256_hex':
        return `SHA256(${args[0]})`;
      case 'md5_hex':
        return `MD5(${args[0]})`;
      case 'hash64':
        return `HASH(${args[0]})`;
      case 'regexp_replace_all':
        return `REGEXP_REPLACE(${args[0]}, ${args[1]}, ${args[2]}, 'g')`;
      case 'regexp_contains':
        return `REGEXP_MATCHES(${args[0]}, ${args[1]})`;
      case 'date_sub_interval':
        return `(${args[0]} - INTERVAL (${args[1]}) ${unitOf(args[2])})`;
      case 'string_agg_distinct':
        return `STRING_AGG(DISTINCT ${args[0]}, ${args[1]} ORDER BY ${args[0]})`;
      case 'least':
        // DuckDB and Postgres skip NULL arguments; the catalogue's LEAST is NULL as soon as one argument is.
        return `CASE WHEN ${args.map((a) => `${a} IS NULL`).join(' OR ')} THEN NULL ELSE LEAST(${args.join(', ')}) END`;
      case 'row_id':
        return 'ROW_NUMBER() OVER ()';
      case 'to_decimal':
        return `CAST(${args[0]} AS DECIMAL(${args[1]}, ${args[2]}))`;
      case 'seconds_between':
        return `DATE_DIFF('second', ${args[0]}, ${args[1]})`;
      case 'strip_accents':
        return `TRANSLATE(${args[0]}, ${this.string(accented)}, ${this.string(unaccented)})`;
      default:
        return `${fn.toUpperCase()}(${args.join(', ')})`;
    }
  }

  from(f: FromItem): string {
    if (f.kind === 'from_table') return this.table(f.table) + (f.as ? ` AS ${this.ident(f.as)}` : '');
    return `(${this.query(f.query)}) AS ${this.ident(f.as)}`;
  }

  select(s: Select): string {
    const parts: string[] = [];
    if (s.with?.length) parts.push(`WITH ${s.with.map((w) => `${this.ident(w.name)} AS (\n${this.query(w.query)}\n)`).join(',\n')}`);
    const cols = s.columns.map((c) => this.expr(c.expr) + (c.as ? ` AS ${this.ident(c.as)}` : '')).join(', ');
    parts.push(`SELECT ${s.distinct ? 'DISTINCT ' : ''}${cols}`);
    if (s.from) parts.push(`FROM ${this.from(s.from)}`);
    for (const j of s.joins ?? []) parts.push(`${j.type === 'left' ? 'LEFT JOIN' : 'JOIN'} ${this.from(j.from)} ON ${this.expr(j.on)}`);
    if (s.where) parts.push(`WHERE ${this.expr(s.where)}`);
    if (s.groupBy?.length) parts.push(`GROUP BY ${s.groupBy.map((g) => this.expr(g)).join(', ')}`);
    if (s.having) parts.push(`HAVING ${this.expr(s.having)}`);
    if (s.orderBy?.length) parts.push(`ORDER BY ${s.orderBy.map((o) => this.expr(o.expr) + (o.desc ? ' DESC' : '')).join(', ')}`);
    if (s.limit !== undefined) parts.push(`LIMIT ${Math.floor(s.limit)}`);
    return parts.join('\n');
  }

  query(q: Query): string {
    return q.kind === 'raw_query' ? q.sql : this.select(q);
  }

  statement(s: Statement): string {
    const hook = this.dialect.hooks?.[s.kind] as ((s: Statement, p: PrintHelpers) => string) | undefined;
    if (hook) return hook(s, this);
    switch (s.kind) {
      case 'create_schema':
        return `CREATE SCHEMA IF NOT EXISTS ${this.table({ kind: 'table', database: s.database, name: s.schema })}`;
      case 'create_table_as':
        return `CREATE ${s.replace ? 'OR REPLACE ' : ''}${s.temporary ? 'TEMPORARY ' : ''}TABLE ${this.table(s.table)} AS\n${this.query(s.query)}`;
      case 'create_table': {
        const cols = s.columns.map((c) => `${this.ident(c.name)} ${this.dialect.types[c.type]}`);
        if (s.primaryKey?.length) cols.push(`PRIMARY KEY (${s.primaryKey.map((k) => this.ident(k)).join(', ')})`);
        return `CREATE TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.table(s.table)} (${cols.join(', ')})`;
      }
      case 'create_view':
        return `CREATE ${s.replace ? 'OR REPLACE ' : ''}VIEW ${this.table(s.table)} AS\n${this.query(s.query)}`;
      case 'drop':
        return `DROP ${s.object.toUpperCase()} ${s.ifExists ? 'IF EXISTS ' : ''}${this.table(s.table)}`;
      case 'rename':
        return `ALTER ${s.object.toUpperCase()} ${this.table(s.table)} RENAME TO ${this.ident(s.to)}`;
      case 'analyze':
        return `ANALYZE ${this.table(s.table)}`;
      case 'swap':
        throw new Error(`internal error: the ${this.dialect.name} dialect cannot swap tables (capabilities.swapTable is not set)`);
      case 'insert_select':
        return `INSERT INTO ${this.table(s.table)} (${s.columns.map((c) => this.ident(c)).join(', ')})\n${this.query(s.query)}`;
      case 'merge':
        return this.merge(s);
      case 'delete_matching':
        return `DELETE FROM ${this.table(s.target)} AS ${this.ident('t')} WHERE EXISTS (SELECT 1 FROM ${this.table(s.source)} AS ${this.ident('s')} WHERE ${this.keyMatch(s.keys)})`;
      case 'begin':
        return 'BEGIN TRANSACTION';
      case 'commit':
        return 'COMMIT';
      case 'rollback':
        return 'ROLLBACK';
      case 'query':
        return this.query(s.query);
    }
  }

  keyMatch(keys: string[]): string {
    return keys.map((k) => `${this.ident('t')}.${this.ident(k)} = ${this.ident('s')}.${this.ident(k)}`).join(' AND ');
  }

  private merge(s: Extract<Statement, { kind: 'merge' }>): string {
    // Keys come from YAML, columns from the catalog (upper-cased on Snowflake): compare them as the engine stores them.
    const keys = new Set(s.keys.map((k) => this.foldName(k)));
    const nonKeys = s.columns.filter((c) => !keys.has(this.foldName(c)));
    const lines = [
      `MERGE INTO ${this.table(s.target)} AS ${this.ident('t')}`,
      `USING ${this.table(s.source)} AS ${this.ident('s')}`,
      `ON ${this.keyMatch(s.keys)}`,
    ];
    if (nonKeys.length) lines.push(`WHEN MATCHED THEN UPDATE SET ${nonKeys.map((c) => `${this.ident(c)} = ${this.ident('s')}.${this.ident(c)}`).join(', ')}`);
    lines.push(`WHEN NOT MATCHED THEN INSERT (${s.columns.map((c) => this.ident(c)).join(', ')}) VALUES (${s.columns.map((c) => `${this.ident('s')}.${this.ident(c)}`).join(', ')})`);
    return lines.join('\n');
  }
}

/**
 * Backslash-style escaping (BigQuery strings and quoted names): the backslash itself, the quote, and the control
 * characters a single-quoted GoogleSQL literal may not hold raw (a newline ends it).
 */
const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function backslashEscape(s: string, quote: string): string {
  return s.replace(/[\\\n\r\t]/g, (c) => escapes[c]).split(quote).join('\\' + quote);
}

/** A unit given as a string literal (`'month'`) to the keyword SQL wants (MONTH). */
export function unitOf(literal: string): string {
  const u = literal.replace(/'/g, '').toUpperCase();
  if (!['DAY', 'WEEK', 'MONTH', 'YEAR'].includes(u)) throw new Error(`internal error: unknown date unit ${literal}`);
  return u;
}

// Latin-1 Supplement and the Latin Extended-A letters of Western European languages, position by position.
const accented = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŸŠšŽž';
const unaccented = 'AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyYSsZz';
