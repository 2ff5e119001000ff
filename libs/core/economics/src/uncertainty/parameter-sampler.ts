import { betaFromMeanSd } from './beta-from-mean-sd';
import { gammaFromMeanSd } from './gamma-from-mean-sd';
import { lognormalFromMeanSd } from './lognormal-from-mean-sd';
import { type Rng } from './random';

/** The distributions a model parameter can be given in a probabilistic sensitivity analysis. */
export type ParameterDistributionType = 'fixed' | 'gamma' | 'beta' | 'lognormal';

/**
 * A model parameter: its base-case value (the mean of its distribution) and its uncertainty.
 * `sd` is required except for `fixed`; an sd of 0 means no uncertainty (every draw is `value`).
 */
export interface UncertainParameter {
  readonly value: number;
  readonly distribution: {
    readonly type: ParameterDistributionType;
    readonly sd?: number;
  };
}

/**
 * Compiles a parameter into a sampler: validation and the method-of-moments fit happen once, so
 * each draw costs only the variate itself (what a PSA of 10⁴ draws × many parameters needs).
 *
 * - `fixed`: always `value`.
 * - `gamma`: Gamma with mean `value` and sd `sd` ({@link gammaFromMeanSd}); `value` > 0.
 * - `beta`: Beta with mean `value` and sd `sd` ({@link betaFromMeanSd}); `value` in (0, 1).
 * - `lognormal`: exp(N(meanLog, sdLog²)) with mean `value` and sd `sd`
 *   ({@link lognormalFromMeanSd}); `value` > 0.
 *
 * @param parameter the parameter's value and distribution
 * @returns a function drawing one value from `rng`
 */
export function parameterSampler(parameter: UncertainParameter): (rng: Rng) => number {
  const { value, distribution } = parameter;
  if (typeof distribution !== 'object' || distribution === null) {
    throw new RangeError('parameterSampler: the parameter has no distribution');
  }
  const type = distribution.type;
  if (!Number.isFinite(value)) {
    throw new RangeError(`parameterSampler: value must be finite, got ${value}`);
  }
  if (type === 'fixed') return () => value;
  const sd = distribution.sd;
  if (typeof sd !== 'number' || !Number.isFinite(sd) || sd < 0) {
    throw new RangeError(
      `parameterSampler: a ${String(type)} distribution needs a finite sd ≥ 0, got ${String(sd)}`,
    );
  }
  switch (type) {
    case 'gamma': {
      if (!(value > 0))
        throw new RangeError(`parameterSampler: a gamma value must be positive, got ${value}`);
      if (sd === 0) return () => value;
      const { shape, scale } = gammaFromMeanSd(value, sd);
      return (rng) => rng.gamma(shape, scale);
    }
    case 'beta': {
      if (!(value > 0 && value < 1)) {
        throw new RangeError(`parameterSampler: a beta value must be in (0, 1), got ${value}`);
      }
      if (sd === 0) return () => value;
      const { alpha, beta } = betaFromMeanSd(value, sd);
      return (rng) => rng.beta(alpha, beta);
    }
    case 'lognormal': {
      if (!(value > 0)) {
        throw new RangeError(`parameterSampler: a lognormal value must be positive, got ${value}`);
      }
      if (sd === 0) return () => value;
      const { meanLog, sdLog } = lognormalFromMeanSd(value, sd);
      return (rng) => Math.exp(meanLog + sdLog * rng.normal());
    }
    default:
      throw new RangeError(
        `parameterSampler: unknown distribution type ${JSON.stringify(type)} ` +
          `(expected 'fixed', 'gamma', 'beta' or 'lognormal')`,
      );
  }
}
