-- Golden SQL for case 'profile' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/run/profile/person.sql =====
DROP TABLE IF EXISTS `test-proj`.`main`.`person__in_crm`;

CREATE TABLE `test-proj`.`main`.`person__in_crm` AS
SELECT ROW_NUMBER() OVER () AS `__row_id`, src.* FROM `test-proj`.`main`.`crm` AS src;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__in_orders`;

CREATE TABLE `test-proj`.`main`.`person__in_orders` AS
SELECT ROW_NUMBER() OVER () AS `__row_id`, src.* FROM `test-proj`.`main`.`orders` AS src;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__in_newsletter`;

CREATE TABLE `test-proj`.`main`.`person__in_newsletter` AS
SELECT ROW_NUMBER() OVER () AS `__row_id`, src.* FROM `test-proj`.`main`.`newsletter` AS src;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__ids_all`;

CREATE TABLE `test-proj`.`main`.`person__ids_all` AS
SELECT a.*, CASE WHEN `raw_value` IN ('', 'null', 'none', 'nil', 'unknown', 'n/a', 'na', 'undefined', 'nan', '0', '-1', '-', 'test', 'xxx') THEN 'placeholder value' WHEN `id_value` IS NULL THEN 'not a valid identifier of its type' WHEN `id_type` = 'email' AND (`id_value` IN ('noreply@shop.com') OR REGEXP_MATCHES(`id_value`, '@example\\.com$')) THEN 'excluded by the profile' END AS `excluded`
FROM (
SELECT 'crm' AS `input`, r.`__row_id` AS `row_id`, 'customer_id' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`customer_id` AS STRING))), '^c[0-9]+$') THEN LOWER(TRIM(CAST(r.`customer_id` AS STRING))) END AS `id_value`, LOWER(TRIM(CAST(r.`customer_id` AS STRING))) AS `raw_value`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_crm` AS r WHERE r.`customer_id` IS NOT NULL
UNION ALL
SELECT 'crm' AS `input`, r.`__row_id` AS `row_id`, 'email' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`email` AS STRING))), '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN CASE WHEN SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 1), '+', 1), '\\.', '', 'g') || '@gmail.com') ELSE LOWER(TRIM(CAST(r.`email` AS STRING))) END END AS `id_value`, LOWER(TRIM(CAST(r.`email` AS STRING))) AS `raw_value`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_crm` AS r WHERE r.`email` IS NOT NULL
UNION ALL
SELECT 'crm' AS `input`, r.`__row_id` AS `row_id`, 'phone' AS `id_type`, CASE WHEN REGEXP_MATCHES(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), '^0*$') THEN NULL WHEN LENGTH(CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END) BETWEEN 9 AND 16 THEN CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END END AS `id_value`, LOWER(TRIM(CAST(r.`phone` AS STRING))) AS `raw_value`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_crm` AS r WHERE r.`phone` IS NOT NULL
UNION ALL
SELECT 'orders' AS `input`, r.`__row_id` AS `row_id`, 'customer_id' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`customer_id` AS STRING))), '^c[0-9]+$') THEN LOWER(TRIM(CAST(r.`customer_id` AS STRING))) END AS `id_value`, LOWER(TRIM(CAST(r.`customer_id` AS STRING))) AS `raw_value`, CAST(r.`ordered_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_orders` AS r WHERE r.`customer_id` IS NOT NULL
UNION ALL
SELECT 'orders' AS `input`, r.`__row_id` AS `row_id`, 'email' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`email` AS STRING))), '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN CASE WHEN SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 1), '+', 1), '\\.', '', 'g') || '@gmail.com') ELSE LOWER(TRIM(CAST(r.`email` AS STRING))) END END AS `id_value`, LOWER(TRIM(CAST(r.`email` AS STRING))) AS `raw_value`, CAST(r.`ordered_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_orders` AS r WHERE r.`email` IS NOT NULL
UNION ALL
SELECT 'newsletter' AS `input`, r.`__row_id` AS `row_id`, 'email' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`email` AS STRING))), '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN CASE WHEN SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 1), '+', 1), '\\.', '', 'g') || '@gmail.com') ELSE LOWER(TRIM(CAST(r.`email` AS STRING))) END END AS `id_value`, LOWER(TRIM(CAST(r.`email` AS STRING))) AS `raw_value`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_newsletter` AS r WHERE r.`email` IS NOT NULL
UNION ALL
SELECT 'newsletter' AS `input`, r.`__row_id` AS `row_id`, 'phone' AS `id_type`, CASE WHEN REGEXP_MATCHES(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), '^0*$') THEN NULL WHEN LENGTH(CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END) BETWEEN 9 AND 16 THEN CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END END AS `id_value`, LOWER(TRIM(CAST(r.`phone` AS STRING))) AS `raw_value`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_newsletter` AS r WHERE r.`phone` IS NOT NULL
) AS a;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__over_limit`;

