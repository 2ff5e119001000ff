import {
  assembleModel,
  buildLogisticRegressionOnnx,
  buildSklearnStyleClassifierOnnx,
  buildSoftmaxClassifierOnnx,
  encodeOnnxModel,
  exampleModelCard,
  explainShapley,
  graphNode,
  type LogisticModelParameters,
  type ModelCard,
  tensorValue,
} from '@prospect/models';
import { sha256Hex } from '@prospect/platform';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import {
  type LoadedModel,
  loadModel,
  predictProbabilities,
  probabilityPredictor,
  releaseModel,
} from './onnx-runtime';

const CARD = exampleModelCard(3);
const PARAMETERS: LogisticModelParameters = {
  coefficients: [0.9, -1.4, 0.35],
  intercept: -0.3,
  standardization: { mean: [2.5, 110, 3.2], scale: [1.5, 40, 0.9] },
};
const ROWS = 600;

/** Deterministic pseudo-random features around the training means (no Math.random in tests). */
function features(rows: number): Float32Array {
  const { mean, scale } = PARAMETERS.standardization ?? { mean: [], scale: [] };
  return Float32Array.from({ length: rows * 3 }, (_, i) => {
    const j = i % 3;
    return (mean[j] as number) + 2.5 * (scale[j] as number) * Math.sin(12.9898 * i + 78.233 * j);
  });
}

/** sigmoid(w·(x − μ)/σ + b) in float64 from the float32 inputs and float32-rounded parameters. */
function closedForm(x: Float32Array, rows: number): Float64Array {
  const { coefficients, intercept, standardization } = PARAMETERS;
  return Float64Array.from({ length: rows }, (_, r) => {
    let logit = Math.fround(intercept);
    for (let j = 0; j < 3; j++) {
      const z =
        ((x[r * 3 + j] as number) - Math.fround(standardization?.mean[j] as number)) /
        Math.fround(standardization?.scale[j] as number);
      logit += Math.fround(coefficients[j] as number) * z;
    }
    return 1 / (1 + Math.exp(-logit));
  });
}

const hex = (values: Float64Array) =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('hex');
const maxAbsDifference = (a: Float64Array, b: Float64Array) =>
  a.reduce((max, value, i) => Math.max(max, Math.abs(value - (b[i] as number))), 0);

