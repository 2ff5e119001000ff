import { validateMeanSd } from './validate-mean-sd';

/** Mean and standard deviation of log X for a lognormal X. */
export interface LognormalParameters {
  readonly meanLog: number;
  readonly sdLog: number;
}

/**
 * The lognormal distribution with a given mean and standard deviation (of X, not of log X), by the
 * method of moments: sdLog² = ln(1 + sd²/mean²), meanLog = ln(mean) − sdLog²/2 (Briggs, Claxton
 * and Sculpher, Decision Modelling for Health Economic Evaluation, OUP 2006, §4.3), the usual
 * choice for relative risks and hazard ratios.
 *
 * @param mean the mean of X, positive
 * @param sd the standard deviation of X, positive
 */
export function lognormalFromMeanSd(mean: number, sd: number): LognormalParameters {
  validateMeanSd('lognormalFromMeanSd', mean, sd);
  if (!(mean > 0)) throw new RangeError(`lognormalFromMeanSd: mean must be positive, got ${mean}`);
  const ratio = sd / mean;
  const varianceLog = Math.log1p(ratio * ratio);
  return { meanLog: Math.log(mean) - varianceLog / 2, sdLog: Math.sqrt(varianceLog) };
}
