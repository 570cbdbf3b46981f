-- Golden SQL for case 'incremental_append' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/event_log.sql =====
select id, name, amount, updated_at
from "PUBLIC"."EVENTS"

-- ===== build 1: target/run/models/event_log.sql =====
DROP TABLE IF EXISTS "PUBLIC"."EVENT_LOG__CIBLE_TMP";

CREATE TABLE "PUBLIC"."EVENT_LOG__CIBLE_TMP" AS
select id, name, amount, updated_at
from "PUBLIC"."EVENTS";

BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."EVENT_LOG__CIBLE_TMP" RENAME TO "PUBLIC"."EVENT_LOG";

COMMIT;

-- ===== build 1: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "PUBLIC"."EVENTS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."EVENTS__CIBLE_TMP" RENAME TO "PUBLIC"."EVENTS";

COMMIT;

-- ===== build 2: target/run/models/event_log.sql =====
DROP TABLE IF EXISTS "PUBLIC"."EVENT_LOG__CIBLE_TMP";

CREATE TABLE "PUBLIC"."EVENT_LOG__CIBLE_TMP" AS
select id, name, amount, updated_at
from "PUBLIC"."EVENTS"
where updated_at > (select max(updated_at) from "PUBLIC"."EVENT_LOG");

BEGIN TRANSACTION;

INSERT INTO "PUBLIC"."EVENT_LOG" ("ID", "NAME", "AMOUNT", "UPDATED_AT")
SELECT "ID", "NAME", "AMOUNT", "UPDATED_AT"
FROM "PUBLIC"."EVENT_LOG__CIBLE_TMP";

COMMIT;

DROP TABLE "PUBLIC"."EVENT_LOG__CIBLE_TMP";

-- ===== build 2: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "PUBLIC"."EVENTS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
ALTER TABLE "PUBLIC"."EVENTS__CIBLE_TMP" SWAP WITH "PUBLIC"."EVENTS";

DROP TABLE "PUBLIC"."EVENTS__CIBLE_TMP";
