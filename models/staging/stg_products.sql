-- One row per product of the catalogue.
select product_id, sku, product_name, category, family, price_range, list_price, popularity_rank
from {{ref "raw_products"}}
