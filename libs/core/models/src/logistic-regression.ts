import { type LogisticModelParameters, type Standardization } from './build-models';
import { ModelError } from './model-error';

/** Options of {@link fitLogisticRegression}. */
export interface LogisticRegressionOptions {
  /**
   * Ridge penalty λ ≥ 0 on the (standardised) coefficients, never on the intercept: the fit
   * maximises ℓ(β) − λ/2·Σβ_j². Default 0 (maximum likelihood, as R's glm).
   */
  l2?: number;
  /** Standardise features to mean 0 and population SD 1 before fitting (default true). */
  standardize?: boolean;
  /** Newton iterations allowed (default 100). */
  maxIterations?: number;
  /** Converged when every Newton step is at most tolerance·(1 + max|β|) (default 1e-10). */
  tolerance?: number;
}

/** A fitted binary logistic regression. */
export interface LogisticRegressionFit {
  /** Coefficients on the original feature scale: logit = intercept + Σ coefficients[j]·x[j]. */
  coefficients: number[];
  intercept: number;
  /** The standardisation applied before fitting (population SD), or null. */
  standardization: Standardization | null;
  /** Training means of the features: the usual reference of linear explanations. */
  featureMeans: number[];
  /** Coefficients on the standardised scale (equal to `coefficients` without standardisation). */
  standardizedCoefficients: number[];
  standardizedIntercept: number;
  l2: number;
  iterations: number;
  converged: boolean;
  /** Log-likelihood ℓ at the solution (without the penalty). */
  logLikelihood: number;
  /** Residual deviance −2ℓ. */
  deviance: number;
  /** Largest absolute component of the penalised score (gradient) at the solution. */
  maxAbsGradient: number;
}

/** A standardised coefficient beyond this (odds ratio e^30 per SD) means the likelihood has no finite maximum. */
const SEPARATION_LIMIT = 30;
const MAX_STEP_HALVINGS = 30;

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta)));
}

/** The logistic function 1/(1 + e^−η) without overflow. */
export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

function validate(x: readonly (readonly number[])[], y: readonly number[]): number {
  const n = x.length;
  if (n === 0) throw new ModelError('invalid-training-data', 'No training rows');
  if (y.length !== n)
    throw new ModelError('invalid-training-data', `${n} feature rows but ${y.length} outcomes`);
  const width = (x[0] as readonly number[]).length;
  if (width === 0) throw new ModelError('invalid-training-data', 'Rows have no features');
  x.forEach((row, i) => {
    if (row.length !== width)
      throw new ModelError(
        'invalid-training-data',
        `Row ${i} has ${row.length} features; row 0 has ${width}`,
      );
    row.forEach((value, j) => {
      if (!Number.isFinite(value))
        throw new ModelError(
          'invalid-training-data',
          `Row ${i}, feature ${j} is ${value}; features must be finite`,
        );
    });
  });
  y.forEach((value, i) => {
    if (value !== 0 && value !== 1)
      throw new ModelError('invalid-training-data', `Outcome ${i} is ${value}; outcomes must be 0 or 1`);
  });
  const positives = y.reduce((sum, value) => sum + value, 0);
  if (positives === 0 || positives === n) {
    throw new ModelError(
      'invalid-training-data',
      `All ${n} outcomes are ${positives === 0 ? 0 : 1}; both outcomes are needed`,
    );
  }
  return width;
}

function standardizationOf(x: readonly (readonly number[])[], width: number): Standardization {
  const n = x.length;
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(0);
  for (const row of x) for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) / n;
  for (const row of x) {
    for (let j = 0; j < width; j++)
      scale[j] = (scale[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2;
  }
  for (let j = 0; j < width; j++) {
    scale[j] = Math.sqrt((scale[j] as number) / n);
    if (!((scale[j] as number) > 0)) {
      throw new ModelError(
        'invalid-training-data',
        `Feature ${j} is constant (${mean[j]}); it cannot be standardised or estimated`,
      );
    }
  }
  return { mean, scale };
}

/** Cholesky solve of the symmetric positive definite system A·s = b (A is p×p, row-major). */
function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  let maxDiagonal = 0;
  for (let i = 0; i < p; i++) maxDiagonal = Math.max(maxDiagonal, a[i * p + i] as number);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * p + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * p + k] as number) * (l[j * p + k] as number);
      if (i === j) {
        if (!(sum > 1e-12 * maxDiagonal)) {
          throw new ModelError(
            'singular',
            'The information matrix is singular: features are collinear (or there are fewer informative rows than ' +
              'parameters); add a ridge penalty (l2 > 0) or remove redundant features',
          );
        }
        l[i * p + i] = Math.sqrt(sum);
      } else {
        l[i * p + j] = sum / (l[j * p + j] as number);
      }
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * p + k] as number) * (z[k] as number);
    z[i] = sum / (l[i * p + i] as number);
  }
  const s = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i] as number;
    for (let k = i + 1; k < p; k++) sum -= (l[k * p + i] as number) * (s[k] as number);
    s[i] = sum / (l[i * p + i] as number);
  }
  return s;
}

