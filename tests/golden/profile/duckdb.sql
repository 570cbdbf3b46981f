-- Golden SQL for case 'profile' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/run/profile/person.sql =====
CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__in_crm" AS
SELECT ROW_NUMBER() OVER () AS "__row_id", src.* FROM "main"."crm" AS src;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__in_orders" AS
SELECT ROW_NUMBER() OVER () AS "__row_id", src.* FROM "main"."orders" AS src;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__in_newsletter" AS
SELECT ROW_NUMBER() OVER () AS "__row_id", src.* FROM "main"."newsletter" AS src;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__ids_all" AS
SELECT b."input", b."row_id", b."id_type", b."id_value", b."at", b."excluded", CASE WHEN b."excluded" IS NULL THEN NULL ELSE b."raw_value" END AS "raw_value"
FROM (SELECT a.*, CASE WHEN "raw_value" IN ('', 'null', 'none', 'nil', 'unknown', 'n/a', 'na', 'undefined', 'nan', '0', '-1', '-', 'test', 'xxx') THEN 'placeholder value' WHEN "id_value" IS NULL THEN 'not a valid identifier of its type' WHEN "id_type" = 'email' AND ("id_value" IN ('noreply@shop.com') OR REGEXP_MATCHES("id_value", '@example\.com$')) THEN 'excluded by the profile' END AS "excluded"
FROM (
SELECT 'crm' AS "input", x."row_id", 'customer_id' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^c[0-9]+$') THEN LOWER(x."v") END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."customer_id" AS VARCHAR)) AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_crm" AS r WHERE r."customer_id" IS NOT NULL) AS x
UNION ALL
SELECT 'crm' AS "input", x."row_id", 'email' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') THEN CASE WHEN SPLIT_PART(LOWER(x."v"), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(x."v"), '@', 1), '+', 1), '\.', '', 'g') || '@gmail.com') ELSE LOWER(x."v") END END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."email" AS VARCHAR)) AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_crm" AS r WHERE r."email" IS NOT NULL) AS x
UNION ALL
SELECT 'crm' AS "input", x."row_id", 'phone' AS "id_type", CASE WHEN LTRIM(x."g", '0') = '' THEN NULL WHEN LENGTH(x."e164") BETWEEN 9 AND 16 THEN x."e164" END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT y.*, CASE WHEN y."plus" THEN ('+' || y."g")
      WHEN y."g" LIKE '00%' THEN ('+' || SUBSTR(y."g", 3))
      WHEN y."g" LIKE '0%' THEN ('+33' || SUBSTR(y."g", 2))
      ELSE ('+33' || y."g") END AS "e164" FROM (SELECT x.*, REGEXP_REPLACE(x."v", '[^0-9]', '', 'g') AS "g", REGEXP_MATCHES(x."v", '^[^0-9+]*[+]') AS "plus" FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."phone" AS VARCHAR)) AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_crm" AS r WHERE r."phone" IS NOT NULL) AS x) AS y) AS x
UNION ALL
SELECT 'orders' AS "input", x."row_id", 'customer_id' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^c[0-9]+$') THEN LOWER(x."v") END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."customer_id" AS VARCHAR)) AS "v", CAST(r."ordered_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_orders" AS r WHERE r."customer_id" IS NOT NULL) AS x
UNION ALL
SELECT 'orders' AS "input", x."row_id", 'email' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') THEN CASE WHEN SPLIT_PART(LOWER(x."v"), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(x."v"), '@', 1), '+', 1), '\.', '', 'g') || '@gmail.com') ELSE LOWER(x."v") END END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."email" AS VARCHAR)) AS "v", CAST(r."ordered_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_orders" AS r WHERE r."email" IS NOT NULL) AS x
UNION ALL
SELECT 'newsletter' AS "input", x."row_id", 'email' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') THEN CASE WHEN SPLIT_PART(LOWER(x."v"), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(x."v"), '@', 1), '+', 1), '\.', '', 'g') || '@gmail.com') ELSE LOWER(x."v") END END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."email" AS VARCHAR)) AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_newsletter" AS r WHERE r."email" IS NOT NULL) AS x
UNION ALL
SELECT 'newsletter' AS "input", x."row_id", 'phone' AS "id_type", CASE WHEN LTRIM(x."g", '0') = '' THEN NULL WHEN LENGTH(x."e164") BETWEEN 9 AND 16 THEN x."e164" END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT y.*, CASE WHEN y."plus" THEN ('+' || y."g")
      WHEN y."g" LIKE '00%' THEN ('+' || SUBSTR(y."g", 3))
      WHEN y."g" LIKE '0%' THEN ('+33' || SUBSTR(y."g", 2))
      ELSE ('+33' || y."g") END AS "e164" FROM (SELECT x.*, REGEXP_REPLACE(x."v", '[^0-9]', '', 'g') AS "g", REGEXP_MATCHES(x."v", '^[^0-9+]*[+]') AS "plus" FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."phone" AS VARCHAR)) AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_newsletter" AS r WHERE r."phone" IS NOT NULL) AS x) AS y) AS x
) AS a) AS b;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__over_limit" AS
SELECT a."id_type", a."id_value", COUNT(DISTINCT b."id_value") AS "linked", 'linked to more than 2 customer_id values' AS "reason"
FROM (SELECT * FROM "temp"."main"."person__ids_all" WHERE "excluded" IS NULL AND "id_type" = 'email') AS a JOIN (SELECT * FROM "temp"."main"."person__ids_all" WHERE "excluded" IS NULL AND "id_type" = 'customer_id') AS b ON b."input" = a."input" AND b."row_id" = a."row_id"
GROUP BY a."id_type", a."id_value" HAVING COUNT(DISTINCT b."id_value") > 2;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__dropped" AS
SELECT "id_type", COALESCE("id_value", "raw_value") AS "id_value", "excluded" AS "reason", COUNT(*) AS "occurrences"
FROM "temp"."main"."person__ids_all" WHERE "excluded" IS NOT NULL GROUP BY "id_type", COALESCE("id_value", "raw_value"), "excluded";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__nodes" AS
SELECT ROW_NUMBER() OVER () AS "node_id", s.* FROM (
  SELECT k."id_type", k."id_value", MIN(k."at") AS "first_seen", MAX(k."at") AS "last_seen", COUNT(*) AS "occurrences", SUBSTR((CASE WHEN MAX(CASE WHEN k."input" = 'crm' THEN 1 ELSE 0 END) = 1 THEN ',crm' ELSE '' END || CASE WHEN MAX(CASE WHEN k."input" = 'newsletter' THEN 1 ELSE 0 END) = 1 THEN ',newsletter' ELSE '' END || CASE WHEN MAX(CASE WHEN k."input" = 'orders' THEN 1 ELSE 0 END) = 1 THEN ',orders' ELSE '' END), 2) AS "sources"
  FROM "temp"."main"."person__ids_all" AS k LEFT JOIN "temp"."main"."person__over_limit" AS o ON o."id_type" = k."id_type" AND o."id_value" = k."id_value"
  WHERE k."excluded" IS NULL AND o."id_type" IS NULL
  GROUP BY k."id_type", k."id_value"
) AS s;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__ids" AS
SELECT k."input", k."row_id", n."node_id" FROM "temp"."main"."person__ids_all" AS k JOIN "temp"."main"."person__nodes" AS n ON n."id_type" = k."id_type" AND n."id_value" = k."id_value" WHERE k."excluded" IS NULL;

