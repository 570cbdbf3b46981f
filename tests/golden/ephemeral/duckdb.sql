-- Golden SQL for case 'ephemeral' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/active_people.sql =====
select id, name, age from "main"."people" where active

-- ===== build 1: target/compiled/models/adult_names.sql =====
WITH "__cible_ephemeral__active_people" AS (
select id, name, age from "main"."people" where active
),
"__cible_ephemeral__adults" AS (
select id, name, age from "__cible_ephemeral__active_people" where age >= 18
)
select id, upper(name) as name from "__cible_ephemeral__adults"

-- ===== build 1: target/compiled/models/adult_stats.sql =====
WITH "__cible_ephemeral__active_people" AS (
select id, name, age from "main"."people" where active
),
"__cible_ephemeral__adults" AS (
select id, name, age from "__cible_ephemeral__active_people" where age >= 18
)
SELECT * FROM (
with a as (
  select * from "__cible_ephemeral__adults"
)
select count(*) as n, min(age) as youngest from a
) AS "__cible_model"

-- ===== build 1: target/compiled/models/adults.sql =====
WITH "__cible_ephemeral__active_people" AS (
select id, name, age from "main"."people" where active
)
select id, name, age from "__cible_ephemeral__active_people" where age >= 18

-- ===== build 1: target/run/models/adult_names.sql =====
DROP TABLE IF EXISTS "main"."adult_names__cible_tmp";

CREATE TABLE "main"."adult_names__cible_tmp" AS
WITH "__cible_ephemeral__active_people" AS (
select id, name, age from "main"."people" where active
),
"__cible_ephemeral__adults" AS (
select id, name, age from "__cible_ephemeral__active_people" where age >= 18
)
select id, upper(name) as name from "__cible_ephemeral__adults";

BEGIN TRANSACTION;

ALTER TABLE "main"."adult_names__cible_tmp" RENAME TO "adult_names";

COMMIT;

-- ===== build 1: target/run/models/adult_stats.sql =====
CREATE OR REPLACE VIEW "main"."adult_stats" AS
WITH "__cible_ephemeral__active_people" AS (
select id, name, age from "main"."people" where active
),
"__cible_ephemeral__adults" AS (
select id, name, age from "__cible_ephemeral__active_people" where age >= 18
)
SELECT * FROM (
with a as (
  select * from "__cible_ephemeral__adults"
)
select count(*) as n, min(age) as youngest from a
) AS "__cible_model";

-- ===== build 1: target/run/seeds/people.sql =====
-- seeds/people.csv loaded into "main"."people__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."people__cible_tmp" RENAME TO "people";

COMMIT;
