-- Golden SQL for case 'ephemeral' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/active_people.sql =====
select id, name, age from `test-proj`.`main`.`people` where active

-- ===== build 1: target/compiled/models/adult_names.sql =====
WITH `__cible_ephemeral__active_people` AS (
select id, name, age from `test-proj`.`main`.`people` where active
),
`__cible_ephemeral__adults` AS (
select id, name, age from `__cible_ephemeral__active_people` where age >= 18
)
select id, upper(name) as name from `__cible_ephemeral__adults`

-- ===== build 1: target/compiled/models/adult_stats.sql =====
WITH `__cible_ephemeral__active_people` AS (
select id, name, age from `test-proj`.`main`.`people` where active
),
`__cible_ephemeral__adults` AS (
select id, name, age from `__cible_ephemeral__active_people` where age >= 18
)
SELECT * FROM (
with a as (
  select * from `__cible_ephemeral__adults`
)
select count(*) as n, min(age) as youngest from a
) AS `__cible_model`

-- ===== build 1: target/compiled/models/adults.sql =====
WITH `__cible_ephemeral__active_people` AS (
select id, name, age from `test-proj`.`main`.`people` where active
)
select id, name, age from `__cible_ephemeral__active_people` where age >= 18

-- ===== build 1: target/run/models/adult_names.sql =====
CREATE OR REPLACE TABLE `test-proj`.`main`.`adult_names` AS
WITH `__cible_ephemeral__active_people` AS (
select id, name, age from `test-proj`.`main`.`people` where active
),
`__cible_ephemeral__adults` AS (
select id, name, age from `__cible_ephemeral__active_people` where age >= 18
)
select id, upper(name) as name from `__cible_ephemeral__adults`;

-- ===== build 1: target/run/models/adult_stats.sql =====
CREATE OR REPLACE VIEW `test-proj`.`main`.`adult_stats` AS
WITH `__cible_ephemeral__active_people` AS (
select id, name, age from `test-proj`.`main`.`people` where active
),
`__cible_ephemeral__adults` AS (
select id, name, age from `__cible_ephemeral__active_people` where age >= 18
)
SELECT * FROM (
with a as (
  select * from `__cible_ephemeral__adults`
)
select count(*) as n, min(age) as youngest from a
) AS `__cible_model`;

-- ===== build 1: target/run/seeds/people.sql =====
-- seeds/people.csv loaded into `test-proj`.`main`.`people__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`people` AS
SELECT *
FROM `test-proj`.`main`.`people__cible_tmp`;

DROP TABLE `test-proj`.`main`.`people__cible_tmp`;
