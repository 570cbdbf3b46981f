select id, name, age from {{ref "active_people"}} where age >= 18
