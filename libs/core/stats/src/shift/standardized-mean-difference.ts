import { finiteSample } from './finite-sample';

/** Summary of the reference (training) distribution of one variable. */
export interface ReferenceMoments {
  readonly mean: number;
  /** Sample standard deviation of the reference data (denominator n − 1). */
  readonly sd: number;
  /** Reference sample size; checked if given, but not used by the formula (see below). */
  readonly n?: number;
}

/** Standardized mean difference of a sample against a reference, with the sample's summary. */
export interface StandardizedMeanDifference {
  /** (mean − reference mean) / √((sd² + reference sd²) / 2). */
  readonly smd: number;
  /** Sample mean. */
  readonly mean: number;
  /** Sample standard deviation, denominator n − 1. */
  readonly sd: number;
  /** Sample size. */
  readonly n: number;
}

/**
 * Standardized mean difference of a variable in a new sample (e.g. this month's patients) against
 * its reference (training) distribution, the usual screen for covariate shift:
 *
 *   SMD = (x̄_sample − x̄_ref) / √((s²_sample + s²_ref) / 2),
 *
 * the difference in means over the square root of the average of the two variances — Austin's
 * (2009, Stat Med 28:3083) definition for continuous covariates, also Cohen's d with the
 * unweighted pooled SD. The average is unweighted on purpose: a large new sample should not pull
 * the yardstick towards its own spread, and the reference needs only its mean and SD (a model
 * card summary), so `reference.n` is not used. Both SDs are sample SDs (denominator n − 1).
 * The sign is kept: positive when the sample mean is above the reference. |SMD| > 0.1 is the
 * conventional flag for a meaningful imbalance.
 *
 * @throws {RangeError} when the sample has fewer than 2 values or a non-finite one, the reference
 *   mean is not finite, its sd is negative or not finite, its n is given but not an integer ≥ 2,
 *   or both SDs are 0 (the SMD is undefined).
 */
export function standardizedMeanDifference(
  sample: ArrayLike<number>,
  reference: ReferenceMoments,
): StandardizedMeanDifference {
  const caller = 'standardizedMeanDifference';
  if (!Number.isFinite(reference.mean)) {
    throw new RangeError(`${caller}: reference mean must be finite, got ${reference.mean}`);
  }
  if (!(reference.sd >= 0 && Number.isFinite(reference.sd))) {
    throw new RangeError(`${caller}: reference sd must be a finite number >= 0, got ${reference.sd}`);
  }
  if (reference.n !== undefined && !(Number.isInteger(reference.n) && reference.n >= 2)) {
    throw new RangeError(`${caller}: reference n must be an integer >= 2, got ${reference.n}`);
  }
  if (sample.length < 2) {
    throw new RangeError(`${caller}: the sample needs at least 2 values for an sd, got ${sample.length}`);
  }
  const { mean, sd, n } = finiteSample(sample, caller);
  const pooledSd = Math.sqrt((sd * sd + reference.sd * reference.sd) / 2);
  if (pooledSd === 0) {
    throw new RangeError(`${caller}: the sample and reference sd are both 0, so the SMD is undefined`);
  }
  return { smd: (mean - reference.mean) / pooledSd, mean, sd, n };
}
