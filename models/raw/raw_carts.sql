-- Web carts from the e-shop: every web order went through a cart ('converted'), and many more carts were
-- filled and left ('abandoned'), about 1.1 per web order, plus some from prospects (abandonment near 55 %).
-- A cart belongs to a browser cookie; the account is known only when the visitor was logged in (always at
-- checkout, for 45 % of abandoned carts), so most abandoned carts need the cookie to be attributed.
with
converted as (
  -- The cart holds what was ordered: its products, units and value come from the order.
  select o.person_id, o.order_index as j, 0 as kind, o.order_id, o.account_id, o.ordered_at,
         list_sort(o.product_ids) as product_ids, r.items_count, r.subtotal_amount as cart_value
  from {{ref "gen_orders"}} o join {{ref "raw_orders"}} r using (order_id)
  where o.channel = 'web'
),
-- Catalogue prices indexed by product_id (position = product_id + 1), to price carts without a join.
prices as (
  select list(p.list_price order by r.i) as by_id
  from range(0, (select max(product_id) + 1 from {{ref "raw_products"}})) r(i)
  left join {{ref "raw_products"}} p on p.product_id = r.i
),
abandoning as (
  -- Abandoned carts per person: about 1.1 per web order, plus a few from prospects who never bought.
  select p.person_id, p.account_id, p.account_created_day, p.main_category_index, p.n_categories,
         greatest(p.created_at::DATE, '{{var "demo_today"}}'::DATE - 1094) as from_day,
         case when p.n_orders > 0 then p.active_until + 60 else '{{var "demo_today"}}'::DATE end as to_day,
         least(63, floor((p.n_orders * case p.channel_pref when 'web' then 0.95 when 'mixed' then 0.5 else 0.12 end * 1.1
           + case when p.n_orders = 0 and (p.has_account or p.channel_pref <> 'store') then 1.0 else 0 end)
           * ((hash(p.person_id, {{var "demo_seed"}}, 'nab') >> 1) % 1000 / 500)))::INT as n_abandoned
  from {{ref "gen_people"}} p
),
abandoned_carts as (
  select *,
    -- One or two products in the person's favourite categories, popular ones first.
    list_sort(list_transform(range(1 + ((h >> 44) % 2)::INT), lambda it:
      (1000 * (1 + (main_category_index + case when n_categories > 1 then (h >> (8 * it)) % n_categories else 0 end) % 10)
       + ((h >> (20 + 10 * it)) % 150) * ((h >> (40 + 10 * it)) % 150) // 150)::INT)) as product_ids
  from (select *, from_day + floor((least(to_day, '{{var "demo_today"}}'::DATE) - from_day + 1) * ((h >> 8) % 10000) / 10000)::INT as day
        from (select *, (hash(person_id, j, {{var "demo_seed"}}, 'ab') >> 1)::BIGINT as h
              from (select *, unnest(range(n_abandoned)) as j from abandoning where n_abandoned > 0)))
),
abandoned as (
  select c.person_id, c.j, 1 as kind, null::BIGINT as order_id,
         -- Logged in 45 % of the time, once the account exists.
         case when c.h % 100 < 45 and c.day >= c.account_created_day then c.account_id end as account_id,
         c.day::TIMESTAMP + to_seconds((25200 + (c.h >> 24) % 61200)::BIGINT) as ordered_at,
         c.product_ids, len(c.product_ids)::INT as items_count,
         list_sum(list_transform(c.product_ids, lambda pid: pr.by_id[pid + 1]))::DECIMAL(12, 2) as cart_value
  from abandoned_carts c, prices pr
),
carts as (select * from converted union all select * from abandoned)
select
  -- A bijection of (person, cart number, kind): unique, and it does not reveal the person.
  (((c.person_id * 64 + c.j) * 2 + c.kind) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000 as cart_id,
  p.anonymous_ids[1 + ((hash(c.person_id, c.j, c.kind, {{var "demo_seed"}}) >> 1)::BIGINT % p.n_cookies)::INT] as anonymous_id,
  c.account_id,
  -- The cart was filled 3 to 60 minutes before checkout (or before it was left).
  c.ordered_at - to_seconds((180 + (hash(c.person_id, c.j, c.kind, {{var "demo_seed"}}, 'fill') >> 1)::BIGINT % 3420)::BIGINT) as created_at,
  c.ordered_at as updated_at,
  (case when c.kind = 0 then 'converted' else 'abandoned' end)::ENUM('converted', 'abandoned') as status,
  c.order_id, c.items_count, c.cart_value, c.product_ids
from carts c join {{ref "gen_people"}} p using (person_id)
