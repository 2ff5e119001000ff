import { ModelError } from './model-error';
import { sigmoid } from './logistic-regression';

/** One feature's share of a prediction. */
export interface FeatureContribution {
  name: string;
  /** The feature value explained. */
  value: number;
  /** The reference value it is compared with. */
  reference: number;
  /** Its contribution on the explanation's scale. */
  contribution: number;
}

/** Exact contributions of a linear logistic model on the log-odds scale. */
export interface LinearExplanation {
  method: 'linear-exact';
  scale: 'log-odds';
  description: string;
  /** The logit at the reference: intercept + Σ w_i·reference_i. */
  baseline: number;
  contributions: FeatureContribution[];
  /** The model's logit at x: intercept + Σ w_i·x_i (= baseline + Σ contributions). */
  logit: number;
  /** sigmoid(logit). */
  probability: number;
}

function checkVectors(
  x: readonly number[],
  reference: readonly number[],
  names: readonly string[] | undefined,
): string[] {
  if (x.length === 0)
    throw new ModelError('invalid-explanation-request', 'Nothing to explain: the feature vector is empty');
  if (reference.length !== x.length) {
    throw new ModelError(
      'invalid-explanation-request',
      `The reference has ${reference.length} values for ${x.length} features`,
    );
  }
  if (names && names.length !== x.length) {
    throw new ModelError(
      'invalid-explanation-request',
      `${names.length} feature names for ${x.length} features`,
    );
  }
  [...x, ...reference].forEach((value, index) => {
    if (!Number.isFinite(value)) {
      const which = index < x.length ? `feature ${index}` : `reference ${index - x.length}`;
      throw new ModelError('invalid-explanation-request', `${which} is ${value}; values must be finite`);
    }
  });
  return names ? [...names] : x.map((_, index) => `x${index}`);
}

/**
 * Exact per-feature contributions of a linear logistic model on the log-odds scale:
 * contribution_i = w_i·(x_i − reference_i), with the reference usually the training means. The
 * baseline (logit at the reference) plus the contributions is the model's logit at x, up to
 * floating-point rounding. For a linear model these are also its Shapley values with that reference.
 *
 * @param model coefficients and intercept on the scale of `x` (a fit's `coefficients`/`intercept`).
 * @throws {ModelError} `invalid-explanation-request` for vectors of the wrong length or non-finite values.
 */
export function explainLinear(
  model: { coefficients: readonly number[]; intercept: number },
  x: readonly number[],
  reference: readonly number[],
  names?: readonly string[],
): LinearExplanation {
  const labels = checkVectors(x, reference, names);
  if (model.coefficients.length !== x.length) {
    throw new ModelError(
      'invalid-explanation-request',
      `The model has ${model.coefficients.length} coefficients for ${x.length} features`,
    );
  }
  let baseline = model.intercept;
  let logit = model.intercept;
  const contributions = x.map((value, i): FeatureContribution => {
    const weight = model.coefficients[i] as number;
    const ref = reference[i] as number;
    baseline += weight * ref;
    logit += weight * value;
    return { name: labels[i] as string, value, reference: ref, contribution: weight * (value - ref) };
  });
  return {
    method: 'linear-exact',
    scale: 'log-odds',
    description:
      'Exact contributions of a linear model on the log-odds scale: w_i·(x_i − reference_i); baseline + Σ contributions = logit',
    baseline,
    contributions,
    logit,
    probability: sigmoid(logit),
  };
}

/**
 * Predicts a batch: `rows` rows of the features in row-major order, one probability per row.
 * May be asynchronous (onnxruntime is).
 */
export type BatchPredictor = (batch: Float32Array, rows: number) => Float64Array | Promise<Float64Array>;

/** Options of {@link explainShapley}. */
export interface ShapleyOptions {
  names?: readonly string[];
  /** Explain the probability (default) or its log-odds. */
  scale?: 'probability' | 'log-odds';
  /** Enumerate all 2^F coalitions up to this many features (default 10, at most 16). */
  maxExactFeatures?: number;
  /** Permutations sampled beyond that (default 256, rounded up to even: each comes with its reverse). */
  permutations?: number;
  /** Seed of the permutation sampler (default 1). The same seed gives the same explanation. */
  seed?: number;
}

