-- Golden SQL for case 'incremental_merge' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/latest_events.sql =====
select id, name, amount, updated_at
from "PUBLIC"."EVENTS"

-- ===== build 1: target/run/models/latest_events.sql =====
DROP TABLE IF EXISTS "PUBLIC"."LATEST_EVENTS__CIBLE_TMP";

CREATE TABLE "PUBLIC"."LATEST_EVENTS__CIBLE_TMP" AS
select id, name, amount, updated_at
from "PUBLIC"."EVENTS";

BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."LATEST_EVENTS__CIBLE_TMP" RENAME TO "PUBLIC"."LATEST_EVENTS";

COMMIT;

-- ===== build 1: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "PUBLIC"."EVENTS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."EVENTS__CIBLE_TMP" RENAME TO "PUBLIC"."EVENTS";

COMMIT;

-- ===== build 2: target/run/models/latest_events.sql =====
DROP TABLE IF EXISTS "PUBLIC"."LATEST_EVENTS__CIBLE_TMP";

CREATE TABLE "PUBLIC"."LATEST_EVENTS__CIBLE_TMP" AS
select id, name, amount, updated_at
from "PUBLIC"."EVENTS"
where updated_at > (select max(updated_at) from "PUBLIC"."LATEST_EVENTS");

BEGIN TRANSACTION;

MERGE INTO "PUBLIC"."LATEST_EVENTS" AS "T"
USING "PUBLIC"."LATEST_EVENTS__CIBLE_TMP" AS "S"
ON "T"."ID" = "S"."ID"
WHEN MATCHED THEN UPDATE SET "NAME" = "S"."NAME", "AMOUNT" = "S"."AMOUNT", "UPDATED_AT" = "S"."UPDATED_AT"
WHEN NOT MATCHED THEN INSERT ("ID", "NAME", "AMOUNT", "UPDATED_AT") VALUES ("S"."ID", "S"."NAME", "S"."AMOUNT", "S"."UPDATED_AT");

COMMIT;

DROP TABLE "PUBLIC"."LATEST_EVENTS__CIBLE_TMP";

-- ===== build 2: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "PUBLIC"."EVENTS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
ALTER TABLE "PUBLIC"."EVENTS__CIBLE_TMP" SWAP WITH "PUBLIC"."EVENTS";

DROP TABLE "PUBLIC"."EVENTS__CIBLE_TMP";