DROP TABLE IF EXISTS "temp"."main"."person__ids_all";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__anchors" AS
SELECT "input", "row_id", MIN("node_id") AS "anchor" FROM "temp"."main"."person__ids" GROUP BY "input", "row_id";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__edges_0" AS
SELECT DISTINCT d."node_id" AS "a", x."anchor" AS "b" FROM "temp"."main"."person__ids" AS d JOIN "temp"."main"."person__anchors" AS x ON x."input" = d."input" AND x."row_id" = d."row_id" WHERE d."node_id" <> x."anchor";

DROP TABLE IF EXISTS "temp"."main"."person__ids";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__forest_0" AS
SELECT "node_id" AS "node", "node_id" AS "parent" FROM "temp"."main"."person__nodes" WHERE FALSE;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__parents_0" AS
SELECT "a" AS "node", MIN("b") AS "parent" FROM "temp"."main"."person__edges_0" GROUP BY "a";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__parents_1" AS
SELECT h."node", COALESCE(j."parent", h."parent") AS "parent", CASE WHEN j."node" IS NULL THEN 0 ELSE 1 END AS "moved"
FROM "temp"."main"."person__parents_0" AS h LEFT JOIN "temp"."main"."person__parents_0" AS j ON j."node" = h."parent";

INSERT INTO "temp"."main"."person__forest_0" ("node", "parent")
SELECT "node", "parent" FROM "temp"."main"."person__parents_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__edges_1" AS
SELECT DISTINCT CASE WHEN m."pa" > m."pb" THEN m."pa" ELSE m."pb" END AS "a", CASE WHEN m."pa" > m."pb" THEN m."pb" ELSE m."pa" END AS "b"
FROM (SELECT COALESCE(ha."parent", e."a") AS "pa", COALESCE(hb."parent", e."b") AS "pb"
  FROM "temp"."main"."person__edges_0" AS e LEFT JOIN "temp"."main"."person__parents_1" AS ha ON ha."node" = e."a" LEFT JOIN "temp"."main"."person__parents_1" AS hb ON hb."node" = e."b") AS m
WHERE m."pa" <> m."pb";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__forest_1" AS
SELECT h."node", COALESCE(j."parent", h."parent") AS "parent", CASE WHEN j."node" IS NULL THEN 0 ELSE 1 END AS "moved"
FROM "temp"."main"."person__forest_0" AS h LEFT JOIN "temp"."main"."person__forest_0" AS j ON j."node" = h."parent";

DROP TABLE IF EXISTS "temp"."main"."person__edges_0";

DROP TABLE IF EXISTS "temp"."main"."person__edges_1";

DROP TABLE IF EXISTS "temp"."main"."person__parents_0";

DROP TABLE IF EXISTS "temp"."main"."person__parents_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__labels" AS
SELECT n."node_id" AS "node", COALESCE(f."parent", n."node_id") AS "label" FROM "temp"."main"."person__nodes" AS n LEFT JOIN "temp"."main"."person__forest_1" AS f ON f."node" = n."node_id";

DROP TABLE IF EXISTS "temp"."main"."person__forest_0";

