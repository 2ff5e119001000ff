import { onnx } from 'onnx-proto';
import { buildLogisticRegressionOnnx, buildSklearnStyleClassifierOnnx } from './build-models';
import { assembleModel, floatInitializer, graphNode, tensorValue } from './onnx-builder';
import {
  decodeOnnxModel,
  describeModelSignature,
  encodeOnnxModel,
  formatValueType,
  type ModelSignature,
} from './onnx-graph';

const LOGISTIC = {
  coefficients: [0.8, -1.2, 0.3],
  intercept: -0.4,
  standardization: { mean: [1, 2, 3], scale: [0.5, 2, 4] },
};

function expectNotOnnx(bytes: Uint8Array, message: RegExp): void {
  expect(() => decodeOnnxModel(bytes)).toThrow(
    expect.objectContaining({ code: 'not-onnx', message: expect.stringMatching(message) }),
  );
}

describe('decodeOnnxModel', () => {
  it('round-trips a built model byte for byte', () => {
    const bytes = encodeOnnxModel(buildLogisticRegressionOnnx(LOGISTIC));
    const decoded = decodeOnnxModel(bytes);
    expect(encodeOnnxModel(decoded)).toEqual(bytes);
    expect(decoded.producerName).toBe('prospect');
    expect(decoded.graph?.node?.map((node) => node.opType)).toEqual([
      'Sub',
      'Div',
      'MatMul',
      'Add',
      'Sigmoid',
    ]);
    const weights = decoded.graph?.initializer?.find((tensor) => tensor.name === 'coefficients');
    expect(weights?.floatData).toEqual(LOGISTIC.coefficients.map((value) => Math.fround(value)));
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['empty bytes', new Uint8Array(), /the file is empty/],
    ['JSON text', new TextEncoder().encode('{"model": "lr"}'), /look like JSON text/],
    ['a ZIP archive (PyTorch checkpoint)', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), /ZIP archive/],
    ['a pickle', Uint8Array.from([0x80, 0x04, 0x95, 0x10]), /Python pickle/],
    [
      'malformed protobuf',
      Uint8Array.from([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]),
      /not a valid ONNX ModelProto/,
    ],
    ['a message without ir_version', onnx.ModelProto.encode({ producerName: 'x' }).finish(), /no ir_version/],
    ['a model without a graph', onnx.ModelProto.encode({ irVersion: 8 }).finish(), /has no graph/],
    [
      'a graph without outputs',
      onnx.ModelProto.encode({ irVersion: 8, graph: { name: 'g' } }).finish(),
      /declares no outputs/,
    ],
  ])('refuses %s, naming the problem', (_name, bytes, message) => {
    expectNotOnnx(bytes, message);
  });

  it('refuses tensors stored in external data files', () => {
    const model = buildLogisticRegressionOnnx(LOGISTIC);
    const [first] = model.graph?.initializer ?? [];
    if (first) first.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    expect(() => decodeOnnxModel(encodeOnnxModel(model))).toThrow(
      expect.objectContaining({
        code: 'unsupported-model',
        message: expect.stringMatching(/"feature_mean" is stored in an external data file/),
      }),
    );
  });
});

describe('describeModelSignature', () => {
  it('describes the logistic model: float [N,F] in, float [N,1] out, opset 13', () => {
    const signature = describeModelSignature(
      decodeOnnxModel(encodeOnnxModel(buildLogisticRegressionOnnx(LOGISTIC))),
    );
    expect(signature).toEqual<ModelSignature>({
      irVersion: 8,
      producerName: 'prospect',
      producerVersion: '1',
      opsetImports: [{ domain: '', version: 13 }],
      inputs: [{ name: 'features', type: { kind: 'tensor', elementType: 'float', shape: ['N', 3] } }],
      outputs: [{ name: 'probability', type: { kind: 'tensor', elementType: 'float', shape: ['N', 1] } }],
      operators: [':Add', ':Div', ':MatMul', ':Sigmoid', ':Sub'],
    });
  });

  it('describes the sklearn-style outputs: int64 labels and a sequence of maps, with class labels', () => {
    const signature = describeModelSignature(buildSklearnStyleClassifierOnnx(LOGISTIC));
    expect(signature.opsetImports).toEqual([
      { domain: '', version: 13 },
      { domain: 'ai.onnx.ml', version: 1 },
    ]);
    expect(signature.outputs.map((output) => `${output.name}: ${formatValueType(output.type)}`)).toEqual([
      'output_label: tensor(int64)[N]',
      'output_probability: seq(map(int64,tensor(float)))',
    ]);
    expect(signature.classLabels).toEqual([0, 1]);
    expect(signature.operators).toEqual([
      'ai.onnx.ml:LinearClassifier',
      'ai.onnx.ml:Scaler',
      'ai.onnx.ml:ZipMap',
    ]);
    expect(
      describeModelSignature(
        buildSklearnStyleClassifierOnnx(LOGISTIC, { classLabels: ['relapse', 'mrd_negative'] }),
      ).classLabels,
    ).toEqual(['relapse', 'mrd_negative']);
  });

  it('leaves out initializers listed as inputs (IR < 4 models) and reports unknown and -1 dimensions', () => {
    const model = assembleModel({
      graphName: 'g',
      nodes: [graphNode('Add', ['x', 'bias'], ['y'])],
      inputs: [tensorValue('x', 'double', [null, 2]), tensorValue('bias', 'double', [2])],
      outputs: [tensorValue('y', 'double', [-1, 2])],
      initializers: [floatInitializer('bias', [2], [1, 2])],
      opsets: [{ domain: '', version: 13 }],
    });
    const signature = describeModelSignature(model);
    expect(signature.inputs).toEqual([
      { name: 'x', type: { kind: 'tensor', elementType: 'double', shape: [null, 2] } },
    ]);
    expect(formatValueType(signature.outputs[0]?.type ?? { kind: 'unknown' })).toBe('tensor(double)[?,2]');
  });
});
