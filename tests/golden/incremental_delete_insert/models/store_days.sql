select store, day, sales, loaded_at
from {{ref "daily_sales"}}
{{#if is_incremental}}
where loaded_at > (select max(loaded_at) from {{this}})
{{/if}}
