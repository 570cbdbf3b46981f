-- E-shop customer accounts (the web platform's own user table). The platform knows the CRM id only when
-- the account was matched by the last CRM sync (30 %); 8 % of people opened a second account later,
-- usually with another address, so only the phone or the CRM ties the two together.
with a as (
  select p.*, d = 1 as is_second,
    case when d = 1 then account_id_2 else account_id end as aid,
    case when d = 1 then account_2_created_day else account_created_day end as day,
    -- The second account uses the second address, or the same one with another capital (the platform
    -- compares e-mails case-sensitively).
    case when d = 0 then email_typed
         else coalesce(email_alt, case when email_typed = email then upper(email[1]) || email[2:] else email end) end as account_email,
    (hash(person_id, d, {{var "demo_seed"}}, 'acc') >> 1)::BIGINT as h
  from {{ref "gen_people"}} p, range(1 + p.has_second_account::INT) r(d)
  where p.has_account
)
select
  aid as account_id,
  case when h % 100 < 4 then account_email || ' ' when h % 100 < 7 then upper(account_email) else account_email end as email,
  -- Web forms validate the phone, so it is E.164 or compact national, when given at all.
  case when phone_e164 is null or (h >> 8) % 100 < 50 then null
       when (h >> 8) % 100 < 75 then phone_e164 else replace(phone_national, ' ', '') end as phone,
  first_name, last_name,
  day::TIMESTAMP + to_seconds((((h >> 16) % 57600) + 25200)::BIGINT) as created_at,
  case when not is_second and in_crm and (h >> 32) % 100 < 30 then customer_id end as crm_customer_id,
  -- Last login: recent for active customers, frozen at the end of activity for lapsed ones.
  least('{{var "demo_today"}}'::TIMESTAMP + INTERVAL 23 HOUR,
        greatest(day, coalesce(active_until, day))::TIMESTAMP + to_seconds(((h >> 40) % 86400)::BIGINT)) as last_login_at
from a
