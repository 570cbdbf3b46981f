-- One row per survey answer, with the NPS class (promoter 9-10, passive 7-8, detractor 0-6) and the
-- satisfied flag (CSAT 4-5) used by the satisfaction KPIs.
select
  survey_id, survey_type,
  case when lower(trim(respondent_email)) in ('', 'unknown', 'test@test.com', 'noemail@example.com') then null
       else lower(trim(respondent_email)) end as respondent_email,
  customer_id, order_id, ticket_id, answered_at, nps_score,
  case when nps_score >= 9 then 'promoter' when nps_score >= 7 then 'passive' when nps_score >= 0 then 'detractor' end as nps_category,
  csat_score,
  csat_score >= 4 as is_satisfied,
  purchase_purpose, would_recommend, has_recommended
from {{ref "raw_surveys"}}
