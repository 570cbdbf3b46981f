-- CRM contacts, typed by store staff, imported from the e-shop or from lead forms. Dirty on purpose, the
-- way CRMs are: 3 % of people were entered twice (a second customer_id, often without e-mail), e-mails
-- carry stray spaces and capitals, phones are written in six formats, and a few placeholders
-- (test@test.com, noemail@example.com, 0000000000, '', 'unknown') stand in for missing values.
with
contacts as (
  -- One record per CRM person, plus a second one for duplicates: created later, in store, by someone who
  -- did not search the base first.
  select p.*, d = 1 as is_duplicate,
    case when d = 1 then customer_id_dup else customer_id end as cid,
    case when d = 1 then created_at + to_days(1 + ((hash(person_id, {{var "demo_seed"}}, 'crmdup') >> 1) % 700)::INT)
         else created_at end as crm_created_at,
    (hash(person_id, d, {{var "demo_seed"}}, 'crm') >> 1)::BIGINT as h
  from {{ref "gen_people"}} p, range(1 + p.has_crm_duplicate::INT) r(d)
  where p.in_crm
),
c as (
  select *, h % 1000 as r_email, (h >> 10) % 1000 as r_phone, (h >> 20) % 1000 as r_name, (h >> 30) % 1000 as r_misc
  from contacts
)
select
  cid as customer_id,
  case when r_misc < 20 then null else gender::VARCHAR end as gender,
  case when r_name < 50 then upper(first_name) when r_name < 80 then strip_accents(first_name) else first_name end as first_name,
  -- French habit: surnames in capitals on forms filled at the till.
  case when r_name < 400 then upper(last_name) else last_name end as last_name,
  case when r_misc < 30 then DATE '1900-01-01' when r_misc < 330 then null else birth_date end as birth_date,
  address_line, postal_code, city,
  case when r_misc between 500 and 519 and country = 'FR' then 'France' else country::VARCHAR end as country,
  case
    when r_email < 7 then 'test@test.com'
    when r_email < 14 then 'noemail@example.com'
    when r_email < 19 then ''
    when r_email < 22 then 'unknown'
    when is_duplicate and r_email < 600 then null
    when channel_pref = 'store' and r_email < 250 then null          -- not asked at the till
    when r_email < 100 then upper(email_typed)
    when r_email < 180 then ' ' || email_typed
    when r_email < 240 then email_typed || '  '
    else email_typed end as email,
  case
    when phone_e164 is null or r_phone < 150 then null
    when r_phone < 160 then '0000000000'
    when phone_e164 not like '+33%' then case when r_phone < 600 then phone_national else phone_e164 end
    when r_phone < 500 then phone_national                             -- 06 12 34 56 78
    when r_phone < 600 then replace(phone_national, ' ', '.')          -- 06.12.34.56.78
    when r_phone < 750 then replace(phone_national, ' ', '')           -- 0612345678
    when r_phone < 850 then '+33 ' || substr(phone_national, 2)        -- +33 6 12 34 56 78
    when r_phone < 950 then phone_e164                                 -- +33612345678
    else '00' || substr(phone_e164, 2) end as phone,                   -- 0033612345678
  -- The CRM holds the current card (the replacement once issued), and misses it 10 % of the time.
  case when not has_card or r_misc >= 900 then null
       when card_id_2 is not null and card_2_enrolled_day <= crm_created_at::DATE then card_id_2 else card_id end as loyalty_card_id,
  crm_created_at as created_at,
  least(crm_created_at + to_days(((h >> 40) % 400)::INT), '{{var "demo_today"}}'::TIMESTAMP + INTERVAL 20 HOUR) as updated_at,
  case when is_duplicate or channel_pref = 'store' then 'store' when is_lead then 'lead_form'
       when created_at < '{{var "demo_today"}}'::DATE - 1095 and (h >> 50) % 10 = 0 then 'import' else 'eshop' end as source,
  -- Household and lifestyle: only for people who filled in the loyalty questionnaire.
  case when household_declared then family_status::VARCHAR end as family_status,
  case when household_declared then children_count end as children_count,
  case when household_declared then housing::VARCHAR end as housing,
  case when household_declared then job::VARCHAR end as job,
  case when household_declared then education::VARCHAR end as education,
  case when household_declared then income_band::VARCHAR end as income_band,
  email_opt_in, sms_opt_in
from c
