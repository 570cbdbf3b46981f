import { DuckDbAdapter } from '../../src/warehouse/duckdb/duckdb-adapter.js';
import { PostgresAdapter } from '../../src/warehouse/postgres/postgres-adapter.js';
import { adapterConformance } from '../conformance/adapter-conformance.js';

adapterConformance({
  dialect: 'duckdb',
  open: () => DuckDbAdapter.open({ path: ':memory:' }, '.', 'conformance'),
  schema: 'conf',
  slowQuery: 'SELECT SUM(HASH(range)) FROM range(40000000000)',
});

// The real server at 127.0.0.1:5432 (CI has it; these tests must run, never skip).
adapterConformance({
  dialect: 'postgres',
  open: () => PostgresAdapter.open({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' }, 'conformance'),
  schema: `cible_conf_${process.pid}`,
  slowQuery: 'SELECT pg_sleep(30)',
});
