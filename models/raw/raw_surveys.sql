-- Survey answers (survey tool export). Three programmes: post-purchase (NPS 0-10, CSAT 1-5, purpose of the
-- purchase, would / did recommend), yearly relationship NPS sent to CRM customers, and a post-ticket service
-- survey (service NPS and CSAT). Scores follow each person's latent satisfaction with some noise.
-- Respondents are identified by e-mail (post-purchase, support) or by CRM id (relationship).
with
answers as (
  select 'post_purchase' as survey_type, o.person_id, o.order_index as k, o.order_id, null::BIGINT as ticket_id,
         o.order_day + 3 + (o.order_id // 11 % 8)::INT as answered_day,
         case when month(o.order_day) in (11, 12) and o.order_id // 3 % 10 < 6 then 'gift'
              else ['self', 'self', 'self', 'self', 'self', 'self', 'self', 'gift', 'gift', 'work'][1 + (o.order_id // 17 % 10)::INT] end as purpose
  from {{ref "gen_orders"}} o
  where o.status = 'completed' and o.order_id // 29 % 100 < 10          -- 10 % of completed orders answer
  union all
  select 'relationship', person_id, 40 + y, null, null,
         make_date(year('{{var "demo_today"}}'::DATE) - y, 3, 1) + ((hash(person_id, y, {{var "demo_seed"}}, 'rd') >> 1) % 60)::INT, null
  from {{ref "gen_people"}}, range(3) r(y)
  where in_crm and (hash(person_id, y, {{var "demo_seed"}}, 'rel') >> 1) % 100 < 8
    and created_at < make_date(year('{{var "demo_today"}}'::DATE) - y, 3, 1)
  union all
  select 'support', t.person_id, 50, t.order_id, t.ticket_id, t.resolved_day + 1, null
  from (select tk.ticket_id, tk.order_id, tk.resolved_at::DATE as resolved_day, tk.requester_email, o.person_id
        from {{ref "raw_tickets"}} tk join {{ref "gen_orders"}} o using (order_id)
        where tk.resolved_at is not null and tk.ticket_id % 100 < 30) t
),
a as (
  select a.*, p.email_typed, p.customer_id, p.satisfaction, p.in_crm,
         (hash(a.person_id, a.k, a.order_id, {{var "demo_seed"}}, 'srv') >> 1)::BIGINT as h,
         -- Skewed towards 8-10 as in retail surveys (NPS around +25).
         least(10, greatest(0, round(10.8 * sqrt(p.satisfaction) + (h % 5) - 2.5)))::INT as nps
  from answers a join {{ref "gen_people"}} p using (person_id)
  where a.answered_day <= '{{var "demo_today"}}'::DATE
)
select
  -- A bijection of a key unique per answer (order, person-year or ticket, tagged by survey type).
  (case survey_type when 'post_purchase' then order_id * 4 when 'support' then ticket_id * 4 + 2 else (person_id * 4 + k - 40) * 4 + 1 end
    * 48271 + {{var "demo_seed"}} * 7919) % 100000000000 as survey_id,
  survey_type,
  case when survey_type <> 'relationship' then case when (h >> 8) % 100 < 10 then upper(email_typed) else email_typed end end as respondent_email,
  case when survey_type = 'relationship' then customer_id end as customer_id,
  order_id, ticket_id,
  answered_day::TIMESTAMP + to_seconds((25200 + (h >> 12) % 54000)::BIGINT) as answered_at,
  nps as nps_score,
  case when survey_type <> 'relationship'
       then least(5, greatest(1, round(1.3 + 4 * sqrt(satisfaction) + ((h >> 30) % 3) - 1)))::INT end as csat_score,
  purpose as purchase_purpose,
  case when survey_type = 'post_purchase' then nps >= 8 end as would_recommend,
  -- "Have you recommended us to someone?" asked on half the post-purchase forms.
  case when survey_type = 'post_purchase' and (h >> 40) % 2 = 0 then nps >= 9 and (h >> 42) % 100 < 45 end as has_recommended
from a
