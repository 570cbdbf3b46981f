-- Golden SQL for case 'incremental_append' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/event_log.sql =====
select id, name, amount, updated_at
from `test-proj`.`main`.`events`

-- ===== build 1: target/run/models/event_log.sql =====
CREATE OR REPLACE TABLE `test-proj`.`main`.`event_log` AS
select id, name, amount, updated_at
from `test-proj`.`main`.`events`;

-- ===== build 1: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into `test-proj`.`main`.`events__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`events` AS
SELECT *
FROM `test-proj`.`main`.`events__cible_tmp`;

DROP TABLE `test-proj`.`main`.`events__cible_tmp`;

-- ===== build 2: target/run/models/event_log.sql =====
DROP TABLE IF EXISTS `test-proj`.`main`.`event_log__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`event_log__cible_tmp` AS
select id, name, amount, updated_at
from `test-proj`.`main`.`events`
where updated_at > (select max(updated_at) from `test-proj`.`main`.`event_log`);

BEGIN TRANSACTION;

INSERT INTO `test-proj`.`main`.`event_log` (`id`, `name`, `amount`, `updated_at`)
SELECT `id`, `name`, `amount`, `updated_at`
FROM `test-proj`.`main`.`event_log__cible_tmp`;

COMMIT;

DROP TABLE `test-proj`.`main`.`event_log__cible_tmp`;

-- ===== build 2: target/run/seeds/events.sql =====
-- seeds/events.csv loaded into `test-proj`.`main`.`events__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`events` AS
SELECT *
FROM `test-proj`.`main`.`events__cible_tmp`;

DROP TABLE `test-proj`.`main`.`events__cible_tmp`;
