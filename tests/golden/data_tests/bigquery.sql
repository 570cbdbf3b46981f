-- Golden SQL for case 'data_tests' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/stg_orders.sql =====
select order_id, customer_id, status, amount from `test-proj`.`main`.`orders`

-- ===== build 1: target/compiled/tests/accepted_values_stg_orders_status.sql =====
SELECT `status` AS `value`, COUNT(*) AS `n_records`
FROM `test-proj`.`main`.`stg_orders`
WHERE `status` NOT IN ('placed', 'shipped')
GROUP BY `status`

-- ===== build 1: target/compiled/tests/expression_stg_orders.sql =====
select * from `test-proj`.`main`.`stg_orders` where amount < 0

-- ===== build 1: target/compiled/tests/not_null_stg_orders_customer_id.sql =====
SELECT *
FROM `test-proj`.`main`.`stg_orders`
WHERE `customer_id` IS NULL

-- ===== build 1: target/compiled/tests/not_null_stg_orders_order_id.sql =====
SELECT *
FROM `test-proj`.`main`.`stg_orders`
WHERE `order_id` IS NULL

-- ===== build 1: target/compiled/tests/relationships_stg_orders_customer_id__customers.sql =====
SELECT `child`.`customer_id` AS `customer_id`
FROM `test-proj`.`main`.`stg_orders` AS `child`
LEFT JOIN `test-proj`.`main`.`customers` AS `parent` ON (`child`.`customer_id` = `parent`.`customer_id`)
WHERE (`child`.`customer_id` IS NOT NULL AND `parent`.`customer_id` IS NULL)

-- ===== build 1: target/compiled/tests/unique_customers_customer_id.sql =====
SELECT `customer_id` AS `customer_id`, COUNT(*) AS `n_records`
FROM `test-proj`.`main`.`customers`
WHERE `customer_id` IS NOT NULL
GROUP BY `customer_id`
HAVING (COUNT(*) > 1)

-- ===== build 1: target/compiled/tests/unique_stg_orders_order_id.sql =====
SELECT `order_id` AS `order_id`, COUNT(*) AS `n_records`
FROM `test-proj`.`main`.`stg_orders`
WHERE `order_id` IS NOT NULL
GROUP BY `order_id`
HAVING (COUNT(*) > 1)

-- ===== build 1: target/run/models/stg_orders.sql =====
CREATE OR REPLACE TABLE `test-proj`.`main`.`stg_orders` AS
select order_id, customer_id, status, amount from `test-proj`.`main`.`orders`;

-- ===== build 1: target/run/seeds/customers.sql =====
-- seeds/customers.csv loaded into `test-proj`.`main`.`customers__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`customers` AS
SELECT *
FROM `test-proj`.`main`.`customers__cible_tmp`;

DROP TABLE `test-proj`.`main`.`customers__cible_tmp`;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into `test-proj`.`main`.`orders__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`orders` AS
SELECT *
FROM `test-proj`.`main`.`orders__cible_tmp`;

DROP TABLE `test-proj`.`main`.`orders__cible_tmp`;

-- ===== build 1: target/run/tests/accepted_values_stg_orders_status.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT `status` AS `value`, COUNT(*) AS `n_records`
FROM `test-proj`.`main`.`stg_orders`
WHERE `status` NOT IN ('placed', 'shipped')
GROUP BY `status`
) AS `cible_test`;

-- ===== build 1: target/run/tests/expression_stg_orders.sql =====
SELECT COUNT(*) AS failures FROM (
select * from `test-proj`.`main`.`stg_orders` where amount < 0
) AS `cible_test`;

-- ===== build 1: target/run/tests/not_null_stg_orders_customer_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT *
FROM `test-proj`.`main`.`stg_orders`
WHERE `customer_id` IS NULL
) AS `cible_test`;

-- ===== build 1: target/run/tests/not_null_stg_orders_order_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT *
FROM `test-proj`.`main`.`stg_orders`
WHERE `order_id` IS NULL
) AS `cible_test`;

-- ===== build 1: target/run/tests/relationships_stg_orders_customer_id__customers.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT `child`.`customer_id` AS `customer_id`
FROM `test-proj`.`main`.`stg_orders` AS `child`
LEFT JOIN `test-proj`.`main`.`customers` AS `parent` ON (`child`.`customer_id` = `parent`.`customer_id`)
WHERE (`child`.`customer_id` IS NOT NULL AND `parent`.`customer_id` IS NULL)
) AS `cible_test`;

-- ===== build 1: target/run/tests/unique_customers_customer_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT `customer_id` AS `customer_id`, COUNT(*) AS `n_records`
FROM `test-proj`.`main`.`customers`
WHERE `customer_id` IS NOT NULL
GROUP BY `customer_id`
HAVING (COUNT(*) > 1)
) AS `cible_test`;

-- ===== build 1: target/run/tests/unique_stg_orders_order_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT `order_id` AS `order_id`, COUNT(*) AS `n_records`
FROM `test-proj`.`main`.`stg_orders`
WHERE `order_id` IS NOT NULL
GROUP BY `order_id`
HAVING (COUNT(*) > 1)
) AS `cible_test`;
