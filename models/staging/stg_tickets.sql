-- One row per support ticket, requester identifiers normalised (raw values kept), durations derived.
with t as (
  select *, lower(trim(requester_email)) as email_trimmed, {{regexp_replace_all "requester_phone" "[^0-9+]" ""}} as phone_digits
  from {{ref "raw_tickets"}}
)
select
  ticket_id,
  requester_email as requester_email_raw,
  case when email_trimmed in ('', 'unknown', 'test@test.com', 'noemail@example.com', 'asdf@asdf.com')
         or not {{regexp_full_match "email_trimmed" "[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}"}} then null
       else email_trimmed end as requester_email,
  requester_phone as requester_phone_raw,
  case
    when {{regexp_full_match "phone_digits" "\+[1-9][0-9]{7,14}"}} then phone_digits
    when {{regexp_full_match "phone_digits" "00[1-9][0-9]{7,13}"}} then '+' || substr(phone_digits, 3)
    when {{regexp_full_match "phone_digits" "0[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 2)
  end as requester_phone_e164,
  order_id, channel, reason, opened_at, first_response_at, resolved_at,
  {{seconds_between "opened_at" "first_response_at"}} / 60.0 as response_minutes,
  {{seconds_between "opened_at" "resolved_at"}} / 3600.0 as resolution_hours,
  first_contact_resolution, status, resolved_at is not null as is_resolved, satisfaction_score, is_complaint
from t
