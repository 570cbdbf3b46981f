-- One row per e-shop account, identifiers normalised (see stg_crm_customers) with raw values kept.
with a as (
  select *, lower(trim(email)) as email_trimmed, {{regexp_replace_all "phone" "[^0-9+]" ""}} as phone_digits
  from {{ref "raw_eshop_accounts"}}
)
select
  account_id,
  email as email_raw,
  case when email_trimmed in ('', 'unknown', 'test@test.com', 'noemail@example.com', 'asdf@asdf.com')
         or not {{regexp_full_match "email_trimmed" "[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"}} then null
       else email_trimmed end as email,
  phone as phone_raw,
  case
    when {{regexp_full_match "phone_digits" "\+[1-9][0-9]{7,14}"}} then phone_digits
    when {{regexp_full_match "phone_digits" "00[1-9][0-9]{7,13}"}} then '+' || substr(phone_digits, 3)
    when {{regexp_full_match "phone_digits" "0[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 2)
  end as phone_e164,
  first_name, last_name, created_at, crm_customer_id, last_login_at
from a
