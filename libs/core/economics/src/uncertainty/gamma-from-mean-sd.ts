import { validateMeanSd } from './validate-mean-sd';

/** Shape k and scale θ of a gamma distribution: mean kθ, variance kθ². */
export interface GammaParameters {
  readonly shape: number;
  readonly scale: number;
}

/**
 * The gamma distribution with a given mean and standard deviation, by the method of moments:
 * shape = mean² / sd², scale = sd² / mean (Briggs, Claxton and Sculpher, Decision Modelling for
 * Health Economic Evaluation, OUP 2006, §4.3), the usual choice for costs and other positive,
 * right-skewed parameters.
 *
 * @param mean the mean, positive
 * @param sd the standard deviation, positive
 */
export function gammaFromMeanSd(mean: number, sd: number): GammaParameters {
  validateMeanSd('gammaFromMeanSd', mean, sd);
  if (!(mean > 0)) throw new RangeError(`gammaFromMeanSd: mean must be positive, got ${mean}`);
  const variance = sd * sd;
  return { shape: (mean * mean) / variance, scale: variance / mean };
}
