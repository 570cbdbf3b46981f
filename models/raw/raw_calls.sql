-- Call-centre telephony log (one row per inbound call). Phone tickets start with a call; tickets not solved at
-- first contact bring follow-up calls; on top, people call for information and hang up while waiting.
-- The caller's number is what the switch saw: international format, sometimes withheld ('anonymous').
with
ticket_calls as (
  select t.ticket_id, t.opened_at, t.first_contact_resolution as fcr, p.phone_e164
  from {{ref "raw_tickets"}} t join {{ref "gen_orders"}} o using (order_id) join {{ref "gen_people"}} p using (person_id)
  where t.channel = 'phone'
),
calls as (
  -- The first call, then one or two follow-ups (a few days later) when the first did not solve it.
  select ticket_id * 4 + n as key, opened_at + to_days(n) as started_at, phone_e164, n > 0 as is_follow_up
  from ticket_calls, range(1 + case when fcr then 0 else 1 + ticket_id % 2 end) r(n)
  union all
  select 40000000000 + person_id, least('{{var "demo_today"}}'::TIMESTAMP + INTERVAL 12 HOUR,
         greatest(created_at, '{{var "demo_today"}}'::TIMESTAMP - INTERVAL 1094 DAY)
         + to_seconds(((hash(person_id, {{var "demo_seed"}}, 'cd') >> 1) % (86400 * 700))::BIGINT)), phone_e164, false
  from {{ref "gen_people"}}
  where phone_e164 is not null and (hash(person_id, {{var "demo_seed"}}, 'call') >> 1) % 100 < 10
),
c as (select *, (hash(key, started_at, {{var "demo_seed"}}) >> 1)::BIGINT as h from calls)
select
  -- A bijection of the key (the multiplier is coprime with 10^11 and small enough not to overflow).
  (key * 48271 + {{var "demo_seed"}} * 7919) % 100000000000 as call_id,
  case when h % 100 < 5 then 'anonymous' when h % 100 < 75 then phone_e164 when h % 100 < 90 then '00' || substr(phone_e164, 2)
       else '0' || substr(phone_e164, 4) end as caller_phone,
  -- Office hours 9:00-18:00.
  started_at::DATE::TIMESTAMP + to_seconds((32400 + (h >> 8) % 32400)::BIGINT) as started_at,
  case when key < 40000000000 then ['orders', 'returns', 'orders'][1 + ((h >> 24) % 3)::INT]
       else ['information', 'loyalty', 'orders'][1 + ((h >> 24) % 3)::INT] end as queue,
  -- Waits are long on Mondays; callers hang up after 1-6 minutes (ticket calls were answered by definition).
  key >= 40000000000 and (h >> 30) % 100 < (case when isodow(started_at) = 1 then 35 else 18 end) as abandoned,
  not abandoned as answered,
  (case when abandoned then 60 + (h >> 40) % 300 else 5 + (h >> 40) % 240 end)::INT as wait_seconds,
  (case when abandoned then 0 else 90 + (h >> 48) % 700 end)::INT as handling_seconds,
  is_follow_up
from c
where started_at < '{{var "demo_today"}}'::DATE + 1
