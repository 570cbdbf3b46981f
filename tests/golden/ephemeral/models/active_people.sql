select id, name, age from {{ref "people"}} where active
