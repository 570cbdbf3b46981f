-- Monthly revenue of the whole French fashion + home-goods retail market (an external panel's figure, in EUR),
-- the denominator of market penetration. It does not depend on the shop's size: about 3.1 bn EUR a month,
-- seasonal (December and the January / July sales), growing 1.5 % a year.
select
  (date_trunc('month', '{{var "demo_today"}}'::DATE) - to_months((35 - m)::INT))::DATE as month,
  'FR' as country,
  'fashion_and_home_retail' as market,
  round(3.1e9 * [0.95, 0.80, 0.92, 0.95, 0.98, 0.97, 1.02, 0.88, 0.93, 1.00, 1.12, 1.48][month(month)]
        * pow(1.015, m / 12) * (0.98 + ((hash(m, 'market') >> 1) % 40) / 1000), -3)::DECIMAL(16, 0) as market_revenue_eur,
  'panel_estimate' as source
from range(36) t(m)
