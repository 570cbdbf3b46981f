select id, name, amount, updated_at
from {{ref "events"}}
{{#if is_incremental}}
where updated_at > (select max(updated_at) from {{this}})
{{/if}}
