-- Generator internals, not a source system: the ground truth behind the messy sources. One row per real
-- person, holding every identifier that person uses in the sources and the latent behaviour the other raw_*
-- generators read (so that CRM, e-shop, POS, web, emails and orders agree about who is who). Identity
-- resolution must never read this table; tests may, to score it.
-- Everything derives from (hash(person_id, seed, salt) >> 1)::BIGINT: same seed and size, same shop, on every run.
-- The CTEs are layers on purpose: DuckDB re-evaluates a lateral column alias at each use, so anything used
-- twice (names, domains, dates) is computed in one layer and read by the next.
with
cal as (select '{{var "demo_today"}}'::DATE as today, '{{var "demo_today"}}'::DATE - 1095 as start_day),
-- French stores repeated by catchment, so that a uniform draw in the bag is a population-weighted draw.
store_bag as (
  select list(store_id order by store_id, r) as ids
  from {{ref "raw_stores"}}, range(catchment_population // 10) t(r)
  where country = 'FR'
),
base as (
  select i as person_id,
    -- A bijection of [0, N): the (first name, last name) pair is name_key % 10000 and the e-mail handle's
    -- number is name_key // 10000, so every handle is unique while names look like a French population.
    ((i - 1) * 2147483647 + {{var "demo_seed"}} * 7919) % {{var "demo_customers"}} as name_key,
    (hash(i, {{var "demo_seed"}}, 'p1') >> 1)::BIGINT as h1, (hash(i, {{var "demo_seed"}}, 'p2') >> 1)::BIGINT as h2,
    (hash(i, {{var "demo_seed"}}, 'p3') >> 1)::BIGINT as h3, (hash(i, {{var "demo_seed"}}, 'p4') >> 1)::BIGINT as h4,
    (hash(i, {{var "demo_seed"}}, 'p5') >> 1)::BIGINT as h5, (hash(i, {{var "demo_seed"}}, 'p6') >> 1)::BIGINT as h6,
    (hash(i, {{var "demo_seed"}}, 'p7') >> 1)::BIGINT as h7, (hash(i, {{var "demo_seed"}}, 'p8') >> 1)::BIGINT as h8
  from {{ref "gen_person_ids"}} t(i)   -- a table, not range(): parallel generation
),
l1 as (
  select b.*, cal.*,
    ['Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Christine', 'Valérie', 'Sandrine', 'Sophie',
     'Céline', 'Julie', 'Aurélie', 'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Sarah', 'Laura', 'Pauline',
     'Claire', 'Anne', 'Émilie', 'Élodie', 'Mélanie', 'Stéphanie', 'Caroline', 'Virginie', 'Hélène', 'Laurence',
     'Martine', 'Monique', 'Nicole', 'Brigitte', 'Audrey', 'Margaux', 'Lucie', 'Jade', 'Louise', 'Alice', 'Zoé',
     'Lina', 'Mathilde', 'Charlotte', 'Juliette', 'Clara', 'Océane', 'Agathe',
     'Jean', 'Pierre', 'Michel', 'Philippe', 'Alain', 'Nicolas', 'Christophe', 'Patrick', 'Daniel', 'Laurent',
     'Frédéric', 'Stéphane', 'Sébastien', 'Julien', 'David', 'Olivier', 'Thomas', 'Éric', 'Pascal', 'Vincent',
     'François', 'Antoine', 'Maxime', 'Alexandre', 'Romain', 'Guillaume', 'Hugo', 'Lucas', 'Louis', 'Gabriel',
     'Arthur', 'Jules', 'Léo', 'Nathan', 'Théo', 'Paul', 'Raphaël', 'Mathieu', 'Benoît', 'Jérôme', 'Cédric',
     'Fabrice', 'Damien', 'Bruno', 'Thierry', 'Yann', 'Kévin', 'Mehdi', 'Karim', 'Adrien'][name_key % 100 + 1] as first_name,
    ['Martin', 'Bernard', 'Dubois', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefebvre', 'Girard', 'Fournier', 'Morel',
     'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Muller', 'Faure', 'Mercier', 'Blanc', 'Guérin',
     'Boyer', 'Garnier', 'Chevalier', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin', 'Morin', 'Roussel',
     'Masson', 'Marchand', 'Duval', 'Dumont', 'Lemaire', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard',
     'Giraud', 'Joly', 'Rivière', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Roche', 'Renard',
     'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard', 'Fabre', 'Aubert', 'Lemoine', 'Renaud',
     'Dumas', 'Lacroix', 'Bourgeois', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Lecomte', 'Carpentier', 'Hubert',
     'Moulin', 'Bailly', 'Hamon', 'Langlois', 'Le Gall', 'Prévost', 'Da Silva', 'Benoit', 'Cordier', 'Tessier',
     'Bertin', 'Perret', 'Marty', 'Collet', 'Weber', 'Royer', 'Baron', 'Lebrun', 'Jacob', 'Ferreira', 'Humbert',
     'Poirier', 'Charpentier', 'Klein', 'Besson', 'Millet', 'Laine', 'Gilbert'][(name_key // 100) % 100 + 1] as last_name,
    name_key // 10000 as handle_no,
    case when name_key % 100 < 50 then 'F' else 'M' end as gender,
    -- 95 % live in France near a store; the rest are European web customers (Brussels has a store).
    case when h1 % 1000 < 950 then 'FR' when h1 % 1000 < 975 then 'BE' when h1 % 1000 < 985 then 'CH'
         when h1 % 1000 < 990 then 'LU' when h1 % 1000 < 995 then 'DE' else 'ES' end as country,
    case when h1 % 1000 < 950 then bag.ids[1 + ((h1 >> 10) % len(bag.ids))::INT]
         when h1 % 1000 < 975 then 'S31' end as home_store_id,
    -- Age 18-82 skewed to 30-55.
    today - ((18 + 64 * pow(((h1 >> 20) % 1000) / 1000, 1.4)) * 365.25)::INT as birth_date,
    -- First contact over five years, growing: a third predate the three years of history the sources keep,
    -- so the shop has a customer base on day one (their older orders are simply not in the extracts).
    start_day - 730 + floor(1825 * pow(((h1 >> 30) % 1000) / 1000, 0.85))::INT as created_day,
    case when home_store_id is null then 'web' when (h1 >> 40) % 100 < 40 then 'web'
         when (h1 >> 40) % 100 < 75 then 'store' else 'mixed' end as channel_pref,
    (h1 >> 50) % 100 < 70 as is_buyer,
    -- Subscriber numbers are a bijection of person_id (unique), after a mobile or landline range digit.
    lpad(((person_id * 2654435761 + {{var "demo_seed"}} * 97) % 100000000)::VARCHAR, 8, '0') as digits8,
    (h4 >> 16) % 100 as value_roll,
    (h3 >> 8) % 100 < 4 as email_bounces
  from base b, cal, store_bag bag
),
l2 as (
  select l1.*, s.store_city, s.store_postal_code,
    replace(strip_accents(first_name), ' ', '') || ['.', '', '_', '.'][1 + (h3 % 4)::INT]
      || replace(strip_accents(last_name), ' ', '') || case when handle_no > 0 then handle_no::VARCHAR else '' end as handle_cased,
    -- 4 % typed a misspelt domain: those addresses hard-bounce in raw_email_events.
    case when email_bounces then ['gmial.com', 'hotmial.fr', 'orange.fe', 'yahooo.fr', 'gmail.con'][1 + ((h3 >> 16) % 5)::INT]
         when country = 'BE' and (h3 >> 16) % 3 = 0 then 'skynet.be' when country = 'CH' and (h3 >> 16) % 3 = 0 then 'bluewin.ch'
         else ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'orange.fr',
               'orange.fr', 'orange.fr', 'hotmail.fr', 'hotmail.fr', 'yahoo.fr', 'yahoo.fr', 'free.fr', 'free.fr',
               'outlook.fr', 'sfr.fr', 'laposte.net', 'icloud.com'][1 + ((h3 >> 16) % 20)::INT] end as email_domain,
    case when h2 % 100 < 3 then null
         when country = 'FR' then (case when h2 % 100 < 10 then ((h2 >> 8) % 5 + 1)::VARCHAR when h2 % 2 = 0 then '6' else '7' end) || digits8
         when country = 'DE' then '15' || digits8 when country in ('BE', 'CH') then (case when country = 'BE' then '4' else '7' end) || digits8
         else '6' || digits8 end as subscriber,
    case country when 'FR' then '+33' when 'BE' then '+32' when 'CH' then '+41' when 'LU' then '+352'
                 when 'DE' then '+49' else '+34' end as dial_code,
    date_diff('year', birth_date, today) as age,
    case when not is_buyer then null when value_roll < 45 then 'one_time' when value_roll < 70 then 'occasional'
         when value_roll < 90 then 'regular' else 'vip' end as value_class,
    channel_pref <> 'store' or (h4 >> 24) % 100 < 25 as has_account,
    channel_pref <> 'web' and (is_buyer or (h4 >> 40) % 100 < 15) and (h4 >> 48) % 100 < 85 as has_card,
    least(today, created_day + case when (h6 >> 58) % 2 = 0 then 0 else (90 * pow((h7 % 1000) / 1000, 3))::INT end) as first_order_day
  from l1 left join (select store_id, city as store_city, postal_code as store_postal_code from {{ref "raw_stores"}}) s
    on s.store_id = l1.home_store_id
),
l3 as (
  select l2.*,
    case when (h7 >> 10) % 100 < 40
         then greatest(first_order_day, start_day) + ((today - greatest(first_order_day, start_day)) * ((h7 >> 20) % 1000) / 1000)::INT
         else today end as active_until,
    case when age < 26 or (h5 >> 32) % 10 < 2 then 'single' when (h5 >> 32) % 10 < 4 then 'couple'
         when age > 70 and (h5 >> 32) % 10 = 9 then 'widowed' when (h5 >> 32) % 10 = 9 then 'divorced' else 'married' end as family_status,
    case when age >= 64 then 'retired' when age < 24 and h6 % 10 < 7 then 'student'
         else ['employee', 'employee', 'employee', 'manager', 'manager', 'intermediate_profession', 'intermediate_profession',
               'worker', 'self_employed', 'unemployed'][1 + (h6 % 10)::INT] end as job,
    1 + [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][1 + ((h6 >> 40) % 10)::INT] as n_cookies
  from l2
),
l4 as (
  select l3.*,
    case when job = 'manager' then ['35-50k', '50-75k', '75k+'][1 + ((h6 >> 16) % 3)::INT] when job in ('student', 'unemployed') then '<20k'
         else ['<20k', '20-35k', '20-35k', '35-50k', '50-75k'][1 + ((h6 >> 16) % 5)::INT] end as income_band
  from l3
)
select
  -- Categorical traits are ENUMs: cheap to store (plain strings cost far more in a DuckDB file).
  person_id, first_name, last_name, gender::ENUM('F', 'M') as gender, birth_date, country::ENUM('FR', 'BE', 'CH', 'LU', 'DE', 'ES') as country,
  ((h2 >> 16) % 150 + 1)::VARCHAR || ' ' || ['rue de la République', 'avenue Jean Jaurès', 'boulevard Victor Hugo', 'rue Pasteur',
    'place de la Mairie', 'allée des Tilleuls', 'impasse des Lilas', 'chemin du Moulin', 'rue des Écoles', 'avenue de la Gare',
    'rue du Général Leclerc', 'rue Nationale'][1 + ((h2 >> 24) % 12)::INT] as address_line,
  case when country = 'FR' and store_postal_code like '750%' then '750' || lpad(((h2 >> 32) % 20 + 1)::VARCHAR, 2, '0')
       when country = 'FR' then store_postal_code when country = 'BE' then (1000 + 10 * ((h2 >> 32) % 12))::VARCHAR
       when country = 'CH' then '1204' when country = 'LU' then '1009' when country = 'DE' then '79098' else '08001' end as postal_code,
  case country when 'FR' then store_city when 'BE' then 'Bruxelles' when 'CH' then 'Genève' when 'LU' then 'Luxembourg'
               when 'DE' then 'Freiburg im Breisgau' else 'Barcelona' end as city,
  home_store_id, email_bounces,
  lower(handle_cased) || '@' || email_domain as email,
  -- How the person types it (capitalised names for 30 %); each source adds its own spaces and case on top.
  case when (h3 >> 24) % 10 < 3 then handle_cased || '@' || email_domain else lower(handle_cased) || '@' || email_domain end as email_typed,
  -- 20 % also use a second address (old provider or work), typically on a second e-shop account.
  case when (h3 >> 32) % 100 < 20 then lower(strip_accents(left(first_name, 1)) || replace(strip_accents(last_name), ' ', ''))
    || handle_no::VARCHAR || (person_id % 7)::VARCHAR || '@'
    || ['laposte.net', 'free.fr', 'wanadoo.fr', 'outlook.com', 'proton.me'][1 + ((h3 >> 40) % 5)::INT] end as email_alt,
  -- Phones: E.164 truth and the national written form; each source derives its own formats from these two.
  dial_code || subscriber as phone_e164,
  case when country = 'FR'
       then '0' || subscriber[1] || ' ' || subscriber[2:3] || ' ' || subscriber[4:5] || ' ' || subscriber[6:7] || ' ' || subscriber[8:9]
       when country = 'BE'
       then '0' || subscriber[1:3] || ' ' || subscriber[4:5] || ' ' || subscriber[6:7] || ' ' || subscriber[8:9]
       else dial_code || ' ' || subscriber end as phone_national,
  created_day::TIMESTAMP + to_seconds(((h4 % 46800) + 28800)::BIGINT) as created_at,
  channel_pref::ENUM('web', 'store', 'mixed') as channel_pref, is_buyer and first_order_day < today as is_buyer,
  value_class::ENUM('one_time', 'occasional', 'regular', 'vip') as value_class,
  -- Identifiers held in each source system.
  has_account, has_account and (h4 >> 32) % 100 < 8 as has_second_account,
  has_card, has_card and h5 % 100 < 4 as has_replaced_card,
  has_card or (h5 >> 8) % 100 < (case when is_buyer then 90 else 65 end) as in_crm,
  in_crm and (h5 >> 16) % 100 < 3 as has_crm_duplicate,
  case when is_buyer then (h5 >> 24) % 100 < 15 else (h5 >> 24) % 100 < 90 end as is_lead,
  -- Ids are bijections of (person, slot) modulo 10^9: unique, and they do not reveal the person.
  'C' || lpad(((person_id * 2 * 2654435761 + {{var "demo_seed"}} * 11) % 1000000000)::VARCHAR, 9, '0') as customer_id,
  case when has_crm_duplicate
       then 'C' || lpad((((person_id * 2 + 1) * 2654435761 + {{var "demo_seed"}} * 11) % 1000000000)::VARCHAR, 9, '0') end as customer_id_dup,
  case when has_account then (person_id * 2 * 2654435761 + {{var "demo_seed"}} * 13) % 1000000000 end as account_id,
  case when has_second_account then ((person_id * 2 + 1) * 2654435761 + {{var "demo_seed"}} * 13) % 1000000000 end as account_id_2,
  case when has_card
       then '2900' || lpad(((person_id * 2 * 2654435761 + {{var "demo_seed"}} * 17) % 1000000000)::VARCHAR, 9, '0') end as card_id,
  -- When each identifier appeared: e-shop accounts and loyalty cards may come after the first contact.
  case when has_replaced_card
       then '2900' || lpad((((person_id * 2 + 1) * 2654435761 + {{var "demo_seed"}} * 17) % 1000000000)::VARCHAR, 9, '0') end as card_id_2,
  -- When each identifier appeared: store customers open their e-shop account later; cards come within two months.
  case when has_account then created_day
    + case when channel_pref = 'store' then ((today - created_day) * ((h3 >> 44) % 1000) / 1000)::INT else 0 end end as account_created_day,
  case when has_account and (h4 >> 32) % 100 < 8
       then account_created_day + ((today - account_created_day) * ((h2 >> 40) % 1000) / 1000)::INT end as account_2_created_day,
  case when has_card
       then least(today, created_day + case when channel_pref = 'store' then 0 else ((h2 >> 50) % 60)::INT end) end as card_enrolled_day,
  case when has_card and h5 % 100 < 4
       then card_enrolled_day + ((today - card_enrolled_day) * ((h6 >> 50) % 1000) / 1000)::INT end as card_2_enrolled_day,
  -- Declared household and lifestyle (what the loyalty form asks), consistent with age.
  (h5 >> 54) % 100 < 55 as household_declared,
  family_status::ENUM('single', 'couple', 'married', 'divorced', 'widowed') as family_status,
  case when age < 25 or age > 65 then 0 else [0, 0, 1, 1, 2, 2, 2, 3, 3, 4][1 + ((h5 >> 40) % 10)::INT] end as children_count,
  (case when age > 45 and (h5 >> 48) % 10 < 8 then 'owner' when (h5 >> 48) % 10 < 5 then 'owner' else 'tenant' end
  )::ENUM('owner', 'tenant') as housing,
  job::ENUM('employee', 'manager', 'intermediate_profession', 'worker', 'self_employed', 'unemployed', 'retired', 'student') as job,
  case when job = 'manager' then 'master' when job = 'student' then 'bachelor'
       else ['secondary', 'vocational', 'baccalaureate', 'baccalaureate', 'bachelor', 'master'][1 + ((h6 >> 8) % 6)::INT]
  end::ENUM('secondary', 'vocational', 'baccalaureate', 'bachelor', 'master') as education,
  income_band::ENUM('<20k', '20-35k', '35-50k', '50-75k', '75k+') as income_band,
  (h6 >> 24) % 100 < 62 as email_opt_in,
  (h6 >> 32) % 100 < (case when (h6 >> 24) % 100 < 62 then 40 else 10 end) as sms_opt_in,
  -- Browser cookies (devices, cleared cookies) and their anonymous ids: UUIDs, like Segment's anonymousId.
  n_cookies,
  list_transform(range(n_cookies), lambda c: (to_hex(hash(person_id, c, {{var "demo_seed"}}, 'ck1') | 9223372036854775808::UBIGINT)
    || to_hex(hash(person_id, c, {{var "demo_seed"}}, 'ck2') | 9223372036854775808::UBIGINT))::UUID) as anonymous_ids,
  -- Buying behaviour, read by gen_orders and the web, cart, survey and ticket generators.
  case when is_buyer and first_order_day < today then first_order_day end as first_order_day,
  -- 40 % of buyers stop buying at some point within the history (the lapsed and at-risk customers).
  active_until,
  case when not is_buyer or first_order_day >= today then 0 when value_class = 'one_time' then 1
       else least(60, 1 + (active_until - first_order_day) // 10, greatest(
         case value_class when 'occasional' then 2 when 'regular' then 3 else 5 end,
         round((active_until - first_order_day) / 365 * (0.6 + ((h7 >> 30) % 1000) / 1250)
               * case value_class when 'occasional' then 2 when 'regular' then 5 else 13 end)::INT)) end as n_orders,
  -- Promophilie: 15 % discount lovers buy mostly on promotion.
  case when (h7 >> 40) % 100 < 15 then 0.6 + ((h7 >> 47) % 30) / 100 else 0.05 + ((h7 >> 47) % 30) / 100 end as p_discount,
  -- Favourite category (weighted) and how many neighbouring categories (see raw_products) they also buy.
  [0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 7, 8][1 + (h8 % 20)::INT] as main_category_index,
  [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 6][1 + ((h8 >> 8) % 20)::INT] as n_categories,
  pow(((h8 >> 16) % 1000) / 1000, 2) * (case when income_band in ('50-75k', '75k+') then 0.8 else 0.45 end) as premium_affinity,
  (h8 >> 26) % 100 < 12 as is_seasonal,
  case when (h8 >> 33) % 100 < 30 then 1 + ((h8 >> 40) % 7)::INT end as preferred_isodow,
  (h8 >> 44) % 100 < 15 as is_multi_store,
  -- Latent satisfaction in [0, 1], skewed high: drives NPS, CSAT and ticket satisfaction.
  pow(((h8 >> 51) % 1000) / 1000, 0.55) as satisfaction
from l4