/**
 * Fits a binary logistic regression by Newton–Raphson (IRLS), with an optional ridge penalty.
 * Deterministic: fixed start (intercept at the logit of the outcome rate, coefficients 0), fixed
 * summation order, step halving when the penalised likelihood would decrease.
 *
 * Features are standardised (mean 0, population SD 1) by default; the result carries both the
 * standardised parameters (what {@link logisticModelOf} puts in an ONNX graph, with Sub/Div nodes)
 * and the same model on the original feature scale. Without a penalty, the maximum-likelihood
 * estimate does not depend on standardisation and equals R's `glm(y ~ ., family = binomial)`.
 *
 * Reference: McCullagh & Nelder, Generalized Linear Models (2nd ed., 1989), §2.5 and §4.4.
 *
 * @throws {ModelError} `invalid-training-data` (shapes, non-finite values, one class only, constant
 *   feature); `singular` (collinear features: use l2 > 0); `separable` (the outcome is perfectly
 *   separated by the features, the coefficients diverge: use l2 > 0).
 * @example fitLogisticRegression([[0], [0], [1], [1]], [0, 1, 1, 1]).coefficients // [log 3] ≈ [1.0986]
 */
export function fitLogisticRegression(
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: LogisticRegressionOptions = {},
): LogisticRegressionFit {
  const width = validate(x, y);
  const l2 = options.l2 ?? 0;
  if (!(l2 >= 0) || !Number.isFinite(l2))
    throw new ModelError('invalid-training-data', `l2 must be a finite number ≥ 0, got ${l2}`);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const standardize = options.standardize ?? true;
  const n = x.length;
  const p = width + 1;
  const spread = standardizationOf(x, width);
  const standardization = standardize ? spread : null;

  // Design matrix with an intercept column, row-major n × p.
  const z = new Float64Array(n * p);
  x.forEach((row, i) => {
    z[i * p] = 1;
    for (let j = 0; j < width; j++) {
      const value = row[j] as number;
      z[i * p + j + 1] = standardization
        ? (value - (standardization.mean[j] as number)) / (standardization.scale[j] as number)
        : value;
    }
  });
  const outcomeRate = y.reduce((sum, value) => sum + value, 0) / n;
  const beta = new Float64Array(p);
  beta[0] = Math.log(outcomeRate / (1 - outcomeRate));

  const linear = (coefficients: Float64Array, i: number): number => {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += (z[i * p + j] as number) * (coefficients[j] as number);
    return eta;
  };
  const logLikelihood = (coefficients: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const eta = linear(coefficients, i);
      sum += (y[i] as number) * eta - softplus(eta);
    }
    return sum;
  };
  const penalty = (coefficients: Float64Array): number => {
    let sum = 0;
    for (let j = 1; j < p; j++) sum += (coefficients[j] as number) ** 2;
    return (l2 / 2) * sum;
  };
  const gradientAndHessian = (
    coefficients: Float64Array,
  ): { gradient: Float64Array; hessian: Float64Array } => {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(linear(coefficients, i));
      const residual = (y[i] as number) - mu;
      const weight = mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        const zij = z[i * p + j] as number;
        gradient[j] = (gradient[j] as number) + zij * residual;
        for (let k = 0; k <= j; k++)
          hessian[j * p + k] = (hessian[j * p + k] as number) + weight * zij * (z[i * p + k] as number);
      }
    }
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < j; k++) hessian[k * p + j] = hessian[j * p + k] as number;
      if (j > 0) {
        gradient[j] = (gradient[j] as number) - l2 * (coefficients[j] as number);
        hessian[j * p + j] = (hessian[j * p + j] as number) + l2;
      }
    }
    return { gradient, hessian };
  };

  let objective = logLikelihood(beta) - penalty(beta);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const { gradient, hessian } = gradientAndHessian(beta);
    const step = choleskySolve(hessian, gradient, p);
    let fraction = 1;
    let candidate = new Float64Array(p);
    let candidateObjective = -Infinity;
    for (let halving = 0; halving <= MAX_STEP_HALVINGS; halving++) {
      candidate = beta.map((value, j) => value + fraction * (step[j] as number));
      candidateObjective = logLikelihood(candidate) - penalty(candidate);
      if (candidateObjective >= objective - 1e-12 * Math.abs(objective)) break;
      fraction /= 2;
    }
    let largestStep = 0;
    let largestCoefficient = 0;
    for (let j = 0; j < p; j++) {
      largestStep = Math.max(largestStep, Math.abs(fraction * (step[j] as number)));
      largestCoefficient = Math.max(largestCoefficient, Math.abs(candidate[j] as number));
    }
    beta.set(candidate);
    objective = candidateObjective;
    converged = largestStep <= tolerance * (1 + largestCoefficient);
    if (l2 === 0) checkSeparation(beta, standardization ? null : spread, width);
  }

  const { gradient } = gradientAndHessian(beta);
  const standardizedCoefficients = Array.from(beta.subarray(1));
  const standardizedIntercept = beta[0] as number;
  const coefficients = standardization
    ? standardizedCoefficients.map((value, j) => value / (standardization.scale[j] as number))
    : standardizedCoefficients;
  const intercept = standardization
    ? standardizedIntercept -
      coefficients.reduce((sum, value, j) => sum + value * (standardization.mean[j] as number), 0)
    : standardizedIntercept;
  const ll = logLikelihood(beta);
  return {
    coefficients,
    intercept,
    standardization,
    featureMeans: [...spread.mean],
    standardizedCoefficients,
    standardizedIntercept,
    l2,
    iterations,
    converged,
    logLikelihood: ll,
    deviance: -2 * ll,
    maxAbsGradient: gradient.reduce((max, value) => Math.max(max, Math.abs(value)), 0),
  };
}

