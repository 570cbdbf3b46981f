-- Customer-service tickets (helpdesk export, Zendesk style). Most follow an order: returns, late deliveries,
-- defects, payment problems after a cancellation; a few are about the account or the loyalty programme.
-- The requester is known by the e-mail or phone they wrote from, sometimes by order number only.
-- Response and resolution times depend on the channel; satisfaction follows the customer's latent
-- satisfaction and how long it took; detractors' product and delivery issues are flagged as complaints.
with
order_tickets as (
  select o.person_id, o.order_index as k, o.order_id, o.channel as order_channel, o.order_day,
         case when o.status = 'returned' then 'return' when o.status = 'cancelled' then 'payment'
              when o.channel = 'web' and (o.order_id // 7) % 2 = 0 then 'delivery' else 'product_quality' end as reason
  from {{ref "gen_orders"}} o
  -- Ticket rate: 60 % of returns, 30 % of cancellations, 3 % of completed orders.
  where (o.order_id // 13) % 100 < case o.status when 'returned' then 60 when 'cancelled' then 30 else 3 end
),
other_tickets as (
  select person_id, 63 as k, null::BIGINT as order_id, channel_pref as order_channel,
         greatest(created_at::DATE, '{{var "demo_today"}}'::DATE - 1094)
           + (((hash(person_id, {{var "demo_seed"}}, 'tkd') >> 1) % 1000)
              * ('{{var "demo_today"}}'::DATE - greatest(created_at::DATE, '{{var "demo_today"}}'::DATE - 1094)) // 1000)::INT as order_day,
         ['account', 'loyalty_program', 'information', 'information'][1 + ((hash(person_id, {{var "demo_seed"}}, 'tkr') >> 1) % 4)::INT] as reason
  from {{ref "gen_people"}}
  where (hash(person_id, {{var "demo_seed"}}, 'tk') >> 1) % 100 < 4
),
t as (
  select x.*, p.email_typed, p.phone_national, p.phone_e164, p.satisfaction,
         (hash(x.person_id, x.k, {{var "demo_seed"}}, 'tkt') >> 1)::BIGINT as h,
         case when x.order_channel = 'store' and h % 100 < 50 then 'store'
              else ['email', 'email', 'email', 'email', 'chat', 'chat', 'chat', 'phone', 'phone', 'phone'][1 + ((h >> 8) % 10)::INT] end as channel,
         x.order_day::TIMESTAMP + to_days((1 + (h >> 12) % 10)::INT) + to_seconds((28800 + (h >> 16) % 36000)::BIGINT) as opened_at,
         -- Seconds to first response: immediate at the counter and on the phone, minutes on chat, hours by e-mail.
         case channel when 'store' then 0 when 'phone' then 0 when 'chat' then 60 + (h >> 24) % 900
                      else 1800 + ((h >> 24) % 1000) * ((h >> 34) % 1000) * 0.17 end::BIGINT as response_seconds,
         -- Resolved at first contact: phone, chat and counter often; e-mail threads rarely.
         (h >> 44) % 100 < case channel when 'email' then 40 when 'chat' then 60 else 70 end as fcr,
         opened_at + to_seconds(response_seconds) as answer_time,
         -- Resolved at the first response, or hours to days later.
         case when fcr then opened_at + to_seconds(response_seconds + 300 + (h >> 20) % 1200)
              else opened_at + to_seconds(response_seconds + 3600 + (h >> 20) % 400000) end as resolution_time
  from (select * from order_tickets union all select * from other_tickets) x
  join {{ref "gen_people"}} p using (person_id)
)
select
  (((person_id * 64 + k) * 4 + 1) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000 as ticket_id,
  case when channel in ('email', 'chat') or h % 10 < 3 then
    case when (h >> 50) % 100 < 2 then 'unknown' when (h >> 50) % 100 < 12 then upper(email_typed) || ' ' else email_typed end
  end as requester_email,
  case when channel in ('phone', 'store') then
    case when (h >> 52) % 3 = 0 then phone_national when (h >> 52) % 3 = 1 then phone_e164 else replace(phone_national, ' ', '.') end
  end as requester_phone,
  order_id, channel, reason, opened_at,
  -- Times after demo_today have not happened yet: no answer or resolution so far (the ticket is open).
  case when answer_time < '{{var "demo_today"}}'::DATE + 1 then answer_time end as first_response_at,
  case when resolution_time < '{{var "demo_today"}}'::DATE + 1 then resolution_time end as resolved_at,
  fcr and resolved_at is not null as first_contact_resolution,
  case when resolved_at is null then 'open' else 'solved' end as status,
  -- Post-ticket rating (1-5), answered 55 % of the time.
  case when resolved_at is not null and (h >> 56) % 100 < 55 then
    least(5, greatest(1, round(1 + 4 * satisfaction - case when fcr then 0 else 0.5 end + ((h >> 58) % 3) - 1)))::INT end as satisfaction_score,
  reason in ('product_quality', 'delivery', 'return') and (satisfaction < 0.35 or coalesce(satisfaction_score, 3) <= 2) as is_complaint
from t
where opened_at < '{{var "demo_today"}}'::DATE + 1
