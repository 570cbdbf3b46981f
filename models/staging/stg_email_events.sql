-- One row per e-mailing event; the address is trimmed and lower-cased for matching.
select
  lower(trim(email)) as email,
  campaign_id, event_type, event_at
from {{ref "raw_email_events"}}
