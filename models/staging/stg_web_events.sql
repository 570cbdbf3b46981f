-- One row per web hit. Already typed at the source; staging only adds the logged-in flag.
-- anonymous_id stays a UUID (cast to VARCHAR where an identifier graph needs text).
select
  session_id, anonymous_id, account_id, event_at, event_type, product_id, device, traffic_channel,
  account_id is not null as is_logged_in
from {{ref "raw_web_events"}}