DROP TABLE IF EXISTS "temp"."main"."person__forest_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__clusters" AS
SELECT l."label", COUNT(*) AS "size", MIN((n."id_type" || ':' || n."id_value")) AS "first_key" FROM "temp"."main"."person__nodes" AS n JOIN "temp"."main"."person__labels" AS l ON l."node" = n."node_id" GROUP BY l."label";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__claims" AS
SELECT "label", CAST(NULL AS VARCHAR) AS "profile_id", COUNT(*) AS "overlap" FROM "temp"."main"."person__labels" WHERE FALSE GROUP BY "label";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__cluster_ids" AS
SELECT c."label", c."size", COALESCE(k."profile_id", ('p_' || SUBSTR(SHA256(c."first_key"), 1, 20))) AS "profile_id"
FROM "temp"."main"."person__clusters" AS c LEFT JOIN (SELECT * FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY "label" ORDER BY "overlap" DESC, "profile_id") AS "kr" FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c."profile_id" ORDER BY c."overlap" DESC, k."first_key") AS "rk"
  FROM "temp"."main"."person__claims" AS c JOIN "temp"."main"."person__clusters" AS k ON k."label" = c."label") AS w WHERE "rk" = 1) AS w) AS k WHERE "kr" = 1) AS k ON k."label" = c."label";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__new_merges" AS
SELECT w."profile_id" AS "merged_profile_id", c."profile_id" AS "surviving_profile_id"
FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c."profile_id" ORDER BY c."overlap" DESC, k."first_key") AS "rk"
  FROM "temp"."main"."person__claims" AS c JOIN "temp"."main"."person__clusters" AS k ON k."label" = c."label") AS w WHERE "rk" = 1) AS w JOIN "temp"."main"."person__cluster_ids" AS c ON c."label" = w."label" WHERE w."profile_id" <> c."profile_id";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__rows" AS
SELECT x."input", x."row_id", l."label" FROM "temp"."main"."person__anchors" AS x JOIN "temp"."main"."person__labels" AS l ON l."node" = x."anchor"
WHERE x."input" IN ('crm', 'orders', 'newsletter');

CREATE TABLE IF NOT EXISTS "main"."person_merges" ("merged_profile_id" VARCHAR, "surviving_profile_id" VARCHAR, "merged_at" TIMESTAMP);

INSERT INTO "main"."person_merges" SELECT "merged_profile_id", "surviving_profile_id", CURRENT_TIMESTAMP FROM "temp"."main"."person__new_merges";

DROP TABLE IF EXISTS "main"."person_identifiers__cible_tmp";

CREATE TABLE "main"."person_identifiers__cible_tmp" AS
SELECT c."profile_id", n."id_type", n."id_value", n."sources", n."first_seen", n."last_seen", n."occurrences"
FROM "temp"."main"."person__nodes" AS n JOIN "temp"."main"."person__labels" AS l ON l."node" = n."node_id" JOIN "temp"."main"."person__cluster_ids" AS c ON c."label" = l."label";

BEGIN TRANSACTION;

ALTER TABLE "main"."person_identifiers__cible_tmp" RENAME TO "person_identifiers";

COMMIT;

DROP TABLE IF EXISTS "main"."person_audit__cible_tmp";

CREATE TABLE "main"."person_audit__cible_tmp" AS
SELECT "id_type", "id_value", "reason", "linked" AS "linked_values", CAST(NULL AS BIGINT) AS "occurrences" FROM "temp"."main"."person__over_limit"
UNION ALL
SELECT "id_type", "id_value", "reason", CAST(NULL AS BIGINT), "occurrences" FROM "temp"."main"."person__dropped";

BEGIN TRANSACTION;

ALTER TABLE "main"."person_audit__cible_tmp" RENAME TO "person_audit";

COMMIT;

DROP TABLE IF EXISTS "main"."person__cible_tmp";

