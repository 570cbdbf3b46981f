-- Golden SQL for case 'data_tests' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/stg_orders.sql =====
select order_id, customer_id, status, amount from "PUBLIC"."ORDERS"

-- ===== build 1: target/compiled/tests/accepted_values_stg_orders_status.sql =====
SELECT "STATUS" AS "VALUE", COUNT(*) AS "N_RECORDS"
FROM "PUBLIC"."STG_ORDERS"
WHERE "STATUS" NOT IN ('placed', 'shipped')
GROUP BY "STATUS"

-- ===== build 1: target/compiled/tests/expression_stg_orders.sql =====
select * from "PUBLIC"."STG_ORDERS" where amount < 0

-- ===== build 1: target/compiled/tests/not_null_stg_orders_customer_id.sql =====
SELECT *
FROM "PUBLIC"."STG_ORDERS"
WHERE "CUSTOMER_ID" IS NULL

-- ===== build 1: target/compiled/tests/not_null_stg_orders_order_id.sql =====
SELECT *
FROM "PUBLIC"."STG_ORDERS"
WHERE "ORDER_ID" IS NULL

-- ===== build 1: target/compiled/tests/relationships_stg_orders_customer_id__customers.sql =====
SELECT "CHILD"."CUSTOMER_ID" AS "CUSTOMER_ID"
FROM "PUBLIC"."STG_ORDERS" AS "CHILD"
LEFT JOIN "PUBLIC"."CUSTOMERS" AS "PARENT" ON ("CHILD"."CUSTOMER_ID" = "PARENT"."CUSTOMER_ID")
WHERE ("CHILD"."CUSTOMER_ID" IS NOT NULL AND "PARENT"."CUSTOMER_ID" IS NULL)

-- ===== build 1: target/compiled/tests/unique_customers_customer_id.sql =====
SELECT "CUSTOMER_ID" AS "CUSTOMER_ID", COUNT(*) AS "N_RECORDS"
FROM "PUBLIC"."CUSTOMERS"
WHERE "CUSTOMER_ID" IS NOT NULL
GROUP BY "CUSTOMER_ID"
HAVING (COUNT(*) > 1)

-- ===== build 1: target/compiled/tests/unique_stg_orders_order_id.sql =====
SELECT "ORDER_ID" AS "ORDER_ID", COUNT(*) AS "N_RECORDS"
FROM "PUBLIC"."STG_ORDERS"
WHERE "ORDER_ID" IS NOT NULL
GROUP BY "ORDER_ID"
HAVING (COUNT(*) > 1)

-- ===== build 1: target/run/models/stg_orders.sql =====
DROP TABLE IF EXISTS "PUBLIC"."STG_ORDERS__CIBLE_TMP";

CREATE TABLE "PUBLIC"."STG_ORDERS__CIBLE_TMP" AS
select order_id, customer_id, status, amount from "PUBLIC"."ORDERS";

BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."STG_ORDERS__CIBLE_TMP" RENAME TO "PUBLIC"."STG_ORDERS";

COMMIT;

-- ===== build 1: target/run/seeds/customers.sql =====
-- seeds/customers.csv loaded into "PUBLIC"."CUSTOMERS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."CUSTOMERS__CIBLE_TMP" RENAME TO "PUBLIC"."CUSTOMERS";

COMMIT;

-- ===== build 1: target/run/seeds/orders.sql =====
-- seeds/orders.csv loaded into "PUBLIC"."ORDERS__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."ORDERS__CIBLE_TMP" RENAME TO "PUBLIC"."ORDERS";

COMMIT;

-- ===== build 1: target/run/tests/accepted_values_stg_orders_status.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT "STATUS" AS "VALUE", COUNT(*) AS "N_RECORDS"
FROM "PUBLIC"."STG_ORDERS"
WHERE "STATUS" NOT IN ('placed', 'shipped')
GROUP BY "STATUS"
) AS "CIBLE_TEST";

-- ===== build 1: target/run/tests/expression_stg_orders.sql =====
SELECT COUNT(*) AS failures FROM (
select * from "PUBLIC"."STG_ORDERS" where amount < 0
) AS "CIBLE_TEST";

-- ===== build 1: target/run/tests/not_null_stg_orders_customer_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT *
FROM "PUBLIC"."STG_ORDERS"
WHERE "CUSTOMER_ID" IS NULL
) AS "CIBLE_TEST";

-- ===== build 1: target/run/tests/not_null_stg_orders_order_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT *
FROM "PUBLIC"."STG_ORDERS"
WHERE "ORDER_ID" IS NULL
) AS "CIBLE_TEST";

-- ===== build 1: target/run/tests/relationships_stg_orders_customer_id__customers.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT "CHILD"."CUSTOMER_ID" AS "CUSTOMER_ID"
FROM "PUBLIC"."STG_ORDERS" AS "CHILD"
LEFT JOIN "PUBLIC"."CUSTOMERS" AS "PARENT" ON ("CHILD"."CUSTOMER_ID" = "PARENT"."CUSTOMER_ID")
WHERE ("CHILD"."CUSTOMER_ID" IS NOT NULL AND "PARENT"."CUSTOMER_ID" IS NULL)
) AS "CIBLE_TEST";

-- ===== build 1: target/run/tests/unique_customers_customer_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT "CUSTOMER_ID" AS "CUSTOMER_ID", COUNT(*) AS "N_RECORDS"
FROM "PUBLIC"."CUSTOMERS"
WHERE "CUSTOMER_ID" IS NOT NULL
GROUP BY "CUSTOMER_ID"
HAVING (COUNT(*) > 1)
) AS "CIBLE_TEST";

-- ===== build 1: target/run/tests/unique_stg_orders_order_id.sql =====
SELECT COUNT(*) AS failures FROM (
SELECT "ORDER_ID" AS "ORDER_ID", COUNT(*) AS "N_RECORDS"
FROM "PUBLIC"."STG_ORDERS"
WHERE "ORDER_ID" IS NOT NULL
GROUP BY "ORDER_ID"
HAVING (COUNT(*) > 1)
) AS "CIBLE_TEST";
