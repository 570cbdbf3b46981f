-- Share-of-wallet input from an external data provider: for CRM customers it could match (60 %), the
-- estimated yearly spend on fashion + home goods across all retailers, by calendar year. Estimated from
-- income band and household, noisy, and sometimes lower than what the customer actually spent with us
-- (provider estimates are wrong too; share of wallet must cap at 100 %).
with p as (
  select customer_id, income_band, children_count, value_class,
         (hash(person_id, {{var "demo_seed"}}, 'wallet') >> 1)::BIGINT as h
  from {{ref "gen_people"}}
  where in_crm and (hash(person_id, {{var "demo_seed"}}, 'wallet') >> 1) % 100 < 60
)
select
  customer_id,
  (year('{{var "demo_today"}}'::DATE) - y)::INT as year,
  round((case income_band when '<20k' then 700 when '20-35k' then 1100 when '35-50k' then 1600 when '50-75k' then 2300 else 3600 end
         * (1 + 0.2 * children_count)
         -- Big spenders with us are big spenders overall.
         + case value_class when 'vip' then 1800 when 'regular' then 600 else 0 end)
        * (0.6 + ((h >> (8 + 8 * y)) % 800) / 1000), -1)::DECIMAL(10, 2) as estimated_sector_spend_eur,
  ['low', 'medium', 'medium', 'high'][1 + ((h >> 40) % 4)::INT] as confidence
from p, range(3) r(y)