CREATE TABLE "main"."person__cible_tmp" AS
SELECT d.*, revenue / nullif(orders, 0) AS "avg_basket" FROM (
SELECT c."profile_id",
  c."size" AS "identifier_count",
  t0."first_name",
  t1."city",
  COALESCE(f2."orders", 0) AS "orders",
  COALESCE(f3."revenue", 0) AS "revenue",
  COALESCE(f4."orders_90d", 0) AS "orders_90d"
FROM "temp"."main"."person__cluster_ids" AS c
LEFT JOIN (SELECT "label", "v" AS "first_name" FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY "label" ORDER BY CASE WHEN "at" IS NULL THEN 1 ELSE 0 END, "at" DESC, "rid" DESC) AS "rn" FROM (SELECT pr."label", r."first_name" AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 0 AS "prio" FROM "temp"."main"."person__in_crm" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'crm' AND pr."row_id" = r."__row_id" WHERE r."first_name" IS NOT NULL
UNION ALL
SELECT pr."label", r."first_name" AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 1 AS "prio" FROM "temp"."main"."person__in_newsletter" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'newsletter' AND pr."row_id" = r."__row_id" WHERE r."first_name" IS NOT NULL) AS y) AS z WHERE "rn" = 1) AS t0 ON t0."label" = c."label"
LEFT JOIN (SELECT "label", "v" AS "city" FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY "label" ORDER BY "prio" ASC, CASE WHEN "at" IS NULL THEN 1 ELSE 0 END, "at" DESC, "rid" DESC) AS "rn" FROM (SELECT pr."label", r."city" AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 0 AS "prio" FROM "temp"."main"."person__in_crm" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'crm' AND pr."row_id" = r."__row_id" WHERE r."city" IS NOT NULL
UNION ALL
SELECT pr."label", r."city" AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 1 AS "prio" FROM "temp"."main"."person__in_newsletter" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'newsletter' AND pr."row_id" = r."__row_id" WHERE r."city" IS NOT NULL) AS y) AS z WHERE "rn" = 1) AS t1 ON t1."label" = c."label"
LEFT JOIN (SELECT r."__label" AS "label", COUNT(*) AS "orders" FROM (SELECT r.*, pr."label" AS "__label" FROM "temp"."main"."person__in_orders" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'orders' AND pr."row_id" = r."__row_id") AS r GROUP BY r."__label") AS f2 ON f2."label" = c."label"
LEFT JOIN (SELECT r."__label" AS "label", SUM(amount) AS "revenue" FROM (SELECT r.*, pr."label" AS "__label" FROM "temp"."main"."person__in_orders" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'orders' AND pr."row_id" = r."__row_id") AS r GROUP BY r."__label") AS f3 ON f3."label" = c."label"
LEFT JOIN (SELECT r."__label" AS "label", COUNT(*) AS "orders_90d" FROM (SELECT r.*, pr."label" AS "__label" FROM "temp"."main"."person__in_orders" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'orders' AND pr."row_id" = r."__row_id") AS r WHERE CAST(r."ordered_at" AS DATE) > (CAST('2024-06-30' AS DATE) - INTERVAL (90) DAY) GROUP BY r."__label") AS f4 ON f4."label" = c."label"
) AS d;

BEGIN TRANSACTION;

ALTER TABLE "main"."person__cible_tmp" RENAME TO "person";

COMMIT;

DROP TABLE IF EXISTS "temp"."main"."person__in_crm";

DROP TABLE IF EXISTS "temp"."main"."person__in_orders";

DROP TABLE IF EXISTS "temp"."main"."person__in_newsletter";

DROP TABLE IF EXISTS "temp"."main"."person__ids_all";

DROP TABLE IF EXISTS "temp"."main"."person__over_limit";

DROP TABLE IF EXISTS "temp"."main"."person__dropped";

DROP TABLE IF EXISTS "temp"."main"."person__nodes";

DROP TABLE IF EXISTS "temp"."main"."person__ids";

DROP TABLE IF EXISTS "temp"."main"."person__anchors";

DROP TABLE IF EXISTS "temp"."main"."person__edges_0";

DROP TABLE IF EXISTS "temp"."main"."person__edges_1";

DROP TABLE IF EXISTS "temp"."main"."person__parents_0";

DROP TABLE IF EXISTS "temp"."main"."person__parents_1";

DROP TABLE IF EXISTS "temp"."main"."person__forest_0";

DROP TABLE IF EXISTS "temp"."main"."person__forest_1";

DROP TABLE IF EXISTS "temp"."main"."person__labels";

DROP TABLE IF EXISTS "temp"."main"."person__clusters";

DROP TABLE IF EXISTS "temp"."main"."person__claims";

DROP TABLE IF EXISTS "temp"."main"."person__cluster_ids";

DROP TABLE IF EXISTS "temp"."main"."person__new_merges";

DROP TABLE IF EXISTS "temp"."main"."person__rows";

-- ===== build 1: target/run/seeds/crm.sql =====
-- seeds/crm.csv loaded into "main"."crm__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."crm__cible_tmp" RENAME TO "crm";

COMMIT;

-- ===== build 1: target/run/seeds/newsletter.sql =====
-- seeds/newsletter.csv loaded into "main"."newsletter__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."newsletter__cible_tmp" RENAME TO "newsletter";

COMMIT;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into "main"."orders__cible_tmp" by the duckdb adapter (declared types: amount DECIMAL(10,2))
BEGIN TRANSACTION;

ALTER TABLE "main"."orders__cible_tmp" RENAME TO "orders";

COMMIT;

