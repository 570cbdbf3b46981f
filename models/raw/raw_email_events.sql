-- E-mailing tool export (Brevo / Mailchimp style): one row per delivery event. Newsletters go out on Tuesdays
-- and Fridays (one campaign per send day; campaign_id counts days since 2020-01-01, plus 1000) to opted-in
-- contacts, each receiving about one every eight weeks. Addresses are as imported, spaces and capitals included.
-- Mistyped domains hard-bounce on the first send and are suppressed; 12 % of contacts unsubscribe at some
-- point; a quarter never open; people who stopped buying mostly stop opening too.
-- Built as one row per send, then one UNION ALL branch per event type: cheaper than exploding each send.
with
recipients as (
  select person_id, email_bounces, active_until,
         greatest(created_at::DATE, '{{var "demo_today"}}'::DATE - 1094) as from_day,
         (hash(person_id, {{var "demo_seed"}}, 'esp') >> 1)::BIGINT as h,
         -- The address as imported into the tool, once per contact.
         case when (h >> 50) % 100 < 8 then ' ' || email_typed when (h >> 50) % 100 < 13 then upper(email_typed) else email_typed end as address
  from {{ref "gen_people"}}
  where email_opt_in and (in_crm or has_account)
),
planned as (
  select *,
    floor(('{{var "demo_today"}}'::DATE - from_day) / 52 * (0.7 + (h % 600) / 1000))::INT as n_planned,
    case when h % 1000 < 250 then 0 else 0.15 + ((h >> 10) % 500) / 1000 end as p_open,
    0.04 + ((h >> 20) % 200) / 1000 as p_click
  from recipients
),
scheduled as (
  select r.*, j,
    case when r.email_bounces then 1 when (r.h >> 30) % 100 < 12 then 1 + ((r.h >> 37) % 1000 * r.n_planned) // 1000 else r.n_planned end as n_sends,
    (hash(r.person_id, j, {{var "demo_seed"}}, 'send') >> 1)::BIGINT as hs,
    r.from_day + ((('{{var "demo_today"}}'::DATE - r.from_day) * (j * 1000 + hs % 1000)) // (r.n_planned * 1000))::INT as day0
  from (select *, unnest(range(n_planned)) as j from planned where n_planned > 0) r
),
dated as (
  -- Next Tuesday or Friday on or after day0.
  select *, day0 + [1, 0, 2, 1, 0, 3, 2][isodow(day0)] as campaign_day
  from scheduled
  where j < n_sends
),
sends as materialized (
  -- Times are kept in epoch microseconds (plain integers) until the output: much cheaper than intervals.
  select address, (campaign_day - DATE '2020-01-01' + 1000)::INT as campaign_id,
    epoch_us(campaign_day::TIMESTAMP) + (32400 + hs % 7200) * 1000000 as sent_us,
    email_bounces as bounced,
    -- Disengaged after they stopped buying: opens drop to a third.
    not email_bounces and hs % 1000 < 1000 * p_open
      * case when campaign_day > coalesce(active_until, DATE '2999-01-01') + 60 then 0.33 else 1 end as opened,
    (hs >> 10) % 1000 < 1000 * p_click as clicks_if_opened,
    j = n_sends - 1 and n_sends < n_planned and not email_bounces as unsubscribes,
    -- Opens come minutes to a day after sending (never after demo_today), clicks and unsubscriptions minutes later.
    least(sent_us + (300 + (hs >> 20) % 90000) * 1000000, epoch_us('{{var "demo_today"}}'::TIMESTAMP) + 86000000000) as opened_us,
    (60 + (hs >> 40) % 300) * 1000000 as step_us
  from dated
  where campaign_day <= '{{var "demo_today"}}'::DATE
)
select address as email, campaign_id, 'sent'::ENUM('sent', 'open', 'click', 'bounce', 'unsubscribe') as event_type,
       make_timestamp(sent_us) as event_at
from sends
union all
select address, campaign_id, 'bounce'::ENUM('sent', 'open', 'click', 'bounce', 'unsubscribe'), make_timestamp(sent_us + 4000000)
from sends where bounced
union all
select address, campaign_id, 'open'::ENUM('sent', 'open', 'click', 'bounce', 'unsubscribe'), make_timestamp(opened_us)
from sends where opened
union all
select address, campaign_id, 'click'::ENUM('sent', 'open', 'click', 'bounce', 'unsubscribe'), make_timestamp(opened_us + step_us)
from sends where opened and clicks_if_opened
union all
select address, campaign_id, 'unsubscribe'::ENUM('sent', 'open', 'click', 'bounce', 'unsubscribe'),
       make_timestamp(case when opened then opened_us + 2 * step_us else sent_us + 3600000000 + step_us end)
from sends where unsubscribes
