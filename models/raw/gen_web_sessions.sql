-- Generator internals, not a source system: one row per web session, expanded into hits by raw_web_events
-- and counted by raw_visitors (so that the analytics report and the event export agree).
-- Three kinds of session: around a cart (converted or abandoned, from raw_carts; session_id = cart_id), plain
-- browsing by known people, and anonymous visitors who never identify (no person behind the cookie).
with
cart_sessions as (
  select c.cart_id as session_id, c.anonymous_id, c.account_id, true as is_cart,
         c.created_at - to_seconds(30 + c.cart_id % 240) as started_at, c.updated_at as ended_at,
         len(c.product_ids) as n_items, c.product_ids, c.cart_id,
         -- Every converted cart reaches checkout; 30 % of abandoned carts are left at the checkout step.
         c.status = 'converted' or c.cart_id % 100 < 30 as has_checkout,
         coalesce(o.utm_source, ['direct', 'organic_search', 'organic_search', 'paid_search', 'paid_search', 'email',
           'social', 'social', 'affiliate', 'display'][1 + (c.cart_id // 7 % 10)::INT]) as traffic_channel,
         -- Logged in from the start 40 % of the time, else only at checkout (that is when the cookie meets the account).
         c.status = 'converted' and c.cart_id // 100 % 100 >= 40 as login_at_checkout,
         null::INT as category_index
  from {{ref "raw_carts"}} c left join {{ref "raw_orders"}} o using (order_id)
),
browsers as (
  -- Known people browse without filling a cart: about one session per active year for web/mixed shoppers.
  select person_id, anonymous_ids, n_cookies, account_id, account_created_day, main_category_index,
         greatest(created_at::DATE, '{{var "demo_today"}}'::DATE - 1094) as from_day,
         least('{{var "demo_today"}}'::DATE, coalesce(active_until, '{{var "demo_today"}}'::DATE) + 90) as to_day,
         (hash(person_id, {{var "demo_seed"}}, 'browse') >> 1)::BIGINT as h
  from {{ref "gen_people"}}
),
browse_sessions as (
  select ((1000000000 + b.person_id * 64 + j) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000 as session_id,
         b.anonymous_ids[1 + (hs % b.n_cookies)::INT] as anonymous_id,
         -- Logged in on one browsing session in five, once the account exists.
         case when (hs >> 4) % 5 = 0 and b.day >= b.account_created_day then b.account_id end as account_id,
         false as is_cart,
         b.day::TIMESTAMP + to_seconds((25200 + (hs >> 18) % 61200)::BIGINT) as started_at,
         null::TIMESTAMP as ended_at, 1 + ((hs >> 36) % 3)::INT as n_items, null::INTEGER[] as product_ids, null::BIGINT as cart_id,
         false as has_checkout,
         ['direct', 'direct', 'organic_search', 'organic_search', 'organic_search', 'paid_search', 'email', 'email',
          'social', 'social'][1 + ((hs >> 40) % 10)::INT] as traffic_channel,
         false as login_at_checkout, b.main_category_index as category_index
  from (select *, from_day + ((to_day - from_day) * ((hs >> 8) % 1000) / 1000)::INT as day
        from (select *, (hash(person_id, j, {{var "demo_seed"}}, 'bs') >> 1)::BIGINT as hs
              from (select *, unnest(range(least(40, ((to_day - from_day) / 365 * 0.6 * (h % 100) / 50)::INT))) as j
                    from browsers where to_day > from_day))) b
),
ghost_sessions as (
  -- Visitors who never log in nor buy: 0.3 per known person, one session each.
  select ((2000000000 + g) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000 as session_id,
         (to_hex(hash(g, {{var "demo_seed"}}, 'gk1') | 9223372036854775808::UBIGINT)
           || to_hex(hash(g, {{var "demo_seed"}}, 'gk2') | 9223372036854775808::UBIGINT))::UUID as anonymous_id,
         null::BIGINT as account_id, false as is_cart,
         ('{{var "demo_today"}}'::DATE - 1094 + ((hash(g, {{var "demo_seed"}}, 'gd') >> 1) % 1095)::INT)::TIMESTAMP
           + to_seconds(((hash(g, {{var "demo_seed"}}, 'gt') >> 1) % 86400)::BIGINT) as started_at,
         null::TIMESTAMP, ((hash(g, {{var "demo_seed"}}, 'gn') >> 1) % 3)::INT, null::INTEGER[], null::BIGINT, false,
         ['paid_search', 'paid_search', 'organic_search', 'organic_search', 'social', 'social', 'display', 'display',
          'affiliate', 'direct'][1 + ((hash(g, {{var "demo_seed"}}, 'gc') >> 1) % 10)::INT],
         false, ((hash(g, {{var "demo_seed"}}, 'gcat') >> 1) % 10)::INT
  from range({{var "demo_customers"}} * 3 // 10) t(g)
)
select *,
  -- Page view, product views / add-to-carts, then checkout: the funnel steps of the spec.
  case when is_cart then 2 + n_items + has_checkout::INT else 1 + n_items end as n_events,
  -- A device per cookie, so every hit of a cookie agrees.
  ['mobile', 'mobile', 'mobile', 'desktop', 'desktop', 'tablet'][1 + (hash(anonymous_id) % 6)::INT]
    ::ENUM('mobile', 'desktop', 'tablet') as device
from (select * replace (traffic_channel::ENUM('direct', 'organic_search', 'paid_search', 'email', 'social', 'affiliate', 'display')
                        as traffic_channel)
      from (select * from cart_sessions union all select * from browse_sessions union all select * from ghost_sessions))
