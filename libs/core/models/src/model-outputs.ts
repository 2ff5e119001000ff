import { type ModelCard } from './model-card';
import { ModelError } from './model-error';
import {
  type Dimension,
  formatValues,
  formatValueType,
  type ModelSignature,
  type OnnxValueDescription,
} from './onnx-graph';

/** How features are fed: one float matrix [batch, F], or one float [batch, 1] input per card input. */
export type InputLayout =
  | { kind: 'matrix'; inputName: string; width: number; batch: 'dynamic' | 1 }
  | {
      kind: 'per-feature';
      /** The model's input names in the card's input order (column j feeds `inputNames[j]`). */
      inputNames: string[];
      batch: 'dynamic' | 1;
    };

/** Where the probability of the endpoint is read from. */
export interface ProbabilityReadout {
  outputName: string;
  /** Columns of the output: 1 (the probability of the positive class) or 2 (one per class). */
  width: 1 | 2;
  /** The column holding the probability of the positive class. */
  column: 0 | 1;
  /** sklearn's companion label output (`output_label`), when present; never used for scoring. */
  labelOutputName?: string;
  /** The class labels in column order, when the model declares them. */
  classLabels?: (number | string)[];
  /** One line for logs and the registry: which column of which output, and why. */
  description: string;
}

function isFloatTensor(value: OnnxValueDescription): boolean {
  return (
    value.type.kind === 'tensor' &&
    (value.type.elementType === 'float' || value.type.elementType === 'double')
  );
}

/** A float tensor [N,1] or [N,2]: the shapes a probability output may have. */
function probabilityWidth(value: OnnxValueDescription): 1 | 2 | undefined {
  if (value.type.kind !== 'tensor' || !isFloatTensor(value)) return undefined;
  const shape = value.type.shape;
  if (shape?.length !== 2) return undefined;
  return shape[1] === 1 || shape[1] === 2 ? shape[1] : undefined;
}

function isLabelOutput(value: OnnxValueDescription): boolean {
  if (value.type.kind !== 'tensor') return false;
  const { elementType, shape } = value.type;
  const labelType = elementType === 'int64' || elementType === 'int32' || elementType === 'string';
  return labelType && (shape === null || shape.length === 1 || (shape.length === 2 && shape[1] === 1));
}

const EXPECTED_OUTPUTS =
  'a float tensor [N,1] (probability of the positive class), a float tensor [N,2] (column output.positiveClassIndex), ' +
  "or sklearn's label + probability pair";

/**
 * Decides which output of a (ZipMap-free) model is the probability of the card's endpoint, from the
 * declared types and shapes, never from output order:
 * - `output.outputName` on the card names it; otherwise the only float tensor [N,1] or [N,2];
 * - [N,1] is the probability of the positive class (a card saying `positiveClassIndex: 0` is refused,
 *   since the single column cannot be the other class's probability without saying so);
 * - [N,2] is read at `positiveClassIndex`, or at the position of `positiveClassLabel` among the
 *   class labels the model declares (both given: they must agree);
 * - an int64/string [N] output beside it is sklearn's label, recorded but never used for scoring.
 *
 * @throws {ModelError} `output-mismatch` naming the outputs found and what was expected.
 */
export function planProbabilityOutput(signature: ModelSignature, card: ModelCard): ProbabilityReadout {
  const { outputs } = signature;
  const found = `the model's outputs are ${formatValues(outputs)}`;
  let chosen: OnnxValueDescription;
  if (card.output.outputName !== undefined) {
    const named = outputs.find((output) => output.name === card.output.outputName);
    if (!named) {
      throw new ModelError(
        'output-mismatch',
        `output.outputName "${card.output.outputName}" is not an output of the model; ${found}`,
      );
    }
    if (probabilityWidth(named) === undefined) {
      throw new ModelError(
        'output-mismatch',
        `Output "${named.name}" is ${formatValueType(named.type)}; expected a float tensor [N,1] or [N,2] to read the probability from`,
      );
    }
    chosen = named;
  } else {
    const candidates = outputs.filter((output) => probabilityWidth(output) !== undefined);
    if (candidates.length === 0) {
      const zipMapHint = outputs.some((output) => output.type.kind === 'sequence')
        ? '; a sequence-of-maps output (ZipMap) cannot be read: strip the ZipMap first'
        : '';
      throw new ModelError(
        'output-mismatch',
        `No output can be read as the probability of the endpoint: expected ${EXPECTED_OUTPUTS}; ${found}${zipMapHint}`,
      );
    }
    if (candidates.length > 1) {
      throw new ModelError(
        'output-mismatch',
        `Several outputs could be the probability of the endpoint (${candidates.map((c) => `"${c.name}"`).join(', ')}); ` +
          'name one in the model card (output.outputName)',
      );
    }
    chosen = candidates[0] as OnnxValueDescription;
  }

  const width = probabilityWidth(chosen) as 1 | 2;
  const classLabels = signature.classLabels;
  const column = width === 1 ? singleColumn(card, classLabels) : positiveColumn(card, classLabels);
  const labelOutputs = outputs.filter((output) => output !== chosen && isLabelOutput(output));
  const readout: ProbabilityReadout = {
    outputName: chosen.name,
    width,
    column,
    description:
      width === 1
        ? `"${chosen.name}" (${formatValueType(chosen.type)}) is the probability of the positive class`
        : `column ${column} of "${chosen.name}" (${formatValueType(chosen.type)})` +
          (classLabels?.[column] !== undefined ? `, class label ${JSON.stringify(classLabels[column])}` : ''),
  };
  if (labelOutputs.length === 1) readout.labelOutputName = (labelOutputs[0] as OnnxValueDescription).name;
  if (classLabels) readout.classLabels = classLabels;
  return readout;
}

