import { type EconomicParameter } from '@prospect/domain';
import { betaFromMeanSd } from './beta-from-mean-sd';
import { gammaFromMeanSd } from './gamma-from-mean-sd';
import { lognormalFromMeanSd } from './lognormal-from-mean-sd';
import { parameterSampler, type UncertainParameter } from './parameter-sampler';
import { createRng } from './random';
import { sampleParameter } from './sample-parameter';

const DRAWS = 200_000;

function sampleMoments(draw: () => number, count = DRAWS): { mean: number; sd: number } {
  const values = new Float64Array(count);
  let sum = 0;
  for (let index = 0; index < count; index++) {
    const value = draw();
    values[index] = value;
    sum += value;
  }
  const mean = sum / count;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (count - 1)) };
}

/** Sample mean within 0.5% and sample sd within 1% of the target. */
function expectMoments(draw: () => number, mean: number, sd: number): void {
  const observed = sampleMoments(draw);
  expect(Math.abs(observed.mean / mean - 1)).toBeLessThan(0.005);
  expect(Math.abs(observed.sd / sd - 1)).toBeLessThan(0.01);
}

describe('gammaFromMeanSd', () => {
  it('is the method of moments: shape = m²/s², scale = s²/m', () => {
    expect(gammaFromMeanSd(1000, 250)).toEqual({ shape: 16, scale: 62.5 });
    expect(gammaFromMeanSd(2, 4)).toEqual({ shape: 0.25, scale: 8 });
    const { shape, scale } = gammaFromMeanSd(1234.5, 321.1);
    expect(shape * scale).toBeCloseTo(1234.5, 9);
    expect(Math.sqrt(shape) * scale).toBeCloseTo(321.1, 9);
  });

  it.each([
    [1000, 250],
    [3, 6],
  ])('draws with mean %p and sd %p', (mean, sd) => {
    const rng = createRng(`gamma-mom-${mean}`);
    const { shape, scale } = gammaFromMeanSd(mean, sd);
    expectMoments(() => rng.gamma(shape, scale), mean, sd);
  });

  it('rejects a non-positive mean or sd', () => {
    expect(() => gammaFromMeanSd(0, 1)).toThrow(/mean must be positive/);
    expect(() => gammaFromMeanSd(-5, 1)).toThrow(RangeError);
    expect(() => gammaFromMeanSd(5, 0)).toThrow(/sd must be positive/);
    expect(() => gammaFromMeanSd(5, -1)).toThrow(RangeError);
    expect(() => gammaFromMeanSd(Number.NaN, 1)).toThrow(/mean must be finite/);
    expect(() => gammaFromMeanSd(5, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('betaFromMeanSd', () => {
  it('is the method of moments: α + β = m(1 − m)/s² − 1', () => {
    // m = 0.8, s = 0.04: m(1 − m)/s² − 1 = 0.16/0.0016 − 1 = 99.
    const { alpha, beta } = betaFromMeanSd(0.8, 0.04);
    expect(alpha).toBeCloseTo(79.2, 10);
    expect(beta).toBeCloseTo(19.8, 10);
    expect(betaFromMeanSd(0.5, 0.25)).toEqual({ alpha: 1.5, beta: 1.5 });
    const fitted = betaFromMeanSd(0.123, 0.05);
    const total = fitted.alpha + fitted.beta;
    expect(fitted.alpha / total).toBeCloseTo(0.123, 12);
    expect(Math.sqrt((fitted.alpha * fitted.beta) / (total * total * (total + 1)))).toBeCloseTo(0.05, 12);
  });

  it.each([
    [0.85, 0.05],
    [0.1, 0.08],
  ])('draws with mean %p and sd %p', (mean, sd) => {
    const rng = createRng(`beta-mom-${mean}`);
    const { alpha, beta } = betaFromMeanSd(mean, sd);
    expectMoments(() => rng.beta(alpha, beta), mean, sd);
  });

  it('rejects sd² ≥ mean(1 − mean) and a mean outside (0, 1)', () => {
    expect(() => betaFromMeanSd(0.5, 0.5)).toThrow(/must be below mean·\(1 − mean\) = 0\.25/);
    expect(() => betaFromMeanSd(0.9, 0.31)).toThrow(/no beta distribution/);
    expect(() => betaFromMeanSd(0.5, 0.4999)).not.toThrow();
    expect(() => betaFromMeanSd(0, 0.1)).toThrow(/\(0, 1\)/);
    expect(() => betaFromMeanSd(1, 0.1)).toThrow(/\(0, 1\)/);
    expect(() => betaFromMeanSd(0.5, 0)).toThrow(/sd must be positive/);
    expect(() => betaFromMeanSd(Number.NaN, 0.1)).toThrow(RangeError);
  });
});

describe('lognormalFromMeanSd', () => {
  it('is the method of moments: sdLog² = ln(1 + s²/m²), meanLog = ln m − sdLog²/2', () => {
    const { meanLog, sdLog } = lognormalFromMeanSd(1, Math.sqrt(Math.E - 1));
    expect(sdLog).toBeCloseTo(1, 14);
    expect(meanLog).toBeCloseTo(-0.5, 14);
    const fitted = lognormalFromMeanSd(0.75, 0.1);
    expect(Math.exp(fitted.meanLog + fitted.sdLog ** 2 / 2)).toBeCloseTo(0.75, 12);
    expect(0.75 * Math.sqrt(Math.expm1(fitted.sdLog ** 2))).toBeCloseTo(0.1, 12);
  });

  it.each([
    [0.75, 0.1],
    [2.5, 0.8],
  ])('draws with mean %p and sd %p', (mean, sd) => {
    const rng = createRng(`lognormal-mom-${mean}`);
    const { meanLog, sdLog } = lognormalFromMeanSd(mean, sd);
    expectMoments(() => Math.exp(meanLog + sdLog * rng.normal()), mean, sd);
  });

  it('rejects a non-positive mean or sd', () => {
    expect(() => lognormalFromMeanSd(0, 1)).toThrow(/mean must be positive/);
    expect(() => lognormalFromMeanSd(1, 0)).toThrow(/sd must be positive/);
    expect(() => lognormalFromMeanSd(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('sampleParameter / parameterSampler', () => {
  it.each<[string, UncertainParameter]>([
    ['gamma', { value: 5400, distribution: { type: 'gamma', sd: 900 } }],
    ['beta', { value: 0.91, distribution: { type: 'beta', sd: 0.03 } }],
    ['lognormal', { value: 0.65, distribution: { type: 'lognormal', sd: 0.12 } }],
  ])('a %s parameter has mean `value` and sd `sd`', (_, parameter) => {
    const rng = createRng(`parameter-${parameter.distribution.type}`);
    expectMoments(
      () => sampleParameter(rng, parameter),
      parameter.value,
      parameter.distribution.sd as number,
    );
  });

  it('accepts a protocol EconomicParameter as it is', () => {
    const parameter: EconomicParameter = {
      name: 'sens',
      label: 'Sensitivity',
      value: 0.9,
      distribution: { type: 'beta', sd: 0.02 },
    };
    const draw = sampleParameter(createRng('protocol'), parameter);
    expect(draw > 0 && draw < 1).toBe(true);
  });

  it('sampleParameter and a compiled sampler give the same stream', () => {
    const parameter: UncertainParameter = { value: 0.3, distribution: { type: 'beta', sd: 0.1 } };
    const a = createRng(11);
    const b = createRng(11);
    const sampler = parameterSampler(parameter);
    for (let index = 0; index < 100; index++) {
      expect(sampleParameter(a, parameter)).toBe(sampler(b));
    }
  });

  it('returns `value` without drawing for fixed parameters and for sd = 0', () => {
    const rng = createRng(3);
    const untouched = createRng(3);
    expect(sampleParameter(rng, { value: -2.5, distribution: { type: 'fixed' } })).toBe(-2.5);
    expect(sampleParameter(rng, { value: 7, distribution: { type: 'fixed', sd: 3 } })).toBe(7);
    expect(sampleParameter(rng, { value: 40, distribution: { type: 'gamma', sd: 0 } })).toBe(40);
    expect(sampleParameter(rng, { value: 0.4, distribution: { type: 'beta', sd: 0 } })).toBe(0.4);
    expect(sampleParameter(rng, { value: 1.2, distribution: { type: 'lognormal', sd: 0 } })).toBe(1.2);
    expect(rng.uint32()).toBe(untouched.uint32());
  });

  it('gives positive draws for gamma and lognormal, draws in (0, 1) for beta', () => {
    const rng = createRng('support');
    const gamma = parameterSampler({ value: 2, distribution: { type: 'gamma', sd: 5 } });
    const beta = parameterSampler({ value: 0.02, distribution: { type: 'beta', sd: 0.03 } });
    const lognormal = parameterSampler({ value: 1, distribution: { type: 'lognormal', sd: 3 } });
    for (let index = 0; index < 20_000; index++) {
      expect(gamma(rng)).toBeGreaterThanOrEqual(0);
      const p = beta(rng);
      expect(p >= 0 && p <= 1).toBe(true);
      expect(lognormal(rng)).toBeGreaterThan(0);
    }
  });

  it('rejects values outside the support, a missing or negative sd and unknown types', () => {
    const rng = createRng(1);
    const sample = (parameter: unknown) => () => sampleParameter(rng, parameter as UncertainParameter);
    expect(sample({ value: Number.NaN, distribution: { type: 'fixed' } })).toThrow(/finite/);
    expect(sample({ value: 0.5, distribution: { type: 'gamma' } })).toThrow(/needs a finite sd/);
    expect(sample({ value: 0.5, distribution: { type: 'beta', sd: -0.1 } })).toThrow(/sd ≥ 0/);
    expect(sample({ value: 1.5, distribution: { type: 'beta', sd: 0.1 } })).toThrow(/\(0, 1\)/);
    expect(sample({ value: 0, distribution: { type: 'beta', sd: 0 } })).toThrow(/\(0, 1\)/);
    expect(sample({ value: -1, distribution: { type: 'gamma', sd: 1 } })).toThrow(/positive/);
    expect(sample({ value: 0, distribution: { type: 'lognormal', sd: 1 } })).toThrow(/positive/);
    expect(sample({ value: 0.5, distribution: { type: 'beta', sd: 0.5 } })).toThrow(/no beta distribution/);
    expect(sample({ value: 1, distribution: { type: 'normal', sd: 1 } })).toThrow(
      /unknown distribution type "normal"/,
    );
    expect(sample({ value: 1 })).toThrow(/no distribution/);
  });
});
