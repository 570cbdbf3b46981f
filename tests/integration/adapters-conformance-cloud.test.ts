/**
 * The shared adapter conformance suite on the cloud adapters: BigQuery and Snowflake through their official clients
 * (@google-cloud/bigquery, snowflake-sdk) against the wire-faithful fakes in tests/fakes, which run on DuckDB after
 * translating the dialect. The slow statement for the cancellation check is made slow by the fakes' fault injection.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { BigQueryAdapter } from '../../src/warehouse/bigquery/bigquery-adapter.js';
import { SnowflakeAdapter } from '../../src/warehouse/snowflake/snowflake-adapter.js';
import { adapterConformance } from '../conformance/adapter-conformance.js';
import { fakeClient } from '../fakes/bigquery/client.js';
import { FakeBigQuery } from '../fakes/bigquery/fake-bigquery.js';
import { FakeSnowflake } from '../fakes/snowflake/server.js';

let bq: FakeBigQuery;
let snow: FakeSnowflake;
const PASSWORD = 'conformance-Pa55';

beforeAll(async () => {
  bq = await FakeBigQuery.start();
  // A job whose SQL names the marker stays RUNNING (jobComplete: false) until it is cancelled.
  bq.slowJobs(1_000_000, 1, /cible_slow_marker/);
  snow = await FakeSnowflake.start({ users: { TESTER: { password: PASSWORD } }, chunkRows: 4000 });
  snow.faults.delayMs = (q) => (/cible_slow_marker/i.test(q) ? 60_000 : 0);
});
afterAll(async () => {
  await bq?.close();
  await snow?.close();
});

adapterConformance({
  dialect: 'bigquery',
  open: () => BigQueryAdapter.open({ project: 'test-proj', dataset: 'conf_bq', location: 'US' }, '.', 'conformance', { client: fakeClient(bq), retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } }),
  schema: 'conf_bq',
  slowQuery: "SELECT 'cible_slow_marker' AS x",
});

adapterConformance({
  dialect: 'snowflake',
  open: () => SnowflakeAdapter.open({ account: 'testacct', user: 'tester', password: PASSWORD, database: 'DEMO', schema: 'PUBLIC', warehouse: 'WH', access_url: snow.url }, mkdtempSync(join(tmpdir(), 'cible-conf-snow-')), 'conformance'),
  schema: 'conf_snow',
  slowQuery: "SELECT 'cible_slow_marker' AS x",
});
