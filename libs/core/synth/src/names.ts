/**
 * Invented name parts for synthetic patients. Combinations are random; no list here comes from a
 * patient register. Names exist only so that search-by-name can be exercised and so that tests can
 * check that names never reach logs or exports.
 */
export const GIVEN_NAMES_FEMALE = [
  'Alma',
  'Brida',
  'Cora',
  'Dalia',
  'Elin',
  'Fenja',
  'Greta',
  'Hedda',
  'Ilse',
  'Juna',
  'Kaja',
  'Liv',
  'Mira',
  'Nele',
  'Oda',
  'Pia',
] as const;
export const GIVEN_NAMES_MALE = [
  'Arvid',
  'Bent',
  'Claas',
  'Dorian',
  'Eske',
  'Falk',
  'Gero',
  'Hauke',
  'Ivo',
  'Jorin',
  'Kilian',
  'Lasse',
  'Malte',
  'Nils',
  'Ole',
  'Piet',
] as const;
export const FAMILY_NAMES = [
  'Synthaler',
  'Probstmann',
  'Kohortsen',
  'Zufallberg',
  'Testrup',
  'Beispielholz',
  'Musterfeld',
  'Simulek',
  'Modellhagen',
  'Platzhalt',
  'Fiktorius',
  'Erfundheim',
] as const;
