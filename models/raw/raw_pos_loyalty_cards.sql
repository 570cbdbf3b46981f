-- Loyalty cards enrolled at the till (point-of-sale system). The till asks for a phone number, rarely an
-- e-mail; cashiers type names in capitals without accents and sometimes key a placeholder phone.
-- 4 % of members lost their card and got a new one: the old card is marked replaced, with no link.
with cards as (
  select p.*,
    case when d = 1 then card_id_2 else card_id end as cid,
    case when d = 1 then card_2_enrolled_day else card_enrolled_day end as day,
    home_store_id as enrol_store,
    case when d = 0 and card_id_2 is not null then 'replaced' else 'active' end as card_status,
    (hash(person_id, d, {{var "demo_seed"}}, 'pos') >> 1)::BIGINT as h
  from {{ref "gen_people"}} p, range(1 + p.has_replaced_card::INT) r(d)
  where p.has_card
)
select
  cid as card_id,
  enrol_store as store_id,
  day::TIMESTAMP + to_seconds((36000 + (h % 34200))::BIGINT) as enrolled_at,
  card_status as status,
  upper(strip_accents(first_name)) as first_name,
  upper(strip_accents(last_name)) as last_name,
  postal_code,
  case
    when (h >> 20) % 1000 < 15 then '0000000000'
    when (h >> 20) % 1000 < 25 then ''
    when (h >> 20) % 1000 < 30 then 'unknown'
    when phone_e164 is null or (h >> 20) % 1000 < 100 then null
    when phone_e164 not like '+33%' then phone_e164
    when (h >> 20) % 1000 < 550 then replace(phone_national, ' ', '')
    when (h >> 20) % 1000 < 800 then phone_national
    when (h >> 20) % 1000 < 900 then replace(phone_national, ' ', '.')
    else '+33' || substr(replace(phone_national, ' ', ''), 2) end as phone,
  case when (h >> 30) % 100 < 35 then lower(email_typed) || case when (h >> 40) % 10 = 0 then ' ' else '' end end as email
from cards
