-- Leads captured by forms (newsletter pop-up, contest, social-ads lead forms, in-store events, referral links),
-- before any purchase: most prospects come in as leads, few buyers did. Plus form spam and test entries.
with l as (
  select person_id, email_typed, phone_national, phone_e164, first_name, created_at, is_buyer,
         (hash(person_id, {{var "demo_seed"}}, 'lead') >> 1)::BIGINT as h
  from {{ref "gen_people"}}
  where is_lead and created_at >= '{{var "demo_today"}}'::DATE - 1094
)
select
  ((person_id * 4) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000 as lead_id,
  case when h % 100 < 6 then ' ' || email_typed || ' ' when h % 100 < 12 then upper(email_typed) else email_typed end as email,
  case when (h >> 8) % 100 < 30 then case when (h >> 16) % 2 = 0 then phone_national else phone_e164 end end as phone,
  case when (h >> 20) % 100 < 60 then first_name end as first_name,
  ['newsletter_popup', 'newsletter_popup', 'contest', 'contest', 'social_ads', 'social_ads', 'paid_search', 'store_event',
   'referral', 'partner'][1 + ((h >> 28) % 10)::INT] as channel,
  -- The form was sent a few minutes before the CRM contact was created.
  created_at - to_seconds((60 + (h >> 36) % 1200)::BIGINT) as created_at,
  (h >> 48) % 100 < 85 as marketing_consent
from l
union all
-- Junk: bots and tests, 2 % on top of the real leads.
select
  ((g * 4 + 3) * 2654435761 + {{var "demo_seed"}} * 7919) % 10000000000,
  ['test@test.com', 'noemail@example.com', 'asdf@asdf.com', '', 'unknown'][1 + (g % 5)::INT],
  case when g % 3 = 0 then '0000000000' end,
  case when g % 2 = 0 then 'Test' end,
  ['contest', 'newsletter_popup'][1 + (g % 2)::INT],
  '{{var "demo_today"}}'::TIMESTAMP - to_seconds(((hash(g, {{var "demo_seed"}}, 'junk') >> 1) % (86400 * 1094))::BIGINT),
  false
from range({{var "demo_customers"}} // 150) t(g)
