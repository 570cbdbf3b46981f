-- One row per store.
select store_id, store_name, store_type, address_line, postal_code, city, region, country, opened_on, surface_m2
from {{ref "raw_stores"}}
