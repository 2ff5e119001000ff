/** Result of a converged maximum-likelihood logistic regression. */
export interface LogisticRegressionFit {
  /** One per design column, in column order. */
  readonly coefficients: number[];
  /** Square roots of the diagonal of the inverse Fisher information (as R's `summary.glm`). */
  readonly standardErrors: number[];
  /** Residual deviance −2 log L (binary outcomes, so the saturated log-likelihood is 0). */
  readonly deviance: number;
  /** IRLS iterations used, counted as R's `glm()$iter`. */
  readonly iterations: number;
  /** Always true: a fit that does not converge throws instead. */
  readonly converged: true;
}

export interface LogisticRegressionOptions {
  /** Known term added to the linear predictor with coefficient fixed at 1 (R's `offset`). */
  readonly offset?: readonly number[];
}

// Convergence rule and iteration cap of R's glm.control().
const DEVIANCE_TOLERANCE = 1e-8;
const MAX_ITERATIONS = 25;
// R's binomial link clamps |η| > 30 to keep μ inside (0, 1) in double precision.
const ETA_LIMIT = 30;
const DBL_EPSILON = 2.220446049250313e-16;
// In a converged fit with a finite maximum the last Newton step moves η by ~1e-4 at most; under
// separation the coefficients run off to infinity and every step moves η by order 1.
const SEPARATION_STEP = 0.1;

/** Inverse logit as R's binomial()$linkinv (C logit_linkinv). */
function inverseLogit(eta: number): number {
  const t = eta < -ETA_LIMIT ? DBL_EPSILON : eta > ETA_LIMIT ? 1 / DBL_EPSILON : Math.exp(eta);
  return t / (1 + t);
}

/** dμ/dη as R's binomial()$mu.eta (C logit_mu_eta). */
function inverseLogitDerivative(eta: number): number {
  if (eta > ETA_LIMIT || eta < -ETA_LIMIT) return DBL_EPSILON;
  const e = Math.exp(eta);
  return e / ((1 + e) * (1 + e));
}

function deviance(y: readonly number[], mu: Float64Array): number {
  let total = 0;
  for (let i = 0; i < mu.length; i++) {
    const m = mu[i] as number;
    total += y[i] === 1 ? -2 * Math.log(m) : -2 * Math.log(1 - m);
  }
  return total;
}

/** Inverse of a symmetric positive definite matrix by Cholesky; null when it is not (numerically). */
function invertSymmetricPositiveDefinite(matrix: number[][]): number[][] | null {
  const p = matrix.length;
  const lower: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    const rowI = lower[i] as number[];
    for (let j = 0; j <= i; j++) {
      const rowJ = lower[j] as number[];
      let sum = (matrix[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) sum -= (rowI[k] as number) * (rowJ[k] as number);
      if (i === j) {
        // Relative pivot check: a collinear design leaves a pivot at rounding level.
        const diagonal = (matrix[i] as number[])[i] as number;
        if (!(sum > 1e-12 * Math.abs(diagonal))) return null;
        rowI[i] = Math.sqrt(sum);
      } else {
        rowI[j] = sum / (rowJ[j] as number);
      }
    }
  }
  // inverse = L⁻ᵀ L⁻¹, column by column from the unit vectors.
  const inverse: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let column = 0; column < p; column++) {
    const forward = new Array<number>(p).fill(0);
    for (let i = 0; i < p; i++) {
      let sum = i === column ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= ((lower[i] as number[])[k] as number) * (forward[k] as number);
      forward[i] = sum / ((lower[i] as number[])[i] as number);
    }
    for (let i = p - 1; i >= 0; i--) {
      let sum = forward[i] as number;
      for (let k = i + 1; k < p; k++) {
        sum -= ((lower[k] as number[])[i] as number) * ((inverse[k] as number[])[column] as number);
      }
      (inverse[i] as number[])[column] = sum / ((lower[i] as number[])[i] as number);
    }
  }
  return inverse;
}

/** X'WX and X'Wz for the weighted least-squares step. */
function weightedNormalEquations(
  design: readonly (readonly number[])[],
  weights: Float64Array,
  response: Float64Array | null,
): { information: number[][]; score: number[] } {
  const p = (design[0] as readonly number[]).length;
  const information = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const score = new Array<number>(p).fill(0);
  for (let i = 0; i < design.length; i++) {
    const row = design[i] as readonly number[];
    const w = weights[i] as number;
    const z = response === null ? 0 : (response[i] as number);
    for (let a = 0; a < p; a++) {
      const wa = w * (row[a] as number);
      score[a] = (score[a] as number) + wa * z;
      const infoRow = information[a] as number[];
      for (let b = 0; b <= a; b++) infoRow[b] = (infoRow[b] as number) + wa * (row[b] as number);
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++)
      (information[a] as number[])[b] = (information[b] as number[])[a] as number;
  }
  return { information, score };
}

