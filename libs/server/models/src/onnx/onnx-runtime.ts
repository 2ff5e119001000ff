import {
  assertModelCard,
  type BatchPredictor,
  decodeOnnxModel,
  describeModelSignature,
  encodeOnnxModel,
  type InputLayout,
  type ModelCard,
  ModelError,
  type ModelSignature,
  planInputs,
  planProbabilityOutput,
  type ProbabilityReadout,
  readProbabilities,
  type RemovedZipMap,
  stripZipMap,
} from '@prospect/models';
import { sha256Hex } from '@prospect/platform';
import { env, InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * Session options fixed for reproducible predictions (locked before treatment, re-scored bit for bit):
 * - one intra-op and one inter-op thread, sequential execution: no work split whose reduction order
 *   could depend on scheduling;
 * - graph optimisation `disabled`: the runtime executes the graph exactly as uploaded, rather than
 *   whatever fusions (MatMul+Add → Gemm, constant folding) a given onnxruntime version applies,
 *   which change float32 rounding; tabular models are tiny, so the speed cost is negligible;
 * - CPU execution provider only; memory-pattern/arena settings do not change results.
 * A prediction is reproducible given the same model bytes, runtime version (recorded in
 * {@link LoadedModel.runtime}), these options and the batch partition (see {@link DEFAULT_BATCH_SIZE}).
 */
export const DETERMINISTIC_SESSION_OPTIONS: Readonly<InferenceSession.SessionOptions> = Object.freeze({
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'disabled',
  logSeverityLevel: 3,
});

/**
 * Rows per `session.run` call by default: 1, so every row is computed alone and its probability never
 * depends on which other rows shared its batch. Measured with onnxruntime-node 1.30: MatMul/Sigmoid
 * graphs give the same bits for any batch size, but LinearClassifier (sklearn-onnx) takes another
 * code path for a single row than for two or more, changing the last one or two float32 bits of about one row
 * in seven; a patient scored alone when the prediction is locked must get the same bits when the
 * audit re-scores the cohort. Larger batches (throughput) are an explicit option.
 */
export const DEFAULT_BATCH_SIZE = 1;

/** A model checked against its card and ready to score. */
export interface LoadedModel {
  /** SHA-256 (hex) of the bytes as uploaded: what the registry stores and the protocol pins. */
  sha256: string;
  card: ModelCard;
  session: InferenceSession;
  /** The signature of the uploaded model. */
  signature: ModelSignature;
  /** The signature of the graph actually run (after removing ZipMap, if any). */
  runtimeSignature: ModelSignature;
  /** ZipMap nodes removed before running (empty when the model had none). */
  removedZipMaps: RemovedZipMap[];
  inputLayout: InputLayout;
  readout: ProbabilityReadout;
  /** The runtime and options predictions depend on, to store beside locked predictions. */
  runtime: {
    name: 'onnxruntime-node';
    version: string;
    sessionOptions: Readonly<InferenceSession.SessionOptions>;
  };
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Refuse the bytes unless their SHA-256 is this (e.g. the digest the approved protocol pins). */
  expectedSha256?: string;
}

/**
 * Loads uploaded ONNX bytes for scoring under a model card: hashes the bytes as uploaded, decodes
 * them, removes a trailing ZipMap (sklearn-onnx) in memory, checks the inputs and the probability
 * output against the card, and creates an onnxruntime-node session with
 * {@link DETERMINISTIC_SESSION_OPTIONS}.
 *
 * @throws {ModelError} `invalid-model-card`; `sha256-mismatch` (card.modelSha256 or
 *   options.expectedSha256 differ from the bytes); `not-onnx`; `unsupported-model`;
 *   `input-mismatch` (wrong width, non-float input, names); `output-mismatch` (no probability
 *   output); `runtime-error` (onnxruntime refused the graph).
 */
export async function loadModel(
  bytes: Uint8Array,
  card: ModelCard,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const checkedCard = assertModelCard(card);
  const sha256 = sha256Hex(bytes);
  for (const [source, expected] of [
    ['the model card (modelSha256)', checkedCard.modelSha256],
    ['the caller', options.expectedSha256],
  ] as const) {
    if (expected !== undefined && expected !== sha256) {
      throw new ModelError(
        'sha256-mismatch',
        `The uploaded model's SHA-256 is ${sha256}, but ${source} pins ${expected}`,
      );
    }
  }
  const model = decodeOnnxModel(bytes);
  const signature = describeModelSignature(model);
  const { model: runtimeModel, removed } = stripZipMap(model);
  const runtimeSignature = describeModelSignature(runtimeModel);
  const inputLayout = planInputs(runtimeSignature, checkedCard);
  const readout = planProbabilityOutput(runtimeSignature, checkedCard);
  const runtimeBytes = removed.length > 0 ? encodeOnnxModel(runtimeModel) : bytes;

  let session: InferenceSession;
  try {
    session = await InferenceSession.create(runtimeBytes, { ...DETERMINISTIC_SESSION_OPTIONS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelError('runtime-error', `onnxruntime could not load the model: ${reason}`, {
      cause: error,
    });
  }
  const fed = inputLayout.kind === 'matrix' ? [inputLayout.inputName] : inputLayout.inputNames;
  const missing = [
    ...fed.filter((name) => !session.inputNames.includes(name)),
    ...(session.outputNames.includes(readout.outputName) ? [] : [readout.outputName]),
  ];
  if (missing.length > 0) {
    await session.release();
    throw new ModelError(
      'runtime-error',
      `onnxruntime does not expose ${missing.map((name) => `"${name}"`).join(', ')} of the checked signature`,
    );
  }
  return {
    sha256,
    card: checkedCard,
    session,
    signature,
    runtimeSignature,
    removedZipMaps: removed,
    inputLayout,
    readout,
    runtime: {
      name: 'onnxruntime-node',
      version: env.versions.node ?? 'unknown',
      sessionOptions: DETERMINISTIC_SESSION_OPTIONS,
    },
  };
}

/** Options of {@link predictProbabilities}. */
export interface PredictOptions {
  /**
   * Rows per run (default {@link DEFAULT_BATCH_SIZE}; forced to 1 for models with a fixed batch of
   * 1). Above 1, a row's last float32 bit may depend on the batch it is in (see the default's note).
   */
  batchSize?: number;
}

/**
 * The probability of the card's endpoint for each row of a float32 feature matrix (row-major,
 * `cols` = the card's inputs, in card order), scored in batches of a fixed size (default one row per
 * run), sequentially.
 *
 * @throws {ModelError} `invalid-features` (length, width, non-finite values: missing inputs must be
 *   handled before scoring, never passed as NaN); `output-mismatch` / `invalid-probabilities` when
 *   the output read back is not a probability; `runtime-error` when a run fails.
 */
export async function predictProbabilities(
  model: LoadedModel,
  features: Float32Array,
  rows: number,
  cols: number,
  options: PredictOptions = {},
): Promise<Float64Array> {
  const width = model.card.inputs.length;
  if (!Number.isInteger(rows) || rows < 0)
    throw new ModelError('invalid-features', `rows must be a whole number ≥ 0, got ${rows}`);
  if (cols !== width) {
    throw new ModelError(
      'invalid-features',
      `Features have ${cols} columns but the model card lists ${width} inputs`,
    );
  }
  if (features.length !== rows * cols) {
    throw new ModelError(
      'invalid-features',
      `Features hold ${features.length} values; ${rows} rows × ${cols} columns need ${rows * cols}`,
    );
  }
  for (let index = 0; index < features.length; index++) {
    if (!Number.isFinite(features[index])) {
      const column = model.card.inputs[index % cols]?.name ?? String(index % cols);
      throw new ModelError(
        'invalid-features',
        `Row ${Math.floor(index / cols)}, input "${column}" is ${features[index]}; features must be finite`,
      );
    }
  }
  const batchSize = model.inputLayout.batch === 1 ? 1 : (options.batchSize ?? DEFAULT_BATCH_SIZE);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ModelError('invalid-features', `batchSize must be a whole number ≥ 1, got ${batchSize}`);

  const probabilities = new Float64Array(rows);
  for (let start = 0; start < rows; start += batchSize) {
    const count = Math.min(batchSize, rows - start);
    const batch = features.subarray(start * cols, (start + count) * cols);
    const feeds = feedsFor(model.inputLayout, batch, count, cols);
    let result: InferenceSession.OnnxValueMapType;
    try {
      result = await model.session.run(feeds, [model.readout.outputName]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ModelError('runtime-error', `Scoring rows ${start}–${start + count - 1} failed: ${reason}`, {
        cause: error,
      });
    }
    const output = result[model.readout.outputName];
    if (!output || !(output instanceof Tensor) || (output.type !== 'float32' && output.type !== 'float64')) {
      throw new ModelError(
        'output-mismatch',
        `Output "${model.readout.outputName}" did not come back as a float tensor`,
      );
    }
    probabilities.set(
      readProbabilities(model.readout, output.data as Float32Array | Float64Array, output.dims, count, start),
      start,
    );
  }
  return probabilities;
}

function feedsFor(
  layout: InputLayout,
  batch: Float32Array,
  rows: number,
  cols: number,
): Record<string, Tensor> {
  if (layout.kind === 'matrix') {
    // A copy, so the tensor owns exactly this batch (subarray views share the caller's buffer).
    return { [layout.inputName]: new Tensor('float32', Float32Array.from(batch), [rows, cols]) };
  }
  const feeds: Record<string, Tensor> = {};
  layout.inputNames.forEach((name, column) => {
    const values = new Float32Array(rows);
    for (let row = 0; row < rows; row++) values[row] = batch[row * cols + column] as number;
    feeds[name] = new Tensor('float32', values, [rows, 1]);
  });
  return feeds;
}

/** A {@link BatchPredictor} over a loaded model, for `explainShapley` of `@prospect/models`. */
export function probabilityPredictor(model: LoadedModel, options: PredictOptions = {}): BatchPredictor {
  return (batch, rows) => predictProbabilities(model, batch, rows, model.card.inputs.length, options);
}

/** Releases the native session. */
export async function releaseModel(model: LoadedModel): Promise<void> {
  await model.session.release();
}
