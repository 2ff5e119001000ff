/** The population a decision affects, for {@link populationEvpi}. */
export interface EvpiPopulation {
  /** Patients affected by the decision each year, finite and ≥ 0. */
  readonly patientsPerYear: number;
  /** The decision's effective lifetime in years, positive and finite; may be fractional. */
  readonly years: number;
  /** Annual discount rate, e.g. 0.035, finite and ≥ 0. */
  readonly discountRate: number;
}

/**
 * Population EVPI: the per-patient EVPI times the discounted number of patients who will face the
 * decision over its lifetime (Briggs, Claxton and Sculpher 2006, §7.2.2),
 *
 *   perPatient × patientsPerYear × Σ_{t=0}^{⌈years⌉−1} min(1, years − t) / (1 + r)^t,
 *
 * with year t's cohort discounted as of the start of that year (the first year undiscounted) and a
 * final partial year counted pro rata.
 *
 * @param perPatient per-patient EVPI ({@link expectedValueOfPerfectInformation}), finite and ≥ 0
 * @param population patients per year, decision lifetime and discount rate
 */
export function populationEvpi(perPatient: number, population: EvpiPopulation): number {
  const { patientsPerYear, years, discountRate } = population;
  if (!Number.isFinite(perPatient) || perPatient < 0) {
    throw new RangeError(`populationEvpi: perPatient must be finite and ≥ 0, got ${perPatient}`);
  }
  if (!Number.isFinite(patientsPerYear) || patientsPerYear < 0) {
    throw new RangeError(`populationEvpi: patientsPerYear must be finite and ≥ 0, got ${patientsPerYear}`);
  }
  if (!Number.isFinite(years) || !(years > 0)) {
    throw new RangeError(`populationEvpi: years must be positive and finite, got ${years}`);
  }
  if (!Number.isFinite(discountRate) || discountRate < 0) {
    throw new RangeError(`populationEvpi: discountRate must be finite and ≥ 0, got ${discountRate}`);
  }
  let discountedYears = 0;
  const periods = Math.ceil(years);
  for (let year = 0; year < periods; year++) {
    discountedYears += Math.min(1, years - year) / Math.pow(1 + discountRate, year);
  }
  return perPatient * patientsPerYear * discountedYears;
}
