import { parameterSampler, type UncertainParameter } from './parameter-sampler';
import { type Rng } from './random';

/**
 * One draw of a model parameter from its PSA distribution (method-of-moments gamma, beta or
 * lognormal with mean `value` and sd `distribution.sd`, or `value` itself when fixed); see
 * {@link parameterSampler} for the rules. Fits the distribution on every call: in a loop over
 * draws, compile once with `parameterSampler` instead.
 *
 * @param rng the seeded stream to draw from
 * @param parameter the parameter's value and distribution
 */
export function sampleParameter(rng: Rng, parameter: UncertainParameter): number {
  return parameterSampler(parameter)(rng);
}
