/**
 * Generates a synthetic project of N SQL models for the compile benchmarks, deterministically (seeded PRNG):
 * model m_i lives in one of a few folders and references 1-3 earlier models with {{ref "m_k"}} (mostly
 * recent ones, so the DAG is deep as well as wide); about a third of the models have a YAML entry with a
 * description and unique / not_null column tests, in one schema.yml per folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folders = ['staging', 'intermediate', 'marts/customers', 'marts/orders', 'segments'];

/** mulberry32: a tiny, good-enough seeded PRNG returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function modelSql(i: number, refs: number[], rand: () => number): string {
  const head = `-- Synthetic model ${i} for the compile benchmark.\n`;
  if (refs.length === 0) {
    return `${head}select range as customer_id, range * {{var "scale"}} as amount, 'seed' as source\nfrom range(100)\n`;
  }
  const [first, ...rest] = refs;
  const joins = rest.map((k, j) => `left join {{ref "m_${k}"}} t${j + 1} on t${j + 1}.customer_id = t0.customer_id`);
  const sum = ['t0.amount', ...rest.map((_, j) => `coalesce(t${j + 1}.amount, 0)`)].join(' + ');
  const filter = rand() < 0.3 ? `where t0.amount > {{var "min_amount"}}\n` : '';
  return (
    `${head}select\n  t0.customer_id,\n  ${sum} as amount,\n  'm_${i}' as source\n` +
    `from {{ref "m_${first}"}} t0\n${joins.map((l) => l + '\n').join('')}${filter}`
  );
}

function yamlEntry(i: number, rand: () => number): string {
  const tests = rand() < 0.5 ? '[unique, not_null]' : '[not_null]';
  return (
    `  - name: m_${i}\n    description: Synthetic model ${i}, one row per customer.\n` +
    `    columns:\n      - name: customer_id\n        description: The customer.\n        tests: ${tests}\n` +
    `      - name: amount\n        description: A made-up amount.\n`
  );
}

/** Writes the project into a new temporary directory and returns its path. */
export function generateProject(n: number, seed = 42): string {
  const rand = prng(seed + n);
  const dir = mkdtempSync(join(tmpdir(), `cible-bench-compile-${n}-`));
  writeFileSync(
    join(dir, 'project.yml'),
    `name: bench_${n}\ntarget: local\ntargets:\n  local: { type: duckdb, path: .cible/bench.duckdb }\n` +
      `vars:\n  scale: 3\n  min_amount: 10\nmodels:\n  staging: { materialized: view }\n  marts: { materialized: table, tags: [marts] }\n`,
  );
  const yaml: Record<string, string> = {};
  for (const f of folders) mkdirSync(join(dir, 'models', f), { recursive: true });
  for (let i = 0; i < n; i++) {
    const folder = folders[Math.min(folders.length - 1, Math.floor((i / n) * folders.length))];
    const refs = new Set<number>();
    const want = i === 0 ? 0 : 1 + Math.floor(rand() * 3);
    for (let t = 0; t < want; t++) {
      // Two thirds of the refs go to one of the 20 previous models, the rest anywhere earlier.
      const k = rand() < 0.67 ? i - 1 - Math.floor(rand() * Math.min(i, 20)) : Math.floor(rand() * i);
      refs.add(k);
    }
    writeFileSync(join(dir, 'models', folder, `m_${i}.sql`), modelSql(i, [...refs], rand));
    if (rand() < 0.35) yaml[folder] = (yaml[folder] ?? '') + yamlEntry(i, rand);
  }
  for (const [folder, entries] of Object.entries(yaml)) {
    writeFileSync(join(dir, 'models', folder, 'schema.yml'), `models:\n${entries}`);
  }
  return dir;
}
