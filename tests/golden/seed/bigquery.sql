-- Golden SQL for case 'seed' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/run/seeds/products.sql =====
-- seeds/products.csv loaded into `test-proj`.`main`.`products__cible_tmp` by the bigquery adapter (declared types: sku VARCHAR, price DECIMAL(10,2))
CREATE OR REPLACE TABLE `test-proj`.`main`.`products` AS
SELECT *
FROM `test-proj`.`main`.`products__cible_tmp`;

DROP TABLE `test-proj`.`main`.`products__cible_tmp`;

-- ===== build 1: target/run/seeds/stores.sql =====
-- seeds/stores.csv loaded into `test-proj`.`main`.`stores__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`stores` AS
SELECT *
FROM `test-proj`.`main`.`stores__cible_tmp`;

DROP TABLE `test-proj`.`main`.`stores__cible_tmp`;
