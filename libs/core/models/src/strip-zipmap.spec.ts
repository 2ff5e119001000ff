import { buildLogisticRegressionOnnx, buildSklearnStyleClassifierOnnx } from './build-models';
import { describeModelSignature, encodeOnnxModel, formatValueType } from './onnx-graph';
import { graphNode } from './onnx-builder';
import { stripZipMap } from './strip-zipmap';

const PARAMETERS = { coefficients: [0.7, -0.2], intercept: 0.3 };
const describeOutputs = (model: Parameters<typeof describeModelSignature>[0]) =>
  describeModelSignature(model).outputs.map((output) => `${output.name}: ${formatValueType(output.type)}`);

describe('stripZipMap', () => {
  it('exposes the probability tensor as an output, drops the ZipMap and its sequence output, keeps output_label', () => {
    const original = buildSklearnStyleClassifierOnnx(PARAMETERS);
    const before = encodeOnnxModel(original);
    const { model, removed } = stripZipMap(original);
    expect(describeOutputs(model)).toEqual([
      'output_label: tensor(int64)[N]',
      'probabilities: tensor(float)[N,2]',
    ]);
    expect(model.graph?.node?.map((node) => node.opType)).toEqual(['LinearClassifier']);
    expect(describeModelSignature(model).operators).not.toContain('ai.onnx.ml:ZipMap');
    expect(removed).toEqual([
      {
        nodeName: 'ZipMap',
        removedOutput: 'output_probability',
        probabilityTensor: 'probabilities',
        exposedAs: 'probabilities',
        classLabels: [0, 1],
      },
    ]);
    // The uploaded model (what the registry hashes) is untouched.
    expect(encodeOnnxModel(original)).toEqual(before);
  });

  it('can expose the probabilities under a stated name through an Identity node', () => {
    const { model } = stripZipMap(buildSklearnStyleClassifierOnnx(PARAMETERS), {
      exposeAs: 'probability_of_mrd_negativity',
    });
    expect(describeOutputs(model)).toEqual([
      'output_label: tensor(int64)[N]',
      'probability_of_mrd_negativity: tensor(float)[N,2]',
    ]);
    expect(model.graph?.node?.map((node) => node.opType)).toEqual(['LinearClassifier', 'Identity']);
    expect(() =>
      stripZipMap(buildSklearnStyleClassifierOnnx(PARAMETERS), { exposeAs: 'output_label' }),
    ).toThrow(/"output_label": the name is already used/);
  });

  it('returns an unchanged copy of a model without ZipMap', () => {
    const original = buildLogisticRegressionOnnx(PARAMETERS);
    const { model, removed } = stripZipMap(original);
    expect(removed).toEqual([]);
    expect(model).not.toBe(original);
    expect(encodeOnnxModel(model)).toEqual(encodeOnnxModel(original));
  });

  it('refuses a ZipMap whose output feeds another node', () => {
    const model = buildSklearnStyleClassifierOnnx(PARAMETERS);
    model.graph?.node?.push(graphNode('Identity', ['output_probability'], ['copy']));
    expect(() => stripZipMap(model)).toThrow(
      expect.objectContaining({
        code: 'unsupported-model',
        message: expect.stringMatching(/"output_probability" is used by Identity/),
      }),
    );
  });
});
