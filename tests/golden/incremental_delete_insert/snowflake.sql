-- Golden SQL for case 'incremental_delete_insert' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/store_days.sql =====
select store, day, sales, loaded_at
from "PUBLIC"."DAILY_SALES"

-- ===== build 1: target/run/models/store_days.sql =====
DROP TABLE IF EXISTS "PUBLIC"."STORE_DAYS__CIBLE_TMP";

CREATE TABLE "PUBLIC"."STORE_DAYS__CIBLE_TMP" AS
select store, day, sales, loaded_at
from "PUBLIC"."DAILY_SALES";

BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."STORE_DAYS__CIBLE_TMP" RENAME TO "PUBLIC"."STORE_DAYS";

COMMIT;

-- ===== build 1: target/run/seeds/daily_sales.sql =====
-- seeds/daily_sales.csv loaded into "PUBLIC"."DAILY_SALES__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."DAILY_SALES__CIBLE_TMP" RENAME TO "PUBLIC"."DAILY_SALES";

COMMIT;

-- ===== build 2: target/run/models/store_days.sql =====
DROP TABLE IF EXISTS "PUBLIC"."STORE_DAYS__CIBLE_TMP";

CREATE TABLE "PUBLIC"."STORE_DAYS__CIBLE_TMP" AS
select store, day, sales, loaded_at
from "PUBLIC"."DAILY_SALES"
where loaded_at > (select max(loaded_at) from "PUBLIC"."STORE_DAYS");

BEGIN TRANSACTION;

DELETE FROM "PUBLIC"."STORE_DAYS" AS "T" WHERE EXISTS (SELECT 1 FROM "PUBLIC"."STORE_DAYS__CIBLE_TMP" AS "S" WHERE "T"."STORE" = "S"."STORE" AND "T"."DAY" = "S"."DAY");

INSERT INTO "PUBLIC"."STORE_DAYS" ("STORE", "DAY", "SALES", "LOADED_AT")
SELECT "STORE", "DAY", "SALES", "LOADED_AT"
FROM "PUBLIC"."STORE_DAYS__CIBLE_TMP";

COMMIT;

DROP TABLE "PUBLIC"."STORE_DAYS__CIBLE_TMP";

-- ===== build 2: target/run/seeds/daily_sales.sql =====
-- seeds/daily_sales.csv loaded into "PUBLIC"."DAILY_SALES__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
ALTER TABLE "PUBLIC"."DAILY_SALES__CIBLE_TMP" SWAP WITH "PUBLIC"."DAILY_SALES";

DROP TABLE "PUBLIC"."DAILY_SALES__CIBLE_TMP";
