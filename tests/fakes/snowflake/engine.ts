/**
 * The fake's SQL engine: one DuckDB connection per Snowflake session, a Snowflake database per DuckDB catalog
 * (ATTACH ':memory:'), so `"DB"."SCHEMA"."T"` and `"SCHEMA"."T"` resolve as in Snowflake. It runs what the
 * translator cannot express as one DuckDB statement: session commands, Snowflake's transaction rules (DDL commits
 * an open transaction first), `ALTER TABLE a SWAP WITH b`, qualified `RENAME TO`, stages (PUT / COPY INTO).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { encodeResult, rowType, type EncodedResult } from './result-encoding.js';
import { copyInto, stageFor } from './stages.js';
import { identName, rewrite, sig, tokenize, type SessionFacts, type Tok } from './sql-translate.js';

export class SfError extends Error {
  constructor(readonly code: string, readonly sqlState: string, message: string, readonly kind = 'COMPILATION') {
    super(message);
  }
}

export interface FakeSession extends SessionFacts {
  id: number;
  token: string;
  masterToken: string;
  database: string;
  schema: string;
  conn: DuckDBConnection;
  inTx: boolean;
  queryTag?: string;
  /** Statements of one session run one after the other. */
  tail: Promise<unknown>;
}

export interface StatementResult extends EncodedResult {
  statementTypeId: number;
}

const DDL = new Set(['CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'GRANT', 'REVOKE', 'COMMENT', 'UNDROP']);
const DML: Record<string, [number, string[]]> = {
  INSERT: [0x3100, ['number of rows inserted']],
  UPDATE: [0x3200, ['number of rows updated', 'number of multi-joined rows updated']],
  DELETE: [0x3300, ['number of rows deleted']],
  MERGE: [0x3400, ['number of rows inserted', 'number of rows updated']],
};

export const quoteParts = (parts: string[]) => parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');

/** A name as Snowflake reads a connection parameter: upper-cased unless it is written in double quotes. */
export const paramName = (s: string | undefined) => (s ? (s.startsWith('"') ? s.slice(1, -1) : s.toUpperCase()) : '');

export function statusResult(message: string, statementTypeId = 0x6000): StatementResult {
  return { rowtype: [rowType('status', 'text')], first: [[message]], chunks: [], total: 1, statementTypeId };
}

/** DuckDB's error text -> the Snowflake code, SQLSTATE and wording the driver and users see. */
export function snowflakeError(e: unknown): SfError {
  if (e instanceof SfError) return e;
  // DuckDB's own framing (statement extraction, the LINE/caret excerpt, "Did you mean") is not Snowflake's.
  const m = String((e as Error)?.message ?? e).replace(/^Failed to extract statements: /, '').replace(/\n(Did you mean|\nLINE \d+:)[\s\S]*$/, '');
  if (/interrupt/i.test(m)) return new SfError('000604', '57014', 'SQL execution canceled', 'EXECUTION');
  const missing = /(?:Table|View|Schema|Catalog) with name "?([^"\s!]+)"? does not exist/.exec(m);
  if (missing) return new SfError('002003', '42S02', `SQL compilation error:\nObject '${missing[1]}' does not exist or not authorized.`);
  const column = /Referenced column "?([^"\s]+)"? not found/.exec(m);
  if (column) return new SfError('000904', '42000', `SQL compilation error: error line 1 at position 0\ninvalid identifier '${column[1]}'`);
  if (m.startsWith('Parser Error')) return new SfError('001003', '42000', `SQL compilation error:\nsyntax error: ${m.replace(/^Parser Error: /, '')}`);
  if (m.startsWith('Conversion Error')) return new SfError('100038', '22018', m.replace(/^Conversion Error: /, ''), 'EXECUTION');
  if (/already exists/.test(m)) return new SfError('002002', '42710', `SQL compilation error:\n${m.replace(/^\w+ Error: /, '')}`);
  return new SfError('002043', '42000', `SQL compilation error:\n${m.replace(/^\w+ Error: /, '')}`);
}

/** A qualified name starting at token `i`: its parts (as Snowflake stores them) and the index after it. */
export function nameAt(toks: Tok[], i: number): { parts: string[]; end: number } {
  const parts: string[] = [];
  let j = i;
  while (toks[j] && (toks[j].t === 'word' || toks[j].t === 'qident')) {
    parts.push(identName(toks[j]));
    j++;
    if (toks[j]?.v !== '.') break;
    j++;
  }
  return { parts, end: j };
}

export class Engine {
  constructor(readonly instance: DuckDBInstance, readonly stageRoot: string, readonly chunkRows: number) {}

