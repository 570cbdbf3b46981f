-- One row per CRM contact record (a person entered twice keeps two rows: identity resolution merges them).
-- Identifiers are normalised for matching and their raw values kept: e-mail trimmed, lower-cased, placeholders
-- and malformed values nulled; phone to E.164, national numbers read in the contact's country (France by default).
-- Placeholder birth dates are nulled; names get one casing.
with c as (
  select *,
    lower(trim(email)) as email_trimmed,
    {{regexp_replace_all "phone" "[^0-9+]" ""}} as phone_digits,
    case country when 'France' then 'FR' else upper(trim(country)) end as country_code
  from {{ref "raw_crm_customers"}}
)
select
  customer_id,
  gender,
  upper(left(trim(first_name), 1)) || lower(substr(trim(first_name), 2)) as first_name,
  upper({{strip_accents "trim(last_name)"}}) as last_name,
  case when birth_date <= DATE '1900-01-01' or birth_date > date '{{var "demo_today"}}' then null else birth_date end as birth_date,
  extract(year from date '{{var "demo_today"}}') - extract(year from case when birth_date > DATE '1900-01-01' then birth_date end) as age,
  address_line, postal_code, city, country_code as country,
  email as email_raw,
  case when email_trimmed in ('', 'unknown', 'test@test.com', 'noemail@example.com', 'asdf@asdf.com')
         or not {{regexp_full_match "email_trimmed" "[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"}} then null
       else email_trimmed end as email,
  phone as phone_raw,
  case
    when {{regexp_full_match "phone_digits" "\+330[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 5)
    when {{regexp_full_match "phone_digits" "\+[1-9][0-9]{7,14}"}} then phone_digits
    when {{regexp_full_match "phone_digits" "00[1-9][0-9]{7,13}"}} then '+' || substr(phone_digits, 3)
    when {{regexp_full_match "phone_digits" "0[1-9][0-9]{7,9}"}} then
      case country_code when 'BE' then '+32' when 'CH' then '+41' when 'LU' then '+352' when 'DE' then '+49'
                        when 'ES' then '+34' else '+33' end || substr(phone_digits, 2)
  end as phone_e164,
  nullif(trim(loyalty_card_id), '') as loyalty_card_id,
  created_at, updated_at, source,
  family_status, children_count, housing, job, education, income_band,
  (family_status is not null) as has_declared_household,
  email_opt_in, sms_opt_in
from c
