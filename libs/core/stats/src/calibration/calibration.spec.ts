import reference from '@prospect/fixtures/stats/calibration/calibration-reference.json';
import { calibration } from './calibration';
import { logisticRegression } from './logistic-regression';
import { lowess } from './lowess';
import { smoothedCalibrationCurve } from './smoothed-calibration-curve';

interface ReferenceFit {
  readonly estimate: number;
  readonly se: number;
  readonly ci95: number[];
  readonly iterations: number;
  readonly deviance: number;
}

interface ReferenceDataset {
  readonly name: string;
  readonly probabilities: number[];
  readonly outcomes: number[];
  readonly clip: number;
  readonly clipped: number;
  readonly intercept: ReferenceFit;
  readonly slope: ReferenceFit & { interceptOfSlopeModel: number; interceptOfSlopeModelSe: number };
  readonly brier: number;
  readonly scaledBrier: number;
  readonly lowess: { x: number[]; y: number[] };
}

interface ReferenceGlm {
  readonly name: string;
  readonly design: number[][];
  readonly outcomes: number[];
  readonly offset: number[];
  readonly coefficients: number[];
  readonly standardErrors: number[];
  readonly deviance: number;
  readonly iterations: number;
}

const DATASETS = reference.datasets as ReferenceDataset[];
const GLMS = reference.glmCases as ReferenceGlm[];
const byName = DATASETS.map((d) => [d.name, d] as const);

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

function expectClose(actual: number, expected: number, relative: number): void {
  expect(relativeError(actual, expected)).toBeLessThanOrEqual(relative);
}

describe('logisticRegression (R glm, binomial)', () => {
  it.each(GLMS.map((g) => [g.name, g] as const))('matches glm with an offset: %s', (_, g) => {
    const fit = logisticRegression(g.design, g.outcomes, { offset: g.offset });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBe(g.iterations);
    expectClose(fit.deviance, g.deviance, 1e-12);
    fit.coefficients.forEach((value, k) => expectClose(value, g.coefficients[k] as number, 1e-9));
    fit.standardErrors.forEach((value, k) => expectClose(value, g.standardErrors[k] as number, 1e-9));
  });

  it('gives the closed form for an intercept-only model: logit of the event rate', () => {
    const outcomes = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
    const fit = logisticRegression(
      outcomes.map(() => [1]),
      outcomes,
    );
    // Exact only up to the convergence tolerance of the deviance.
    expectClose(fit.coefficients[0] as number, Math.log(3 / 7), 1e-9);
    // Var(logit p̂) = 1 / (n p (1 − p)) at the estimate; like R, the SE uses the weights of the
    // previous iterate, so it matches only to the convergence tolerance.
    expectClose(fit.standardErrors[0] as number, Math.sqrt(1 / (10 * 0.3 * 0.7)), 1e-5);
  });

  it('throws on perfect separation instead of returning diverging coefficients', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const outcomes = [0, 0, 0, 0, 1, 1, 1, 1];
    expect(() =>
      logisticRegression(
        x.map((v) => [1, v]),
        outcomes,
      ),
    ).toThrow(/separation/);
    // Quasi-complete: one tie at the boundary.
    const quasi = [0, 0, 0, 1, 0, 1, 1, 1];
    const xq = [1, 2, 3, 4, 4, 5, 6, 7];
    expect(() =>
      logisticRegression(
        xq.map((v) => [1, v]),
        quasi,
      ),
    ).toThrow(/separation/);
    // All outcomes equal: the intercept diverges.
    expect(() => logisticRegression([[1], [1], [1]], [1, 1, 1])).toThrow(/separation/);
  });

  it('rejects malformed input and collinear designs', () => {
    expect(() => logisticRegression([[1, 2]], [1, 0])).toThrow(/1 design rows but 2 outcomes/);
    expect(() => logisticRegression([[1], [1, 2]], [1, 0])).toThrow(/columns/);
    expect(() => logisticRegression([[1], [1]], [1, 2])).toThrow(/0 or 1/);
    expect(() => logisticRegression([[1], [1]], [1, 0], { offset: [0] })).toThrow(/offsets/);
    expect(() =>
      logisticRegression(
        [
          [1, 2],
          [1, 2],
          [1, 2],
          [1, 2],
        ],
        [1, 0, 1, 0],
      ),
    ).toThrow(/rank deficient/);
  });
});

