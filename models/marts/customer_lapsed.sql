-- The reactivation audience: reachable customers with no order in the last year.
select profile_id, email, first_name, orders, revenue, last_order_date
from {{ref "customer_reachable"}}
where {{date_add_days "last_order_date" 365}} < date '{{var "demo_today"}}'