/**
 * Maximum-likelihood logistic regression of binary outcomes on a design matrix, by iteratively
 * reweighted least squares exactly as R's `glm(family = binomial)`: the same start (μ = (y + ½)/2),
 * the same convergence rule (|D − D_old| / (|D| + 0.1) < 1e-8, at most 25 iterations) and the same
 * link clamping, so coefficients, deviance and iteration counts agree with R. Standard errors are
 * from the inverse Fisher information (X'WX)⁻¹ evaluated at the estimate (R uses the weights of the
 * last iteration; the difference is at the convergence tolerance, far below 1e-6).
 *
 * @param design n rows of p covariates, including the intercept column if one is wanted
 * @param outcomes n outcomes, each 0 or 1
 * @param options `offset`: n known terms added to the linear predictor
 * @throws {RangeError} on malformed input or a rank-deficient design
 * @throws {Error} when the outcomes are (quasi-)completely separated, so that no finite maximum
 *   exists, or when 25 iterations do not converge
 */
export function logisticRegression(
  design: readonly (readonly number[])[],
  outcomes: readonly number[],
  options: LogisticRegressionOptions = {},
): LogisticRegressionFit {
  const n = outcomes.length;
  if (design.length !== n) {
    throw new RangeError(`logisticRegression: ${design.length} design rows but ${n} outcomes`);
  }
  if (n === 0) throw new RangeError('logisticRegression: no observations');
  const p = (design[0] as readonly number[]).length;
  if (p === 0) throw new RangeError('logisticRegression: the design has no columns');
  design.forEach((row, i) => {
    if (row.length !== p)
      throw new RangeError(`logisticRegression: design row ${i} has ${row.length} columns, not ${p}`);
    if (!row.every(Number.isFinite))
      throw new RangeError(`logisticRegression: design row ${i} is not finite`);
  });
  outcomes.forEach((y, i) => {
    if (y !== 0 && y !== 1) throw new RangeError(`logisticRegression: outcome ${i} must be 0 or 1, got ${y}`);
  });
  const offset = options.offset ?? new Array<number>(n).fill(0);
  if (offset.length !== n)
    throw new RangeError(`logisticRegression: ${offset.length} offsets but ${n} outcomes`);
  if (!offset.every(Number.isFinite)) throw new RangeError('logisticRegression: offsets must be finite');

  // R starts from the fitted values, not the coefficients: μ = (y + ½)/2, η = logit μ (no offset).
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = ((outcomes[i] as number) + 0.5) / 2;
    eta[i] = Math.log((mu[i] as number) / (1 - (mu[i] as number)));
  }
  let previousDeviance = deviance(outcomes, mu);
  const weights = new Float64Array(n);
  const response = new Float64Array(n);
  let coefficients: number[] = new Array<number>(p).fill(0);
  let currentDeviance = previousDeviance;
  let lastStep = Infinity;
  let covariance: number[][] = [];
  let converged = false;
  let iterations = 0;

  while (iterations < MAX_ITERATIONS) {
    iterations++;
    for (let i = 0; i < n; i++) {
      const e = eta[i] as number;
      const m = mu[i] as number;
      const slope = inverseLogitDerivative(e);
      response[i] = e - (offset[i] as number) + ((outcomes[i] as number) - m) / slope;
      weights[i] = (slope * slope) / (m * (1 - m));
    }
    const { information, score } = weightedNormalEquations(design, weights, response);
    const inverse = invertSymmetricPositiveDefinite(information);
    if (inverse === null) {
      throw new RangeError('logisticRegression: the design matrix is rank deficient (collinear columns)');
    }
    covariance = inverse;
    coefficients = inverse.map((row) => row.reduce((sum, value, b) => sum + value * (score[b] as number), 0));
    lastStep = 0;
    for (let i = 0; i < n; i++) {
      const row = design[i] as readonly number[];
      let linear = offset[i] as number;
      for (let a = 0; a < p; a++) linear += (row[a] as number) * (coefficients[a] as number);
      lastStep = Math.max(lastStep, Math.abs(linear - (eta[i] as number)));
      eta[i] = linear;
      mu[i] = inverseLogit(linear);
    }
    currentDeviance = deviance(outcomes, mu);
    if (!Number.isFinite(currentDeviance)) {
      throw new Error(
        'logisticRegression: the deviance became infinite (fitted probabilities of exactly 0 or 1)',
      );
    }
    if (
      Math.abs(currentDeviance - previousDeviance) / (Math.abs(currentDeviance) + 0.1) <
      DEVIANCE_TOLERANCE
    ) {
      converged = true;
      break;
    }
    previousDeviance = currentDeviance;
  }

  if (!converged || lastStep > SEPARATION_STEP) {
    // Both symptoms mean the likelihood keeps increasing towards infinite coefficients.
    throw new Error(
      converged
        ? 'logisticRegression: perfect separation: the outcomes are (quasi-)completely separated by the ' +
            'covariates, so the maximum-likelihood estimate does not exist (coefficients diverge)'
        : `logisticRegression: did not converge in ${MAX_ITERATIONS} iterations ` +
            '(often perfect separation of the outcomes by the covariates)',
    );
  }

  // As R's summary.glm: the inverse of X'WX from the last iteration, i.e. with the weights of the
  // iterate before the estimate; evaluating at the estimate itself moves SEs by up to ~1e-5.
  const standardErrors = covariance.map((row, a) => Math.sqrt(row[a] as number));
  return { coefficients, standardErrors, deviance: currentDeviance, iterations, converged: true };
}