CREATE TABLE `test-proj`.`main`.`person__over_limit` AS
SELECT a.`id_type`, a.`id_value`, COUNT(DISTINCT b.`id_value`) AS `linked`, 'linked to more than 2 customer_id values' AS `reason`
FROM (SELECT * FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NULL) AS a JOIN (SELECT * FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NULL) AS b ON b.`input` = a.`input` AND b.`row_id` = a.`row_id` AND b.`id_type` = 'customer_id'
WHERE a.`id_type` = 'email' GROUP BY a.`id_type`, a.`id_value` HAVING COUNT(DISTINCT b.`id_value`) > 2;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__ids`;

CREATE TABLE `test-proj`.`main`.`person__ids` AS
SELECT k.*, (k.`id_type` || ':' || k.`id_value`) AS `node` FROM (SELECT * FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NULL) AS k
WHERE NOT EXISTS (SELECT 1 FROM `test-proj`.`main`.`person__over_limit` AS o WHERE o.`id_type` = k.`id_type` AND o.`id_value` = k.`id_value`);

DROP TABLE IF EXISTS `test-proj`.`main`.`person__anchors`;

CREATE TABLE `test-proj`.`main`.`person__anchors` AS
SELECT `input`, `row_id`, MIN(`node`) AS `anchor` FROM `test-proj`.`main`.`person__ids` GROUP BY `input`, `row_id`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__edges`;

CREATE TABLE `test-proj`.`main`.`person__edges` AS
SELECT DISTINCT i.`node` AS `a`, x.`anchor` AS `b` FROM `test-proj`.`main`.`person__ids` AS i JOIN `test-proj`.`main`.`person__anchors` AS x ON x.`input` = i.`input` AND x.`row_id` = i.`row_id` WHERE i.`node` <> x.`anchor`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels`;

CREATE TABLE `test-proj`.`main`.`person__labels` AS
SELECT DISTINCT `node`, `node` AS `label` FROM `test-proj`.`main`.`person__ids`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__claims`;

CREATE TABLE `test-proj`.`main`.`person__claims` AS
SELECT `label`, `label` AS `profile_id`, 0 AS `overlap` FROM `test-proj`.`main`.`person__labels` WHERE FALSE;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__cluster_ids`;

CREATE TABLE `test-proj`.`main`.`person__cluster_ids` AS
SELECT c.`label`, c.`size`, COALESCE(k.`profile_id`, ('p_' || SUBSTR(TO_HEX(SHA256(c.`label`)), 1, 20))) AS `profile_id`
FROM (SELECT `label`, COUNT(*) AS `size` FROM `test-proj`.`main`.`person__labels` GROUP BY `label`) AS c LEFT JOIN (SELECT * FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY `label` ORDER BY `overlap` DESC, `profile_id`) AS `kr` FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `overlap` DESC, `label`) AS `rk` FROM `test-proj`.`main`.`person__claims` AS c) AS w WHERE `rk` = 1) AS w) AS k WHERE `kr` = 1) AS k ON k.`label` = c.`label`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__new_merges`;

