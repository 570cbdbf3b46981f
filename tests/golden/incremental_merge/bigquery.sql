-- Golden SQL for case 'incremental_merge' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/latest_events.sql =====
select id, name, amount, updated_at
from `test-proj`.`main`.`events`

-- ===== build 1: target/run/models/latest_events.sql =====
CREATE OR REPLACE TABLE `test-proj`.`main`.`latest_events` AS
select id, name, amount, updated_at
from `test-proj`.`main`.`events`;

-- ===== build 1: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into `test-proj`.`main`.`events__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`events` AS
SELECT *
FROM `test-proj`.`main`.`events__cible_tmp`;

DROP TABLE `test-proj`.`main`.`events__cible_tmp`;

-- ===== build 2: target/run/models/latest_events.sql =====
DROP TABLE IF EXISTS `test-proj`.`main`.`latest_events__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`latest_events__cible_tmp` AS
select id, name, amount, updated_at
from `test-proj`.`main`.`events`
where updated_at > (select max(updated_at) from `test-proj`.`main`.`latest_events`);

BEGIN TRANSACTION;

MERGE INTO `test-proj`.`main`.`latest_events` AS `t`
USING `test-proj`.`main`.`latest_events__cible_tmp` AS `s`
ON `t`.`id` = `s`.`id`
WHEN MATCHED THEN UPDATE SET `name` = `s`.`name`, `amount` = `s`.`amount`, `updated_at` = `s`.`updated_at`
WHEN NOT MATCHED THEN INSERT (`id`, `name`, `amount`, `updated_at`) VALUES (`s`.`id`, `s`.`name`, `s`.`amount`, `s`.`updated_at`);

COMMIT;

DROP TABLE `test-proj`.`main`.`latest_events__cible_tmp`;

-- ===== build 2: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into `test-proj`.`main`.`events__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`events` AS
SELECT *
FROM `test-proj`.`main`.`events__cible_tmp`;

DROP TABLE `test-proj`.`main`.`events__cible_tmp`;
