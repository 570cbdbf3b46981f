-- Golden SQL for case 'seed' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/run/seeds/products.sql =====
-- seeds/products.csv loaded into "main"."products__cible_tmp" by the duckdb adapter (declared types: sku VARCHAR, price DECIMAL(10,2))
BEGIN TRANSACTION;

ALTER TABLE "main"."products__cible_tmp" RENAME TO "products";

COMMIT;

-- ===== build 1: target/run/seeds/stores.sql =====
-- seeds/stores.csv loaded into "main"."stores__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."stores__cible_tmp" RENAME TO "stores";

COMMIT;
