-- One row per order (web and store), with revenue measures derived once for every KPI:
-- net_amount = merchandise after discounts (shipping excluded); returned_amount = lines sent back;
-- revenue_amount = what the shop keeps (0 for cancelled or fully returned orders).
with returns as (
  select order_id, sum(case when is_returned then quantity * unit_price - line_discount end) as returned_amount
  from {{ref "raw_order_lines"}}
  group by order_id
)
select
  o.order_id, o.channel, o.store_id, o.account_id, o.loyalty_card_id,
  o.ordered_at, cast(o.ordered_at as date) as order_date, o.status,
  upper(trim(o.promo_code)) as promo_code,
  o.discount_amount > 0 as is_discounted,
  o.payment_method, o.utm_source, o.items_count,
  o.subtotal_amount, o.discount_amount, o.shipping_amount, o.total_amount,
  {{decimal "o.subtotal_amount - o.discount_amount" 12 2}} as net_amount,
  {{decimal "coalesce(r.returned_amount, 0)" 12 2}} as returned_amount,
  {{decimal "case when o.status = 'completed' then o.subtotal_amount - o.discount_amount - coalesce(r.returned_amount, 0) else 0 end" 12 2}} as revenue_amount
from {{ref "raw_orders"}} o
left join returns r using (order_id)
