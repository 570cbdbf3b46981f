-- Golden SQL for case 'seed' on snowflake: what `cible build --target snow` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/run/seeds/products.sql =====
-- seeds/products.csv loaded into "PUBLIC"."PRODUCTS__CIBLE_TMP" by the snowflake adapter (declared types: sku VARCHAR, price DECIMAL(10,2))
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."PRODUCTS__CIBLE_TMP" RENAME TO "PUBLIC"."PRODUCTS";

COMMIT;

-- ===== build 1: target/run/seeds/stores.sql =====
-- seeds/stores.csv loaded into "PUBLIC"."STORES__CIBLE_TMP" by the snowflake adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "PUBLIC"."STORES__CIBLE_TMP" RENAME TO "PUBLIC"."STORES";

COMMIT;
