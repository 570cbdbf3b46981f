-- Estimated yearly sector spend per CRM customer (external provider), for share of wallet.
select customer_id, year, estimated_sector_spend_eur, confidence
from {{ref "raw_wallet_estimates"}}
