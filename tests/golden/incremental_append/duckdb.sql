-- Golden SQL for case 'incremental_append' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/event_log.sql =====
select id, name, amount, updated_at
from "main"."events"

-- ===== build 1: target/run/models/event_log.sql =====
DROP TABLE IF EXISTS "main"."event_log__cible_tmp";

CREATE TABLE "main"."event_log__cible_tmp" AS
select id, name, amount, updated_at
from "main"."events";

BEGIN TRANSACTION;

ALTER TABLE "main"."event_log__cible_tmp" RENAME TO "event_log";

COMMIT;

-- ===== build 1: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "main"."events__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."events__cible_tmp" RENAME TO "events";

COMMIT;

-- ===== build 2: target/run/models/event_log.sql =====
DROP TABLE IF EXISTS "main"."event_log__cible_tmp";

CREATE TABLE "main"."event_log__cible_tmp" AS
select id, name, amount, updated_at
from "main"."events"
where updated_at > (select max(updated_at) from "main"."event_log");

BEGIN TRANSACTION;

INSERT INTO "main"."event_log" ("id", "name", "amount", "updated_at")
SELECT "id", "name", "amount", "updated_at"
FROM "main"."event_log__cible_tmp";

COMMIT;

DROP TABLE "main"."event_log__cible_tmp";

-- ===== build 2: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into "main"."events__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

DROP TABLE "main"."events";

ALTER TABLE "main"."events__cible_tmp" RENAME TO "events";

COMMIT;
