import { createHash } from 'node:crypto';
import {
  buildLogisticRegressionOnnx,
  buildSklearnStyleClassifierOnnx,
  buildSoftmaxClassifierOnnx,
} from './build-models';
import { encodeOnnxModel } from './onnx-graph';

const PARAMETERS = {
  coefficients: [0.25, -0.5],
  intercept: 0.1,
  standardization: { mean: [10, 20], scale: [2, 4] },
};
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('model builders', () => {
  it.each([
    ['logistic regression', buildLogisticRegressionOnnx],
    ['sklearn-style classifier', buildSklearnStyleClassifierOnnx],
    ['softmax classifier', buildSoftmaxClassifierOnnx],
  ] as const)('write the same bytes for the same parameters (%s)', (_name, build) => {
    const first = encodeOnnxModel(build(PARAMETERS));
    const again = encodeOnnxModel(build(structuredClone(PARAMETERS)));
    expect(digest(again)).toBe(digest(first));
    const changed = encodeOnnxModel(build({ ...PARAMETERS, intercept: 0.2 }));
    expect(digest(changed)).not.toBe(digest(first));
  });

  it('writes IR 8, opset 13 and producer prospect, and sorts metadata', () => {
    const model = buildLogisticRegressionOnnx(PARAMETERS, { metadata: { b: '2', a: '1' } });
    expect(model.irVersion).toBe(8);
    expect(model.opsetImport).toEqual([expect.objectContaining({ domain: '', version: 13 })]);
    expect(model.producerName).toBe('prospect');
    expect(model.metadataProps.map((entry) => entry.key)).toEqual(['a', 'b']);
  });

  it('omits Sub/Div without standardisation', () => {
    const model = buildLogisticRegressionOnnx({ coefficients: [1], intercept: 0 });
    expect(model.graph?.node?.map((node) => node.opType)).toEqual(['MatMul', 'Add', 'Sigmoid']);
  });

  it('writes the sklearn LinearClassifier attributes: coefficients [−w, w], intercepts [−b, b], LOGISTIC', () => {
    const model = buildSklearnStyleClassifierOnnx({ coefficients: [0.25, -0.5], intercept: 0.1 });
    const classifier = model.graph?.node?.find((node) => node.opType === 'LinearClassifier');
    const attributes = Object.fromEntries(
      (classifier?.attribute ?? []).map((attribute) => [attribute.name, attribute]),
    );
    expect(attributes['coefficients']?.floats).toEqual([-0.25, 0.5, 0.25, -0.5]);
    expect(attributes['intercepts']?.floats?.map((value: number) => Math.fround(value))).toEqual(
      [-0.1, 0.1].map(Math.fround),
    );
    expect(new TextDecoder().decode(attributes['post_transform']?.s ?? new Uint8Array())).toBe('LOGISTIC');
  });

  it('refuses mismatched or non-finite parameters', () => {
    expect(() => buildLogisticRegressionOnnx({ coefficients: [], intercept: 0 })).toThrow(
      /at least one coefficient/,
    );
    expect(() =>
      buildLogisticRegressionOnnx({
        coefficients: [1, 2],
        intercept: 0,
        standardization: { mean: [0], scale: [1] },
      }),
    ).toThrow(/1 means and 1 scales for 2 coefficients/);
    expect(() =>
      buildLogisticRegressionOnnx({
        coefficients: [1],
        intercept: 0,
        standardization: { mean: [0], scale: [0] },
      }),
    ).toThrow(/scale\[0\] must be a positive number/);
    expect(() => buildLogisticRegressionOnnx({ coefficients: [Number.NaN], intercept: 0 })).toThrow(
      /coefficients\[0\] is NaN/,
    );
  });
});