CREATE TABLE `test-proj`.`main`.`person__new_merges` AS
SELECT w.`profile_id` AS `merged_profile_id`, c.`profile_id` AS `surviving_profile_id`
FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `overlap` DESC, `label`) AS `rk` FROM `test-proj`.`main`.`person__claims` AS c) AS w WHERE `rk` = 1) AS w JOIN `test-proj`.`main`.`person__cluster_ids` AS c ON c.`label` = w.`label` WHERE w.`profile_id` <> c.`profile_id`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__rows`;

CREATE TABLE `test-proj`.`main`.`person__rows` AS
SELECT x.`input`, x.`row_id`, c.`profile_id` FROM `test-proj`.`main`.`person__anchors` AS x
JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = x.`anchor` JOIN `test-proj`.`main`.`person__cluster_ids` AS c ON c.`label` = l.`label`;

CREATE TABLE IF NOT EXISTS `test-proj`.`main`.`person_merges` (`merged_profile_id` STRING, `surviving_profile_id` STRING, `merged_at` TIMESTAMP);

INSERT INTO `test-proj`.`main`.`person_merges` SELECT `merged_profile_id`, `surviving_profile_id`, CURRENT_TIMESTAMP() FROM `test-proj`.`main`.`person__new_merges`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person_identifiers__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`person_identifiers__cible_tmp` AS
SELECT c.`profile_id`, d.`id_type`, d.`id_value`, STRING_AGG(DISTINCT d.`input`, ',' ORDER BY d.`input`) AS `sources`,
  MIN(d.`at`) AS `first_seen`, MAX(d.`at`) AS `last_seen`, COUNT(*) AS `occurrences`
FROM `test-proj`.`main`.`person__ids` AS d JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = d.`node` JOIN `test-proj`.`main`.`person__cluster_ids` AS c ON c.`label` = l.`label`
GROUP BY c.`profile_id`, d.`id_type`, d.`id_value`;

CREATE OR REPLACE TABLE `test-proj`.`main`.`person_identifiers` AS
SELECT *
FROM `test-proj`.`main`.`person_identifiers__cible_tmp`;

DROP TABLE `test-proj`.`main`.`person_identifiers__cible_tmp`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person_audit__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`person_audit__cible_tmp` AS
SELECT `id_type`, `id_value`, `reason`, `linked` AS `linked_values`, CAST(NULL AS BIGINT) AS `occurrences` FROM `test-proj`.`main`.`person__over_limit`
UNION ALL
SELECT `id_type`, COALESCE(`id_value`, `raw_value`), `excluded`, CAST(NULL AS BIGINT), COUNT(*) FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NOT NULL
GROUP BY `id_type`, COALESCE(`id_value`, `raw_value`), `excluded`;

CREATE OR REPLACE TABLE `test-proj`.`main`.`person_audit` AS
SELECT *
FROM `test-proj`.`main`.`person_audit__cible_tmp`;

DROP TABLE `test-proj`.`main`.`person_audit__cible_tmp`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`person__cible_tmp` AS
SELECT d.*, revenue / nullif(orders, 0) AS `avg_basket` FROM (
SELECT c.`profile_id`,
  c.`size` AS `identifier_count`,
  t0.`first_name`,
  t1.`city`,
  COALESCE(f2.`orders`, 0) AS `orders`,
  COALESCE(f3.`revenue`, 0) AS `revenue`,
  COALESCE(f4.`orders_90d`, 0) AS `orders_90d`
FROM `test-proj`.`main`.`person__cluster_ids` AS c
LEFT JOIN (SELECT `profile_id`, `v` AS `first_name` FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `at` DESC NULLS LAST, `rid` DESC) AS `rn` FROM (SELECT pr.`profile_id`, r.`first_name` AS `v`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 0 AS `prio` FROM `test-proj`.`main`.`person__in_crm` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'crm' AND pr.`row_id` = r.`__row_id` WHERE r.`first_name` IS NOT NULL
UNION ALL
SELECT pr.`profile_id`, r.`first_name` AS `v`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 1 AS `prio` FROM `test-proj`.`main`.`person__in_newsletter` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'newsletter' AND pr.`row_id` = r.`__row_id` WHERE r.`first_name` IS NOT NULL) AS y) AS z WHERE `rn` = 1) AS t0 ON t0.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT `profile_id`, `v` AS `city` FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `prio` ASC, `at` DESC NULLS LAST, `rid` DESC) AS `rn` FROM (SELECT pr.`profile_id`, r.`city` AS `v`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 0 AS `prio` FROM `test-proj`.`main`.`person__in_crm` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'crm' AND pr.`row_id` = r.`__row_id` WHERE r.`city` IS NOT NULL
UNION ALL
SELECT pr.`profile_id`, r.`city` AS `v`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 1 AS `prio` FROM `test-proj`.`main`.`person__in_newsletter` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'newsletter' AND pr.`row_id` = r.`__row_id` WHERE r.`city` IS NOT NULL) AS y) AS z WHERE `rn` = 1) AS t1 ON t1.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT r.`__profile_id` AS `profile_id`, COUNT(*) AS `orders` FROM (SELECT r.*, pr.`profile_id` AS `__profile_id` FROM `test-proj`.`main`.`person__in_orders` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'orders' AND pr.`row_id` = r.`__row_id`) AS r GROUP BY r.`__profile_id`) AS f2 ON f2.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT r.`__profile_id` AS `profile_id`, SUM(amount) AS `revenue` FROM (SELECT r.*, pr.`profile_id` AS `__profile_id` FROM `test-proj`.`main`.`person__in_orders` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'orders' AND pr.`row_id` = r.`__row_id`) AS r GROUP BY r.`__profile_id`) AS f3 ON f3.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT r.`__profile_id` AS `profile_id`, COUNT(*) AS `orders_90d` FROM (SELECT r.*, pr.`profile_id` AS `__profile_id` FROM `test-proj`.`main`.`person__in_orders` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'orders' AND pr.`row_id` = r.`__row_id`) AS r WHERE CAST(r.`ordered_at` AS DATE) > (CAST('2024-06-30' AS DATE) - INTERVAL (90) DAY) GROUP BY r.`__profile_id`) AS f4 ON f4.`profile_id` = c.`profile_id`
) AS d;

CREATE OR REPLACE TABLE `test-proj`.`main`.`person` AS
SELECT *
FROM `test-proj`.`main`.`person__cible_tmp`;

DROP TABLE `test-proj`.`main`.`person__cible_tmp`;

-- ===== build 1: target/run/seeds/crm.sql =====
-- seeds/crm.csv loaded into `test-proj`.`main`.`crm__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`crm` AS
SELECT *
FROM `test-proj`.`main`.`crm__cible_tmp`;

