-- Golden SQL for case 'table' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/customer_revenue.sql =====
select customer_id, count(*) as orders, sum(amount) as revenue
from "main"."orders"
group by customer_id

-- ===== build 1: target/run/models/customer_revenue.sql =====
DROP TABLE IF EXISTS "main"."customer_revenue__cible_tmp";

CREATE TABLE "main"."customer_revenue__cible_tmp" AS
select customer_id, count(*) as orders, sum(amount) as revenue
from "main"."orders"
group by customer_id;

BEGIN TRANSACTION;

ALTER TABLE "main"."customer_revenue__cible_tmp" RENAME TO "customer_revenue";

COMMIT;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into "main"."orders__cible_tmp" by the duckdb adapter (declared types: amount DECIMAL(10,2))
BEGIN TRANSACTION;

ALTER TABLE "main"."orders__cible_tmp" RENAME TO "orders";

COMMIT;
