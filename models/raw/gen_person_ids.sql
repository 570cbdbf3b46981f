-- Generator internals: the person ids 1..demo_customers, as a table. DuckDB reads range() on one thread;
-- gen_people reads this table instead, so that its (costly) generation runs on every core.
select i as person_id from range(1, {{var "demo_customers"}} + 1) t(i)
