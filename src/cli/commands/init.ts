/** Scaffolds a minimal project that builds on the embedded DuckDB default. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { codes } from '../../diagnostics/codes.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import type { GlobalFlags } from '../main.js';
import type { Output } from '../output.js';

export async function initCommand(_flags: GlobalFlags, out: Output, args: string[]): Promise<number> {
  const dir = resolve(args[0] ?? '.');
  if (existsSync(join(dir, 'project.yml'))) {
    throw new UserError([{ code: codes.fileError, severity: 'error', file: join(dir, 'project.yml'), message: 'a project already exists here', hint: 'choose another directory: cible init my_project' }]);
  }
  const name = basename(dir).replace(/[^A-Za-z0-9_]/g, '_') || 'my_project';
  const files: Record<string, string> = {
    'project.yml': `name: ${name}\ntarget: local\ntargets:\n  local: { type: duckdb, path: .cible/${name}.duckdb }\nvars:\n  active_days: 90\n`,
    'seeds/customers.csv': 'customer_id,email,signed_up_at\n1,ada@example.com,2024-01-05\n2,grace@example.com,2024-02-11\n3,alan@example.com,2024-03-20\n',
    'seeds/orders.csv': 'order_id,customer_id,ordered_at,amount\n10,1,2024-04-01,120.50\n11,1,2024-05-02,80.00\n12,2,2024-05-03,35.90\n',
    'models/customer_orders.sql': `-- One row per customer with their order totals.\nselect\n  c.customer_id,\n  c.email,\n  count(o.order_id) as orders,\n  coalesce(sum(o.amount), 0) as revenue\nfrom {{ref "customers"}} c\nleft join {{ref "orders"}} o on o.customer_id = c.customer_id\ngroup by 1, 2\n`,
    'models/schema.yml': `models:\n  - name: customer_orders\n    description: One row per customer with their order totals.\n    materialized: table\n    columns:\n      - name: customer_id\n        tests: [unique, not_null]\nseeds:\n  - name: orders\n    column_types: { amount: "DECIMAL(10,2)" }\n`,
    '.gitignore': '.cible/\ntarget/\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  out.line(`Created project '${name}' in ${dir}. Next: cd ${args[0] ?? '.'} && cible build`);
  out.result({ status: 'success', dir, files: Object.keys(files) });
  return 0;
}
