import { type onnx } from 'onnx-proto';
import {
  assembleModel,
  floatInitializer,
  graphNode,
  type ModelParts,
  sequenceOfMapsValue,
  tensorValue,
} from './onnx-builder';
import { ONNX_ML_DOMAIN } from './onnx-graph';

/** Feature standardisation stored in a model: x ↦ (x − mean) / scale, per feature. */
export interface Standardization {
  mean: number[];
  scale: number[];
}

/**
 * A binary logistic model: logit = intercept + Σ coefficients[j]·z[j], where z = (x − mean)/scale
 * when `standardization` is given, else z = x.
 */
export interface LogisticModelParameters {
  coefficients: number[];
  intercept: number;
  standardization?: Standardization | null;
}

/** Options shared by the builders. */
export interface BuildOptions {
  /** Name of the float [N,F] input. */
  inputName?: string;
  /** Graph name. */
  graphName?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

/** Default-domain opset of the models Prospect writes: 13 (Softmax over one axis, current Sigmoid, Div). */
export const PROSPECT_OPSET = 13;
/** ONNX-ML opset of the sklearn-style graphs (LinearClassifier, Scaler, ZipMap all exist since 1). */
export const PROSPECT_ML_OPSET = 1;

const BATCH = 'N';

function checkParameters(parameters: LogisticModelParameters): number {
  const width = parameters.coefficients.length;
  if (width === 0) throw new RangeError('A logistic model needs at least one coefficient');
  const { standardization } = parameters;
  if (standardization) {
    if (standardization.mean.length !== width || standardization.scale.length !== width) {
      throw new RangeError(
        `standardization has ${standardization.mean.length} means and ${standardization.scale.length} scales for ${width} coefficients`,
      );
    }
    standardization.scale.forEach((scale, index) => {
      if (!(scale > 0) || !Number.isFinite(scale))
        throw new RangeError(`standardization.scale[${index}] must be a positive number, got ${scale}`);
    });
  }
  return width;
}

/** Sub/Div nodes for (x − mean)/scale, or nothing; returns the name of the standardised tensor. */
function standardizationNodes(
  parts: Pick<ModelParts, 'nodes' | 'initializers'> & { initializers: onnx.TensorProto[] },
  input: string,
  standardization: Standardization | null | undefined,
): string {
  if (!standardization) return input;
  const width = standardization.mean.length;
  parts.initializers.push(floatInitializer('feature_mean', [width], standardization.mean));
  parts.initializers.push(floatInitializer('feature_scale', [width], standardization.scale));
  parts.nodes.push(graphNode('Sub', [input, 'feature_mean'], ['centred'], { name: 'centre' }));
  parts.nodes.push(graphNode('Div', ['centred', 'feature_scale'], ['standardised'], { name: 'standardise' }));
  return 'standardised';
}

/**
 * A logistic regression as an ONNX model (opset 13, IR 8, producer `prospect`):
 * `features` float [N,F] → (Sub mean, Div scale when standardised) → MatMul [F,1] → Add [1] →
 * Sigmoid → `probability` float [N,1]. Standardisation is kept as explicit Sub/Div nodes rather than
 * folded into the weights, so the graph shows the training means and scales and the coefficients
 * stay on the scale they were fitted on. Parameters are stored as float32.
 */
export function buildLogisticRegressionOnnx(
  parameters: LogisticModelParameters,
  options: BuildOptions & { outputName?: string } = {},
): onnx.ModelProto {
  const width = checkParameters(parameters);
  const inputName = options.inputName ?? 'features';
  const outputName = options.outputName ?? 'probability';
  const parts = { nodes: [] as onnx.NodeProto[], initializers: [] as onnx.TensorProto[] };
  const standardised = standardizationNodes(parts, inputName, parameters.standardization);
  parts.initializers.push(floatInitializer('coefficients', [width, 1], parameters.coefficients));
  parts.initializers.push(floatInitializer('intercept', [1], [parameters.intercept]));
  parts.nodes.push(graphNode('MatMul', [standardised, 'coefficients'], ['linear'], { name: 'weigh' }));
  parts.nodes.push(graphNode('Add', ['linear', 'intercept'], ['logit'], { name: 'offset' }));
  parts.nodes.push(graphNode('Sigmoid', ['logit'], [outputName], { name: 'sigmoid' }));
  return assembleModel({
    graphName: options.graphName ?? 'logistic_regression',
    ...parts,
    inputs: [tensorValue(inputName, 'float', [BATCH, width])],
    outputs: [tensorValue(outputName, 'float', [BATCH, 1])],
    opsets: [{ domain: '', version: PROSPECT_OPSET }],
    docString: options.docString ?? '',
    metadata: options.metadata ?? {},
  });
}

/**
 * The graph sklearn-onnx writes for a binary LogisticRegression (optionally after a StandardScaler):
 * `float_input` [N,F] → (Scaler) → LinearClassifier (ai.onnx.ml; coefficients [−w, w], intercepts
 * [−b, b], post_transform LOGISTIC) → `output_label` int64 [N] and `probabilities` float [N,2] →
 * ZipMap → `output_probability`, a sequence of maps {label: probability}. onnxruntime-node cannot
 * return that last output; tests use this graph to prove the ZipMap rewrite.
 *
 * `zipMap: false` ends at `probabilities` instead, like sklearn-onnx's `zipmap=False` option.
 */
export function buildSklearnStyleClassifierOnnx(
  parameters: LogisticModelParameters,
  options: BuildOptions & { classLabels?: [number, number] | [string, string]; zipMap?: boolean } = {},
): onnx.ModelProto {
  const width = checkParameters(parameters);
  const inputName = options.inputName ?? 'float_input';
  const labels = options.classLabels ?? [0, 1];
  const stringLabels = typeof labels[0] === 'string';
  const nodes: onnx.NodeProto[] = [];
  let features = inputName;
  if (parameters.standardization) {
    const { mean, scale } = parameters.standardization;
    nodes.push(
      graphNode('Scaler', [inputName], ['variable'], {
        name: 'Scaler',
        domain: ONNX_ML_DOMAIN,
        attributes: { offset: { floats: mean }, scale: { floats: scale.map((value) => 1 / value) } },
      }),
    );
    features = 'variable';
  }
  const negated = parameters.coefficients.map((value) => -value);
  nodes.push(
    graphNode('LinearClassifier', [features], ['output_label', 'probabilities'], {
      name: 'LinearClassifier',
      domain: ONNX_ML_DOMAIN,
      attributes: {
        ...(stringLabels
          ? { classlabels_strings: { strings: labels as string[] } }
          : { classlabels_ints: { ints: labels as number[] } }),
        coefficients: { floats: [...negated, ...parameters.coefficients] },
        intercepts: { floats: [-parameters.intercept, parameters.intercept] },
        multi_class: { int: 0 },
        post_transform: { string: 'LOGISTIC' },
      },
    }),
  );
  const outputs = [tensorValue('output_label', stringLabels ? 'string' : 'int64', [BATCH])];
  if (options.zipMap ?? true) {
    nodes.push(
      graphNode('ZipMap', ['probabilities'], ['output_probability'], {
        name: 'ZipMap',
        domain: ONNX_ML_DOMAIN,
        attributes: stringLabels
          ? { classlabels_strings: { strings: labels as string[] } }
          : { classlabels_int64s: { ints: labels as number[] } },
      }),
    );
    outputs.push(sequenceOfMapsValue('output_probability', stringLabels ? 'string' : 'int64'));
  } else {
    outputs.push(tensorValue('probabilities', 'float', [BATCH, 2]));
  }
  return assembleModel({
    graphName: options.graphName ?? 'sklearn_style_classifier',
    nodes,
    inputs: [tensorValue(inputName, 'float', [BATCH, width])],
    outputs,
    opsets: [
      { domain: '', version: PROSPECT_OPSET },
      { domain: ONNX_ML_DOMAIN, version: PROSPECT_ML_OPSET },
    ],
    docString: options.docString ?? '',
    metadata: options.metadata ?? {},
  });
}

/**
 * The same logistic model with a two-column output: `features` [N,F] → (Sub/Div) → MatMul [F,2]
 * (column 0 zero, column 1 the coefficients) → Add [0, b] → Softmax (axis 1) → `probabilities`
 * float [N,2]; column 1 equals sigmoid(logit).
 */
export function buildSoftmaxClassifierOnnx(
  parameters: LogisticModelParameters,
  options: BuildOptions & { outputName?: string } = {},
): onnx.ModelProto {
  const width = checkParameters(parameters);
  const inputName = options.inputName ?? 'features';
  const outputName = options.outputName ?? 'probabilities';
  const parts = { nodes: [] as onnx.NodeProto[], initializers: [] as onnx.TensorProto[] };
  const standardised = standardizationNodes(parts, inputName, parameters.standardization);
  const weights = parameters.coefficients.flatMap((value) => [0, value]);
  parts.initializers.push(floatInitializer('class_weights', [width, 2], weights));
  parts.initializers.push(floatInitializer('class_intercepts', [2], [0, parameters.intercept]));
  parts.nodes.push(graphNode('MatMul', [standardised, 'class_weights'], ['linear'], { name: 'weigh' }));
  parts.nodes.push(graphNode('Add', ['linear', 'class_intercepts'], ['scores'], { name: 'offset' }));
  parts.nodes.push(
    graphNode('Softmax', ['scores'], [outputName], { name: 'softmax', attributes: { axis: { int: 1 } } }),
  );
  return assembleModel({
    graphName: options.graphName ?? 'softmax_classifier',
    ...parts,
    inputs: [tensorValue(inputName, 'float', [BATCH, width])],
    outputs: [tensorValue(outputName, 'float', [BATCH, 2])],
    opsets: [{ domain: '', version: PROSPECT_OPSET }],
    docString: options.docString ?? '',
    metadata: options.metadata ?? {},
  });
}
