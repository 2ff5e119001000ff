import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  decodeDicomSeries,
  decodeNiftiImage,
  decodeNiftiMask,
  isImagingError,
  type ImageVolume,
} from '@prospect/imaging';
import { loadModel, predictProbabilities, releaseModel } from '@prospect/model-registry';
import {
  type ModelCard,
  ModelError,
  parseModelCard,
  assembleModelInputs,
  decodeOnnxModel,
  describeModelSignature,
} from '@prospect/models';
import {
  extractFeatures,
  type FeatureValue,
  parsePyRadiomicsCsv,
  PyRadiomicsCsvError,
  type PreprocessingSettings,
} from '@prospect/radiomics';
import { sha256Hex } from '@prospect/platform';
import { InvalidArgumentError } from 'commander';
import { CliError, USAGE } from './cli-error';

/** Options of `prospect radiomics`, as commander parses them. */
export interface RadiomicsOptions {
  image: string;
  mask: string;
  binWidth?: number;
  binCount?: number;
  discretisation?: string;
  resample?: [number, number, number];
}

/** commander parser of `--resample X,Y,Z`. */
export function parseSpacing(text: string): [number, number, number] {
  const parts = text.split(',').map((part) => Number(part.trim()));
  if (parts.length !== 3 || !parts.every((value) => Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError('Must be three positive numbers in mm, e.g. 1,1,1.');
  }
  return parts as [number, number, number];
}

/** commander parser of a positive number. */
export function parsePositive(text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError('Must be a number greater than 0.');
  return value;
}

/** commander parser of a whole number of bins. */
export function parseBinCount(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < 2 || value > 4096) {
    throw new InvalidArgumentError('Must be a whole number from 2 to 4096.');
  }
  return value;
}

/**
 * `prospect radiomics`: IBSI features of one image (a NIfTI file or a folder of DICOM files) in the
 * region of a NIfTI mask, with every aggregation IBSI defines for the texture families.
 */
export function radiomics(options: RadiomicsOptions, cwd: string): { human: string; machine: unknown } {
  const settings = radiomicsSettings(options);
  const image = readImage(resolve(cwd, options.image), options.image);
  const mask = readMask(resolve(cwd, options.mask), options.mask);
  for (const [axis, name] of [
    [0, 'x'],
    [1, 'y'],
    [2, 'z'],
  ] as const) {
    if (image.dims[axis] !== mask.dims[axis]) {
      throw new CliError(
        `--mask ${options.mask}: its grid is ${mask.dims.join('×')} voxels, the image's ${image.dims.join('×')} (they differ along ${name}).`,
      );
    }
  }
  let extraction;
  try {
    extraction = extractFeatures(
      { dims: image.dims, spacingMm: image.spacingMm, image: image.data, mask: mask.data },
      settings,
    );
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`Cannot compute features: ${error.message}`);
    throw error;
  }
  const features = extraction.features.map(toOutput);
  const machine = { settings, roi: extraction.roi, features };
  const families = [...new Set(extraction.features.map((feature) => feature.family))];
  return {
    human:
      `${features.length} IBSI features (${families.join(', ')}) of ${extraction.roi.voxels} voxels, ` +
      `${extraction.roi.greyLevels} grey levels. Use --json for the values.`,
    machine,
  };
}

function radiomicsSettings(options: RadiomicsOptions): PreprocessingSettings {
  const chosen = [
    options.binWidth !== undefined ? '--bin-width' : null,
    options.binCount !== undefined ? '--bin-count' : null,
    options.discretisation !== undefined ? '--discretisation' : null,
  ].filter((name): name is string => name !== null);
  if (chosen.length > 1) {
    throw new CliError(`${chosen.join(' and ')} exclude each other: choose one discretisation.`, USAGE);
  }
  if (options.discretisation !== undefined && options.discretisation !== 'none') {
    throw new CliError(
      '--discretisation: the only value is "none" (use --bin-width or --bin-count otherwise).',
      USAGE,
    );
  }
  const discretisation: PreprocessingSettings['discretisation'] =
    options.binWidth !== undefined
      ? { method: 'fixed-bin-size', binWidth: options.binWidth }
      : options.binCount !== undefined
        ? { method: 'fixed-bin-number', binCount: options.binCount }
        : options.discretisation === 'none'
          ? { method: 'none' }
          : (() => {
              throw new CliError(
                'Choose a discretisation: --bin-width W, --bin-count N or --discretisation none.',
                USAGE,
              );
            })();
  return { ...(options.resample ? { resampledSpacingMm: options.resample } : {}), discretisation };
}

/** JSON has no NaN: an undefined feature is null. */
function toOutput(feature: FeatureValue): Record<string, unknown> {
  return {
    family: feature.family,
    name: feature.name,
    ibsi: feature.ibsi,
    ...(feature.aggregation ? { aggregation: feature.aggregation } : {}),
    value: Number.isFinite(feature.value) ? feature.value : null,
  };
}

