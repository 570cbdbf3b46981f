-- Golden SQL for case 'incremental_delete_insert' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/store_days.sql =====
select store, day, sales, loaded_at
from `test-proj`.`main`.`daily_sales`

-- ===== build 1: target/run/models/store_days.sql =====
CREATE OR REPLACE TABLE `test-proj`.`main`.`store_days` AS
select store, day, sales, loaded_at
from `test-proj`.`main`.`daily_sales`;

-- ===== build 1: target/run/seeds/daily_sales.sql =====
-- seeds/daily_sales.csv loaded into `test-proj`.`main`.`daily_sales__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`daily_sales` AS
SELECT *
FROM `test-proj`.`main`.`daily_sales__cible_tmp`;

DROP TABLE `test-proj`.`main`.`daily_sales__cible_tmp`;

-- ===== build 2: target/run/models/store_days.sql =====
DROP TABLE IF EXISTS `test-proj`.`main`.`store_days__cible_tmp`;

CREATE TABLE `test-proj`.`main`.`store_days__cible_tmp` AS
select store, day, sales, loaded_at
from `test-proj`.`main`.`daily_sales`
where loaded_at > (select max(loaded_at) from `test-proj`.`main`.`store_days`);

BEGIN TRANSACTION;

DELETE FROM `test-proj`.`main`.`store_days` AS `t` WHERE EXISTS (SELECT 1 FROM `test-proj`.`main`.`store_days__cible_tmp` AS `s` WHERE `t`.`store` = `s`.`store` AND `t`.`day` = `s`.`day`);

INSERT INTO `test-proj`.`main`.`store_days` (`store`, `day`, `sales`, `loaded_at`)
SELECT `store`, `day`, `sales`, `loaded_at`
FROM `test-proj`.`main`.`store_days__cible_tmp`;

COMMIT;

DROP TABLE `test-proj`.`main`.`store_days__cible_tmp`;

-- ===== build 2: target/run/seeds/daily_sales.sql =====
-- seeds/daily_sales.csv loaded into `test-proj`.`main`.`daily_sales__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`daily_sales` AS
SELECT *
FROM `test-proj`.`main`.`daily_sales__cible_tmp`;

DROP TABLE `test-proj`.`main`.`daily_sales__cible_tmp`;
