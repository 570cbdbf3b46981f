-- One row per inbound call; withheld numbers ('anonymous') become null, the rest E.164.
with c as (select *, {{regexp_replace_all "caller_phone" "[^0-9+]" ""}} as phone_digits from {{ref "raw_calls"}})
select
  call_id,
  caller_phone as caller_phone_raw,
  case
    when {{regexp_full_match "phone_digits" "\+[1-9][0-9]{7,14}"}} then phone_digits
    when {{regexp_full_match "phone_digits" "00[1-9][0-9]{7,13}"}} then '+' || substr(phone_digits, 3)
    when {{regexp_full_match "phone_digits" "0[1-9][0-9]{8}"}} then '+33' || substr(phone_digits, 2)
  end as caller_phone_e164,
  started_at, queue, answered as is_answered, abandoned as is_abandoned, wait_seconds, handling_seconds, is_follow_up
from c
