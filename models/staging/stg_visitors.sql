-- Daily visitors, sessions and hits per traffic channel (web analytics report).
select day, traffic_channel::VARCHAR as traffic_channel, visitors, sessions, hits
from {{ref "raw_visitors"}}
