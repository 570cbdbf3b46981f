-- Point-of-sale network of the demo shop (fashion + home), as exported by the store back-office.
-- A fixed list: the shop's size (demo_customers) changes how many people shop here, not where the stores are.
-- catchment_population weights where generated customers live (see gen_people); Paris and Lyon weigh most.
select
  store_id, store_name, store_type, address_line, postal_code, city, region, country,
  opened_on::DATE as opened_on, surface_m2, catchment_population
from (values
  ('S01', 'Cible Paris Rivoli',          'city_centre', '112 rue de Rivoli',             '75001', 'Paris',               'Île-de-France',              'FR', '2009-03-14', 1450, 900),
  ('S02', 'Cible Paris Montparnasse',    'city_centre', '31 rue du Départ',              '75014', 'Paris',               'Île-de-France',              'FR', '2012-09-01', 1100, 700),
  ('S03', 'Cible La Défense',            'mall',        'Centre commercial Les 4 Temps', '92800', 'Puteaux',             'Île-de-France',              'FR', '2014-04-05', 1300, 600),
  ('S04', 'Cible Boulogne',              'city_centre', '88 route de la Reine',          '92100', 'Boulogne-Billancourt','Île-de-France',              'FR', '2016-10-12',  800, 350),
  ('S05', 'Cible Versailles',            'city_centre', '14 rue de la Paroisse',         '78000', 'Versailles',          'Île-de-France',              'FR', '2018-03-21',  650, 250),
  ('S06', 'Cible Créteil Soleil',        'mall',        '101 avenue du Général de Gaulle','94000', 'Créteil',             'Île-de-France',              'FR', '2011-11-09', 1200, 450),
  ('S07', 'Cible Lyon Part-Dieu',        'mall',        '17 rue du Docteur Bouchut',     '69003', 'Lyon',                'Auvergne-Rhône-Alpes',       'FR', '2010-05-19', 1400, 520),
  ('S08', 'Cible Lyon Confluence',       'mall',        '112 cours Charlemagne',         '69002', 'Lyon',                'Auvergne-Rhône-Alpes',       'FR', '2015-04-02',  950, 330),
  ('S09', 'Cible Grenoble',              'city_centre', '9 rue Félix Poulat',            '38000', 'Grenoble',            'Auvergne-Rhône-Alpes',       'FR', '2017-06-14',  600, 220),
  ('S10', 'Cible Annecy',                'city_centre', '4 rue Royale',                  '74000', 'Annecy',              'Auvergne-Rhône-Alpes',       'FR', '2021-09-08',  500, 150),
  ('S11', 'Cible Clermont-Ferrand',      'city_centre', '21 place de Jaude',             '63000', 'Clermont-Ferrand',    'Auvergne-Rhône-Alpes',       'FR', '2019-02-27',  550, 160),
  ('S12', 'Cible Marseille Terrasses',   'mall',        '9 quai du Lazaret',             '13002', 'Marseille',           'Provence-Alpes-Côte d''Azur', 'FR', '2014-05-24', 1100, 420),
  ('S13', 'Cible Marseille Grand Littoral','mall',      '11 avenue de Saint-Antoine',    '13015', 'Marseille',           'Provence-Alpes-Côte d''Azur', 'FR', '2013-10-16',  900, 250),
  ('S14', 'Cible Aix-en-Provence',       'city_centre', '37 cours Mirabeau',             '13100', 'Aix-en-Provence',     'Provence-Alpes-Côte d''Azur', 'FR', '2016-03-30',  600, 200),
  ('S15', 'Cible Nice',                  'city_centre', '30 avenue Jean Médecin',        '06000', 'Nice',                'Provence-Alpes-Côte d''Azur', 'FR', '2012-06-06',  850, 300),
  ('S16', 'Cible Toulouse Capitole',     'city_centre', '45 rue d''Alsace-Lorraine',     '31000', 'Toulouse',            'Occitanie',                  'FR', '2011-04-13', 1000, 400),
  ('S17', 'Cible Toulouse Blagnac',      'mall',        '2 allée Émile Zola',            '31700', 'Blagnac',             'Occitanie',                  'FR', '2018-11-07',  800, 200),
  ('S18', 'Cible Montpellier',           'city_centre', '1 rue de la Loge',              '34000', 'Montpellier',         'Occitanie',                  'FR', '2015-09-23',  750, 300),
  ('S19', 'Cible Bordeaux Sainte-Catherine','city_centre','96 rue Sainte-Catherine',     '33000', 'Bordeaux',            'Nouvelle-Aquitaine',         'FR', '2010-10-20', 1050, 380),
  ('S20', 'Cible Mérignac',              'mall',        'Avenue de la Somme',            '33700', 'Mérignac',            'Nouvelle-Aquitaine',         'FR', '2017-03-15',  900, 180),
  ('S21', 'Cible Nantes',                'city_centre', '8 rue Crébillon',               '44000', 'Nantes',              'Pays de la Loire',           'FR', '2013-02-06',  850, 330),
  ('S22', 'Cible Rennes',                'city_centre', '12 rue Le Bastard',             '35000', 'Rennes',              'Bretagne',                   'FR', '2016-09-14',  700, 260),
  ('S23', 'Cible Lille',                 'city_centre', '41 rue Neuve',                  '59000', 'Lille',               'Hauts-de-France',            'FR', '2012-03-28', 1000, 380),
  ('S24', 'Cible Strasbourg',            'city_centre', '5 rue des Grandes Arcades',     '67000', 'Strasbourg',          'Grand Est',                  'FR', '2014-09-17',  800, 290),
  ('S25', 'Cible Metz',                  'mall',        'Centre Saint-Jacques',          '57000', 'Metz',                'Grand Est',                  'FR', '2020-10-03',  550, 140),
  ('S26', 'Cible Reims',                 'city_centre', '22 rue de Vesle',               '51100', 'Reims',               'Grand Est',                  'FR', '2019-05-22',  500, 140),
  ('S27', 'Cible Dijon',                 'city_centre', '50 rue de la Liberté',          '21000', 'Dijon',               'Bourgogne-Franche-Comté',    'FR', '2018-04-11',  500, 150),
  ('S28', 'Cible Rouen',                 'city_centre', '70 rue du Gros-Horloge',        '76000', 'Rouen',               'Normandie',                  'FR', '2017-11-29',  550, 170),
  ('S29', 'Cible Tours',                 'city_centre', '48 rue Nationale',              '37000', 'Tours',               'Centre-Val de Loire',        'FR', '2020-03-04',  500, 140),
  ('S30', 'Cible Troyes Outlet',         'outlet',      'Parc de l''Aube',               '10150', 'Pont-Sainte-Marie',   'Grand Est',                  'FR', '2022-05-18', 1600, 100),
  ('S31', 'Cible Bruxelles',             'city_centre', 'Rue Neuve 111',                 '1000',  'Bruxelles',           'Bruxelles-Capitale',         'BE', '2021-09-29',  900, 250)
) as s(store_id, store_name, store_type, address_line, postal_code, city, region, country, opened_on, surface_m2, catchment_population)
