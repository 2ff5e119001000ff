/**
 * Benchmark of batched inference: `predictProbabilities` (onnxruntime-node, the registry's
 * deterministic session options) over N rows (default 100 000) of a logistic ONNX model and of the
 * sklearn-style LinearClassifier + ZipMap model (ZipMap removed by `loadModel`), at several batch
 * sizes, next to the floor measured in the same run: the closed-form sigmoid(w·z + b) in plain JS
 * over the same rows. See bench/README.md.
 *
 *   npm run bench:inference -- [--rows 100000] [--inputs 16] [--batch-sizes 1,16,256,4096]
 *                              [--repeat 2] [--seed bench-inference]
 *
 * No target: it prints figures and exits 0, or 1 if it crashes or a model's probabilities differ
 * from the closed form (the figures would mean nothing).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type LoadedModel, loadModel, predictProbabilities, releaseModel } from '@prospect/model-registry';
import {
  buildLogisticRegressionOnnx,
  buildSklearnStyleClassifierOnnx,
  encodeOnnxModel,
  exampleModelCard,
  type LogisticModelParameters,
  type ModelCard,
} from '@prospect/models';
import { reportFigure } from './report';

/** Largest |ONNX − closed form| accepted: float32 inputs and parameters, float32 arithmetic in ONNX. */
const MAX_DIFFERENCE = 1e-5;
const FLOOR_REPETITIONS = 5;

interface Options {
  rows: number;
  inputs: number;
  batchSizes: number[];
  repeat: number;
  seed: string;
}

interface Row {
  approach: string;
  batchSize: number | undefined;
  ms: number;
  maxDifference: number | undefined;
}

async function main(): Promise<number> {
  const options = readOptions();
  const { rows, inputs } = options;
  log(
    `inference: ${rows.toLocaleString('en-US')} rows × ${inputs} inputs, batch sizes ${options.batchSizes.join(', ')}, ` +
      `best of ${options.repeat}, Node ${process.version}`,
  );

  // --- Setup (not measured): parameters, features, the two models, their cards.
  const random = xorshift(hashSeed(options.seed));
  const parameters: LogisticModelParameters = {
    coefficients: Array.from({ length: inputs }, () => Math.round((random() * 2 - 1) * 1000) / 1000),
    intercept: -0.25,
    standardization: {
      mean: Array.from({ length: inputs }, () => Math.round(random() * 200) / 10),
      scale: Array.from({ length: inputs }, () => 0.5 + Math.round(random() * 40) / 10),
    },
  };
  const features = syntheticFeatures(parameters, rows, random);
  const card = benchCard(inputs);
  const models: [string, LoadedModel][] = [
    [
      'ONNX logistic (MatMul, Add, Sigmoid)',
      await loadModel(encodeOnnxModel(buildLogisticRegressionOnnx(parameters)), card),
    ],
    [
      'ONNX sklearn-style (Scaler, LinearClassifier; ZipMap removed)',
      await loadModel(encodeOnnxModel(buildSklearnStyleClassifierOnnx(parameters)), card),
    ],
  ];
  try {
    // --- Reference, same run: the closed form in plain JS.
    let floorMs = Infinity;
    let expected: Float64Array = new Float64Array(0);
    for (let repetition = 0; repetition < FLOOR_REPETITIONS; repetition++) {
      const started = performance.now();
      expected = closedForm(parameters, features, rows, inputs);
      floorMs = Math.min(floorMs, performance.now() - started);
    }
    const table: Row[] = [
      {
        approach: 'closed form sigmoid(w·z + b), plain JS (floor)',
        batchSize: undefined,
        ms: floorMs,
        maxDifference: undefined,
      },
    ];

    // --- Measured: each model at each batch size, after a warm-up of a few batches.
    for (const [name, model] of models) {
      if (model.removedZipMaps.length === 0 && name.includes('ZipMap'))
        throw new Error(`${name}: no ZipMap was removed`);
      for (const batchSize of options.batchSizes) {
        const warmRows = Math.min(rows, batchSize * 4);
        await predictProbabilities(model, features.subarray(0, warmRows * inputs), warmRows, inputs, {
          batchSize,
        });
        let best = Infinity;
        let probabilities: Float64Array = new Float64Array(0);
        for (let repetition = 0; repetition < options.repeat; repetition++) {
          const started = performance.now();
          probabilities = await predictProbabilities(model, features, rows, inputs, { batchSize });
          best = Math.min(best, performance.now() - started);
        }
        table.push({
          approach: name,
          batchSize,
          ms: best,
          maxDifference: maxDifference(probabilities, expected),
        });
        log(`  ${name}, batch ${batchSize}: ${fmt(best, 0)} ms`);
      }
    }

    printTable(table, rows, floorMs);
    const wrong = table.filter((row) => (row.maxDifference ?? 0) > MAX_DIFFERENCE);
    for (const row of wrong) {
      log(
        `INVALID RUN  ${row.approach}, batch ${row.batchSize}: probabilities differ from the closed form by ` +
          `${row.maxDifference?.toExponential(2)} (> ${MAX_DIFFERENCE})`,
      );
    }
    for (const row of table.slice(1)) {
      reportFigure({
        bench: 'inference',
        figure: `${row.approach.split(' (')[0]}, batch ${row.batchSize}, ${rows} rows × ${inputs} inputs, rows/s`,
        value: (rows / row.ms) * 1000,
        unit: 'rows/s',
        reference: {
          name: 'closed form sigmoid(w·z + b) in plain JS, same rows',
          value: (rows / floorMs) * 1000,
          unit: 'rows/s',
        },
        target: null,
        pass: null,
      });
    }
    reportFigure({
      bench: 'inference',
      figure: 'largest |Δp| of any model against the closed form',
      value: Math.max(...table.map((row) => row.maxDifference ?? 0)),
      unit: '',
      reference: null,
      target: `≤ ${MAX_DIFFERENCE} (else the run is invalid)`,
      pass: wrong.length === 0,
    });
    return wrong.length ? 1 : 0;
  } finally {
    for (const [, model] of models) await releaseModel(model);
  }
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      inputs: { type: 'string', default: '16' },
      'batch-sizes': { type: 'string', default: '1,16,256,4096' },
      repeat: { type: 'string', default: '2' },
      seed: { type: 'string', default: 'bench-inference' },
    },
    strict: true,
  });
  const positive = (name: string, text: string | undefined): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  return {
    rows: positive('rows', values.rows),
    inputs: positive('inputs', values.inputs),
    batchSizes: (values['batch-sizes'] ?? '').split(',').map((text) => positive('batch-sizes', text)),
    repeat: positive('repeat', values.repeat),
    seed: values.seed ?? 'bench-inference',
  };
}

