import mtcars from './fixtures/mtcars-glm.json';
import { fitLogisticRegression, logisticModelOf, logisticScore, sigmoid } from './logistic-regression';

/** The rows of the fixture as a feature matrix for the named columns, and the outcome am. */
function design(features: readonly string[]): { x: number[][]; y: number[] } {
  const rows = mtcars.rows as Record<string, number | string>[];
  return {
    x: rows.map((row) => features.map((feature) => row[feature] as number)),
    y: rows.map((row) => row['am'] as number),
  };
}

function expectRelativelyClose(actual: number, expected: number, relative: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  if (!(error <= relative))
    throw new Error(`${what}: got ${actual}, R gives ${expected} (relative error ${error} > ${relative})`);
}

describe('fitLogisticRegression', () => {
  it('matches the closed form for one binary feature: intercept logit(3/10), slope 2·log(7/3)', () => {
    // Group x = 0: 3 of 10 positive; group x = 1: 7 of 10. The MLE reproduces each group's rate.
    const x = Array.from({ length: 20 }, (_, i) => [i < 10 ? 0 : 1]);
    const y = [...[1, 1, 1, 0, 0, 0, 0, 0, 0, 0], ...[1, 1, 1, 1, 1, 1, 1, 0, 0, 0]];
    const fit = fitLogisticRegression(x, y);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.intercept - Math.log(3 / 7))).toBeLessThan(1e-12);
    expect(Math.abs((fit.coefficients[0] as number) - 2 * Math.log(7 / 3))).toBeLessThan(1e-12);
  });

  it.each(mtcars.fits.map((fit) => [fit.rCommand, fit] as const))(
    'reproduces R: %s',
    (_command, reference) => {
      const { x, y } = design(reference.features);
      const fit = fitLogisticRegression(x, y);
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBeLessThanOrEqual(10);
      const estimates = [fit.intercept, ...fit.coefficients];
      const expected = [reference.intercept, ...reference.coefficients];
      estimates.forEach((estimate, index) => {
        const name = index === 0 ? '(Intercept)' : (reference.features[index - 1] as string);
        if ('significantDigits' in reference) {
          expectRelativelyClose(estimate, expected[index] as number, 1e-9, name);
        } else {
          // Printed to `decimals` places: within half a unit of the last one.
          expect(Math.abs(estimate - (expected[index] as number))).toBeLessThanOrEqual(
            0.5 * 10 ** -reference.decimals + 1e-12,
          );
        }
      });
      expect(Math.abs(fit.deviance - reference.residualDeviance)).toBeLessThanOrEqual(
        0.5 * 10 ** -reference.residualDevianceDecimals,
      );
      // Optimality: the score (gradient of the log-likelihood) vanishes on the original scale.
      for (const component of logisticScore(x, y, fit)) expect(Math.abs(component)).toBeLessThan(1e-10);
      expect(fit.maxAbsGradient).toBeLessThan(1e-10);
    },
  );

  it('gives the same maximum-likelihood estimate with or without standardisation', () => {
    const { x, y } = design(['cyl', 'hp', 'wt']);
    const standardised = fitLogisticRegression(x, y);
    const raw = fitLogisticRegression(x, y, { standardize: false });
    expect(raw.standardization).toBeNull();
    expectRelativelyClose(raw.intercept, standardised.intercept, 1e-9, 'intercept');
    raw.coefficients.forEach((value, j) =>
      expectRelativelyClose(value, standardised.coefficients[j] as number, 1e-9, `coefficient ${j}`),
    );
  });

  it('stores the standardisation it used, consistent with the original-scale model', () => {
    const { x, y } = design(['hp', 'wt']);
    const fit = fitLogisticRegression(x, y);
    const model = logisticModelOf(fit);
    const row = x[3] as number[];
    const z = row.map(
      (value, j) =>
        (value - (model.standardization?.mean[j] as number)) / (model.standardization?.scale[j] as number),
    );
    const viaStandardised = z.reduce(
      (sum, value, j) => sum + value * (model.coefficients[j] as number),
      model.intercept,
    );
    const viaRaw = row.reduce(
      (sum, value, j) => sum + value * (fit.coefficients[j] as number),
      fit.intercept,
    );
    expect(Math.abs(viaStandardised - viaRaw)).toBeLessThan(1e-12);
    expect(fit.featureMeans).toEqual(model.standardization?.mean);
  });

  it('is deterministic: the same data give bit-identical results', () => {
    const { x, y } = design(['cyl', 'hp', 'wt']);
    const first = fitLogisticRegression(x, y, { l2: 0.5 });
    const again = fitLogisticRegression(structuredClone(x), [...y], { l2: 0.5 });
    const bits = (fit: typeof first) =>
      Buffer.from(Float64Array.from([fit.intercept, ...fit.coefficients]).buffer).toString('hex');
    expect(bits(again)).toBe(bits(first));
    expect(again).toEqual(first);
  });

  it('with a ridge penalty, shrinks the coefficients and zeroes the penalised gradient', () => {
    const { x, y } = design(['cyl', 'hp', 'wt']);
    const mle = fitLogisticRegression(x, y);
    const ridge = fitLogisticRegression(x, y, { l2: 1 });
    expect(ridge.converged).toBe(true);
    expect(ridge.maxAbsGradient).toBeLessThan(1e-10);
    const norm = (values: number[]) => Math.hypot(...values);
    expect(norm(ridge.standardizedCoefficients)).toBeLessThan(norm(mle.standardizedCoefficients));
  });

  it('refuses perfectly separated outcomes without a penalty, and fits them with one', () => {
    const x = [[1], [2], [3], [4], [5], [6]];
    const y = [0, 0, 0, 1, 1, 1];
    expect(() => fitLogisticRegression(x, y)).toThrow(
      expect.objectContaining({
        code: 'separable',
        message: expect.stringMatching(/perfectly separated.*add a ridge penalty \(l2 > 0\)/),
      }),
    );
    const ridge = fitLogisticRegression(x, y, { l2: 0.1 });
    expect(ridge.converged).toBe(true);
    expect(sigmoid(ridge.intercept + (ridge.coefficients[0] as number) * 6)).toBeGreaterThan(0.9);
  });

  it('refuses collinear features without a penalty (singular information matrix)', () => {
    const { x, y } = design(['hp', 'wt']);
    const collinear = x.map(([hp, wt]) => [hp as number, wt as number, 2 * (hp as number) - (wt as number)]);
    expect(() => fitLogisticRegression(collinear, y)).toThrow(
      expect.objectContaining({ code: 'singular', message: expect.stringMatching(/collinear/) }),
    );
    expect(fitLogisticRegression(collinear, y, { l2: 1 }).converged).toBe(true);
  });

  it.each<[string, number[][], number[], RegExp]>([
    ['one outcome only', [[1], [2]], [1, 1], /All 2 outcomes are 1; both outcomes are needed/],
    [
      'a constant feature',
      [
        [1, 5],
        [2, 5],
        [3, 5],
      ],
      [0, 1, 0],
      /Feature 1 is constant \(5\)/,
    ],
    ['a missing value', [[1], [Number.NaN], [3]], [0, 1, 0], /Row 1, feature 0 is NaN/],
    ['an outcome of 2', [[1], [2]], [0, 2], /Outcome 1 is 2; outcomes must be 0 or 1/],
    ['ragged rows', [[1, 2], [3]], [0, 1], /Row 1 has 1 features; row 0 has 2/],
    ['fewer outcomes than rows', [[1], [2]], [0], /2 feature rows but 1 outcomes/],
  ])('refuses %s', (_name, x, y, message) => {
    expect(() => fitLogisticRegression(x, y)).toThrow(
      expect.objectContaining({ code: 'invalid-training-data', message: expect.stringMatching(message) }),
    );
  });
});