DROP TABLE `test-proj`.`main`.`crm__cible_tmp`;

-- ===== build 1: target/run/seeds/newsletter.sql =====
-- seeds/newsletter.csv loaded into `test-proj`.`main`.`newsletter__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`newsletter` AS
SELECT *
FROM `test-proj`.`main`.`newsletter__cible_tmp`;

DROP TABLE `test-proj`.`main`.`newsletter__cible_tmp`;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into `test-proj`.`main`.`orders__cible_tmp` by the bigquery adapter (declared types: amount DECIMAL(10,2))
CREATE OR REPLACE TABLE `test-proj`.`main`.`orders` AS
SELECT *
FROM `test-proj`.`main`.`orders__cible_tmp`;

DROP TABLE `test-proj`.`main`.`orders__cible_tmp`;

-- ===== build 2: target/run/profile/person.sql =====
DROP TABLE IF EXISTS `test-proj`.`main`.`person__in_crm`;

CREATE TABLE `test-proj`.`main`.`person__in_crm` AS
SELECT ROW_NUMBER() OVER () AS `__row_id`, src.* FROM `test-proj`.`main`.`crm` AS src;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__in_orders`;

CREATE TABLE `test-proj`.`main`.`person__in_orders` AS
SELECT ROW_NUMBER() OVER () AS `__row_id`, src.* FROM `test-proj`.`main`.`orders` AS src;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__in_newsletter`;

CREATE TABLE `test-proj`.`main`.`person__in_newsletter` AS
SELECT ROW_NUMBER() OVER () AS `__row_id`, src.* FROM `test-proj`.`main`.`newsletter` AS src;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__ids_all`;