function singleColumn(card: ModelCard, classLabels: ModelSignature['classLabels']): 0 {
  const { positiveClassIndex, positiveClassLabel } = card.output;
  if (positiveClassIndex === 0) {
    throw new ModelError(
      'output-mismatch',
      'output.positiveClassIndex is 0 but the probability output has a single column, which is read as the probability ' +
        'of the positive class (index 1); correct the card or export the model with both columns',
    );
  }
  if (
    positiveClassLabel !== undefined &&
    classLabels?.length === 2 &&
    !sameLabel(classLabels[1], positiveClassLabel)
  ) {
    throw new ModelError(
      'output-mismatch',
      `output.positiveClassLabel ${JSON.stringify(positiveClassLabel)} is not the model's second class ` +
        `(${JSON.stringify(classLabels[1])}), whose probability the single-column output holds`,
    );
  }
  return 0;
}

function positiveColumn(card: ModelCard, classLabels: ModelSignature['classLabels']): 0 | 1 {
  const { positiveClassIndex, positiveClassLabel } = card.output;
  if (positiveClassLabel === undefined) return positiveClassIndex ?? 1;
  if (!classLabels) {
    if (positiveClassIndex !== undefined) return positiveClassIndex;
    throw new ModelError(
      'output-mismatch',
      `output.positiveClassLabel ${JSON.stringify(positiveClassLabel)} cannot be located: the model declares no class labels; ` +
        'give output.positiveClassIndex instead',
    );
  }
  const index = classLabels.findIndex((label) => sameLabel(label, positiveClassLabel));
  if (index !== 0 && index !== 1) {
    throw new ModelError(
      'output-mismatch',
      `output.positiveClassLabel ${JSON.stringify(positiveClassLabel)} is not one of the model's first two class labels ` +
        `(${classLabels.map((label) => JSON.stringify(label)).join(', ')})`,
    );
  }
  if (positiveClassIndex !== undefined && positiveClassIndex !== index) {
    throw new ModelError(
      'output-mismatch',
      `output.positiveClassIndex is ${positiveClassIndex} but output.positiveClassLabel ${JSON.stringify(positiveClassLabel)} ` +
        `is at index ${index} of the model's class labels`,
    );
  }
  return index;
}

function sameLabel(a: number | string | undefined, b: number | string): boolean {
  return a !== undefined && String(a) === String(b);
}

function batchOf(dimension: Dimension, name: string): 'dynamic' | 1 {
  if (dimension === null || typeof dimension === 'string') return 'dynamic';
  if (dimension === 1) return 1;
  throw new ModelError(
    'input-mismatch',
    `Input "${name}" has a fixed batch size of ${dimension}; export the model with a dynamic (or size 1) first dimension`,
  );
}

function checkFloatMatrix(input: OnnxValueDescription, width: number, expected: string): 'dynamic' | 1 {
  const { type } = input;
  if (type.kind !== 'tensor') {
    throw new ModelError(
      'input-mismatch',
      `Input "${input.name}" is ${formatValueType(type)}; expected ${expected}`,
    );
  }
  if (type.elementType !== 'float') {
    throw new ModelError(
      'input-mismatch',
      `Input "${input.name}" is ${formatValueType(type)}, not a float tensor; Prospect feeds float32 features: expected ${expected}`,
    );
  }
  if (type.shape?.length !== 2) {
    throw new ModelError(
      'input-mismatch',
      `Input "${input.name}" is ${formatValueType(type)}; expected ${expected} (a batch dimension and a feature dimension)`,
    );
  }
  const [batch, columns] = type.shape as [Dimension, Dimension];
  if (columns !== width) {
    const found = typeof columns === 'number' ? `width ${columns}` : `an unknown width (${columns ?? '?'})`;
    throw new ModelError('input-mismatch', `Input "${input.name}" has ${found}; expected ${expected}`);
  }
  return batchOf(batch, input.name);
}