  async openSession(s: Omit<FakeSession, 'conn' | 'inTx' | 'tail'>): Promise<FakeSession> {
    const conn = await this.instance.connect();
    const session: FakeSession = { ...s, conn, inTx: false, tail: Promise.resolve() };
    if (s.database) await this.useDatabase(session, s.database, s.schema);
    return session;
  }

  private async useDatabase(s: FakeSession, db: string, schema?: string): Promise<void> {
    await s.conn.run(`ATTACH IF NOT EXISTS ':memory:' AS ${quoteParts([db])}`);
    await s.conn.run(`USE ${quoteParts([db])}`);
    s.database = db;
    if (schema && (await this.exists(s, `SELECT 1 FROM duckdb_schemas() WHERE database_name = ? AND schema_name = ?`, [db, schema]))) {
      await s.conn.run(`USE ${quoteParts([db, schema])}`);
    }
    if (schema) s.schema = schema;
  }

  private async exists(s: FakeSession, sql: string, params: string[]): Promise<boolean> {
    return (await s.conn.runAndReadAll(sql, params)).getRows().length > 0;
  }

  /** [database, schema, name] of a 1-, 2- or 3-part name, completed from the session. */
  async resolve(s: FakeSession, parts: string[]): Promise<string[]> {
    const cur = (await s.conn.runAndReadAll('SELECT current_database(), current_schema()')).getRows()[0] as string[];
    return [...[cur[0], cur[1]].slice(0, 3 - parts.length), ...parts];
  }

  async execute(s: FakeSession, sql: string): Promise<StatementResult> {
    const toks = tokenize(sql.trim().replace(/;\s*$/, ''));
    const w = sig(toks);
    const head = w[0]?.v ?? '';
    const facts: SessionFacts = s;
    if (head === 'USE') {
      const kind = ['WAREHOUSE', 'ROLE', 'DATABASE', 'SCHEMA'].includes(w[1]?.v) ? w[1].v : 'SCHEMA';
      const { parts } = nameAt(w, kind === w[1]?.v ? 2 : 1);
      if (kind === 'WAREHOUSE') s.warehouse = parts[0];
      else if (kind === 'ROLE') s.role = parts[0];
      else if (kind === 'DATABASE') await this.useDatabase(s, parts[0]);
      else await this.useDatabase(s, parts.length > 1 ? parts[0] : s.database, parts[parts.length - 1]);
      return statusResult('Statement executed successfully.');
    }
    if (head === 'ALTER' && w[1]?.v === 'SESSION') {
      const tag = w.findIndex((k) => k.v === 'QUERY_TAG');
      if (tag > 0) s.queryTag = w[1 + 1]?.v === 'UNSET' ? undefined : w[tag + 2]?.v;
      return statusResult('Statement executed successfully.');
    }
    if (head === 'BEGIN' || head === 'START') {
      if (!s.inTx) await s.conn.run('BEGIN TRANSACTION');
      s.inTx = true;
      return statusResult('Statement executed successfully.');
    }
    if (head === 'COMMIT' || head === 'ROLLBACK') {
      if (s.inTx) await s.conn.run(head);
      s.inTx = false;
      return statusResult('Statement executed successfully.');
    }
    if (head === 'COPY') return copyInto(this, s, w);
    await this.checkQuotedCase(s, w);
    try {
      if (DDL.has(head)) return await this.ddl(s, w, toks, facts);
      const text = rewrite(toks, facts);
      if (DML[head]) {
        const [id, names] = DML[head];
        const n = String((await s.conn.runAndReadAll(text)).getRowsJS()[0]?.[0] ?? 0);
        return { rowtype: names.map((x) => rowType(x, 'fixed', 0, 38)), first: [names.map((_, i) => (i === 0 ? n : '0'))], chunks: [], total: 1, statementTypeId: id };
      }
      const result = await s.conn.stream(text);
      return { ...(await encodeResult(result, this.chunkRows)), statementTypeId: 0x1000 };
    } catch (e) {
      throw snowflakeError(e);
    }
  }