describe('calibration (R glm with offset, glm slope, Brier)', () => {
  it('covers n = 30, 200, 5000, miscalibration and clipped extremes', () => {
    expect(new Set(DATASETS.map((d) => d.probabilities.length))).toEqual(new Set([30, 200, 5000]));
    expect(DATASETS.some((d) => d.clipped > 0)).toBe(true);
  });

  it.each(byName)('matches R: %s', (_, d) => {
    const result = calibration(d.probabilities, d.outcomes, { confidence: 0.95, clip: d.clip });
    expect(result.clipped).toBe(d.clipped);
    expectClose(result.intercept.estimate, d.intercept.estimate, 1e-8);
    expectClose(result.intercept.se, d.intercept.se, 1e-9);
    expectClose(result.slope.estimate, d.slope.estimate, 1e-8);
    expectClose(result.slope.se, d.slope.se, 1e-9);
    result.intercept.ci.forEach((bound, k) => expectClose(bound, d.intercept.ci95[k] as number, 1e-9));
    result.slope.ci.forEach((bound, k) => expectClose(bound, d.slope.ci95[k] as number, 1e-9));
    expectClose(result.brier, d.brier, 1e-12);
    expectClose(result.scaledBrier, d.scaledBrier, 1e-10);
  });

  it('reads as ideal for data drawn from the predictions themselves', () => {
    const d = DATASETS.find((set) => set.name === 'n5000-calibrated') as ReferenceDataset;
    const result = calibration(d.probabilities, d.outcomes);
    expect(result.slope.ci[0]).toBeLessThan(1);
    expect(result.slope.ci[1]).toBeGreaterThan(1);
    expect(result.intercept.ci[0]).toBeLessThan(0);
    expect(result.intercept.ci[1]).toBeGreaterThan(0);
  });

  it('detects overconfident predictions (slope well below 1)', () => {
    const d = DATASETS.find((set) => set.name === 'n200-overconfident') as ReferenceDataset;
    expect(calibration(d.probabilities, d.outcomes).slope.ci[1]).toBeLessThan(1);
  });

  it('uses the requested confidence level for the Wald intervals', () => {
    const d = DATASETS[0] as ReferenceDataset;
    const result = calibration(d.probabilities, d.outcomes, { confidence: 0.9 });
    const z90 = 1.6448536269514722;
    expectClose(result.slope.ci[1], result.slope.estimate + z90 * result.slope.se, 1e-14);
  });

  it('scales the Brier score by the non-informative π(1 − π)', () => {
    const probabilities = [0.9, 0.2, 0.3, 0.1, 0.6, 0.4, 0.2, 0.5];
    const outcomes = [1, 0, 0, 0, 1, 1, 0, 0];
    const result = calibration(probabilities, outcomes);
    // Squared errors 0.01 0.04 0.09 0.01 0.16 0.36 0.04 0.25 sum to 0.96; prevalence 3/8.
    expectClose(result.brier, 0.96 / 8, 1e-14);
    expectClose(result.scaledBrier, 1 - 0.12 / ((3 / 8) * (5 / 8)), 1e-14);
  });

  it('rejects malformed input and single-outcome samples', () => {
    expect(() => calibration([0.5], [1, 0])).toThrow(/1 probabilities but 2 outcomes/);
    expect(() => calibration([1.5, 0.2], [1, 0])).toThrow(/\[0, 1\]/);
    expect(() => calibration([0.5, 0.2], [1, 1])).toThrow(/both outcomes/);
    expect(() => calibration([0.5, 0.2], [1, 0], { confidence: 1 })).toThrow(/confidence/);
    expect(() => calibration([0.5, 0.2], [1, 0], { clip: 0 })).toThrow(/clip/);
  });
});

describe('smoothedCalibrationCurve (R lowess, f = 2/3, iter = 0)', () => {
  it.each(byName)('matches R lowess at each distinct prediction: %s', (_, d) => {
    const { curve } = smoothedCalibrationCurve(d.probabilities, d.outcomes);
    const distinct = d.lowess.x.flatMap((x, i) => (i === 0 || x !== d.lowess.x[i - 1] ? [i] : []));
    expect(curve.map((point) => point.predicted)).toEqual(distinct.map((i) => d.lowess.x[i]));
    curve.forEach((point, k) => {
      const expected = d.lowess.y[distinct[k] as number] as number;
      expect(Math.abs(point.observed - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    });
  });

  it('gives R lowess values for every input point, ties included', () => {
    const d = DATASETS.find((set) => set.name === 'n200-ties') as ReferenceDataset;
    const order = d.probabilities
      .map((_, i) => i)
      .sort((a, b) => (d.probabilities[a] as number) - (d.probabilities[b] as number));
    const x = order.map((i) => d.probabilities[i] as number);
    const y = order.map((i) => d.outcomes[i] as number);
    const fitted = lowess(x, y, 2 / 3, 0.01 * ((x[x.length - 1] as number) - (x[0] as number)));
    fitted.forEach((value, i) =>
      expect(Math.abs(value - (d.lowess.y[i] as number))).toBeLessThanOrEqual(1e-12),
    );
  });

  it('interpolates linearly at requested points and gives null outside the predictions', () => {
    const probabilities = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const outcomes = [0, 0, 1, 0, 1, 0, 1, 1, 1];
    const { curve, atPoints } = smoothedCalibrationCurve(probabilities, outcomes, {
      points: [0.05, 0.1, 0.25, 0.9, 0.95],
    });
    const observed = curve.map((point) => point.observed);
    const [first, second, third] = [observed[0], observed[1], observed[2]] as [number, number, number];
    expect(atPoints?.map((point) => point.predicted)).toEqual([0.05, 0.1, 0.25, 0.9, 0.95]);
    expect(atPoints?.[0]?.observed).toBeNull();
    expect(atPoints?.[1]?.observed).toBe(first);
    expect(atPoints?.[2]?.observed).toBeCloseTo((second + third) / 2, 12);
    expect(atPoints?.[3]?.observed).toBe(curve[curve.length - 1]?.observed);
    expect(atPoints?.[4]?.observed).toBeNull();
  });

  it('handles a single prediction and constant predictions', () => {
    expect(smoothedCalibrationCurve([0.3], [1]).curve).toEqual([{ predicted: 0.3, observed: 1 }]);
    const constant = smoothedCalibrationCurve([0.3, 0.3, 0.3, 0.3], [1, 0, 0, 0]);
    expect(constant.curve).toHaveLength(1);
    expect(constant.curve[0]?.observed).toBeCloseTo(0.25, 15);
  });
});
