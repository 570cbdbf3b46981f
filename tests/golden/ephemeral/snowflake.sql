-- Golden SQL for case 'ephemeral' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/active_people.sql =====
select id, name, age from "PUBLIC"."PEOPLE" where active

-- ===== build 1: target/compiled/models/adult_names.sql =====
WITH "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" AS (
select id, name, age from "PUBLIC"."PEOPLE" where active
),
"__CIBLE_EPHEMERAL__ADULTS" AS (
select id, name, age from "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" where age >= 18
)
select id, upper(name) as name from "__CIBLE_EPHEMERAL__ADULTS"

-- ===== build 1: target/compiled/models/adult_stats.sql =====
WITH "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" AS (
select id, name, age from "PUBLIC"."PEOPLE" where active
),
"__CIBLE_EPHEMERAL__ADULTS" AS (
select id, name, age from "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" where age >= 18
)
SELECT * FROM (
with a as (
  select * from "__CIBLE_EPHEMERAL__ADULTS"
)
select count(*) as n, min(age) as youngest from a
) AS "__CIBLE_MODEL"

-- ===== build 1: target/compiled/models/adults.sql =====
WITH "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" AS (
select id, name, age from "PUBLIC"."PEOPLE" where active
)
select id, name, age from "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" where age >= 18

-- ===== build 1: target/run/models/adult_names.sql =====
DROP TABLE IF EXISTS "PUBLIC"."ADULT_NAMES__CIBLE_TMP";

CREATE TABLE "PUBLIC"."ADULT_NAMES__CIBLE_TMP" AS
WITH "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" AS (
select id, name, age from "PUBLIC"."PEOPLE" where active
),
"__CIBLE_EPHEMERAL__ADULTS" AS (
select id, name, age from "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" where age >= 18
)
select id, upper(name) as name from "__CIBLE_EPHEMERAL__ADULTS";

BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."ADULT_NAMES__CIBLE_TMP" RENAME TO "PUBLIC"."ADULT_NAMES";

COMMIT;

-- ===== build 1: target/run/models/adult_stats.sql =====
CREATE OR REPLACE VIEW "PUBLIC"."ADULT_STATS" AS
WITH "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" AS (
select id, name, age from "PUBLIC"."PEOPLE" where active
),
"__CIBLE_EPHEMERAL__ADULTS" AS (
select id, name, age from "__CIBLE_EPHEMERAL__ACTIVE_PEOPLE" where age >= 18
)
SELECT * FROM (
with a as (
  select * from "__CIBLE_EPHEMERAL__ADULTS"
)
select count(*) as n, min(age) as youngest from a
) AS "__CIBLE_MODEL";

-- ===== build 1: target/run/seeds/people.sql =====
-- seeds/people.csv loaded into "PUBLIC"."PEOPLE__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."PEOPLE__CIBLE_TMP" RENAME TO "PUBLIC"."PEOPLE";

COMMIT;
