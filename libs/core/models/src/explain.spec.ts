import { type BatchPredictor, explainLinear, explainShapley } from './explain';
import { fitLogisticRegression, sigmoid } from './logistic-regression';
import mtcars from './fixtures/mtcars-glm.json';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** A nonlinear model with interactions: p = sigmoid(x0·x1 − x2² + sin(x3) + 0.5·x0·x2·x4 ...). */
function nonlinear(width: number): BatchPredictor {
  return (batch, rows) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const x = (j: number) => batch[r * width + (j % width)] as number;
      let eta = x(0) * x(1) - x(2) ** 2 + Math.sin(x(3)) + 0.5 * x(0) * x(2) * x(4);
      for (let j = 5; j < width; j++) eta += 0.1 * j * Math.tanh(x(j) * x(j - 1));
      out[r] = sigmoid(eta);
    }
    return out;
  };
}

describe('explainLinear', () => {
  it('splits the logit exactly: baseline + Σ w_i·(x_i − mean_i) = intercept + Σ w_i·x_i (to 1e-12)', () => {
    const rows = mtcars.rows as Record<string, number | string>[];
    const features = ['cyl', 'hp', 'wt'];
    const x = rows.map((row) => features.map((name) => row[name] as number));
    const fit = fitLogisticRegression(
      x,
      rows.map((row) => row['am'] as number),
    );
    for (const patient of x) {
      const explanation = explainLinear(fit, patient, fit.featureMeans, features);
      const logit = patient.reduce(
        (total, value, j) => total + value * (fit.coefficients[j] as number),
        fit.intercept,
      );
      expect(explanation.method).toBe('linear-exact');
      expect(Math.abs(explanation.logit - logit)).toBeLessThan(1e-12);
      expect(
        Math.abs(
          explanation.baseline +
            sum(explanation.contributions.map((c) => c.contribution)) -
            explanation.logit,
        ),
      ).toBeLessThan(1e-12);
      expect(explanation.probability).toBe(sigmoid(explanation.logit));
    }
    // With the training means as reference, the baseline is the standardised intercept.
    expect(
      Math.abs(explainLinear(fit, x[0] as number[], fit.featureMeans).baseline - fit.standardizedIntercept),
    ).toBeLessThan(1e-12);
  });

  it('names the features and refuses mismatched vectors', () => {
    const explanation = explainLinear({ coefficients: [2, -1], intercept: 0.5 }, [1, 3], [0, 1], ['a', 'b']);
    expect(explanation.contributions).toEqual([
      { name: 'a', value: 1, reference: 0, contribution: 2 },
      { name: 'b', value: 3, reference: 1, contribution: -2 },
    ]);
    expect(() => explainLinear({ coefficients: [1], intercept: 0 }, [1, 2], [0, 0])).toThrow(
      /1 coefficients for 2 features/,
    );
    expect(() => explainLinear({ coefficients: [1], intercept: 0 }, [1], [0, 0])).toThrow(
      /reference has 2 values for 1 features/,
    );
    expect(() => explainLinear({ coefficients: [1], intercept: 0 }, [Number.NaN], [0])).toThrow(
      /feature 0 is NaN/,
    );
  });
});

