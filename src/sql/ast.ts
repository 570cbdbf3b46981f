/**
 * The small SQL tree every generated statement is built from. Identifiers, names and literals are nodes,
 * never pre-formatted strings, so only the dialect decides quoting and escaping. `raw` carries user-written
 * SQL (a model's rendered template, an `expression` test, a KPI measure) through unchanged, on purpose.
 */
export type LogicalType = 'string' | 'int' | 'bigint' | 'float' | 'decimal' | 'bool' | 'date' | 'timestamp';
export type DateGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface TableName {
  kind: 'table';
  database?: string;
  schema?: string;
  name: string;
}

export type Expr =
  | { kind: 'column'; table?: string; name: string }
  | { kind: 'star'; table?: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'raw'; sql: string }
  | { kind: 'call'; fn: FunctionName; args: Expr[] }
  | { kind: 'agg'; fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; arg?: Expr; distinct?: boolean }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'is_null'; expr: Expr; negated?: boolean }
  | { kind: 'in'; expr: Expr; values: Expr[]; negated?: boolean }
  | { kind: 'cast'; expr: Expr; to: LogicalType }
  | { kind: 'exists'; query: Select }
  | { kind: 'subquery'; query: Select };

export type BinaryOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | '+' | '-' | '*' | '/';

/** The function catalogue: names the compiler may use; each dialect prints them (STYLE habit 5). */
export type FunctionName =
  | 'coalesce' | 'lower' | 'upper' | 'trim' | 'current_date' | 'current_timestamp'
  | 'date_trunc' | 'date_add_days' | 'date_diff_days' | 'safe_divide' | 'sha256_hex' | 'concat'
  /** Hex MD5: a change-detection fingerprint (sync row hashes), several times cheaper than SHA-256; not for identifiers. */
  | 'md5_hex'
  /**
   * (string): a 64-bit integer hash, to compare long strings (MD5 row hashes) as one integer: a join that carries it
   * instead of the string needs a fraction of the memory. Values differ between engines; compare within one only.
   */
  | 'hash64'
  /** (string, pattern, replacement): every match replaced. */
  | 'regexp_replace_all'
  /** (string, pattern): true when the pattern matches anywhere in the string. */
  | 'regexp_contains'
  /** (date, n, unit literal 'day' | 'week' | 'month' | 'year'): the date n units earlier. */
  | 'date_sub_interval'
  /** (string, delimiter, 1-based index). */
  | 'split_part'
  /** (a, b, ...): the smallest; NULL when any argument is NULL (BigQuery and Snowflake semantics). */
  | 'least'
  /** (string, 1-based start[, length]). */
  | 'substr'
  /** (string): length in characters. */
  | 'length'
  /** (expr, delimiter): distinct values joined, sorted. */
  | 'string_agg_distinct'
  /** (): a unique integer per row of the SELECT (not necessarily dense nor ordered). */
  | 'row_id'
  /** (expr, precision, scale): a fixed-point number rounded to `scale` digits. */
  | 'to_decimal'
  /** (a, b): whole seconds from timestamp a to timestamp b. */
  | 'seconds_between'
  /**
   * (string): Latin letters with diacritics replaced by their base letter (é -> e, Ç -> C), through one TRANSLATE
   * table on every engine, so all of them return the same text; other characters are kept.
   */
  | 'strip_accents';

export interface SelectItem {
  expr: Expr;
  as?: string;
}

export type FromItem =
  | { kind: 'from_table'; table: TableName; as?: string }
  | { kind: 'from_query'; query: Select | RawQuery; as: string };

export interface Join {
  type: 'inner' | 'left';
  from: FromItem;
  on: Expr;
}

export interface RawQuery {
  kind: 'raw_query';
  sql: string;
}

export interface Select {
  kind: 'select';
  with?: { name: string; query: Select | RawQuery }[];
  distinct?: boolean;
  columns: SelectItem[];
  from?: FromItem;
  joins?: Join[];
  where?: Expr;
  groupBy?: Expr[];
  having?: Expr;
  orderBy?: { expr: Expr; desc?: boolean }[];
  limit?: number;
}

export type Query = Select | RawQuery;

export type Statement =
  | { kind: 'create_schema'; schema: string; database?: string }
  /** `temporary`: session-scoped, only where `Dialect.temporaryTables` says where such tables live. */
  | { kind: 'create_table_as'; table: TableName; query: Query; replace?: boolean; temporary?: boolean }
  | { kind: 'create_table'; table: TableName; columns: { name: string; type: LogicalType }[]; primaryKey?: string[]; ifNotExists?: boolean }
  | { kind: 'create_view'; table: TableName; query: Query; replace?: boolean }
  | { kind: 'drop'; object: 'table' | 'view'; table: TableName; ifExists?: boolean }
  | { kind: 'rename'; object: 'table' | 'view'; table: TableName; to: string }
  /** Gathers the planner's statistics of a table; only where `temporaryTables.analyze` asks for it. */
  | { kind: 'analyze'; table: TableName }
  /** Exchanges two tables' contents and metadata in one atomic operation; only where `capabilities.swapTable`. */
  | { kind: 'swap'; table: TableName; with: TableName }
  | { kind: 'insert_select'; table: TableName; columns: string[]; query: Query }
  | { kind: 'merge'; target: TableName; source: TableName; keys: string[]; columns: string[] }
  | { kind: 'delete_matching'; target: TableName; source: TableName; keys: string[] }
  | { kind: 'begin' }
  | { kind: 'commit' }
  | { kind: 'rollback' }
  | { kind: 'query'; query: Query };

export const sql = {
  table: (name: string, schema?: string, database?: string): TableName => ({ kind: 'table', name, schema, database }),
  col: (name: string, table?: string): Expr => ({ kind: 'column', name, table }),
  lit: (value: string | number | boolean | null): Expr => ({ kind: 'literal', value }),
  raw: (text: string): Expr => ({ kind: 'raw', sql: text }),
  call: (fn: FunctionName, ...args: Expr[]): Expr => ({ kind: 'call', fn, args }),
  eq: (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '=', left, right }),
  and: (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b })),
  or: (...xs: Expr[]): Expr => xs.reduce((a, b) => ({ kind: 'binary', op: 'or', left: a, right: b })),
  rawQuery: (text: string): RawQuery => ({ kind: 'raw_query', sql: text }),
  countStar: (): Expr => ({ kind: 'agg', fn: 'count' }),
};