-- ===== build 2: target/run/profile/person.sql =====
CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__in_crm" AS
SELECT ROW_NUMBER() OVER () AS "__row_id", src.* FROM "main"."crm" AS src;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__in_orders" AS
SELECT ROW_NUMBER() OVER () AS "__row_id", src.* FROM "main"."orders" AS src;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__in_newsletter" AS
SELECT ROW_NUMBER() OVER () AS "__row_id", src.* FROM "main"."newsletter" AS src;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__ids_all" AS
SELECT b."input", b."row_id", b."id_type", b."id_value", b."at", b."excluded", CASE WHEN b."excluded" IS NULL THEN NULL ELSE b."raw_value" END AS "raw_value"
FROM (SELECT a.*, CASE WHEN "raw_value" IN ('', 'null', 'none', 'nil', 'unknown', 'n/a', 'na', 'undefined', 'nan', '0', '-1', '-', 'test', 'xxx') THEN 'placeholder value' WHEN "id_value" IS NULL THEN 'not a valid identifier of its type' WHEN "id_type" = 'email' AND ("id_value" IN ('noreply@shop.com') OR REGEXP_MATCHES("id_value", '@example\.com$')) THEN 'excluded by the profile' END AS "excluded"
FROM (
SELECT 'crm' AS "input", x."row_id", 'customer_id' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^c[0-9]+$') THEN LOWER(x."v") END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."customer_id" AS VARCHAR)) AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_crm" AS r WHERE r."customer_id" IS NOT NULL) AS x
UNION ALL
SELECT 'crm' AS "input", x."row_id", 'email' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') THEN CASE WHEN SPLIT_PART(LOWER(x."v"), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(x."v"), '@', 1), '+', 1), '\.', '', 'g') || '@gmail.com') ELSE LOWER(x."v") END END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."email" AS VARCHAR)) AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_crm" AS r WHERE r."email" IS NOT NULL) AS x
UNION ALL
SELECT 'crm' AS "input", x."row_id", 'phone' AS "id_type", CASE WHEN LTRIM(x."g", '0') = '' THEN NULL WHEN LENGTH(x."e164") BETWEEN 9 AND 16 THEN x."e164" END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT y.*, CASE WHEN y."plus" THEN ('+' || y."g")
      WHEN y."g" LIKE '00%' THEN ('+' || SUBSTR(y."g", 3))
      WHEN y."g" LIKE '0%' THEN ('+33' || SUBSTR(y."g", 2))
      ELSE ('+33' || y."g") END AS "e164" FROM (SELECT x.*, REGEXP_REPLACE(x."v", '[^0-9]', '', 'g') AS "g", REGEXP_MATCHES(x."v", '^[^0-9+]*[+]') AS "plus" FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."phone" AS VARCHAR)) AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_crm" AS r WHERE r."phone" IS NOT NULL) AS x) AS y) AS x
UNION ALL
SELECT 'orders' AS "input", x."row_id", 'customer_id' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^c[0-9]+$') THEN LOWER(x."v") END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."customer_id" AS VARCHAR)) AS "v", CAST(r."ordered_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_orders" AS r WHERE r."customer_id" IS NOT NULL) AS x
UNION ALL
SELECT 'orders' AS "input", x."row_id", 'email' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') THEN CASE WHEN SPLIT_PART(LOWER(x."v"), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(x."v"), '@', 1), '+', 1), '\.', '', 'g') || '@gmail.com') ELSE LOWER(x."v") END END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."email" AS VARCHAR)) AS "v", CAST(r."ordered_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_orders" AS r WHERE r."email" IS NOT NULL) AS x
UNION ALL
SELECT 'newsletter' AS "input", x."row_id", 'email' AS "id_type", CASE WHEN REGEXP_MATCHES(LOWER(x."v"), '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$') THEN CASE WHEN SPLIT_PART(LOWER(x."v"), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(x."v"), '@', 1), '+', 1), '\.', '', 'g') || '@gmail.com') ELSE LOWER(x."v") END END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."email" AS VARCHAR)) AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_newsletter" AS r WHERE r."email" IS NOT NULL) AS x
UNION ALL
SELECT 'newsletter' AS "input", x."row_id", 'phone' AS "id_type", CASE WHEN LTRIM(x."g", '0') = '' THEN NULL WHEN LENGTH(x."e164") BETWEEN 9 AND 16 THEN x."e164" END AS "id_value", LOWER(x."v") AS "raw_value", x."at"
FROM (SELECT y.*, CASE WHEN y."plus" THEN ('+' || y."g")
      WHEN y."g" LIKE '00%' THEN ('+' || SUBSTR(y."g", 3))
      WHEN y."g" LIKE '0%' THEN ('+33' || SUBSTR(y."g", 2))
      ELSE ('+33' || y."g") END AS "e164" FROM (SELECT x.*, REGEXP_REPLACE(x."v", '[^0-9]', '', 'g') AS "g", REGEXP_MATCHES(x."v", '^[^0-9+]*[+]') AS "plus" FROM (SELECT r."__row_id" AS "row_id", TRIM(CAST(r."phone" AS VARCHAR)) AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at"
  FROM "temp"."main"."person__in_newsletter" AS r WHERE r."phone" IS NOT NULL) AS x) AS y) AS x
) AS a) AS b;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__over_limit" AS
SELECT a."id_type", a."id_value", COUNT(DISTINCT b."id_value") AS "linked", 'linked to more than 2 customer_id values' AS "reason"
FROM (SELECT * FROM "temp"."main"."person__ids_all" WHERE "excluded" IS NULL AND "id_type" = 'email') AS a JOIN (SELECT * FROM "temp"."main"."person__ids_all" WHERE "excluded" IS NULL AND "id_type" = 'customer_id') AS b ON b."input" = a."input" AND b."row_id" = a."row_id"
GROUP BY a."id_type", a."id_value" HAVING COUNT(DISTINCT b."id_value") > 2;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__dropped" AS
SELECT "id_type", COALESCE("id_value", "raw_value") AS "id_value", "excluded" AS "reason", COUNT(*) AS "occurrences"
FROM "temp"."main"."person__ids_all" WHERE "excluded" IS NOT NULL GROUP BY "id_type", COALESCE("id_value", "raw_value"), "excluded";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__nodes" AS
SELECT ROW_NUMBER() OVER () AS "node_id", s.* FROM (
  SELECT k."id_type", k."id_value", MIN(k."at") AS "first_seen", MAX(k."at") AS "last_seen", COUNT(*) AS "occurrences", SUBSTR((CASE WHEN MAX(CASE WHEN k."input" = 'crm' THEN 1 ELSE 0 END) = 1 THEN ',crm' ELSE '' END || CASE WHEN MAX(CASE WHEN k."input" = 'newsletter' THEN 1 ELSE 0 END) = 1 THEN ',newsletter' ELSE '' END || CASE WHEN MAX(CASE WHEN k."input" = 'orders' THEN 1 ELSE 0 END) = 1 THEN ',orders' ELSE '' END), 2) AS "sources"
  FROM "temp"."main"."person__ids_all" AS k LEFT JOIN "temp"."main"."person__over_limit" AS o ON o."id_type" = k."id_type" AND o."id_value" = k."id_value"
  WHERE k."excluded" IS NULL AND o."id_type" IS NULL
  GROUP BY k."id_type", k."id_value"
) AS s;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__ids" AS
SELECT k."input", k."row_id", n."node_id" FROM "temp"."main"."person__ids_all" AS k JOIN "temp"."main"."person__nodes" AS n ON n."id_type" = k."id_type" AND n."id_value" = k."id_value" WHERE k."excluded" IS NULL;

