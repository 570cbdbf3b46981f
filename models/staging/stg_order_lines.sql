-- One row per order line, with amounts and discount flags (promotion code or sales markdown).
select
  order_id, line_number, product_id, quantity, list_price, unit_price, line_discount,
  {{decimal "quantity * unit_price" 12 2}} as gross_amount,
  {{decimal "quantity * unit_price - line_discount" 12 2}} as net_amount,
  unit_price < list_price as is_marked_down,
  line_discount > 0 or unit_price < list_price as is_discounted,
  is_returned
from {{ref "raw_order_lines"}}