CREATE TABLE `test-proj`.`main`.`person__ids_all` AS
SELECT a.*, CASE WHEN `raw_value` IN ('', 'null', 'none', 'nil', 'unknown', 'n/a', 'na', 'undefined', 'nan', '0', '-1', '-', 'test', 'xxx') THEN 'placeholder value' WHEN `id_value` IS NULL THEN 'not a valid identifier of its type' WHEN `id_type` = 'email' AND (`id_value` IN ('noreply@shop.com') OR REGEXP_MATCHES(`id_value`, '@example\\.com$')) THEN 'excluded by the profile' END AS `excluded`
FROM (
SELECT 'crm' AS `input`, r.`__row_id` AS `row_id`, 'customer_id' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`customer_id` AS STRING))), '^c[0-9]+$') THEN LOWER(TRIM(CAST(r.`customer_id` AS STRING))) END AS `id_value`, LOWER(TRIM(CAST(r.`customer_id` AS STRING))) AS `raw_value`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_crm` AS r WHERE r.`customer_id` IS NOT NULL
UNION ALL
SELECT 'crm' AS `input`, r.`__row_id` AS `row_id`, 'email' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`email` AS STRING))), '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN CASE WHEN SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 1), '+', 1), '\\.', '', 'g') || '@gmail.com') ELSE LOWER(TRIM(CAST(r.`email` AS STRING))) END END AS `id_value`, LOWER(TRIM(CAST(r.`email` AS STRING))) AS `raw_value`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_crm` AS r WHERE r.`email` IS NOT NULL
UNION ALL
SELECT 'crm' AS `input`, r.`__row_id` AS `row_id`, 'phone' AS `id_type`, CASE WHEN REGEXP_MATCHES(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), '^0*$') THEN NULL WHEN LENGTH(CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END) BETWEEN 9 AND 16 THEN CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END END AS `id_value`, LOWER(TRIM(CAST(r.`phone` AS STRING))) AS `raw_value`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_crm` AS r WHERE r.`phone` IS NOT NULL
UNION ALL
SELECT 'orders' AS `input`, r.`__row_id` AS `row_id`, 'customer_id' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`customer_id` AS STRING))), '^c[0-9]+$') THEN LOWER(TRIM(CAST(r.`customer_id` AS STRING))) END AS `id_value`, LOWER(TRIM(CAST(r.`customer_id` AS STRING))) AS `raw_value`, CAST(r.`ordered_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_orders` AS r WHERE r.`customer_id` IS NOT NULL
UNION ALL
SELECT 'orders' AS `input`, r.`__row_id` AS `row_id`, 'email' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`email` AS STRING))), '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN CASE WHEN SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 1), '+', 1), '\\.', '', 'g') || '@gmail.com') ELSE LOWER(TRIM(CAST(r.`email` AS STRING))) END END AS `id_value`, LOWER(TRIM(CAST(r.`email` AS STRING))) AS `raw_value`, CAST(r.`ordered_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_orders` AS r WHERE r.`email` IS NOT NULL
UNION ALL
SELECT 'newsletter' AS `input`, r.`__row_id` AS `row_id`, 'email' AS `id_type`, CASE WHEN REGEXP_MATCHES(LOWER(TRIM(CAST(r.`email` AS STRING))), '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') THEN CASE WHEN SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 2) IN ('gmail.com', 'googlemail.com') THEN (REGEXP_REPLACE(SPLIT_PART(SPLIT_PART(LOWER(TRIM(CAST(r.`email` AS STRING))), '@', 1), '+', 1), '\\.', '', 'g') || '@gmail.com') ELSE LOWER(TRIM(CAST(r.`email` AS STRING))) END END AS `id_value`, LOWER(TRIM(CAST(r.`email` AS STRING))) AS `raw_value`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_newsletter` AS r WHERE r.`email` IS NOT NULL
UNION ALL
SELECT 'newsletter' AS `input`, r.`__row_id` AS `row_id`, 'phone' AS `id_type`, CASE WHEN REGEXP_MATCHES(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), '^0*$') THEN NULL WHEN LENGTH(CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END) BETWEEN 9 AND 16 THEN CASE WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '+%' THEN ('+' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '00%' THEN ('+' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 3))
          WHEN REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g') LIKE '0%' THEN ('+33' || SUBSTR(REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g'), 2))
          ELSE ('+33' || REGEXP_REPLACE(REGEXP_REPLACE(TRIM(CAST(r.`phone` AS STRING)), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) END END AS `id_value`, LOWER(TRIM(CAST(r.`phone` AS STRING))) AS `raw_value`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`
FROM `test-proj`.`main`.`person__in_newsletter` AS r WHERE r.`phone` IS NOT NULL
) AS a;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__over_limit`;

CREATE TABLE `test-proj`.`main`.`person__over_limit` AS
SELECT a.`id_type`, a.`id_value`, COUNT(DISTINCT b.`id_value`) AS `linked`, 'linked to more than 2 customer_id values' AS `reason`
FROM (SELECT * FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NULL) AS a JOIN (SELECT * FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NULL) AS b ON b.`input` = a.`input` AND b.`row_id` = a.`row_id` AND b.`id_type` = 'customer_id'
WHERE a.`id_type` = 'email' GROUP BY a.`id_type`, a.`id_value` HAVING COUNT(DISTINCT b.`id_value`) > 2;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__ids`;

CREATE TABLE `test-proj`.`main`.`person__ids` AS
SELECT k.*, (k.`id_type` || ':' || k.`id_value`) AS `node` FROM (SELECT * FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NULL) AS k
WHERE NOT EXISTS (SELECT 1 FROM `test-proj`.`main`.`person__over_limit` AS o WHERE o.`id_type` = k.`id_type` AND o.`id_value` = k.`id_value`);

DROP TABLE IF EXISTS `test-proj`.`main`.`person__anchors`;

CREATE TABLE `test-proj`.`main`.`person__anchors` AS
SELECT `input`, `row_id`, MIN(`node`) AS `anchor` FROM `test-proj`.`main`.`person__ids` GROUP BY `input`, `row_id`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__edges`;

CREATE TABLE `test-proj`.`main`.`person__edges` AS
SELECT DISTINCT i.`node` AS `a`, x.`anchor` AS `b` FROM `test-proj`.`main`.`person__ids` AS i JOIN `test-proj`.`main`.`person__anchors` AS x ON x.`input` = i.`input` AND x.`row_id` = i.`row_id` WHERE i.`node` <> x.`anchor`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels`;

CREATE TABLE `test-proj`.`main`.`person__labels` AS
SELECT DISTINCT `node`, `node` AS `label` FROM `test-proj`.`main`.`person__ids`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_next`;

CREATE TABLE `test-proj`.`main`.`person__labels_next` AS
WITH cand AS (
  SELECT e.`a` AS `node`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`b`
  UNION ALL SELECT e.`b`, l.`label` FROM `test-proj`.`main`.`person__edges` AS e JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = e.`a`
  UNION ALL SELECT `node`, `label` FROM `test-proj`.`main`.`person__labels`
)
SELECT `node`, MIN(`label`) AS `label` FROM cand GROUP BY `node`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__labels_jump`;

CREATE TABLE `test-proj`.`main`.`person__labels_jump` AS
SELECT l.`node`, COALESCE(j.`label`, l.`label`) AS `label` FROM `test-proj`.`main`.`person__labels_next` AS l LEFT JOIN `test-proj`.`main`.`person__labels_next` AS j ON j.`node` = l.`label`;

DROP TABLE `test-proj`.`main`.`person__labels_next`;

ALTER TABLE `test-proj`.`main`.`person__labels_jump` RENAME TO `person__labels_next`;

DROP TABLE `test-proj`.`main`.`person__labels`;

ALTER TABLE `test-proj`.`main`.`person__labels_next` RENAME TO `person__labels`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__claims`;

CREATE TABLE `test-proj`.`main`.`person__claims` AS
SELECT l.`label`, p.`profile_id`, COUNT(*) AS `overlap` FROM `test-proj`.`main`.`person__labels` AS l
JOIN `test-proj`.`main`.`person_identifiers` AS p ON (p.`id_type` || ':' || p.`id_value`) = l.`node`
GROUP BY l.`label`, p.`profile_id`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__cluster_ids`;

CREATE TABLE `test-proj`.`main`.`person__cluster_ids` AS
SELECT c.`label`, c.`size`, COALESCE(k.`profile_id`, ('p_' || SUBSTR(TO_HEX(SHA256(c.`label`)), 1, 20))) AS `profile_id`
FROM (SELECT `label`, COUNT(*) AS `size` FROM `test-proj`.`main`.`person__labels` GROUP BY `label`) AS c LEFT JOIN (SELECT * FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY `label` ORDER BY `overlap` DESC, `profile_id`) AS `kr` FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `overlap` DESC, `label`) AS `rk` FROM `test-proj`.`main`.`person__claims` AS c) AS w WHERE `rk` = 1) AS w) AS k WHERE `kr` = 1) AS k ON k.`label` = c.`label`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__new_merges`;

CREATE TABLE `test-proj`.`main`.`person__new_merges` AS
SELECT w.`profile_id` AS `merged_profile_id`, c.`profile_id` AS `surviving_profile_id`
FROM (SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `overlap` DESC, `label`) AS `rk` FROM `test-proj`.`main`.`person__claims` AS c) AS w WHERE `rk` = 1) AS w JOIN `test-proj`.`main`.`person__cluster_ids` AS c ON c.`label` = w.`label` WHERE w.`profile_id` <> c.`profile_id`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__rows`;

CREATE TABLE `test-proj`.`main`.`person__rows` AS
SELECT x.`input`, x.`row_id`, c.`profile_id` FROM `test-proj`.`main`.`person__anchors` AS x
JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = x.`anchor` JOIN `test-proj`.`main`.`person__cluster_ids` AS c ON c.`label` = l.`label`;

CREATE TABLE IF NOT EXISTS `test-proj`.`main`.`person_merges` (`merged_profile_id` STRING, `surviving_profile_id` STRING, `merged_at` TIMESTAMP);

INSERT INTO `test-proj`.`main`.`person_merges` SELECT `merged_profile_id`, `surviving_profile_id`, CURRENT_TIMESTAMP() FROM `test-proj`.`main`.`person__new_merges`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person_identifiers__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`person_identifiers__cible_tmp` AS
SELECT c.`profile_id`, d.`id_type`, d.`id_value`, STRING_AGG(DISTINCT d.`input`, ',' ORDER BY d.`input`) AS `sources`,
  MIN(d.`at`) AS `first_seen`, MAX(d.`at`) AS `last_seen`, COUNT(*) AS `occurrences`
FROM `test-proj`.`main`.`person__ids` AS d JOIN `test-proj`.`main`.`person__labels` AS l ON l.`node` = d.`node` JOIN `test-proj`.`main`.`person__cluster_ids` AS c ON c.`label` = l.`label`
GROUP BY c.`profile_id`, d.`id_type`, d.`id_value`;

CREATE OR REPLACE TABLE `test-proj`.`main`.`person_identifiers` AS
SELECT *
FROM `test-proj`.`main`.`person_identifiers__cible_tmp`;

DROP TABLE `test-proj`.`main`.`person_identifiers__cible_tmp`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person_audit__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`person_audit__cible_tmp` AS
SELECT `id_type`, `id_value`, `reason`, `linked` AS `linked_values`, CAST(NULL AS BIGINT) AS `occurrences` FROM `test-proj`.`main`.`person__over_limit`
UNION ALL
SELECT `id_type`, COALESCE(`id_value`, `raw_value`), `excluded`, CAST(NULL AS BIGINT), COUNT(*) FROM `test-proj`.`main`.`person__ids_all` WHERE `excluded` IS NOT NULL
GROUP BY `id_type`, COALESCE(`id_value`, `raw_value`), `excluded`;

CREATE OR REPLACE TABLE `test-proj`.`main`.`person_audit` AS
SELECT *
FROM `test-proj`.`main`.`person_audit__cible_tmp`;

DROP TABLE `test-proj`.`main`.`person_audit__cible_tmp`;

DROP TABLE IF EXISTS `test-proj`.`main`.`person__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`person__cible_tmp` AS
SELECT d.*, revenue / nullif(orders, 0) AS `avg_basket` FROM (
SELECT c.`profile_id`,
  c.`size` AS `identifier_count`,
  t0.`first_name`,
  t1.`city`,
  COALESCE(f2.`orders`, 0) AS `orders`,
  COALESCE(f3.`revenue`, 0) AS `revenue`,
  COALESCE(f4.`orders_90d`, 0) AS `orders_90d`
FROM `test-proj`.`main`.`person__cluster_ids` AS c
LEFT JOIN (SELECT `profile_id`, `v` AS `first_name` FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `at` DESC NULLS LAST, `rid` DESC) AS `rn` FROM (SELECT pr.`profile_id`, r.`first_name` AS `v`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 0 AS `prio` FROM `test-proj`.`main`.`person__in_crm` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'crm' AND pr.`row_id` = r.`__row_id` WHERE r.`first_name` IS NOT NULL
UNION ALL
SELECT pr.`profile_id`, r.`first_name` AS `v`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 1 AS `prio` FROM `test-proj`.`main`.`person__in_newsletter` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'newsletter' AND pr.`row_id` = r.`__row_id` WHERE r.`first_name` IS NOT NULL) AS y) AS z WHERE `rn` = 1) AS t0 ON t0.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT `profile_id`, `v` AS `city` FROM (SELECT y.*, ROW_NUMBER() OVER (PARTITION BY `profile_id` ORDER BY `prio` ASC, `at` DESC NULLS LAST, `rid` DESC) AS `rn` FROM (SELECT pr.`profile_id`, r.`city` AS `v`, CAST(r.`updated_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 0 AS `prio` FROM `test-proj`.`main`.`person__in_crm` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'crm' AND pr.`row_id` = r.`__row_id` WHERE r.`city` IS NOT NULL
UNION ALL
SELECT pr.`profile_id`, r.`city` AS `v`, CAST(r.`signed_up_at` AS TIMESTAMP) AS `at`, r.`__row_id` AS `rid`, 1 AS `prio` FROM `test-proj`.`main`.`person__in_newsletter` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'newsletter' AND pr.`row_id` = r.`__row_id` WHERE r.`city` IS NOT NULL) AS y) AS z WHERE `rn` = 1) AS t1 ON t1.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT r.`__profile_id` AS `profile_id`, COUNT(*) AS `orders` FROM (SELECT r.*, pr.`profile_id` AS `__profile_id` FROM `test-proj`.`main`.`person__in_orders` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'orders' AND pr.`row_id` = r.`__row_id`) AS r GROUP BY r.`__profile_id`) AS f2 ON f2.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT r.`__profile_id` AS `profile_id`, SUM(amount) AS `revenue` FROM (SELECT r.*, pr.`profile_id` AS `__profile_id` FROM `test-proj`.`main`.`person__in_orders` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'orders' AND pr.`row_id` = r.`__row_id`) AS r GROUP BY r.`__profile_id`) AS f3 ON f3.`profile_id` = c.`profile_id`
LEFT JOIN (SELECT r.`__profile_id` AS `profile_id`, COUNT(*) AS `orders_90d` FROM (SELECT r.*, pr.`profile_id` AS `__profile_id` FROM `test-proj`.`main`.`person__in_orders` AS r JOIN `test-proj`.`main`.`person__rows` AS pr ON pr.`input` = 'orders' AND pr.`row_id` = r.`__row_id`) AS r WHERE CAST(r.`ordered_at` AS DATE) > (CAST('2024-06-30' AS DATE) - INTERVAL (90) DAY) GROUP BY r.`__profile_id`) AS f4 ON f4.`profile_id` = c.`profile_id`
) AS d;

CREATE OR REPLACE TABLE `test-proj`.`main`.`person` AS
SELECT *
FROM `test-proj`.`main`.`person__cible_tmp`;

DROP TABLE `test-proj`.`main`.`person__cible_tmp`;

-- ===== build 2: target/run/seeds/crm.sql =====
-- seeds/crm.csv loaded into `test-proj`.`main`.`crm__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`crm` AS
SELECT *
FROM `test-proj`.`main`.`crm__cible_tmp`;

DROP TABLE `test-proj`.`main`.`crm__cible_tmp`;

-- ===== build 2: target/run/seeds/newsletter.sql =====
-- seeds/newsletter.csv loaded into `test-proj`.`main`.`newsletter__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`newsletter` AS
SELECT *
FROM `test-proj`.`main`.`newsletter__cible_tmp`;

DROP TABLE `test-proj`.`main`.`newsletter__cible_tmp`;

-- ===== build 2: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into `test-proj`.`main`.`orders__cible_tmp` by the bigquery adapter (declared types: amount DECIMAL(10,2))
CREATE OR REPLACE TABLE `test-proj`.`main`.`orders` AS
SELECT *
FROM `test-proj`.`main`.`orders__cible_tmp`;

DROP TABLE `test-proj`.`main`.`orders__cible_tmp`;