function readImage(path: string, shown: string): ImageVolume {
  try {
    if (statSync(path).isDirectory()) {
      const files = readdirSync(path)
        .filter((name) => statSync(join(path, name)).isFile())
        .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(path, name))) }));
      return decodeDicomSeries(files).volume;
    }
    return decodeNiftiImage(new Uint8Array(readFileSync(path))).volume;
  } catch (error) {
    throw fileProblem(error, '--image', shown);
  }
}

function readMask(path: string, shown: string) {
  try {
    return decodeNiftiMask(new Uint8Array(readFileSync(path))).mask;
  } catch (error) {
    throw fileProblem(error, '--mask', shown);
  }
}

function fileProblem(error: unknown, option: string, shown: string): CliError | unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CliError(`${option} ${shown}: no such file or folder.`);
  if (code === 'EACCES') return new CliError(`${option} ${shown}: permission denied.`);
  if (isImagingError(error)) return new CliError(`${option} ${shown}: ${error.message}`);
  return error;
}

/** Options of `prospect predict`. */
export interface PredictOptions {
  model: string;
  input: string;
  card?: string;
  threshold?: number;
  /** With a PyRadiomics CSV: the covariates the card names, by case id. */
  covariates?: string;
}

/**
 * `prospect predict`: runs an ONNX model on the rows of a CSV whose columns (an optional `id`
 * aside) are the model's inputs in order. With `--card`, the card names the inputs (the CSV header
 * must list them in that order) and the output; without, the positive class is column 1 of a
 * two-column output (or the single probability column) and the threshold is `--threshold` (0.5).
 */
export async function predict(
  options: PredictOptions,
  cwd: string,
): Promise<{ human: string; machine: unknown }> {
  const bytes = readBytes(resolve(cwd, options.model), '--model', options.model);
  const text = readText(resolve(cwd, options.input), '--input', options.input);
  if (options.card && options.threshold !== undefined) {
    throw new CliError('--threshold and --card exclude each other: the card sets the threshold.', USAGE);
  }
  const isPyRadiomics = /(^|,)"?(original|diagnostics)_/m.test(text.split(/\r?\n/, 1)[0] ?? '');
  if (options.covariates !== undefined && !isPyRadiomics) {
    throw new CliError(
      '--covariates goes with a PyRadiomics CSV; put covariates as columns of --input otherwise.',
      USAGE,
    );
  }
  const csv = isPyRadiomics ? pyRadiomicsInputs(text, options, cwd) : parseFeatureCsv(text, options.input);
  const card = options.card
    ? readCard(resolve(cwd, options.card), options.card)
    : defaultCard(bytes, csv.columns, options.model, options.threshold);
  const expected = card.inputs.map((input) => input.name);
  if (expected.join(',') !== csv.columns.join(',')) {
    throw new CliError(
      `--input ${options.input}: the columns are ${csv.columns.join(', ')}; the model's inputs are ${expected.join(', ')} (in that order).`,
    );
  }
  let model;
  try {
    model = await loadModel(bytes, card);
  } catch (error) {
    if (error instanceof ModelError) throw new CliError(`--model ${options.model}: ${error.message}`);
    throw error;
  }
  try {
    const probabilities = await predictProbabilities(model, csv.values, csv.ids.length, csv.columns.length);
    const predictions = csv.ids.map((id, row) => {
      const probability = probabilities[row] as number;
      return {
        row,
        ...(id !== null ? { id } : {}),
        probability,
        label: probability >= card.defaultThreshold ? 1 : 0,
      };
    });
    return {
      human: predictions
        .map(
          (prediction) =>
            `${prediction.id ?? prediction.row}\t${prediction.probability.toFixed(6)}\t${prediction.label}`,
        )
        .join('\n'),
      machine: { modelSha256: model.sha256, threshold: card.defaultThreshold, predictions },
    };
  } finally {
    await releaseModel(model);
  }
}

interface FeatureCsv {
  columns: string[];
  ids: (string | null)[];
  values: Float32Array;
}

/**
 * A PyRadiomics CSV (its own column names) mapped to the card's inputs: radiomics inputs by IBSI
 * code and aggregation through the PyRadiomics–IBSI table, covariates from `--covariates` by case id.
 */
