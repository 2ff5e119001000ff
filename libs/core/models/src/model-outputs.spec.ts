import { exampleModelCard } from './examples';
import { type ModelCard } from './model-card';
import {
  planInputs,
  planProbabilityOutput,
  readProbabilities,
  type ProbabilityReadout,
} from './model-outputs';
import {
  type ModelSignature,
  type OnnxValueDescription,
  type TensorElementType,
  type Dimension,
} from './onnx-graph';

const tensor = (
  name: string,
  elementType: TensorElementType,
  shape: Dimension[] | null,
): OnnxValueDescription => ({
  name,
  type: { kind: 'tensor', elementType, shape },
});

function signature(
  inputs: OnnxValueDescription[],
  outputs: OnnxValueDescription[],
  classLabels?: (number | string)[],
): ModelSignature {
  return {
    irVersion: 8,
    producerName: 'test',
    producerVersion: '',
    opsetImports: [{ domain: '', version: 13 }],
    inputs,
    outputs,
    operators: [],
    ...(classLabels ? { classLabels } : {}),
  };
}

const CARD = exampleModelCard(3);
const withOutput = (output: Partial<ModelCard['output']>): ModelCard => ({
  ...CARD,
  output: { meaning: 'MRD negativity', ...output },
});
const FEATURES = tensor('features', 'float', ['N', 3]);

function expectError(run: () => unknown, code: string, message: RegExp): void {
  expect(run).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
}

