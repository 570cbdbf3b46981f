/**
 * Gmail folding, every trait rule and every feature aggregate, on a fixture small enough to work out by hand, on
 * DuckDB and on the real Postgres. Each expected value below is computed by hand from the seeds, not by SQL.
 *
 * People: P1 = customer ids c1 and c1b, joined only because `J.Doe+promo@gmail.com` and `jdoe@googlemail.com` fold
 * to `jdoe@gmail.com`; P2 = c2 (bob@x.com); P3 = c3, whose `a.b+x@example.com` is not Gmail and is kept as written.
 */
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../helpers/cli.js';

const files = (target: string) => ({
  'project.yml': `name: features\ntarget: ${target}\ntargets:\n  duck: { type: duckdb, path: .cible/f.duckdb }\n  pg: { type: postgres, host: 127.0.0.1, user: postgres, database: test, schema: cible_feat_${process.pid} }\n`,
  'seeds/crm.csv': [
    'customer_id,email,first_name,city,phone,updated_at',
    'c1,J.Doe+promo@gmail.com,Jane,Paris,0101,2024-01-01',
    'c1b,jdoe@googlemail.com,Janet,Lyon,0202,2024-03-01',
    'c2,bob@x.com,Bob,Nice,0303,2024-02-01',
    'c3,a.b+x@example.com,Cleo,Brest,,2024-02-02',
  ].join('\n') + '\n',
  // The shop knows P1's phone (0909) but not P2's: priority [shop, crm] takes 0909 for P1 although the CRM is newer.
  'seeds/shop.csv': ['account_id,email,phone,created_at', 's1,jdoe@gmail.com,0909,2023-01-01', 's2,bob@x.com,,2023-01-01'].join('\n') + '\n',
  'seeds/orders.csv': [
    'order_id,customer_id,amount,channel,ordered_at',
    'o1,c1,10,web,2024-01-10',
    'o2,c1b,30,store,2024-05-01',
    'o3,c1,20,web,2024-06-20',
    'o4,c2,50,store,2024-02-15',
  ].join('\n') + '\n',
  'seeds/visits.csv': [
    'email,device,seen_at',
    'JDOE@gmail.com,mobile,2024-01-01',
    'j.doe@gmail.com,desktop,2024-06-01',
    'jdoe+news@googlemail.com,mobile,2024-02-01',
    'bob@x.com,desktop,2024-03-01',
    'bob@x.com,tablet,2024-01-01',
    'bob@x.com,tablet,2024-01-02',
  ].join('\n') + '\n',
  'models/profiles.yml': `seeds:
  - { name: orders, column_types: { amount: INTEGER } }
profiles:
  - name: person
    run_date: "2024-06-30"
    id_types:
      email: { kind: email, fold_gmail: true }
      customer_id: { kind: custom }
      account_id: { kind: custom }
    inputs:
      - { from: crm, ids: { customer_id: customer_id, email: email }, at: updated_at }
      - { from: shop, ids: { account_id: account_id, email: email }, at: created_at }
      - { from: orders, ids: { customer_id: customer_id }, at: ordered_at }
      - { from: visits, ids: { email: email }, at: seen_at }
    traits:
      name_latest: { from: crm, column: first_name, rule: latest }
      city_earliest: { from: crm, column: city, rule: earliest }
      phone: { sources: [shop, crm], rule: priority }
      device: { from: visits, rule: most_frequent }
    features:
      orders: { from: orders, agg: count }
      channels: { from: orders, agg: count_distinct, expr: channel }
      revenue: { from: orders, agg: sum, expr: amount }
      basket: { from: orders, agg: avg, expr: amount }
      smallest: { from: orders, agg: min, expr: amount }
      biggest: { from: orders, agg: max, expr: amount }
      first_channel: { from: orders, agg: first, expr: channel }
      last_amount: { from: orders, agg: last, expr: amount }
      bought_on_web: { from: orders, agg: exists, where: "channel = 'web'" }
      web_orders: { from: orders, agg: count, where: "channel = 'web'" }
      orders_90d: { from: orders, agg: count, within: 90 days }
      revenue_90d: { from: orders, agg: sum, expr: amount, within: 90 days }
      web_share_pct: { derived: "round(web_orders * 100.0 / nullif(orders, 0))" }
`,
});

