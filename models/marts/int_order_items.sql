-- One row per order line with who bought it (the order's identifiers), when, and the product's category:
-- the input the customer profile aggregates categories and channel habits from.
select
  l.order_id,
  l.line_number,
  o.account_id,
  o.loyalty_card_id,
  o.channel,
  o.ordered_at,
  p.category,
  p.family,
  l.quantity,
  l.net_amount,
  l.is_discounted
from {{ref "stg_order_lines"}} l
join {{ref "stg_orders"}} o on o.order_id = l.order_id
join {{ref "stg_products"}} p on p.product_id = l.product_id
where o.status <> 'cancelled'