function pyRadiomicsInputs(text: string, options: PredictOptions, cwd: string): FeatureCsv {
  if (!options.card) {
    throw new CliError(
      'A PyRadiomics CSV needs --card: the card says which IBSI features are the model inputs.',
      USAGE,
    );
  }
  const card = readCard(resolve(cwd, options.card), options.card);
  let parsed;
  try {
    parsed = parsePyRadiomicsCsv(text);
  } catch (error) {
    if (error instanceof PyRadiomicsCsvError)
      throw new CliError(`--input ${options.input}: ${error.message}`);
    throw error;
  }
  const covariates = options.covariates
    ? parseFeatureCsv(
        readText(resolve(cwd, options.covariates), '--covariates', options.covariates),
        options.covariates,
      )
    : null;
  const width = card.inputs.length;
  const values = new Float32Array(parsed.rows.length * width);
  const ids: (string | null)[] = [];
  parsed.rows.forEach((row, index) => {
    const covariateRow = covariates ? covariates.ids.indexOf(row.id ?? null) : -1;
    if (covariates && covariateRow < 0) {
      throw new CliError(
        `--covariates ${options.covariates}: no row with id ${row.id ?? '(none)'} (case at CSV row ${row.row}).`,
      );
    }
    const covariateValues = Object.fromEntries(
      (covariates?.columns ?? []).map((column, c) => [
        column,
        {
          valueType: 'quantity' as const,
          value: covariates?.values[covariateRow * (covariates?.columns.length ?? 0) + c] ?? Number.NaN,
        },
      ]),
    );
    const assembled = assembleModelInputs(card, { features: row.features, covariates: covariateValues });
    if (!assembled.ok) {
      throw new CliError(
        `--input ${options.input}, case ${row.id ?? `at CSV row ${row.row}`}: ${assembled.problems
          .map((problem) => `${problem.input}: ${problem.reason}`)
          .join('; ')}`,
      );
    }
    values.set(assembled.vector, index * width);
    ids.push(row.id ?? null);
  });
  return { columns: card.inputs.map((input) => input.name), ids, values };
}

/** A numeric CSV: a header, an optional `id` column, every other cell a finite number. */
export function parseFeatureCsv(text: string, shown: string): FeatureCsv {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  if (!header || header.length === 0 || header.every((cell) => cell === '')) {
    throw new CliError(`--input ${shown}: empty file; expected a header row of the model's input names.`);
  }
  const idColumn = header.findIndex((cell) => cell.toLowerCase() === 'id');
  const columns = header.filter((_cell, index) => index !== idColumn);
  if (lines.length < 2) throw new CliError(`--input ${shown}: no data rows after the header.`);
  const rows = lines.slice(1);
  const values = new Float32Array(rows.length * columns.length);
  const ids: (string | null)[] = [];
  rows.forEach((line, row) => {
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.length !== header.length) {
      throw new CliError(
        `--input ${shown}: line ${row + 2} has ${cells.length} cells; the header has ${header.length}.`,
      );
    }
    ids.push(idColumn >= 0 ? (cells[idColumn] ?? null) : null);
    let column = 0;
    cells.forEach((cell, index) => {
      if (index === idColumn) return;
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new CliError(
          `--input ${shown}: line ${row + 2}, column ${header[index]}: "${cell}" is not a number.`,
        );
      }
      values[row * columns.length + column] = value;
      column++;
    });
  });
  return { columns, ids, values };
}

function defaultCard(bytes: Uint8Array, columns: string[], shown: string, threshold = 0.5): ModelCard {
  if (!(threshold > 0 && threshold < 1)) throw new CliError('--threshold must be between 0 and 1.', USAGE);
  let width: number | undefined;
  try {
    const signature = describeModelSignature(decodeOnnxModel(bytes));
    const dims = signature.inputs[0]?.type.kind === 'tensor' ? signature.inputs[0].type.shape : undefined;
    const last = dims?.[dims.length - 1];
    width = typeof last === 'number' ? last : undefined;
  } catch (error) {
    if (error instanceof ModelError) throw new CliError(`--model ${shown}: ${error.message}`);
    throw error;
  }
  if (width !== undefined && width !== columns.length) {
    throw new CliError(
      `--model ${shown} takes ${width} inputs; the CSV has ${columns.length} input columns.`,
    );
  }
  return {
    name: basename(shown),
    version: sha256Hex(bytes).slice(0, 12),
    intendedUse: 'Ad hoc prediction from the command line.',
    trainingPopulation: 'Not stated.',
    preclinicalPerformance: { summary: 'Not stated.' },
    // The card is only a carrier for the column names here: sources are placeholders, one per column.
    inputs: columns.map((name, index) => ({
      name,
      source: { kind: 'covariate' as const, code: `input_${index + 1}` },
    })),
    output: { positiveClassIndex: 1, meaning: 'positive class' },
    defaultThreshold: threshold,
  };
}

function readCard(path: string, shown: string): ModelCard {
  const parsed = parseModelCard(parseJson(readText(path, '--card', shown), '--card', shown));
  if (!parsed.ok) {
    throw new CliError(
      `--card ${shown}: ${parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.value;
}

function parseJson(text: string, option: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option} ${shown}: not JSON (${(error as Error).message}).`);
  }
}

function readBytes(path: string, option: string, shown: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw fileProblem(error, option, shown);
  }
}

function readText(path: string, option: string, shown: string): string {
  return Buffer.from(readBytes(path, option, shown)).toString('utf8');
}
