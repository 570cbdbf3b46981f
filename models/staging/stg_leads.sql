-- One row per captured lead. Junk entries (placeholders, tests) keep their row but lose the identifier,
-- and is_junk says so, so that CPL and conversion KPIs can exclude them.
with l as (
  select *,
    case when lower(trim(email)) in ('', 'unknown', 'test@test.com', 'noemail@example.com', 'asdf@asdf.com')
           or not {{regexp_full_match "lower(trim(email))" "[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"}} then null
         else lower(trim(email)) end as email_clean,
    {{regexp_replace_all "phone" "[^0-9+]" ""}} as phone_digits
  from {{ref "raw_leads"}}
)
select
  lead_id,
  email as email_raw,
  email_clean as email,
  phone as phone_raw,
  case
    when {{regexp_full_match "phone_digits" "\+[1-9][0-9]{7,14}"}} then phone_digits
    when {{regexp_full_match "phone_digits" "00[1-9][0-9]{7,13}"}} then '+' || substr(phone_digits, 3)
    when {{regexp_full_match "phone_digits" "0[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 2)
  end as phone_e164,
  first_name, channel, created_at, marketing_consent,
  email_clean is null as is_junk
from l