/** Baseline Shapley values of any model. */
export interface ShapleyExplanation {
  method: 'shapley-exact' | 'shapley-permutation';
  scale: 'probability' | 'log-odds';
  description: string;
  /** The model at the reference, on `scale`. */
  baseline: number;
  /** The model at x, on `scale`; baseline + Σ contributions = prediction. */
  prediction: number;
  contributions: FeatureContribution[];
  /** Rows predicted. */
  evaluations: number;
  /** Sampled permutations (permutation method only). */
  permutations?: number;
  /** Sampler seed (permutation method only). */
  seed?: number;
}

/** mulberry32: a small, fast 32-bit generator; fixed seed, fixed sequence on every platform. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function evaluate(
  predict: BatchPredictor,
  batch: Float32Array,
  rows: number,
  scale: ShapleyOptions['scale'],
): Promise<Float64Array> {
  const predictions = await predict(batch, rows);
  if (predictions.length !== rows) {
    throw new ModelError(
      'invalid-explanation-request',
      `The predictor returned ${predictions.length} values for ${rows} rows`,
    );
  }
  return predictions.map((p, row) => {
    if (!Number.isFinite(p))
      throw new ModelError('invalid-explanation-request', `The predictor returned ${p} for row ${row}`);
    if (scale !== 'log-odds') return p;
    if (!(p > 0 && p < 1)) {
      throw new ModelError(
        'invalid-explanation-request',
        `Cannot take the log-odds of ${p} (row ${row}); explain on the probability scale`,
      );
    }
    return Math.log(p) - Math.log1p(-p);
  });
}

/**
 * Model-agnostic Shapley values with a single reference vector ("baseline Shapley": a feature
 * outside a coalition takes its reference value), so that baseline + Σ contributions = prediction
 * (efficiency). Up to `maxExactFeatures` features, every coalition is evaluated (2^F rows) and the
 * values are exact; beyond, they are estimated from seeded random permutations, each paired with its
 * reverse, which keeps efficiency exact while the individual values are estimates. The result states
 * the method, the number of model evaluations, and the seed.
 *
 * Rows are passed to `predict` as float32, the precision of ONNX models.
 *
 * Reference: Sundararajan & Najmi, "The many Shapley values for model explanation", ICML 2020
 * (baseline Shapley); Castro, Gómez & Tejada, Computers & OR 36 (2009) (permutation sampling).
 *
 * @throws {ModelError} `invalid-explanation-request` for mismatched vectors, bad options, or
 *   predictions that are not finite (or not in (0, 1) on the log-odds scale).
 */
export async function explainShapley(
  predict: BatchPredictor,
  x: readonly number[],
  reference: readonly number[],
  options: ShapleyOptions = {},
): Promise<ShapleyExplanation> {
  const labels = checkVectors(x, reference, options.names);
  const scale = options.scale ?? 'probability';
  const maxExact = options.maxExactFeatures ?? 10;
  if (!Number.isInteger(maxExact) || maxExact < 0 || maxExact > 16) {
    throw new ModelError(
      'invalid-explanation-request',
      `maxExactFeatures must be a whole number from 0 to 16, got ${maxExact}`,
    );
  }
  const width = x.length;
  const contributionsOf = (values: Float64Array | number[]): FeatureContribution[] =>
    labels.map((name, i) => ({
      name,
      value: x[i] as number,
      reference: reference[i] as number,
      contribution: values[i] as number,
    }));
  return width <= maxExact
    ? exactShapley(predict, x, reference, scale, contributionsOf)
    : sampledShapley(predict, x, reference, scale, options, contributionsOf);
}

