-- French customers, names upper-cased.
select customer_id, upper(name) as name
from {{ref "customers"}}
where country = 'FR'
