import { validateMeanSd } from './validate-mean-sd';

/** The two shape parameters of a beta distribution: mean α / (α + β). */
export interface BetaParameters {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * The beta distribution with a given mean and standard deviation, by the method of moments
 * (Briggs, Claxton and Sculpher, Decision Modelling for Health Economic Evaluation, OUP 2006,
 * §4.3): with m = mean and v = sd², α + β = m(1 − m)/v − 1, α = m(α + β), β = (1 − m)(α + β). The
 * usual choice for probabilities, utilities and test accuracies.
 *
 * A beta distribution's variance is always below m(1 − m) (the Bernoulli variance), so a larger
 * sd is rejected rather than silently clipped.
 *
 * @param mean the mean, in (0, 1)
 * @param sd the standard deviation, positive with sd² < mean·(1 − mean)
 */
export function betaFromMeanSd(mean: number, sd: number): BetaParameters {
  validateMeanSd('betaFromMeanSd', mean, sd);
  if (!(mean > 0 && mean < 1)) {
    throw new RangeError(`betaFromMeanSd: mean must be in (0, 1), got ${mean}`);
  }
  const bernoulliVariance = mean * (1 - mean);
  const variance = sd * sd;
  if (variance >= bernoulliVariance) {
    throw new RangeError(
      `betaFromMeanSd: sd² = ${variance} must be below mean·(1 − mean) = ${bernoulliVariance} ` +
        `(no beta distribution has mean ${mean} and sd ${sd})`,
    );
  }
  const total = bernoulliVariance / variance - 1;
  return { alpha: mean * total, beta: (1 - mean) * total };
}
