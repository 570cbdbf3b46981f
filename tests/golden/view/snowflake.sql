-- Golden SQL for case 'view' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/fr_customers.sql =====
-- French customers, names upper-cased.
select customer_id, upper(name) as name
from "PUBLIC"."CUSTOMERS"
where country = 'FR'

-- ===== build 1: target/run/models/fr_customers.sql =====
CREATE OR REPLACE VIEW "PUBLIC"."FR_CUSTOMERS" AS
-- French customers, names upper-cased.
select customer_id, upper(name) as name
from "PUBLIC"."CUSTOMERS"
where country = 'FR';

-- ===== build 1: target/run/seeds/customers.sql =====
-- seeds/customers.csv loaded into "PUBLIC"."CUSTOMERS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."CUSTOMERS__CIBLE_TMP" RENAME TO "PUBLIC"."CUSTOMERS";

COMMIT;