/** Divergent coefficients (per SD of the feature) mean the outcome is (quasi-)separated. */
function checkSeparation(beta: Float64Array, rawSpread: Standardization | null, width: number): void {
  for (let j = 0; j < width; j++) {
    const perSd = Math.abs(beta[j + 1] as number) * (rawSpread ? (rawSpread.scale[j] as number) : 1);
    if (perSd > SEPARATION_LIMIT) {
      throw new ModelError(
        'separable',
        `The outcome is (quasi-)perfectly separated by the features: the coefficient of feature ${j} diverges ` +
          `(${perSd.toPrecision(3)} log-odds per SD) and the likelihood has no finite maximum; add a ridge penalty (l2 > 0)`,
      );
    }
  }
}

/** The model a fit describes, as the ONNX builders take it (standardised parameters plus Sub/Div). */
export function logisticModelOf(fit: LogisticRegressionFit): LogisticModelParameters {
  return {
    coefficients: fit.standardizedCoefficients,
    intercept: fit.standardizedIntercept,
    standardization: fit.standardization,
  };
}

/**
 * The score (gradient of the unpenalised log-likelihood) of a model on the original feature scale,
 * intercept first: Σ_i (y_i − p_i)·(1, x_i). Zero at the maximum-likelihood estimate.
 */
export function logisticScore(
  x: readonly (readonly number[])[],
  y: readonly number[],
  model: { coefficients: readonly number[]; intercept: number },
): number[] {
  const score = new Array<number>(model.coefficients.length + 1).fill(0);
  x.forEach((row, i) => {
    const eta = row.reduce(
      (sum, value, j) => sum + value * (model.coefficients[j] as number),
      model.intercept,
    );
    const residual = (y[i] as number) - sigmoid(eta);
    score[0] = (score[0] as number) + residual;
    row.forEach((value, j) => (score[j + 1] = (score[j + 1] as number) + residual * value));
  });
  return score;
}