describe('explainShapley', () => {
  it('is efficient for a nonlinear model: baseline + Σ φ = prediction (exact enumeration)', async () => {
    const x = [1.2, -0.7, 0.4, 2.0, -1.1, 0.3];
    const reference = [0, 0, 0, 0, 0, 0];
    const predict = nonlinear(6);
    const explanation = await explainShapley(predict, x, reference);
    expect(explanation.method).toBe('shapley-exact');
    expect(explanation.evaluations).toBe(64);
    expect(explanation.prediction).toBe((predict(Float32Array.from(x), 1) as Float64Array)[0]);
    expect(explanation.baseline).toBe((predict(Float32Array.from(reference), 1) as Float64Array)[0]);
    expect(
      Math.abs(
        explanation.baseline +
          sum(explanation.contributions.map((c) => c.contribution)) -
          explanation.prediction,
      ),
    ).toBeLessThan(1e-12);
  });

  it('gives a feature the model ignores no credit, and symmetric features equal credit', async () => {
    const predict: BatchPredictor = (batch, rows) =>
      Float64Array.from({ length: rows }, (_, r) =>
        sigmoid((batch[r * 3] as number) * (batch[r * 3 + 1] as number)),
      );
    const explanation = await explainShapley(predict, [2, 2, 5], [0, 0, 0]);
    const [a, b, ignored] = explanation.contributions.map((c) => c.contribution);
    expect(ignored).toBe(0);
    expect(a).toBeCloseTo(b as number, 15);
  });

  it('equals the exact linear contributions for a logistic model on the log-odds scale', async () => {
    const coefficients = [0.5, -1.5, 2];
    const intercept = -0.25;
    const predict: BatchPredictor = (batch, rows) =>
      Float64Array.from({ length: rows }, (_, r) =>
        sigmoid(coefficients.reduce((total, w, j) => total + w * (batch[r * 3 + j] as number), intercept)),
      );
    const x = [1, 0.5, -0.25]; // exactly representable in float32
    const reference = [0.25, -0.5, 0.125];
    const shapley = await explainShapley(predict, x, reference, {
      scale: 'log-odds',
      names: ['a', 'b', 'c'],
    });
    const linear = explainLinear({ coefficients, intercept }, x, reference, ['a', 'b', 'c']);
    shapley.contributions.forEach((c, j) =>
      expect(Math.abs(c.contribution - (linear.contributions[j]?.contribution as number))).toBeLessThan(1e-9),
    );
    expect(shapley.scale).toBe('log-odds');
  });

  it('samples permutations with a fixed seed beyond maxExactFeatures, keeping efficiency', async () => {
    const width = 14;
    const x = Array.from({ length: width }, (_, j) => Math.cos(j + 1));
    const reference = new Array<number>(width).fill(0);
    const predict = nonlinear(width);
    const sampled = await explainShapley(predict, x, reference, { permutations: 64, seed: 7 });
    expect(sampled).toMatchObject({
      method: 'shapley-permutation',
      permutations: 64,
      seed: 7,
      evaluations: 64 * (width + 1),
    });
    expect(sampled.description).toMatch(/64 random feature orderings.*seed 7/);
    expect(
      Math.abs(sampled.baseline + sum(sampled.contributions.map((c) => c.contribution)) - sampled.prediction),
    ).toBeLessThan(1e-12);
    expect(await explainShapley(predict, x, reference, { permutations: 64, seed: 7 })).toEqual(sampled);
    const otherSeed = await explainShapley(predict, x, reference, { permutations: 64, seed: 8 });
    expect(otherSeed.contributions).not.toEqual(sampled.contributions);
  });

  it('approaches the exact values as permutations grow (10 features)', async () => {
    const width = 10;
    const x = Array.from({ length: width }, (_, j) => Math.sin(j + 1) * 1.5);
    const reference = new Array<number>(width).fill(0.1);
    const predict = nonlinear(width);
    const exact = await explainShapley(predict, x, reference);
    const sampled = await explainShapley(predict, x, reference, {
      maxExactFeatures: 0,
      permutations: 4000,
      seed: 3,
    });
    sampled.contributions.forEach((c, j) =>
      expect(Math.abs(c.contribution - (exact.contributions[j]?.contribution as number))).toBeLessThan(0.01),
    );
  });

  it('accepts an asynchronous predictor and refuses bad predictions and options', async () => {
    const asyncPredict: BatchPredictor = async (_batch, rows) => new Float64Array(rows).fill(0.5);
    await expect(explainShapley(asyncPredict, [1], [0])).resolves.toMatchObject({
      prediction: 0.5,
      baseline: 0.5,
    });
    await expect(explainShapley(() => new Float64Array(1), [1, 2], [0, 0])).rejects.toThrow(
      /returned 1 values for 4 rows/,
    );
    await expect(
      explainShapley((_b, rows) => new Float64Array(rows), [1], [0], { scale: 'log-odds' }),
    ).rejects.toThrow(/Cannot take the log-odds of 0/);
    await expect(explainShapley(asyncPredict, [1], [0], { maxExactFeatures: 20 })).rejects.toThrow(
      /maxExactFeatures must be a whole number from 0 to 16/,
    );
  });
});
