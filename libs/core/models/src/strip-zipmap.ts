import { onnx } from 'onnx-proto';
import { ModelError } from './model-error';
import { cloneOnnxModel, int64ToNumber, nodeClassLabels, ONNX_ML_DOMAIN } from './onnx-graph';

/** One ZipMap node removed by {@link stripZipMap}. */
export interface RemovedZipMap {
  /** The node's name (may be empty). */
  nodeName: string;
  /** The sequence-of-maps graph output that was removed (sklearn-onnx: `output_probability`). */
  removedOutput: string;
  /** The probability tensor that fed the ZipMap (sklearn-onnx: `probabilities`). */
  probabilityTensor: string;
  /** The graph output the probabilities are now read from. */
  exposedAs: string;
  /** The ZipMap's class labels, in column order. */
  classLabels: (number | string)[];
}

/** The rewritten model and what changed. */
export interface ZipMapRewrite {
  /** A copy of the input model; the input is never modified. */
  model: onnx.ModelProto;
  /** Empty when the model had no ZipMap (the copy is then unchanged). */
  removed: RemovedZipMap[];
}

/** Options of {@link stripZipMap}. */
export interface StripZipMapOptions {
  /**
   * Expose the probability tensor under this graph-output name (through an Identity node) instead
   * of its own name. Only valid when the model has a single ZipMap.
   */
  exposeAs?: string;
}

/**
 * Rewrites a classifier graph that ends in ZipMap (sklearn-onnx's default) so that the float
 * probability tensor feeding the ZipMap becomes a graph output, and removes the ZipMap node and
 * its sequence-of-maps output, which onnxruntime-node cannot return ("Non tensor type is
 * temporarily not supported"). Other outputs (`output_label`) are kept, in their places.
 *
 * The new output is declared as `tensor(float)[batch, C]`, C the number of ZipMap class labels and
 * `batch` the first dimension of the first graph input. Hash the uploaded bytes, not these.
 *
 * @throws {ModelError} `unsupported-model` when a ZipMap's output is consumed inside the graph or
 *   is not a graph output, or when `exposeAs` clashes with an existing name.
 */
export function stripZipMap(input: onnx.IModelProto, options: StripZipMapOptions = {}): ZipMapRewrite {
  const model = cloneOnnxModel(input);
  const graph = model.graph;
  if (!graph) return { model, removed: [] };
  const nodes = [...(graph.node ?? [])];
  const outputs = [...(graph.output ?? [])];
  let valueInfo = [...(graph.valueInfo ?? [])];
  const zipMaps = nodes.filter((node) => node.opType === 'ZipMap' && node.domain === ONNX_ML_DOMAIN);
  if (zipMaps.length === 0) return { model, removed: [] };
  if (options.exposeAs !== undefined && zipMaps.length > 1) {
    throw new ModelError(
      'unsupported-model',
      `Cannot expose the probabilities as "${options.exposeAs}": the model has ${zipMaps.length} ZipMap nodes`,
    );
  }

  const removed: RemovedZipMap[] = [];
  for (const zipMap of zipMaps) {
    const probabilityTensor = zipMap.input?.[0];
    const sequenceOutput = zipMap.output?.[0];
    const label = `ZipMap node "${zipMap.name || '(unnamed)'}"`;
    if (!probabilityTensor || !sequenceOutput) {
      throw new ModelError('unsupported-model', `${label} has no input or no output`);
    }
    const consumers = nodes.filter((node) => node !== zipMap && (node.input ?? []).includes(sequenceOutput));
    if (consumers.length > 0) {
      throw new ModelError(
        'unsupported-model',
        `Cannot remove ${label}: its output "${sequenceOutput}" is used by ${consumers.map((node) => node.opType).join(', ')}`,
      );
    }
    const outputIndex = outputs.findIndex((output) => output.name === sequenceOutput);
    if (outputIndex < 0) {
      throw new ModelError(
        'unsupported-model',
        `Cannot remove ${label}: its output "${sequenceOutput}" is not a graph output`,
      );
    }
    const classLabels = nodeClassLabels(zipMap) ?? [];
    const exposedAs = options.exposeAs ?? probabilityTensor;
    if (exposedAs !== probabilityTensor) {
      if (isNameTaken(graph, nodes, exposedAs)) {
        throw new ModelError(
          'unsupported-model',
          `Cannot expose the probabilities as "${exposedAs}": the name is already used`,
        );
      }
      nodes.push(
        onnx.NodeProto.create({
          opType: 'Identity',
          name: `expose_${exposedAs}`,
          input: [probabilityTensor],
          output: [exposedAs],
        }),
      );
    }

    nodes.splice(nodes.indexOf(zipMap), 1);
    valueInfo = valueInfo.filter((info) => info.name !== sequenceOutput);
    const alreadyOutput = outputs.some((output) => output.name === exposedAs);
    const declared = alreadyOutput
      ? []
      : [probabilityOutput(graph, valueInfo, exposedAs, probabilityTensor, classLabels.length)];
    outputs.splice(outputIndex, 1, ...declared);
    removed.push({
      nodeName: zipMap.name ?? '',
      removedOutput: sequenceOutput,
      probabilityTensor,
      exposedAs,
      classLabels,
    });
  }
  graph.node = nodes;
  graph.output = outputs;
  graph.valueInfo = valueInfo;
  return { model, removed };
}

function isNameTaken(graph: onnx.IGraphProto, nodes: readonly onnx.INodeProto[], name: string): boolean {
  return (
    (graph.input ?? []).some((value) => value.name === name) ||
    (graph.output ?? []).some((value) => value.name === name) ||
    (graph.initializer ?? []).some((tensor) => tensor.name === name) ||
    nodes.some((node) => (node.output ?? []).includes(name))
  );
}

/** The declared type of the exposed probability tensor: its value_info if any, else [batch, C] float. */
function probabilityOutput(
  graph: onnx.IGraphProto,
  valueInfo: readonly onnx.IValueInfoProto[],
  name: string,
  probabilityTensor: string,
  classCount: number,
): onnx.ValueInfoProto {
  const known = valueInfo.find((info) => info.name === probabilityTensor);
  if (known?.type?.tensorType) return onnx.ValueInfoProto.create({ name, type: known.type });
  const batch = graph.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
  const batchDim: onnx.TensorShapeProto.IDimension = batch?.dimParam
    ? { dimParam: batch.dimParam }
    : int64ToNumber(batch?.dimValue) > 0
      ? { dimValue: int64ToNumber(batch?.dimValue) }
      : {};
  const dims: onnx.TensorShapeProto.IDimension[] = [batchDim, classCount > 0 ? { dimValue: classCount } : {}];
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims } } },
  });
}
