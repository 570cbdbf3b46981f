-- Monthly marketing spend per channel from the finance export, split between acquisition (winning new
-- customers) and retention (keeping them). Budgets follow the business: acquisition spend tracks the month's
-- new customers (about 28 EUR each) and leads, retention spend tracks the active base (0.40 EUR per active customer a month); +-15 % noise per line.
with
months as (
  select (date_trunc('month', '{{var "demo_today"}}'::DATE) - to_months((35 - m)::INT))::DATE as month
  from range(36) t(m)
),
-- New customers per month, and active customers per month from the running balance of starts and stops.
moves as (
  select date_trunc('month', first_order_day)::DATE as month, count(*) as starts, 0 as stops
  from {{ref "gen_people"}} where first_order_day is not null group by 1
  union all
  select (date_trunc('month', active_until) + INTERVAL 1 MONTH)::DATE, 0, count(*)
  from {{ref "gen_people"}} where first_order_day is not null group by 1
),
activity as (
  select m.month,
    coalesce(sum(mv.starts) filter (where mv.month = m.month), 0) as new_customers,
    coalesce(sum(mv.starts - mv.stops) filter (where mv.month < m.month), 0) as active_customers
  from months m, moves mv
  group by m.month
),
channels as (
  select * from (values
    ('paid_search', 'acquisition', 0.34), ('paid_social', 'acquisition', 0.26), ('display', 'acquisition', 0.12),
    ('affiliate', 'acquisition', 0.18), ('print', 'acquisition', 0.10),
    ('email', 'retention', 0.15), ('sms', 'retention', 0.10), ('retargeting', 'retention', 0.35),
    ('loyalty_program', 'retention', 0.40)
  ) as c(channel, objective, budget_share)
)
select
  a.month, c.channel, c.objective,
  round(case c.objective when 'acquisition' then a.new_customers * 28.0 else a.active_customers * 0.4 end
        * c.budget_share * (0.85 + ((hash(a.month, c.channel, {{var "demo_seed"}}) >> 1) % 300) / 1000), 2)::DECIMAL(14, 2) as spend_eur
from activity a, channels c
