-- Golden SQL for case 'view' on bigquery: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/fr_customers.sql =====
-- French customers, names upper-cased.
select customer_id, upper(name) as name
from `test-proj`.`main`.`customers`
where country = 'FR'

-- ===== build 1: target/run/models/fr_customers.sql =====
CREATE OR REPLACE VIEW `test-proj`.`main`.`fr_customers` AS
-- French customers, names upper-cased.
select customer_id, upper(name) as name
from `test-proj`.`main`.`customers`
where country = 'FR';

-- ===== build 1: target/run/seeds/customers.sql =====
-- seeds/customers.csv loaded into `test-proj`.`main`.`customers__cible_tmp` by the bigquery adapter (declared types: none, all inferred)
CREATE OR REPLACE TABLE `test-proj`.`main`.`customers` AS
SELECT *
FROM `test-proj`.`main`.`customers__cible_tmp`;

DROP TABLE `test-proj`.`main`.`customers__cible_tmp`;
