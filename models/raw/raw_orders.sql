-- Order headers from the order-management system, web and store alike. The buyer is only known by the
-- identifier used at the time: the e-shop account on the web, the loyalty card in store when shown
-- (about 30 % of store tickets carry no identifier at all: no card, or not shown). Amounts are summed
-- from raw_order_lines, so header and lines always agree: total = subtotal - discount + shipping, in EUR.
-- channel, status, payment_method and utm_source are DuckDB ENUMs (they compare and cast like strings).
with lines as (
  select order_id, sum(quantity)::INT as items_count, sum(quantity * unit_price)::DECIMAL(12, 2) as subtotal_amount,
         sum(line_discount)::DECIMAL(12, 2) as discount_amount
  from {{ref "raw_order_lines"}}
  group by order_id
)
select
  o.order_id, o.channel, o.store_id, o.account_id, o.loyalty_card_id, o.ordered_at, o.status,
  o.promo_code, o.payment_method, o.utm_source,
  l.items_count, l.subtotal_amount, l.discount_amount,
  -- Free delivery from 60 EUR, else 4.90 (web only).
  case when o.channel = 'web' and l.subtotal_amount - l.discount_amount < 60 then 4.90 else 0 end::DECIMAL(12, 2) as shipping_amount,
  (l.subtotal_amount - l.discount_amount + shipping_amount)::DECIMAL(12, 2) as total_amount
from {{ref "gen_orders"}} o
join lines l using (order_id)
