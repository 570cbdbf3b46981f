-- Order lines as exported by the order-management system: one row per product in an order (the products
-- were drawn in gen_orders, in the customer's tastes). Prices come from the catalogue, marked down 30 % on
-- half the lines during the sales; the order's promotion is spread over its lines; returns per line.
with l as (
  select o.order_id, o.status, o.has_partial_return, o.discount_rate, o.in_sales_period,
         unnest(o.product_ids) as product_id,
         unnest(range(1, len(o.product_ids) + 1)) as line_number
  from {{ref "gen_orders"}} o
),
h as (select *, (hash(order_id, line_number, {{var "demo_seed"}}, 'line') >> 1)::BIGINT as h from l)
select
  h.order_id,
  h.line_number::INT as line_number,
  h.product_id,
  [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3][1 + ((h.h >> 34) % 20)::INT] as quantity,
  p.list_price,
  case when h.in_sales_period and (h.h >> 40) % 2 = 0 then round(p.list_price * 0.7, 1) - 0.01 else p.list_price end::DECIMAL(10, 2) as unit_price,
  round(quantity * unit_price * h.discount_rate, 2)::DECIMAL(10, 2) as line_discount,
  h.status = 'returned' or (h.has_partial_return and (h.h >> 44) % 100 < 50) as is_returned
from h
join {{ref "raw_products"}} p using (product_id)
