-- Monthly marketing spend per channel and objective (acquisition / retention), in EUR.
select month, channel, objective, spend_eur
from {{ref "raw_marketing_spend"}}