DROP TABLE IF EXISTS "temp"."main"."person__ids_all";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__anchors" AS
SELECT "input", "row_id", MIN("node_id") AS "anchor" FROM "temp"."main"."person__ids" GROUP BY "input", "row_id";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__edges_0" AS
SELECT DISTINCT d."node_id" AS "a", x."anchor" AS "b" FROM "temp"."main"."person__ids" AS d JOIN "temp"."main"."person__anchors" AS x ON x."input" = d."input" AND x."row_id" = d."row_id" WHERE d."node_id" <> x."anchor";

DROP TABLE IF EXISTS "temp"."main"."person__ids";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__forest_0" AS
SELECT "node_id" AS "node", "node_id" AS "parent" FROM "temp"."main"."person__nodes" WHERE FALSE;

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__parents_0" AS
SELECT "a" AS "node", MIN("b") AS "parent" FROM "temp"."main"."person__edges_0" GROUP BY "a";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__parents_1" AS
SELECT h."node", COALESCE(j."parent", h."parent") AS "parent", CASE WHEN j."node" IS NULL THEN 0 ELSE 1 END AS "moved"
FROM "temp"."main"."person__parents_0" AS h LEFT JOIN "temp"."main"."person__parents_0" AS j ON j."node" = h."parent";

INSERT INTO "temp"."main"."person__forest_0" ("node", "parent")
SELECT "node", "parent" FROM "temp"."main"."person__parents_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__edges_1" AS
SELECT DISTINCT CASE WHEN m."pa" > m."pb" THEN m."pa" ELSE m."pb" END AS "a", CASE WHEN m."pa" > m."pb" THEN m."pb" ELSE m."pa" END AS "b"
FROM (SELECT COALESCE(ha."parent", e."a") AS "pa", COALESCE(hb."parent", e."b") AS "pb"
  FROM "temp"."main"."person__edges_0" AS e LEFT JOIN "temp"."main"."person__parents_1" AS ha ON ha."node" = e."a" LEFT JOIN "temp"."main"."person__parents_1" AS hb ON hb."node" = e."b") AS m
WHERE m."pa" <> m."pb";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__parents_0" AS
SELECT "a" AS "node", MIN("b") AS "parent" FROM "temp"."main"."person__edges_1" GROUP BY "a";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__parents_1" AS
SELECT h."node", COALESCE(j."parent", h."parent") AS "parent", CASE WHEN j."node" IS NULL THEN 0 ELSE 1 END AS "moved"
FROM "temp"."main"."person__parents_0" AS h LEFT JOIN "temp"."main"."person__parents_0" AS j ON j."node" = h."parent";

INSERT INTO "temp"."main"."person__forest_0" ("node", "parent")
SELECT "node", "parent" FROM "temp"."main"."person__parents_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__edges_0" AS
SELECT DISTINCT CASE WHEN m."pa" > m."pb" THEN m."pa" ELSE m."pb" END AS "a", CASE WHEN m."pa" > m."pb" THEN m."pb" ELSE m."pa" END AS "b"
FROM (SELECT COALESCE(ha."parent", e."a") AS "pa", COALESCE(hb."parent", e."b") AS "pb"
  FROM "temp"."main"."person__edges_1" AS e LEFT JOIN "temp"."main"."person__parents_1" AS ha ON ha."node" = e."a" LEFT JOIN "temp"."main"."person__parents_1" AS hb ON hb."node" = e."b") AS m
WHERE m."pa" <> m."pb";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__forest_1" AS
SELECT h."node", COALESCE(j."parent", h."parent") AS "parent", CASE WHEN j."node" IS NULL THEN 0 ELSE 1 END AS "moved"
FROM "temp"."main"."person__forest_0" AS h LEFT JOIN "temp"."main"."person__forest_0" AS j ON j."node" = h."parent";

DROP TABLE IF EXISTS "temp"."main"."person__edges_0";

DROP TABLE IF EXISTS "temp"."main"."person__edges_1";

DROP TABLE IF EXISTS "temp"."main"."person__parents_0";