describe('onnx runtime', () => {
  const loaded: LoadedModel[] = [];
  const load = async (bytes: Uint8Array, card: ModelCard = CARD) => {
    const model = await loadModel(bytes, card);
    loaded.push(model);
    return model;
  };
  afterAll(async () => {
    for (const model of loaded) await releaseModel(model);
  });

  const logisticBytes = encodeOnnxModel(buildLogisticRegressionOnnx(PARAMETERS));
  const zipMapBytes = encodeOnnxModel(buildSklearnStyleClassifierOnnx(PARAMETERS));
  const x = features(ROWS);
  const expected = closedForm(x, ROWS);

  it('runs the logistic model and matches sigmoid(w·x + b) to float32 precision', async () => {
    const model = await load(logisticBytes);
    expect(model.sha256).toBe(sha256Hex(logisticBytes));
    expect(model.inputLayout).toEqual({ kind: 'matrix', inputName: 'features', width: 3, batch: 'dynamic' });
    expect(model.readout).toMatchObject({ outputName: 'probability', width: 1, column: 0 });
    expect(model.runtime).toMatchObject({ name: 'onnxruntime-node', version: '1.30.0' });
    const probabilities = await predictProbabilities(model, x, ROWS, 3);
    expect(probabilities).toBeInstanceOf(Float64Array);
    expect(maxAbsDifference(probabilities, expected)).toBeLessThan(1e-6);
    expect(Math.min(...probabilities)).toBeLessThan(0.05);
    expect(Math.max(...probabilities)).toBeGreaterThan(0.95);
  });

  it('cannot read the ZipMap output directly (why the rewrite exists)', async () => {
    const session = await InferenceSession.create(zipMapBytes);
    try {
      const feeds = { float_input: new Tensor('float32', x.slice(0, 6), [2, 3]) };
      await expect(session.run(feeds, ['output_probability'])).rejects.toThrow(/Non tensor type/);
    } finally {
      await session.release();
    }
  });

  it('runs the sklearn-style ZipMap model through the rewrite and gets the same probabilities', async () => {
    const model = await load(zipMapBytes);
    expect(model.sha256).toBe(sha256Hex(zipMapBytes));
    expect(model.removedZipMaps).toEqual([
      expect.objectContaining({ removedOutput: 'output_probability', exposedAs: 'probabilities' }),
    ]);
    expect(model.signature.outputs.map((output) => output.name)).toEqual([
      'output_label',
      'output_probability',
    ]);
    expect(model.readout).toMatchObject({
      outputName: 'probabilities',
      width: 2,
      column: 1,
      labelOutputName: 'output_label',
      classLabels: [0, 1],
    });
    const probabilities = await predictProbabilities(model, x, ROWS, 3);
    expect(maxAbsDifference(probabilities, expected)).toBeLessThan(1e-6);
    const logistic = await predictProbabilities(await load(logisticBytes), x, ROWS, 3);
    expect(maxAbsDifference(probabilities, logistic)).toBeLessThan(1e-6);
  });

  it('reads the positive class by label (string classes) and by column of a Softmax [N,2] output', async () => {
    const labelled = encodeOnnxModel(
      buildSklearnStyleClassifierOnnx(PARAMETERS, { classLabels: ['relapse', 'mrd_negative'] }),
    );
    const byLabel = await load(labelled, {
      ...CARD,
      output: { positiveClassLabel: 'relapse', meaning: 'relapse' },
    });
    expect(byLabel.readout.column).toBe(0);
    const relapse = await predictProbabilities(byLabel, x, ROWS, 3);
    expect(
      maxAbsDifference(
        relapse,
        expected.map((p) => 1 - p),
      ),
    ).toBeLessThan(1e-6);

    const softmax = await load(encodeOnnxModel(buildSoftmaxClassifierOnnx(PARAMETERS)));
    expect(softmax.readout).toMatchObject({ outputName: 'probabilities', width: 2, column: 1 });
    expect(maxAbsDifference(await predictProbabilities(softmax, x, ROWS, 3), expected)).toBeLessThan(1e-6);
  });

  it('feeds one [N,1] input per card input, by name', async () => {
    const model = buildLogisticRegressionOnnx(PARAMETERS);
    const names = CARD.inputs.map((input) => input.name);
    const graph = model.graph;
    if (!graph) throw new Error('no graph');
    graph.input = [...names].reverse().map((name) => tensorValue(name, 'float', ['N', 1]));
    graph.node = [
      graphNode('Concat', names, ['features'], { attributes: { axis: { int: 1 } } }),
      ...(graph.node ?? []),
    ];
    const perFeature = await load(encodeOnnxModel(model));
    expect(perFeature.inputLayout).toEqual({ kind: 'per-feature', inputNames: names, batch: 'dynamic' });
    expect(maxAbsDifference(await predictProbabilities(perFeature, x, ROWS, 3), expected)).toBeLessThan(1e-6);
  });

  it('is reproducible bit for bit: twice in one session and in a fresh session', async () => {
    for (const bytes of [logisticBytes, zipMapBytes]) {
      const first = await load(bytes);
      const reference = hex(await predictProbabilities(first, x, ROWS, 3));
      expect(hex(await predictProbabilities(first, x, ROWS, 3))).toBe(reference);
      expect(hex(await predictProbabilities(await load(bytes), x, ROWS, 3))).toBe(reference);
      // A row scored alone (the default) gets the same bits whatever else is in the request.
      const row = 123;
      const alone = await predictProbabilities(first, x.subarray(row * 3, row * 3 + 3), 1, 3);
      expect(hex(alone)).toBe(hex((await predictProbabilities(first, x, ROWS, 3)).subarray(row, row + 1)));
    }
  });

  it('batches: MatMul/Sigmoid gives the same bits for any batch size; LinearClassifier differs by a few float32 ulps at most', async () => {
    const logistic = await load(logisticBytes);
    const alone = await predictProbabilities(logistic, x, ROWS, 3);
    for (const batchSize of [7, 256, 1000]) {
      expect(hex(await predictProbabilities(logistic, x, ROWS, 3, { batchSize }))).toBe(hex(alone));
    }
    const sklearn = await load(zipMapBytes);
    const single = await predictProbabilities(sklearn, x, ROWS, 3);
    const batched = await predictProbabilities(sklearn, x, ROWS, 3, { batchSize: 256 });
    batched.forEach((p, i) => expect(Math.abs(p - (single[i] as number))).toBeLessThanOrEqual(4 * 2 ** -24));
  });

  it('explains an onnxruntime prediction with Shapley values that add up to it', async () => {
    const model = await load(zipMapBytes);
    const patient = Array.from(x.subarray(0, 3));
    const explanation = await explainShapley(
      probabilityPredictor(model),
      patient,
      PARAMETERS.standardization?.mean ?? [],
      {
        names: CARD.inputs.map((input) => input.name),
      },
    );
    const [prediction] = await predictProbabilities(model, x.subarray(0, 3), 1, 3);
    expect(explanation.prediction).toBe(prediction);
    const total = explanation.contributions.reduce((sum, c) => sum + c.contribution, explanation.baseline);
    expect(Math.abs(total - explanation.prediction)).toBeLessThan(1e-12);
  });

  describe('refuses', () => {
    const expectRefusal = async (promise: Promise<unknown>, code: string, message: RegExp) =>
      expect(promise).rejects.toMatchObject({ code, message: expect.stringMatching(message) });

    it('bytes that are not ONNX', async () => {
      await expectRefusal(
        loadModel(new TextEncoder().encode('{"weights": [1, 2]}'), CARD),
        'not-onnx',
        /Not an ONNX model: the bytes look like JSON/,
      );
      await expectRefusal(
        loadModel(Uint8Array.from([0x08, 0xff, 0xff]), CARD),
        'not-onnx',
        /not a valid ONNX ModelProto/,
      );
    });

    it('a model whose input width differs from the card', async () => {
      const fourWide = encodeOnnxModel(
        buildLogisticRegressionOnnx({ coefficients: [1, 2, 3, 4], intercept: 0 }),
      );
      await expectRefusal(
        loadModel(fourWide, CARD),
        'input-mismatch',
        /Input "features" has width 4; expected tensor\(float\)\[N,3\] because the model card lists 3 inputs/,
      );
    });

    it('a model with only an int output', async () => {
      const labelOnly = assembleModel({
        graphName: 'label_only',
        nodes: [
          graphNode('ArgMax', ['features'], ['label'], {
            attributes: { axis: { int: 1 }, keepdims: { int: 0 } },
          }),
        ],
        inputs: [tensorValue('features', 'float', ['N', 3])],
        outputs: [tensorValue('label', 'int64', ['N'])],
        opsets: [{ domain: '', version: 13 }],
      });
      await expectRefusal(
        loadModel(encodeOnnxModel(labelOnly), CARD),
        'output-mismatch',
        /No output can be read as the probability of the endpoint: .*found|the model's outputs are "label": tensor\(int64\)\[N\]/,
      );
    });

    it('a model with a double input', async () => {
      const model = buildLogisticRegressionOnnx(PARAMETERS);
      model.graph?.input?.splice(0, 1, tensorValue('features', 'double', ['N', 3]));
      await expectRefusal(
        loadModel(encodeOnnxModel(model), CARD),
        'input-mismatch',
        /tensor\(double\)\[N,3\], not a float tensor/,
      );
    });

    it('bytes whose SHA-256 is not the one pinned', async () => {
      await expectRefusal(
        loadModel(logisticBytes, { ...CARD, modelSha256: '0'.repeat(64) }),
        'sha256-mismatch',
        /the model card \(modelSha256\) pins 0{64}/,
      );
      await expectRefusal(
        loadModel(logisticBytes, CARD, { expectedSha256: 'f'.repeat(64) }),
        'sha256-mismatch',
        /the caller pins f{64}/,
      );
      await expect(
        loadModel(logisticBytes, { ...CARD, modelSha256: sha256Hex(logisticBytes) }).then(
          (model) => (loaded.push(model), model.sha256),
        ),
      ).resolves.toBe(sha256Hex(logisticBytes));
    });

    it('an invalid card', async () => {
      await expectRefusal(
        loadModel(logisticBytes, { ...CARD, defaultThreshold: 1.5 }),
        'invalid-model-card',
        /defaultThreshold must be strictly between 0 and 1/,
      );
    });

    it('a graph onnxruntime cannot load', async () => {
      const broken = buildLogisticRegressionOnnx(PARAMETERS);
      broken.graph?.node?.push(graphNode('NoSuchOperator', ['probability'], ['other']));
      await expectRefusal(
        loadModel(encodeOnnxModel(broken), CARD),
        'runtime-error',
        /onnxruntime could not load the model/,
      );
    });

    it('features that do not fit, and outputs that are not probabilities', async () => {
      const model = await load(logisticBytes);
      await expectRefusal(
        predictProbabilities(model, new Float32Array(8), 2, 4),
        'invalid-features',
        /4 columns but the model card lists 3 inputs/,
      );
      await expectRefusal(
        predictProbabilities(model, new Float32Array(5), 2, 3),
        'invalid-features',
        /hold 5 values; 2 rows × 3 columns need 6/,
      );
      await expectRefusal(
        predictProbabilities(model, Float32Array.from([1, 2, 3, 1, Number.NaN, 3]), 2, 3),
        'invalid-features',
        /Row 1, input "mean_intensity" is NaN/,
      );

      const rawScore = buildLogisticRegressionOnnx(PARAMETERS);
      rawScore.graph?.node?.pop(); // drop the Sigmoid: the output is now the logit
      const logitNode = rawScore.graph?.node?.at(-1);
      if (logitNode) logitNode.output = ['probability'];
      const scoring = await load(encodeOnnxModel(rawScore));
      await expectRefusal(
        predictProbabilities(scoring, x, ROWS, 3),
        'invalid-probabilities',
        /is not a probability .*raw score/,
      );
    });
  });
});