/**
 * Checks the model's inputs against the card's ordered inputs (F of them) and says how to feed them:
 * - one float tensor input [N,F] (N dynamic, unknown, or 1): a feature matrix in card order;
 * - F float inputs [N,1] named exactly as the card's inputs: one column each.
 *
 * @throws {ModelError} `input-mismatch` naming what was expected and found (width, element type,
 *   input count, missing or unexpected names).
 */
export function planInputs(signature: ModelSignature, card: ModelCard): InputLayout {
  const width = card.inputs.length;
  const cardNames = card.inputs.map((input) => input.name);
  const { inputs } = signature;
  const listed = `the model card lists ${width} input${width === 1 ? '' : 's'} (${cardNames.join(', ')})`;
  const [first] = inputs;
  if (!first) throw new ModelError('input-mismatch', `The model has no inputs; ${listed}`);
  if (inputs.length === 1) {
    const batch = checkFloatMatrix(first, width, `tensor(float)[N,${width}] because ${listed}`);
    return { kind: 'matrix', inputName: first.name, width, batch };
  }
  if (inputs.length !== width) {
    throw new ModelError(
      'input-mismatch',
      `The model has ${inputs.length} inputs (${formatValues(inputs)}) but ${listed}; ` +
        `expected one float tensor [N,${width}] or one float [N,1] input per card input`,
    );
  }
  const modelNames = new Set(inputs.map((input) => input.name));
  const missing = cardNames.filter((name) => !modelNames.has(name));
  if (missing.length > 0) {
    const unexpected = inputs.map((input) => input.name).filter((name) => !cardNames.includes(name));
    throw new ModelError(
      'input-mismatch',
      `The model's inputs do not match the card's input names: missing ${missing.map((n) => `"${n}"`).join(', ')}; ` +
        `unexpected ${unexpected.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  const batches = new Set(
    inputs.map((input) => checkFloatMatrix(input, 1, 'tensor(float)[N,1] (one card input per model input)')),
  );
  return { kind: 'per-feature', inputNames: cardNames, batch: batches.has(1) ? 1 : 'dynamic' };
}

/** Rows of a two-column output must sum to 1 within this (float32 arithmetic in the model). */
const COLUMN_SUM_TOLERANCE = 1e-4;

/**
 * Reads the probability of the positive class for each row of a model output, checking the shape
 * the runtime returned ([rows, width]) and that each value is a probability.
 *
 * @param firstRow the index of the batch's first row in the whole request, for error messages.
 * @throws {ModelError} `output-mismatch` for a wrong shape; `invalid-probabilities` for NaN, values
 *   outside [0, 1] (a raw score, not a probability) or two columns that do not sum to 1.
 */
export function readProbabilities(
  readout: ProbabilityReadout,
  data: ArrayLike<number>,
  dims: readonly number[],
  rows: number,
  firstRow = 0,
): Float64Array {
  if (
    dims.length !== 2 ||
    dims[0] !== rows ||
    dims[1] !== readout.width ||
    data.length !== rows * readout.width
  ) {
    throw new ModelError(
      'output-mismatch',
      `Output "${readout.outputName}" returned shape [${dims.join(',')}]; expected [${rows},${readout.width}]`,
    );
  }
  const probabilities = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const p = data[row * readout.width + readout.column] as number;
    const where = `output "${readout.outputName}", row ${firstRow + row}`;
    if (!(p >= 0 && p <= 1)) {
      throw new ModelError(
        'invalid-probabilities',
        `${where}: ${p} is not a probability (expected a value in [0, 1]); is the output a raw score rather than a probability?`,
      );
    }
    if (readout.width === 2) {
      const sum = (data[row * 2] as number) + (data[row * 2 + 1] as number);
      if (!(Math.abs(sum - 1) <= COLUMN_SUM_TOLERANCE)) {
        throw new ModelError(
          'invalid-probabilities',
          `${where}: the two columns sum to ${sum}, not 1; they are not class probabilities`,
        );
      }
    }
    probabilities[row] = p;
  }
  return probabilities;
}
