/**
 * `cible debug` checks what a build needs, on the real Postgres with a least-privilege role: without CREATE on its
 * schema and SELECT on a source it names each missing privilege and exits 2; once granted (CREATE on the schema
 * only, not on the database) it passes, and so does a build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';

const role = `cible_dbg_${process.pid}`;
const schema = `${role}_out`;
const src = `${role}_src`;
const admin = () => PostgresAdapter.open({ url: 'postgres://postgres@127.0.0.1:5432/test' }, 'admin');
const project = `name: dbg
target: pg
targets:
  pg: { type: postgres, host: 127.0.0.1, port: 5432, user: ${role}, database: test, schema: ${schema} }
`;

async function sql(...statements: string[]): Promise<void> {
  const db = await admin();
  try {
    for (const s of statements) await db.execute(s);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`, `DROP SCHEMA IF EXISTS "${src}" CASCADE`, `DROP ROLE IF EXISTS ${role}`, `CREATE ROLE ${role} LOGIN`,
    `CREATE SCHEMA "${schema}"`, `GRANT USAGE ON SCHEMA "${schema}" TO ${role}`, `CREATE SCHEMA "${src}"`, `CREATE TABLE "${src}".orders AS SELECT 1 AS id`);
});
afterAll(async () => {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`, `DROP SCHEMA IF EXISTS "${src}" CASCADE`, `DROP OWNED BY ${role}`, `DROP ROLE IF EXISTS ${role}`);
});

describe('cible debug: permissions', () => {
  const dir = makeProject({
    'project.yml': project,
    'models/sources.yml': `sources:\n  - name: shop\n    schema: ${src}\n    tables: [orders]\n`,
    'models/order_ids.sql': 'select id from {{source "shop" "orders"}}',
  });

  it('names each missing privilege and exits 2', () => {
    const r = runCli(['debug'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/connection: OK/);
    expect(r.stdout).toMatch(new RegExp(`OK    create schema '${schema}' if missing`));
    expect(r.stdout).toMatch(new RegExp(`FAIL  create and drop a table in '${schema}': .*permission denied for schema ${schema}\\n\\s+needs: CREATE on the database \\(for a new schema\\) or CREATE on the schema`));
    expect(r.stdout).toMatch(new RegExp(`FAIL  read source shop.orders \\("${src}"."orders"\\): .*permission denied for schema ${src}\\n\\s+needs: USAGE on the schema and SELECT on the table`));
    expect(r.stderr).toMatch(/2 of 3 permission checks failed/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('passes once CREATE on the schema (not the database) and SELECT on the source are granted; a build works', async () => {
    await sql(`GRANT CREATE ON SCHEMA "${schema}" TO ${role}`, `GRANT USAGE ON SCHEMA "${src}" TO ${role}`, `GRANT SELECT ON "${src}".orders TO ${role}`);
    const r = runCli(['debug'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/All checks passed/);
    const b = runCli(['build'], { cwd: dir });
    expect(b.code, b.stdout + b.stderr).toBe(0);
  });
});
