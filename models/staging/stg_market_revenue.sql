-- Monthly revenue of the market the shop competes in (external panel), for market penetration.
select month, country, market, market_revenue_eur
from {{ref "raw_market_revenue"}}
