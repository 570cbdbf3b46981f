/**
 * `node dist/bench/fake-server.js <bigquery|snowflake>`: runs one of the wire-faithful test fakes in a process of its
 * own, so a bench row measures only the client streaming from it. Prints `{"url": ...}` on one line once listening;
 * stops when its stdin closes or on SIGTERM. The fakes (tests/fakes) are compiled with the bench through this import.
 */
const kind = process.argv[2];
let close: () => Promise<void>;
let url: string;
if (kind === 'bigquery') {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const { FakeBigQuery } = await import('../tests/fakes/bigquery/fake-bigquery.js');
  const fake = await FakeBigQuery.start();
  url = fake.url;
  close = () => fake.close();
} else if (kind === 'snowflake') {
  const { FakeSnowflake } = await import('../tests/fakes/snowflake/server.js');
  const fake = await FakeSnowflake.start({ users: { BENCH: { password: process.env.FAKE_SNOWFLAKE_PASSWORD ?? 'bench' } } });
  url = fake.url;
  close = () => fake.close();
} else {
  console.error('usage: fake-server.js <bigquery|snowflake>');
  process.exit(2);
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void close().finally(() => process.exit(0));
};
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
process.stdout.write(JSON.stringify({ url }) + '\n');
