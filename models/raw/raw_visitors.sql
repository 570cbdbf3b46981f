-- Daily audience report of the web analytics tool: visitors (distinct cookies), sessions and page views per
-- day and traffic channel. Counted from the same sessions as raw_web_events, so the two agree; the
-- denominator of the visitor -> lead conversion KPI.
select
  started_at::DATE as day,
  traffic_channel,
  count(distinct anonymous_id) as visitors,
  count(*) as sessions,
  sum(n_events)::BIGINT as hits
from {{ref "gen_web_sessions"}}
group by all
