-- The reactivation audience: reachable customers with no order in the last year.
select profile_id, email, first_name, orders, revenue, last_order_date
from {{ref "customer_reachable"}}
where last_order_date < date '{{var "demo_today"}}' - interval 365 day
