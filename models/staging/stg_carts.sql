-- One row per web cart, with the abandonment flag used by the cart-abandonment KPI and scenarios.
select
  cart_id, anonymous_id, account_id, created_at, updated_at, status,
  status = 'abandoned' as is_abandoned,
  order_id, items_count, cart_value, product_ids
from {{ref "raw_carts"}}
