-- Generator internals, not a source system: one row per order with every order-level decision, so that
-- raw_order_lines (the lines) and raw_orders (the header, totals summed from the lines) agree.
-- person_id is the truth; the published tables only carry the identifier the buyer used. Categorical
-- columns are ENUMs, cheap to store, and raw_orders publishes them as they are.
with
stores as (select list(store_id order by store_id) as ids from {{ref "raw_stores"}} where country = 'FR'),
o as (
  select p.*, k,
    (hash(p.person_id, k, {{var "demo_seed"}}, 'o1') >> 1)::BIGINT as h1,
    (hash(p.person_id, k, {{var "demo_seed"}}, 'o2') >> 1)::BIGINT as h2,
    -- Order dates spread uniformly over the buying life; the first order opens it.
    case when k = 0 then p.first_order_day
         else p.first_order_day + floor((p.active_until - p.first_order_day + 1)
                * ((hash(p.person_id, k, {{var "demo_seed"}}, 'o0') >> 1)::BIGINT % 10000) / 10000)::INT end as day0
  from (select person_id, created_at, n_orders, first_order_day, active_until, is_seasonal, preferred_isodow, channel_pref, has_account,
               home_store_id, is_multi_store, account_id, account_id_2, account_created_day, account_2_created_day,
               card_id, card_id_2, card_enrolled_day, card_2_enrolled_day, p_discount, main_category_index,
               n_categories, premium_affinity
        from {{ref "gen_people"}} where n_orders > 0) p, range(p.n_orders) r(k)
),
seasonal as (
  -- Seasonal buyers put 70 % of their repeat orders in the gift season (15 Nov - 24 Dec) of that year or the one before.
  select *,
    case when k > 0 and is_seasonal and h1 % 10 < 7 then
      make_date(year(day0), 11, 15) + ((h1 >> 4) % 40)::INT
        - case when make_date(year(day0), 11, 15) + ((h1 >> 4) % 40)::INT > active_until then 365 else 0 end
    end as gift_day
  from o
),
dated as (
  select *,
    case when gift_day between first_order_day and active_until then gift_day else day0 end as day1
  from seasonal
),
placed as (
  select *,
    -- Creatures of habit: 60 % of the orders of people with a favourite weekday fall on it.
    case when k > 0 and preferred_isodow is not null and (h1 >> 10) % 10 < 6
              and day1 - ((isodow(day1) - preferred_isodow + 7) % 7)::INT >= first_order_day
         then day1 - ((isodow(day1) - preferred_isodow + 7) % 7)::INT else day1 end as order_day,
    case channel_pref when 'web' then case when home_store_id is null then 100 else 93 end
                      when 'mixed' then 50 else case when has_account then 12 else 0 end end as web_share_pct
  from dated
),
channelled as (
  select *,
    -- Web orders need an existing e-shop account; store orders need a store (foreign customers have none).
    case when home_store_id is null then 'web'
         when (h1 >> 14) % 100 < web_share_pct and has_account and order_day >= account_created_day then 'web'
         else 'store' end as channel,
    (h2 >> 8) % 100 < p_discount * 100 as is_discounted,
    (month(order_day) = 1 and day(order_day) >= 7) or (month(order_day) = 2 and day(order_day) <= 3)
      or (month(order_day) = 6 and day(order_day) >= 24) or (month(order_day) = 7 and day(order_day) <= 21) as in_sales_period
  from placed
  where order_day > '{{var "demo_today"}}'::DATE - 1095   -- the extracts keep three years of history
)
select
  -- A bijection of (person, k): unique ids that do not reveal the person.
  ((person_id * 64 + k) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000 as order_id,
  person_id, k as order_index, order_day, channel::ENUM('web', 'store') as channel,
  case when channel = 'store' then
    case when is_multi_store and (h1 >> 20) % 100 < 35 then s.ids[1 + ((h1 >> 27) % len(s.ids))::INT] else home_store_id end
  end as store_id,
  -- Never before the person's first contact (a first order can be on the day the contact was created).
  greatest(created_at + INTERVAL 5 MINUTE, order_day::TIMESTAMP + to_seconds(case when channel = 'web'
      -- Web orders peak in the evening; shops are open 10:00-19:30.
      then [8, 9, 10, 11, 12, 12, 13, 13, 14, 15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 21, 22, 22, 23][1 + ((h1 >> 34) % 23)::INT] * 3600
           + (h1 >> 40) % 3600
      else 36000 + (h1 >> 40) % 34200 end::BIGINT)) as ordered_at,
  case when channel = 'web' then
    case when account_id_2 is not null and order_day >= account_2_created_day and h2 % 2 = 0 then account_id_2 else account_id end
  end as account_id,
  -- In store, the loyalty card is shown 90 % of the time (after enrolment; a replacement card supersedes the old one).
  case when channel = 'store' and card_id is not null and order_day >= card_enrolled_day and (h2 >> 1) % 100 < 90 then
    case when card_id_2 is not null and order_day >= card_2_enrolled_day then card_id_2 else card_id end
  end as loyalty_card_id,
  is_discounted, in_sales_period,
  case when not is_discounted then 0
       when channel = 'web' and k = 0 then 0.10
       when p_discount >= 0.6 then [0.20, 0.25, 0.30][1 + ((h2 >> 16) % 3)::INT]
       else [0.10, 0.10, 0.15, 0.20][1 + ((h2 >> 16) % 4)::INT] end::DECIMAL(4, 2) as discount_rate,
  case when not is_discounted then null
       when channel = 'web' and k = 0 then 'BIENVENUE10'
       when channel = 'store' then case when (h2 >> 20) % 2 = 0 then 'FIDELITE' || (discount_rate * 100)::INT end
       when month(order_day) = 11 and day(order_day) between 20 and 30 then 'BLACKFRIDAY' || (discount_rate * 100)::INT
       when in_sales_period then 'SOLDES' || (discount_rate * 100)::INT
       else 'NEWS' || (discount_rate * 100)::INT end as promo_code,
  -- Cancelled before shipping (mostly web), fully returned, or completed (some with a partial return).
  case when (h2 >> 24) % 1000 < (case when channel = 'web' then 40 else 5 end) then 'cancelled'
       when (h2 >> 24) % 1000 < (case when channel = 'web' then 95 else 25 end) then 'returned'
       else 'completed' end::ENUM('completed', 'cancelled', 'returned') as status,
  status = 'completed' and (h2 >> 36) % 100 < (case when channel = 'web' then 8 else 3 end) as has_partial_return,
  case when channel = 'web' then
    case when promo_code like 'NEWS%' then 'email'
         else ['direct', 'direct', 'organic_search', 'organic_search', 'organic_search', 'paid_search', 'paid_search',
               'email', 'social', 'social', 'affiliate', 'display'][1 + ((h2 >> 50) % 12)::INT] end
  end::ENUM('direct', 'organic_search', 'paid_search', 'email', 'social', 'affiliate', 'display') as utm_source,
  case when channel = 'web'
       then ['card', 'card', 'card', 'card', 'card', 'card', 'paypal', 'paypal', 'apple_pay', 'gift_card'][1 + ((h1 >> 52) % 10)::INT]
       else ['card', 'card', 'card', 'card', 'card', 'card', 'card', 'cash', 'cash', 'gift_card'][1 + ((h1 >> 52) % 10)::INT]
  end::ENUM('card', 'paypal', 'apple_pay', 'gift_card', 'cash') as payment_method,
  -- The products of the order's lines (1 to 6, mean 2.5), drawn in the customer's tastes: the favourite
  -- category (55 %) or a neighbour (see raw_products), sometimes any category; popular products first, or
  -- the premium range for premium-minded customers. One hash per line, read by the outer lambda.
  list_transform(
    list_transform(range(1 + [0, 0, 0, 1, 1, 1, 2, 2, 3, 5][1 + ((h2 >> 44) % 10)::INT]),
                   lambda ln: (hash(person_id, k, ln, {{var "demo_seed"}}, 'line') >> 1)::BIGINT),
    lambda h: (1000 * (1 + case when h % 100 < 8 then (h >> 7) % 10
                                when n_categories = 1 or h % 100 < 55 then main_category_index
                                else (main_category_index + 1 + (h >> 7) % (n_categories - 1)) % 10 end)
               -- Popularity curves in integer arithmetic (cheap): low ranks, the best sellers, come out more often.
               + case when (h >> 14) % 1000 < 1000 * premium_affinity then 5 * (((h >> 24) % 30) * ((h >> 24) % 30) // 30) + 4
                      else ((h >> 24) % 150) * ((h >> 34) % 150) // 150 end)::INT) as product_ids
from channelled, stores s
