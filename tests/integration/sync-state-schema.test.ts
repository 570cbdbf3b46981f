import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

describe('state_schema', () => {
  it('keeps each target its own sync state, so two targets of one database never share a snapshot', async () => {
    const dir = makeProject({
      'project.yml': 'name: st\ntarget: dev\ntargets:\n  dev: { type: duckdb, path: .cible/st.duckdb, state_schema: dev_state }\n  prod: { type: duckdb, path: .cible/st.duckdb, schema: prod, state_schema: prod_state }\ndestinations:\n  out: { type: file, path: out, content: delta, format: jsonl }\n',
      'models/people.sql': "select 1 as id, 'a@x.com' as email union all select 2, 'b@x.com'",
      'models/schema.yml': 'models:\n  - { name: people, materialized: table }\n',
      'syncs/s.yml': 'syncs:\n  - { name: everyone, model: people, to: out, key: id, fields: { email: email } }\n',
    });
    for (const t of ['dev', 'prod']) expect(runCli(['build', '--target', t], { cwd: dir }).code).toBe(0);
    const dev = JSON.parse(runCli(['sync', '--json', '--target', 'dev'], { cwd: dir }).stdout).results[0];
    expect(dev.added).toBe(2);
    // prod has its own (empty) snapshot: it sends everyone too, instead of "nothing changed".
    const prod = JSON.parse(runCli(['sync', '--json', '--target', 'prod'], { cwd: dir }).stdout).results[0];
    expect(prod.added).toBe(2);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(join(dir, '.cible', 'st.duckdb'));
    const c = await db.connect();
    const schemas = (await c.runAndReadAll("select distinct schema_name from duckdb_tables() where table_name = 'snap__everyone' order by 1")).getRowObjectsJS().map((r) => r.schema_name);
    c.closeSync();
    db.closeSync();
    expect(schemas).toEqual(['dev_state', 'prod_state']);
  });
});