type Row = Record<string, unknown>;
const show = (dir: string, target: string, rel: string): Row[] => {
  const r = runCli(['show', rel, '--limit', '100', '--json', '--target', target], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).rows as Row[];
};
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

describe.each(['duck', 'pg'])('profile traits and features on %s', (target) => {
  it('folds Gmail addresses and computes every trait rule and feature aggregate as worked out by hand', () => {
    const dir = makeProject(files(target));
    const build = runCli(['build', '--target', target], { cwd: dir });
    expect(build.code, build.stdout + build.stderr).toBe(0);

    const ids = show(dir, target, 'person_identifiers');
    const profileOf = (type: string, value: string) => ids.find((x) => x.id_type === type && x.id_value === value)?.profile_id as string;
    // Gmail: dots, +tags and googlemail.com fold to one address, seen in three inputs; other domains stay as written.
    const gmail = ids.filter((x) => String(x.id_value).endsWith('@gmail.com') || String(x.id_value).endsWith('@googlemail.com'));
    expect(gmail.map((x) => x.id_value)).toEqual(['jdoe@gmail.com']);
    expect(gmail[0].sources).toBe('crm,shop,visits');
    expect(Number(gmail[0].occurrences)).toBe(6); // 2 in the CRM, 1 in the shop, 3 visits
    expect(profileOf('customer_id', 'c1')).toBe(profileOf('customer_id', 'c1b'));
    expect(profileOf('customer_id', 'c1')).toBe(profileOf('email', 'jdoe@gmail.com'));
    expect(profileOf('email', 'a.b+x@example.com')).toBe(profileOf('customer_id', 'c3'));
    expect(new Set(ids.map((x) => x.profile_id)).size).toBe(3);

    const rows = show(dir, target, 'person');
    const p = (customer: string) => rows.find((x) => x.profile_id === profileOf('customer_id', customer))!;
    const [p1, p2, p3] = [p('c1'), p('c2'), p('c3')];

    // Traits: latest and earliest by the input's at:, priority by source order, most frequent by count.
    expect([p1.name_latest, p2.name_latest, p3.name_latest]).toEqual(['Janet', 'Bob', 'Cleo']);
    expect([p1.city_earliest, p2.city_earliest, p3.city_earliest]).toEqual(['Paris', 'Nice', 'Brest']);
    expect([p1.phone, p2.phone, p3.phone].map(num)).toEqual([909, 303, null]);
    expect([p1.device, p2.device, p3.device]).toEqual(['mobile', 'tablet', null]);

    // P1 orders 10 (web, 01-10), 30 (store, 05-01), 20 (web, 06-20); P2 one order of 50 (store, 02-15); P3 none.
    // run_date 2024-06-30 minus 90 days is 2024-04-01: only P1's last two orders are within the window.
    const f = (x: Row) => [x.orders, x.channels, x.revenue, x.basket, x.smallest, x.biggest].map(num);
    expect(f(p1)).toEqual([3, 2, 60, 20, 10, 30]);
    expect(f(p2)).toEqual([1, 1, 50, 50, 50, 50]);
    expect(f(p3)).toEqual([0, 0, 0, null, null, null]);
    expect([p1.first_channel, p2.first_channel, p3.first_channel]).toEqual(['web', 'store', null]);
    expect([p1.last_amount, p2.last_amount, p3.last_amount].map(num)).toEqual([20, 50, null]);
    expect([p1.bought_on_web, p2.bought_on_web, p3.bought_on_web]).toEqual([true, false, false]);
    expect([p1.web_orders, p2.web_orders, p3.web_orders].map(num)).toEqual([2, 0, 0]);
    expect([p1.orders_90d, p2.orders_90d, p3.orders_90d].map(num)).toEqual([2, 0, 0]);
    expect([p1.revenue_90d, p2.revenue_90d, p3.revenue_90d].map(num)).toEqual([50, 0, 0]);
    expect([p1.web_share_pct, p2.web_share_pct, p3.web_share_pct].map(num)).toEqual([67, 0, null]);
  });
});