/** The example card with `inputs` covariate inputs `x01`, `x02`, … (the models' input order). */
function benchCard(inputs: number): ModelCard {
  const name = (index: number): string => `x${String(index + 1).padStart(2, '0')}`;
  return exampleModelCard(4, {
    name: 'bench-inference',
    inputs: Array.from({ length: inputs }, (_, index) => ({
      name: name(index),
      source: { kind: 'covariate' as const, code: name(index) },
    })),
  });
}

/** Features around the training means: mean + 2.5·scale·u, u uniform in [−1, 1), as float32. */
function syntheticFeatures(
  parameters: LogisticModelParameters,
  rows: number,
  random: () => number,
): Float32Array {
  const { mean, scale } = parameters.standardization ?? { mean: [], scale: [] };
  const width = mean.length;
  const features = new Float32Array(rows * width);
  for (let index = 0; index < features.length; index++) {
    const column = index % width;
    features[index] = (mean[column] as number) + 2.5 * (scale[column] as number) * (random() * 2 - 1);
  }
  return features;
}

/**
 * The floor: the probability of each row, sigmoid(b + Σ w_j (x_j − μ_j) / σ_j), in float64 from the
 * float32 inputs and the float32-rounded parameters (what the models store).
 */
function closedForm(
  parameters: LogisticModelParameters,
  features: Float32Array,
  rows: number,
  width: number,
): Float64Array {
  const weights = Float64Array.from(parameters.coefficients, (value) => Math.fround(value));
  const means = Float64Array.from(parameters.standardization?.mean ?? [], (value) => Math.fround(value));
  const scales = Float64Array.from(parameters.standardization?.scale ?? [], (value) => Math.fround(value));
  const intercept = Math.fround(parameters.intercept);
  const probabilities = new Float64Array(rows);
  for (let row = 0, offset = 0; row < rows; row++, offset += width) {
    let logit = intercept;
    for (let column = 0; column < width; column++)
      logit +=
        ((weights[column] as number) * ((features[offset + column] as number) - (means[column] as number))) /
        (scales[column] as number);
    probabilities[row] = 1 / (1 + Math.exp(-logit));
  }
  return probabilities;
}

function maxDifference(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let index = 0; index < a.length; index++)
    max = Math.max(max, Math.abs((a[index] as number) - (b[index] as number)));
  return max;
}

function printTable(rows: readonly Row[], count: number, floorMs: number): void {
  const header = ['approach', 'batch', 'ms', 'rows/s', '× floor time', 'max |Δp| vs floor'];
  const body = rows.map((row) => [
    row.approach,
    row.batchSize === undefined ? '' : String(row.batchSize),
    fmt(row.ms, 1),
    fmt((count / row.ms) * 1000, 0),
    row.batchSize === undefined ? '1' : `${fmt(row.ms / floorMs, row.ms / floorMs < 10 ? 1 : 0)}×`,
    row.maxDifference === undefined ? '' : row.maxDifference.toExponential(1),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  log('');
  log(line(header));
  log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cells of body) log(line(cells));
  log('');
  log(
    '× floor time: time over the time of the plain-JS closed form over the same rows (rows/s: floor ÷ that).',
  );
}

function hashSeed(seed: string): number {
  let hash = 2166136261;
  for (let index = 0; index < seed.length; index++) hash = Math.imul(hash ^ seed.charCodeAt(index), 16777619);
  return hash >>> 0 || 1;
}

/** xorshift32: uniform in [0, 1). */
function xorshift(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function log(text: string): void {
  console.log(text);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