  /**
   * DuckDB resolves even quoted names case-insensitively; Snowflake does not. A quoted name with lower-case letters
   * that exists only in another case (`"order_id"` for column ORDER_ID) fails as in Snowflake, unless this statement
   * defines it (`AS "x"`, a column list of CREATE).
   */
  private async checkQuotedCase(s: FakeSession, w: Tok[]): Promise<void> {
    const defined = new Set(w.filter((k, i) => k.t === 'qident' && (w[i - 1]?.v === 'AS' || w[i - 1]?.v === '(' || w[i - 1]?.v === ',')).map(identName));
    const names = [...new Set(w.filter((k) => k.t === 'qident').map(identName))].filter((n) => n !== n.toUpperCase() && !defined.has(n));
    if (!names.length || !['SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE'].includes(w[0]?.v)) return;
    const catalog = `SELECT schema_name AS n FROM duckdb_schemas() UNION ALL SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() UNION ALL SELECT column_name FROM duckdb_columns()`;
    for (const n of names) {
      const rows = (await s.conn.runAndReadAll(`SELECT count(*) FILTER (WHERE n = ?), count(*) FILTER (WHERE lower(n) = lower(?)) FROM (${catalog})`, [n, n])).getRowsJS()[0];
      if (Number(rows[0]) === 0 && Number(rows[1]) > 0) throw new SfError('000904', '42000', `SQL compilation error: error line 1 at position 0\ninvalid identifier '"${n}"'`);
    }
  }

  private async ddl(s: FakeSession, w: Tok[], toks: Tok[], facts: SessionFacts): Promise<StatementResult> {
    // Snowflake: a DDL statement commits the open transaction, then runs in its own.
    if (s.inTx) {
      await s.conn.run('COMMIT');
      s.inTx = false;
    }
    const words = w.map((k) => k.v);
    if (words[0] === 'CREATE' && words.includes('STAGE')) return statusResult('Stage area successfully created.');
    if (words[0] === 'CREATE' && words[1] === 'DATABASE') {
      const { parts } = nameAt(w, words[2] === 'IF' ? 5 : 2);
      await s.conn.run(`ATTACH IF NOT EXISTS ':memory:' AS ${quoteParts(parts)}`);
      return statusResult(`Database ${parts[0]} successfully created.`);
    }
    if (words[0] === 'ALTER' && (words[1] === 'TABLE' || words[1] === 'VIEW')) {
      const a = nameAt(w, words[2] === 'IF' ? 4 : 2);
      const from = await this.resolve(s, a.parts);
      if (words[a.end] === 'SWAP' && words[a.end + 1] === 'WITH') {
        const to = await this.resolve(s, nameAt(w, a.end + 2).parts);
        if (from[0] !== to[0] || from[1] !== to[1]) throw new SfError('002003', '42000', 'fake: SWAP WITH across schemas is not supported');
        const parked = `${from[2]}__fake_swap`;
        await s.conn.run('BEGIN TRANSACTION');
        try {
          await s.conn.run(`ALTER TABLE ${quoteParts(from)} RENAME TO ${quoteParts([parked])}`);
          await s.conn.run(`ALTER TABLE ${quoteParts(to)} RENAME TO ${quoteParts([from[2]])}`);
          await s.conn.run(`ALTER TABLE ${quoteParts([from[0], from[1], parked])} RENAME TO ${quoteParts([to[2]])}`);
          await s.conn.run('COMMIT');
        } catch (e) {
          await s.conn.run('ROLLBACK');
          throw snowflakeError(e);
        }
        return statusResult('Statement executed successfully.');
      }
      if (words[a.end] === 'RENAME' && words[a.end + 1] === 'TO') {
        const to = nameAt(w, a.end + 2).parts;
        const target = to.length > 1 ? await this.resolve(s, to) : [from[0], from[1], to[0]];
        if (target[0] !== from[0] || target[1] !== from[1]) throw new SfError('002003', '42000', 'fake: RENAME TO another schema is not supported');
        await s.conn.run(`ALTER ${words[1]} ${quoteParts(from)} RENAME TO ${quoteParts([target[2]])}`);
        return statusResult('Statement executed successfully.');
      }
    }
    await s.conn.run(rewrite(toks, facts));
    return statusResult('Statement executed successfully.');
  }

  /** PUT file://<path> @stage: where the driver must copy the file (a LOCAL_FS stage, reference B6). */
  async putTarget(s: FakeSession, sql: string): Promise<{ source: string; location: string }> {
    const toks = sig(tokenize(sql.trim().replace(/;\s*$/, '')));
    const raw = toks[1]?.t === 'string' ? toks[1].v : (/^\s*PUT\s+(\S+)/i.exec(sql)?.[1] ?? '');
    const at = toks.findIndex((k) => k.v === '@');
    if (!raw.startsWith('file://') || at < 0) throw new SfError('001003', '42000', 'SQL compilation error:\nsyntax error: PUT needs file://<path> and a @stage');
    return { source: decodeURI(raw.slice('file://'.length)), location: (await stageFor(this, s, toks, at)).dir + '/' };
  }
}
