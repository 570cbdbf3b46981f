-- Golden SQL for case 'incremental_delete_insert' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/store_days.sql =====
select store, day, sales, loaded_at
from "main"."daily_sales"

-- ===== build 1: target/run/models/store_days.sql =====
DROP TABLE IF EXISTS "main"."store_days__cible_tmp";

CREATE TABLE "main"."store_days__cible_tmp" AS
select store, day, sales, loaded_at
from "main"."daily_sales";

BEGIN TRANSACTION;

ALTER TABLE "main"."store_days__cible_tmp" RENAME TO "store_days";

COMMIT;

-- ===== build 1: target/run/seeds/daily_sales.sql =====
-- seeds/daily_sales.csv loaded into "main"."daily_sales__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."daily_sales__cible_tmp" RENAME TO "daily_sales";

COMMIT;

-- ===== build 2: target/run/models/store_days.sql =====
DROP TABLE IF EXISTS "main"."store_days__cible_tmp";

CREATE TABLE "main"."store_days__cible_tmp" AS
select store, day, sales, loaded_at
from "main"."daily_sales"
where loaded_at > (select max(loaded_at) from "main"."store_days");

BEGIN TRANSACTION;

DELETE FROM "main"."store_days" AS "t" WHERE EXISTS (SELECT 1 FROM "main"."store_days__cible_tmp" AS "s" WHERE "t"."store" = "s"."store" AND "t"."day" = "s"."day");

INSERT INTO "main"."store_days" ("store", "day", "sales", "loaded_at")
SELECT "store", "day", "sales", "loaded_at"
FROM "main"."store_days__cible_tmp";

COMMIT;

DROP TABLE "main"."store_days__cible_tmp";

-- ===== build 2: target/run/seeds/daily_sales.sql =====
-- seeds/daily_sales.csv loaded into "main"."daily_sales__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

DROP TABLE "main"."daily_sales";

ALTER TABLE "main"."daily_sales__cible_tmp" RENAME TO "daily_sales";

COMMIT;