async function exactShapley(
  predict: BatchPredictor,
  x: readonly number[],
  reference: readonly number[],
  scale: 'probability' | 'log-odds',
  contributionsOf: (values: Float64Array) => FeatureContribution[],
): Promise<ShapleyExplanation> {
  const width = x.length;
  const coalitions = 2 ** width;
  const batch = new Float32Array(coalitions * width);
  for (let mask = 0; mask < coalitions; mask++) {
    for (let j = 0; j < width; j++)
      batch[mask * width + j] = (mask & (1 << j)) !== 0 ? (x[j] as number) : (reference[j] as number);
  }
  const values = await evaluate(predict, batch, coalitions, scale);
  // weight(s) = s!·(F − s − 1)!/F!, the share of orderings in which a coalition of size s precedes a feature.
  const factorial = [1];
  for (let k = 1; k <= width; k++) factorial.push((factorial[k - 1] as number) * k);
  const weight = (size: number) =>
    ((factorial[size] as number) * (factorial[width - size - 1] as number)) / (factorial[width] as number);
  const phi = new Float64Array(width);
  for (let mask = 0; mask < coalitions; mask++) {
    let size = 0;
    for (let j = 0; j < width; j++) if ((mask & (1 << j)) !== 0) size++;
    for (let j = 0; j < width; j++) {
      if ((mask & (1 << j)) !== 0) continue;
      phi[j] =
        (phi[j] as number) + weight(size) * ((values[mask | (1 << j)] as number) - (values[mask] as number));
    }
  }
  return {
    method: 'shapley-exact',
    scale,
    description: `Exact baseline Shapley values over all ${coalitions} coalitions of ${width} features; features outside a coalition take their reference value`,
    baseline: values[0] as number,
    prediction: values[coalitions - 1] as number,
    contributions: contributionsOf(phi),
    evaluations: coalitions,
  };
}

async function sampledShapley(
  predict: BatchPredictor,
  x: readonly number[],
  reference: readonly number[],
  scale: 'probability' | 'log-odds',
  options: ShapleyOptions,
  contributionsOf: (values: Float64Array) => FeatureContribution[],
): Promise<ShapleyExplanation> {
  const width = x.length;
  const requested = options.permutations ?? 256;
  if (!Number.isInteger(requested) || requested < 2 || requested > 100_000) {
    throw new ModelError(
      'invalid-explanation-request',
      `permutations must be a whole number from 2 to 100000, got ${requested}`,
    );
  }
  const count = requested + (requested % 2);
  const seed = options.seed ?? 1;
  const random = mulberry32(seed);
  const orders: number[][] = [];
  while (orders.length < count) {
    const order = Array.from({ length: width }, (_, j) => j);
    for (let i = width - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [order[i], order[k]] = [order[k] as number, order[i] as number];
    }
    orders.push(order, [...order].reverse());
  }
  // Per permutation, F + 1 rows: the reference, then the features switched to x one by one.
  const rowsPer = width + 1;
  const batch = new Float32Array(count * rowsPer * width);
  orders.forEach((order, p) => {
    const row = Float32Array.from(reference);
    batch.set(row, p * rowsPer * width);
    order.forEach((feature, step) => {
      row[feature] = x[feature] as number;
      batch.set(row, (p * rowsPer + step + 1) * width);
    });
  });
  const values = await evaluate(predict, batch, count * rowsPer, scale);
  const phi = new Float64Array(width);
  let baseline = 0;
  let prediction = 0;
  orders.forEach((order, p) => {
    const base = p * rowsPer;
    baseline += values[base] as number;
    prediction += values[base + width] as number;
    order.forEach((feature, step) => {
      phi[feature] =
        (phi[feature] as number) + (values[base + step + 1] as number) - (values[base + step] as number);
    });
  });
  for (let j = 0; j < width; j++) phi[j] = (phi[j] as number) / count;
  return {
    method: 'shapley-permutation',
    scale,
    description:
      `Baseline Shapley values estimated from ${count} random feature orderings (${count / 2} with their reverses), ` +
      `seed ${seed}; features outside a coalition take their reference value`,
    baseline: baseline / count,
    prediction: prediction / count,
    contributions: contributionsOf(phi),
    evaluations: count * rowsPer,
    permutations: count,
    seed,
  };
}
