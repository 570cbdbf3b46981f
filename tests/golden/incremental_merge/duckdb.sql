-- Golden SQL for case 'incremental_merge' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/latest_events.sql =====
select id, name, amount, updated_at
from "main"."events"

-- ===== build 1: target/run/models/latest_events.sql =====
DROP TABLE IF EXISTS "main"."latest_events__cible_tmp";

CREATE TABLE "main"."latest_events__cible_tmp" AS
select id, name, amount, updated_at
from "main"."events";

BEGIN TRANSACTION;

ALTER TABLE "main"."latest_events__cible_tmp" RENAME TO "latest_events";

COMMIT;

-- ===== build 1: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "main"."events__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."events__cible_tmp" RENAME TO "events";

COMMIT;

-- ===== build 2: target/run/models/latest_events.sql =====
DROP TABLE IF EXISTS "main"."latest_events__cible_tmp";

CREATE TABLE "main"."latest_events__cible_tmp" AS
select id, name, amount, updated_at
from "main"."events"
where updated_at > (select max(updated_at) from "main"."latest_events");

BEGIN TRANSACTION;

MERGE INTO "main"."latest_events" AS "t"
USING "main"."latest_events__cible_tmp" AS "s"
ON "t"."id" = "s"."id"
WHEN MATCHED THEN UPDATE SET "name" = "s"."name", "amount" = "s"."amount", "updated_at" = "s"."updated_at"
WHEN NOT MATCHED THEN INSERT ("id", "name", "amount", "updated_at") VALUES ("s"."id", "s"."name", "s"."amount", "s"."updated_at");

COMMIT;

DROP TABLE "main"."latest_events__cible_tmp";

-- ===== build 2: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "main"."events__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

DROP TABLE "main"."events";

ALTER TABLE "main"."events__cible_tmp" RENAME TO "events";

COMMIT;
