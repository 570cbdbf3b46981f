with a as (
  select * from {{ref "adults"}}
)
select count(*) as n, min(age) as youngest from a
