-- Golden SQL for case 'table' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/customer_revenue.sql =====
select customer_id, count(*) as orders, sum(amount) as revenue
from "PUBLIC"."ORDERS"
group by customer_id

-- ===== build 1: target/run/models/customer_revenue.sql =====
DROP TABLE IF EXISTS "PUBLIC"."CUSTOMER_REVENUE__CIBLE_TMP";

CREATE TABLE "PUBLIC"."CUSTOMER_REVENUE__CIBLE_TMP" AS
select customer_id, count(*) as orders, sum(amount) as revenue
from "PUBLIC"."ORDERS"
group by customer_id;

BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."CUSTOMER_REVENUE__CIBLE_TMP" RENAME TO "PUBLIC"."CUSTOMER_REVENUE";

COMMIT;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into "PUBLIC"."ORDERS__CIBLE_TMP" by the snowflake adapter (declared types: amount DECIMAL(10,2))
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."ORDERS__CIBLE_TMP" RENAME TO "PUBLIC"."ORDERS";

COMMIT;
