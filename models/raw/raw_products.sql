-- Product catalogue (PIM export): 10 categories x 150 products, independent of the shop's size.
-- Categories are listed in an order where neighbours are bought together (women's wear with shoes and
-- accessories, bed linen with decor...): gen_orders draws a customer's categories as a run of neighbours,
-- so that the product-affinity matrix has real lifts.
-- Within a category, rank j is the popularity rank (order lines draw low j more often) and j % 5 fixes the
-- price range, so that premium-minded customers can be steered to premium products without a join.
with categories as (
  select * from (values
    (0, 'women',       'fashion', 29.0, ['Robe', 'Blouse', 'Jean', 'Pull', 'Jupe', 'Manteau']),
    (1, 'shoes',       'fashion', 49.0, ['Baskets', 'Bottines', 'Escarpins', 'Sandales', 'Mocassins']),
    (2, 'accessories', 'fashion', 19.0, ['Sac', 'Ceinture', 'Écharpe', 'Chapeau', 'Foulard']),
    (3, 'kids',        'fashion', 15.0, ['Body', 'Pyjama', 'Sweat', 'Short', 'Parka']),
    (4, 'men',         'fashion', 35.0, ['Chemise', 'Chino', 'Veste', 'Polo', 'Pull']),
    (5, 'bed_bath',    'home',    25.0, ['Parure de lit', 'Drap housse', 'Serviette', 'Plaid', 'Peignoir']),
    (6, 'decor',       'home',    15.0, ['Vase', 'Coussin', 'Cadre', 'Bougie parfumée', 'Miroir']),
    (7, 'kitchen',     'home',     9.0, ['Assiette', 'Mug', 'Saladier', 'Casserole', 'Verre']),
    (8, 'lighting',    'home',    39.0, ['Lampe', 'Suspension', 'Applique', 'Guirlande lumineuse', 'Lampadaire']),
    (9, 'furniture',   'home',   119.0, ['Table basse', 'Chaise', 'Étagère', 'Fauteuil', 'Console'])
  ) as c(category_index, category, family, base_price, nouns)
),
products as (
  select c.*, j,
    case when j % 5 = 4 then 'premium' when j % 5 >= 2 then 'core' else 'entry' end as price_range,
    (hash(c.category_index, j, 'product') >> 1)::BIGINT as h
  from categories c, range(150) r(j)
)
select
  (1000 * (category_index + 1) + j)::INT as product_id,
  'SKU-' || upper(left(category, 3)) || '-' || lpad(j::VARCHAR, 4, '0') as sku,
  nouns[1 + (h % len(nouns))::INT] || ' '
    || ['Essentiel', 'Riviera', 'Atelier', 'Bohème', 'Héritage', 'Oslo', 'Camargue', 'Nomade'][1 + ((h >> 8) % 8)::INT] || ' '
    || ['blanc', 'noir', 'bleu marine', 'beige', 'terracotta', 'vert sauge', 'rose poudré', 'gris chiné', 'camel'][1 + ((h >> 16) % 9)::INT]
    as product_name,
  category,
  family,
  price_range,
  -- Prices end in .99 like a real shelf label; the multiplier band depends on the price range.
  greatest(4.99, round(base_price * case price_range
      when 'entry' then 0.6 + ((h >> 24) % 30) / 100
      when 'core' then 0.9 + ((h >> 24) % 50) / 100
      else 1.5 + ((h >> 24) % 80) / 100 end) - 0.01)::DECIMAL(10, 2) as list_price,
  (j + 1)::INT as popularity_rank
from products