describe('planProbabilityOutput', () => {
  it('reads a float [N,1] output as the probability of the positive class', () => {
    const readout = planProbabilityOutput(
      signature([FEATURES], [tensor('probability', 'float', ['N', 1])]),
      CARD,
    );
    expect(readout).toEqual<ProbabilityReadout>({
      outputName: 'probability',
      width: 1,
      column: 0,
      description: '"probability" (tensor(float)[N,1]) is the probability of the positive class',
    });
  });

  it('reads column positiveClassIndex of a float [N,2] output', () => {
    const outputs = [tensor('probabilities', 'float', [null, 2])];
    expect(
      planProbabilityOutput(signature([FEATURES], outputs), withOutput({ positiveClassIndex: 1 })).column,
    ).toBe(1);
    expect(
      planProbabilityOutput(signature([FEATURES], outputs), withOutput({ positiveClassIndex: 0 })).column,
    ).toBe(0);
  });

  it("reads sklearn's label + probability pair by shape, whatever the output order", () => {
    const outputs = [tensor('probabilities', 'float', ['N', 2]), tensor('output_label', 'int64', ['N'])];
    const readout = planProbabilityOutput(signature([FEATURES], outputs, [0, 1]), CARD);
    expect(readout).toMatchObject({
      outputName: 'probabilities',
      width: 2,
      column: 1,
      labelOutputName: 'output_label',
      classLabels: [0, 1],
    });
    expect(readout.description).toBe('column 1 of "probabilities" (tensor(float)[N,2]), class label 1');
  });

  it('locates the positive class by its label, and refuses a label and an index that disagree', () => {
    const outputs = [tensor('output_label', 'string', ['N']), tensor('probabilities', 'float', ['N', 2])];
    const labelled = signature([FEATURES], outputs, ['mrd_negative', 'mrd_positive']);
    expect(planProbabilityOutput(labelled, withOutput({ positiveClassLabel: 'mrd_negative' })).column).toBe(
      0,
    );
    expectError(
      () =>
        planProbabilityOutput(
          labelled,
          withOutput({ positiveClassLabel: 'mrd_negative', positiveClassIndex: 1 }),
        ),
      'output-mismatch',
      /positiveClassIndex is 1 but output.positiveClassLabel "mrd_negative" is at index 0/,
    );
    expectError(
      () => planProbabilityOutput(labelled, withOutput({ positiveClassLabel: 'relapse' })),
      'output-mismatch',
      /"relapse" is not one of the model's first two class labels \("mrd_negative", "mrd_positive"\)/,
    );
    expectError(
      () =>
        planProbabilityOutput(signature([FEATURES], outputs), withOutput({ positiveClassLabel: 'relapse' })),
      'output-mismatch',
      /the model declares no class labels/,
    );
  });

  it('uses the output the card names, and refuses a named output that is missing or not a probability', () => {
    const outputs = [tensor('risk', 'float', ['N', 1]), tensor('calibrated', 'float', ['N', 1])];
    expectError(
      () => planProbabilityOutput(signature([FEATURES], outputs), CARD),
      'output-mismatch',
      /Several outputs.*"risk", "calibrated".*output.outputName/,
    );
    expect(
      planProbabilityOutput(
        signature([FEATURES], outputs),
        withOutput({ positiveClassIndex: 1, outputName: 'calibrated' }),
      ).outputName,
    ).toBe('calibrated');
    expectError(
      () =>
        planProbabilityOutput(
          signature([FEATURES], outputs),
          withOutput({ positiveClassIndex: 1, outputName: 'score' }),
        ),
      'output-mismatch',
      /output.outputName "score" is not an output of the model; the model's outputs are "risk": tensor\(float\)\[N,1\], "calibrated"/,
    );
    expectError(
      () =>
        planProbabilityOutput(
          signature([FEATURES], [tensor('label', 'int64', ['N'])]),
          withOutput({ positiveClassIndex: 1, outputName: 'label' }),
        ),
      'output-mismatch',
      /Output "label" is tensor\(int64\)\[N\]; expected a float tensor \[N,1\] or \[N,2\]/,
    );
  });

  it('refuses a single-column output when the card says the positive class is index 0', () => {
    expectError(
      () =>
        planProbabilityOutput(
          signature([FEATURES], [tensor('probability', 'float', ['N', 1])]),
          withOutput({ positiveClassIndex: 0 }),
        ),
      'output-mismatch',
      /positiveClassIndex is 0 but the probability output has a single column/,
    );
  });

  it.each<[string, OnnxValueDescription[], RegExp]>([
    [
      'only an int label',
      [tensor('output_label', 'int64', ['N'])],
      /found|"output_label": tensor\(int64\)\[N\]/,
    ],
    [
      'three class columns',
      [tensor('probabilities', 'float', ['N', 3])],
      /"probabilities": tensor\(float\)\[N,3\]/,
    ],
    ['a rank-1 score', [tensor('score', 'float', ['N'])], /"score": tensor\(float\)\[N\]/],
    [
      'an undeclared width',
      [tensor('probabilities', 'float', ['N', 'C'])],
      /"probabilities": tensor\(float\)\[N,C\]/,
    ],
    [
      'a ZipMap sequence',
      [
        tensor('output_label', 'int64', ['N']),
        {
          name: 'output_probability',
          type: {
            kind: 'sequence',
            element: {
              kind: 'map',
              keyType: 'int64',
              valueType: { kind: 'tensor', elementType: 'float', shape: null },
            },
          },
        },
      ],
      /seq\(map\(int64,tensor\(float\)\)\); a sequence-of-maps output \(ZipMap\) cannot be read: strip the ZipMap first/,
    ],
  ])('refuses a model with %s, naming the outputs found', (_name, outputs, message) => {
    expectError(
      () => planProbabilityOutput(signature([FEATURES], outputs), CARD),
      'output-mismatch',
      /^No output can be read as the probability/,
    );
    expectError(
      () => planProbabilityOutput(signature([FEATURES], outputs), CARD),
      'output-mismatch',
      message,
    );
  });
});