DROP TABLE IF EXISTS "temp"."main"."person__parents_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__labels" AS
SELECT n."node_id" AS "node", COALESCE(f."parent", n."node_id") AS "label" FROM "temp"."main"."person__nodes" AS n LEFT JOIN "temp"."main"."person__forest_1" AS f ON f."node" = n."node_id";

DROP TABLE IF EXISTS "temp"."main"."person__forest_0";

DROP TABLE IF EXISTS "temp"."main"."person__forest_1";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__clusters" AS
SELECT l."label", COUNT(*) AS "size", MIN((n."id_type" || ':' || n."id_value")) AS "first_key" FROM "temp"."main"."person__nodes" AS n JOIN "temp"."main"."person__labels" AS l ON l."node" = n."node_id" GROUP BY l."label";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__claims" AS
SELECT l."label", p."profile_id", COUNT(*) AS "overlap" FROM "temp"."main"."person__nodes" AS n JOIN "temp"."main"."person__labels" AS l ON l."node" = n."node_id"
JOIN "main"."person_identifiers" AS p ON p."id_type" = n."id_type" AND p."id_value" = n."id_value"
GROUP BY l."label", p."profile_id";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__cluster_ids" AS
SELECT c."label", c."size", COALESCE(k."profile_id", ('p_' || SUBSTR(SHA256(c."first_key"), 1, 20))) AS "profile_id"
FROM "temp"."main"."person__clusters" AS c LEFT JOIN (SELECT * FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY "label" ORDER BY "overlap" DESC, "profile_id") AS "kr" FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c."profile_id" ORDER BY c."overlap" DESC, k."first_key") AS "rk"
  FROM "temp"."main"."person__claims" AS c JOIN "temp"."main"."person__clusters" AS k ON k."label" = c."label") AS w WHERE "rk" = 1) AS w) AS k WHERE "kr" = 1) AS k ON k."label" = c."label";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__new_merges" AS
SELECT w."profile_id" AS "merged_profile_id", c."profile_id" AS "surviving_profile_id"
FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c."profile_id" ORDER BY c."overlap" DESC, k."first_key") AS "rk"
  FROM "temp"."main"."person__claims" AS c JOIN "temp"."main"."person__clusters" AS k ON k."label" = c."label") AS w WHERE "rk" = 1) AS w JOIN "temp"."main"."person__cluster_ids" AS c ON c."label" = w."label" WHERE w."profile_id" <> c."profile_id";

CREATE OR REPLACE TEMPORARY TABLE "temp"."main"."person__rows" AS
SELECT x."input", x."row_id", l."label" FROM "temp"."main"."person__anchors" AS x JOIN "temp"."main"."person__labels" AS l ON l."node" = x."anchor"
WHERE x."input" IN ('crm', 'orders', 'newsletter');

CREATE TABLE IF NOT EXISTS "main"."person_merges" ("merged_profile_id" VARCHAR, "surviving_profile_id" VARCHAR, "merged_at" TIMESTAMP);

INSERT INTO "main"."person_merges" SELECT "merged_profile_id", "surviving_profile_id", CURRENT_TIMESTAMP FROM "temp"."main"."person__new_merges";

DROP TABLE IF EXISTS "main"."person_identifiers__cible_tmp";

CREATE TABLE "main"."person_identifiers__cible_tmp" AS
SELECT c."profile_id", n."id_type", n."id_value", n."sources", n."first_seen", n."last_seen", n."occurrences"
FROM "temp"."main"."person__nodes" AS n JOIN "temp"."main"."person__labels" AS l ON l."node" = n."node_id" JOIN "temp"."main"."person__cluster_ids" AS c ON c."label" = l."label";

BEGIN TRANSACTION;

DROP TABLE "main"."person_identifiers";

ALTER TABLE "main"."person_identifiers__cible_tmp" RENAME TO "person_identifiers";

COMMIT;

DROP TABLE IF EXISTS "main"."person_audit__cible_tmp";

CREATE TABLE "main"."person_audit__cible_tmp" AS
SELECT "id_type", "id_value", "reason", "linked" AS "linked_values", CAST(NULL AS BIGINT) AS "occurrences" FROM "temp"."main"."person__over_limit"
UNION ALL
SELECT "id_type", "id_value", "reason", CAST(NULL AS BIGINT), "occurrences" FROM "temp"."main"."person__dropped";

BEGIN TRANSACTION;

DROP TABLE "main"."person_audit";

ALTER TABLE "main"."person_audit__cible_tmp" RENAME TO "person_audit";

COMMIT;

DROP TABLE IF EXISTS "main"."person__cible_tmp";

