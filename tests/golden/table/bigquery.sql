-- Golden SQL for case 'table' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/customer_revenue.sql =====
select customer_id, count(*) as orders, sum(amount) as revenue
from `test-proj`.`main`.`orders`
group by customer_id

-- ===== build 1: target/run/models/customer_revenue.sql =====
CREATE OR REPLACE TABLE `test-proj`.`main`.`customer_revenue` AS
select customer_id, count(*) as orders, sum(amount) as revenue
from `test-proj`.`main`.`orders`
group by customer_id;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into `test-proj`.`main`.`orders__cible_tmp` by the bigquery adapter (declared types: amount DECIMAL(10,2))
CREATE OR REPLACE TABLE `test-proj`.`main`.`orders` AS
SELECT *
FROM `test-proj`.`main`.`orders__cible_tmp`;

DROP TABLE `test-proj`.`main`.`orders__cible_tmp`;
