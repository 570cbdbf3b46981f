-- Web analytics hits (the shape of a Segment or GA4 export): one row per event, keyed by the browser's
-- anonymous_id (a cookie; people have several), carrying the e-shop account_id only while logged in.
-- A login stitches a cookie to an account: converted carts log in at checkout at the latest.
-- Low-cardinality columns are DuckDB ENUMs: this is the biggest table and ENUMs keep generation fast;
-- they compare and cast like strings.
select
  s.session_id,
  s.anonymous_id,
  case when not s.login_at_checkout or e = s.n_events - 1 then s.account_id end as account_id,
  -- Hits are evenly spread between the session start and its end (the checkout time for carts, else 45 s apart).
  make_timestamp(epoch_us(s.started_at) + case when s.ended_at is null then e * 45000000
       else (epoch_us(s.ended_at) - epoch_us(s.started_at)) * e // greatest(1, s.n_events - 1) end) as event_at,
  (case when e = 0 then 'page_view'
        when not s.is_cart or e = 1 then 'product_view'
        when e <= 1 + s.n_items then 'add_to_cart'
        else 'checkout' end)::ENUM('page_view', 'product_view', 'add_to_cart', 'checkout') as event_type,
  case when e = 0 then null
       when s.is_cart then s.product_ids[greatest(1, least(e - 1, s.n_items))]
       else (1000 * (s.category_index + 1) + (s.session_id // 3 + e * 37) % 150)::INT end as product_id,
  s.device,
  s.traffic_channel
from (select *, unnest(range(n_events)) as e from {{ref "gen_web_sessions"}}) s
