-- One row per loyalty card. Placeholder phones ('0000000000', '', 'unknown') become null; names get one casing.
with c as (
  select *, lower(trim(email)) as email_trimmed, {{regexp_replace_all "phone" "[^0-9+]" ""}} as phone_digits
  from {{ref "raw_pos_loyalty_cards"}}
)
select
  card_id, store_id, enrolled_at, status,
  status = 'active' as is_active,
  upper(left(first_name, 1)) || lower(substr(first_name, 2)) as first_name,
  upper(last_name) as last_name,
  postal_code,
  phone as phone_raw,
  case
    when {{regexp_full_match "phone_digits" "\+330[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 5)
    when {{regexp_full_match "phone_digits" "\+[1-9][0-9]{7,14}"}} then phone_digits
    when {{regexp_full_match "phone_digits" "00[1-9][0-9]{7,13}"}} then '+' || substr(phone_digits, 3)
    when {{regexp_full_match "phone_digits" "0[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 2)
  end as phone_e164,
  email as email_raw,
  case when email_trimmed in ('', 'unknown', 'test@test.com', 'noemail@example.com', 'asdf@asdf.com')
         or not {{regexp_full_match "email_trimmed" "[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"}} then null
       else email_trimmed end as email
from c
