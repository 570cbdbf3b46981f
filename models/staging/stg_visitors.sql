-- Daily visitors, sessions and hits per traffic channel (web analytics report).
select day, cast(traffic_channel as {{type "string"}}) as traffic_channel, visitors, sessions, hits
from {{ref "raw_visitors"}}
