-- Golden SQL for case 'view' on duckdb: what `cible build` wrote. Regenerate with UPDATE_GOLDENS=1 and review.

-- ===== build 1: target/compiled/models/fr_customers.sql =====
-- French customers, names upper-cased.
select customer_id, upper(name) as name
from "main"."customers"
where country = 'FR'

-- ===== build 1: target/run/models/fr_customers.sql =====
CREATE OR REPLACE VIEW "main"."fr_customers" AS
-- French customers, names upper-cased.
select customer_id, upper(name) as name
from "main"."customers"
where country = 'FR';

-- ===== build 1: target/run/seeds/customers.sql =====
-- seeds/customers.csv loaded into "main"."customers__cible_tmp" by the duckdb adapter (declared types: none, all inferred)
BEGIN TRANSACTION;

ALTER TABLE "main"."customers__cible_tmp" RENAME TO "customers";

COMMIT;