describe('planInputs', () => {
  it('accepts one float tensor [N,F], [?,F] or [1,F]', () => {
    expect(planInputs(signature([FEATURES], []), CARD)).toEqual({
      kind: 'matrix',
      inputName: 'features',
      width: 3,
      batch: 'dynamic',
    });
    expect(planInputs(signature([tensor('X', 'float', [null, 3])], []), CARD).batch).toBe('dynamic');
    expect(planInputs(signature([tensor('X', 'float', [1, 3])], []), CARD).batch).toBe(1);
  });

  it('accepts one float [N,1] input per card input, in card order', () => {
    const inputs = ['volume', 'glcm_joint_max', 'mean_intensity'].map((name) =>
      tensor(name, 'float', ['N', 1]),
    );
    expect(planInputs(signature(inputs, []), CARD)).toEqual({
      kind: 'per-feature',
      inputNames: ['glcm_joint_max', 'mean_intensity', 'volume'],
      batch: 'dynamic',
    });
  });

  it.each<[string, OnnxValueDescription[], RegExp]>([
    [
      'a narrower matrix',
      [tensor('features', 'float', ['N', 2])],
      /Input "features" has width 2; expected tensor\(float\)\[N,3\] because the model card lists 3 inputs \(glcm_joint_max, mean_intensity, volume\)/,
    ],
    [
      'a double input',
      [tensor('features', 'double', ['N', 3])],
      /Input "features" is tensor\(double\)\[N,3\], not a float tensor/,
    ],
    ['an int input', [tensor('features', 'int64', ['N', 3])], /not a float tensor/],
    [
      'a rank-3 input',
      [tensor('image', 'float', ['N', 3, 3])],
      /Input "image" is tensor\(float\)\[N,3,3\]; expected .*rank|a batch dimension and a feature dimension/,
    ],
    ['an unknown width', [tensor('features', 'float', ['N', null])], /has an unknown width \(\?\)/],
    ['a fixed batch of 32', [tensor('features', 'float', [32, 3])], /fixed batch size of 32/],
    [
      'two inputs for three card inputs',
      [tensor('a', 'float', ['N', 1]), tensor('b', 'float', ['N', 1])],
      /The model has 2 inputs .* but the model card lists 3 inputs/,
    ],
    [
      'per-feature inputs with other names',
      [
        tensor('glcm_joint_max', 'float', ['N', 1]),
        tensor('mean', 'float', ['N', 1]),
        tensor('volume', 'float', ['N', 1]),
      ],
      /missing "mean_intensity"; unexpected "mean"/,
    ],
    [
      'a per-feature input of width 2',
      [
        tensor('glcm_joint_max', 'float', ['N', 2]),
        tensor('mean_intensity', 'float', ['N', 1]),
        tensor('volume', 'float', ['N', 1]),
      ],
      /Input "glcm_joint_max" has width 2; expected tensor\(float\)\[N,1\]/,
    ],
    ['no inputs', [], /The model has no inputs/],
  ])('refuses %s, naming what was expected and found', (_name, inputs, message) => {
    expectError(() => planInputs(signature(inputs, []), CARD), 'input-mismatch', message);
  });
});

describe('readProbabilities', () => {
  const single: ProbabilityReadout = { outputName: 'p', width: 1, column: 0, description: '' };
  const pair: ProbabilityReadout = { outputName: 'p', width: 2, column: 1, description: '' };

  it('reads the positive column as float64', () => {
    expect(readProbabilities(single, Float32Array.from([0.25, 0.5]), [2, 1], 2)).toEqual(
      Float64Array.from([0.25, 0.5]),
    );
    expect(readProbabilities(pair, Float32Array.from([0.75, 0.25, 0.5, 0.5]), [2, 2], 2)).toEqual(
      Float64Array.from([0.25, 0.5]),
    );
  });

  it('refuses a wrong shape, values outside [0, 1] and columns that do not sum to 1', () => {
    expectError(
      () => readProbabilities(pair, new Float32Array(6), [3, 2], 2),
      'output-mismatch',
      /returned shape \[3,2\]; expected \[2,2\]/,
    );
    expectError(
      () => readProbabilities(single, Float32Array.from([0.5, 2.5]), [2, 1], 2, 10),
      'invalid-probabilities',
      /row 11: 2.5 is not a probability.*raw score/,
    );
    expectError(
      () => readProbabilities(single, Float32Array.from([Number.NaN]), [1, 1], 1),
      'invalid-probabilities',
      /NaN is not a probability/,
    );
    expectError(
      () => readProbabilities(pair, Float32Array.from([0.5, 0.7]), [1, 2], 1),
      'invalid-probabilities',
      /the two columns sum to 1\.19\d*, not 1/,
    );
  });
});