CREATE TABLE "main"."person__cible_tmp" AS
SELECT d.*, revenue / nullif(orders, 0) AS "avg_basket" FROM (
SELECT c."profile_id",
  c."size" AS "identifier_count",
  t0."first_name",
  t1."city",
  COALESCE(f2."orders", 0) AS "orders",
  COALESCE(f3."revenue", 0) AS "revenue",
  COALESCE(f4."orders_90d", 0) AS "orders_90d"
FROM "temp"."main"."person__cluster_ids" AS c
LEFT JOIN (SELECT "label", "v" AS "first_name" FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY "label" ORDER BY CASE WHEN "at" IS NULL THEN 1 ELSE 0 END, "at" DESC, "rid" DESC) AS "rn" FROM (SELECT pr."label", r."first_name" AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 0 AS "prio" FROM "temp"."main"."person__in_crm" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'crm' AND pr."row_id" = r."__row_id" WHERE r."first_name" IS NOT NULL
UNION ALL
SELECT pr."label", r."first_name" AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 1 AS "prio" FROM "temp"."main"."person__in_newsletter" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'newsletter' AND pr."row_id" = r."__row_id" WHERE r."first_name" IS NOT NULL) AS y) AS z WHERE "rn" = 1) AS t0 ON t0."label" = c."label"
LEFT JOIN (SELECT "label", "v" AS "city" FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY "label" ORDER BY "prio" ASC, CASE WHEN "at" IS NULL THEN 1 ELSE 0 END, "at" DESC, "rid" DESC) AS "rn" FROM (SELECT pr."label", r."city" AS "v", CAST(r."updated_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 0 AS "prio" FROM "temp"."main"."person__in_crm" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'crm' AND pr."row_id" = r."__row_id" WHERE r."city" IS NOT NULL
UNION ALL
SELECT pr."label", r."city" AS "v", CAST(r."signed_up_at" AS TIMESTAMP) AS "at", r."__row_id" AS "rid", 1 AS "prio" FROM "temp"."main"."person__in_newsletter" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'newsletter' AND pr."row_id" = r."__row_id" WHERE r."city" IS NOT NULL) AS y) AS z WHERE "rn" = 1) AS t1 ON t1."label" = c."label"
LEFT JOIN (SELECT r."__label" AS "label", COUNT(*) AS "orders" FROM (SELECT r.*, pr."label" AS "__label" FROM "temp"."main"."person__in_orders" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'orders' AND pr."row_id" = r."__row_id") AS r GROUP BY r."__label") AS f2 ON f2."label" = c."label"
LEFT JOIN (SELECT r."__label" AS "label", SUM(amount) AS "revenue" FROM (SELECT r.*, pr."label" AS "__label" FROM "temp"."main"."person__in_orders" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'orders' AND pr."row_id" = r."__row_id") AS r GROUP BY r."__label") AS f3 ON f3."label" = c."label"
LEFT JOIN (SELECT r."__label" AS "label", COUNT(*) AS "orders_90d" FROM (SELECT r.*, pr."label" AS "__label" FROM "temp"."main"."person__in_orders" AS r JOIN "temp"."main"."person__rows" AS pr ON pr."input" = 'orders' AND pr."row_id" = r."__row_id") AS r WHERE CAST(r."ordered_at" AS DATE) > (CAST('2024-06-30' AS DATE) - INTERVAL (90) DAY) GROUP BY r."__label") AS f4 ON f4."label" = c."label"
) AS d;

BEGIN TRANSACTION;

DROP TABLE "main"."person";

ALTER TABLE "main"."person__cible_tmp" RENAME TO "person";

COMMIT;

DROP TABLE IF EXISTS "temp"."main"."person__in_crm";

DROP TABLE IF EXISTS "temp"."main"."person__in_orders";

DROP TABLE IF EXISTS "temp"."main"."person__in_newsletter";

DROP TABLE IF EXISTS "temp"."main"."person__ids_all";

DROP TABLE IF EXISTS "temp"."main"."person__over_limit";

DROP TABLE IF EXISTS "temp"."main"."person__dropped";

DROP TABLE IF EXISTS "temp"."main"."person__nodes";

DROP TABLE IF EXISTS "temp"."main"."person__ids";

DROP TABLE IF EXISTS "temp"."main"."person__anchors";

DROP TABLE IF EXISTS "temp"."main"."person__edges_0";

DROP TABLE IF EXISTS "temp"."main"."person__edges_1";

DROP TABLE IF EXISTS "temp"."main"."person__parents_0";

DROP TABLE IF EXISTS "temp"."main"."person__parents_1";

DROP TABLE IF EXISTS "temp"."main"."person__forest_0";

DROP TABLE IF EXISTS "temp"."main"."person__forest_1";

DROP TABLE IF EXISTS "temp"."main"."person__labels";

DROP TABLE IF EXISTS "temp"."main"."person__clusters";

DROP TABLE IF EXISTS "temp"."main"."person__claims";

DROP TABLE IF EXISTS "temp"."main"."person__cluster_ids";

DROP TABLE IF EXISTS "temp"."main"."person__new_merges";

DROP TABLE IF EXISTS "temp"."main"."person__rows";

-- ===== build 2: target/run/seeds/crm.sql =====
-- seeds/crm.csv loaded into "main"."crm__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

DROP TABLE "main"."crm";

ALTER TABLE "main"."crm__cible_tmp" RENAME TO "crm";

COMMIT;

-- ===== build 2: target/run/seeds/newsletter.sql =====
-- seeds/newsletter.csv loaded into "main"."newsletter__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

DROP TABLE "main"."newsletter";

ALTER TABLE "main"."newsletter__cible_tmp" RENAME TO "newsletter";

COMMIT;

-- ===== build 2: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into "main"."orders__cible_tmp" by the duckdb adapter (declared types: amount DECIMAL(10,2))
BEGIN TRANSACTION;

DROP TABLE "main"."orders";

ALTER TABLE "main"."orders__cible_tmp" RENAME TO "orders";

COMMIT;
