-- People marketing may email: a usable email, opted in, never bounced nor unsubscribed (the guides insist these
-- are taken out of every audience), and at least one order.
select
  profile_id,
  email,
  first_name,
  last_name,
  city,
  orders,
  round(revenue, 2) as revenue,
  round(average_basket, 2) as average_basket,
  cast(last_order_at as date) as last_order_date
from {{ref "customer"}}
where email is not null
  and email_opt_in
  and not has_bounced
  and not has_unsubscribed
  and orders > 0
