import { onnx } from 'onnx-proto';
import { ModelError } from './model-error';

/** The domain of the ONNX-ML operators (ZipMap, LinearClassifier, Scaler, ...). */
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';

/** Element types by `TensorProto.DataType` number (onnx/onnx.proto). */
const ELEMENT_TYPES = [
  'undefined',
  'float',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'double',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1',
] as const;

/** An ONNX tensor element type, spelled as in the ONNX type strings (`tensor(float)`). */
export type TensorElementType = (typeof ELEMENT_TYPES)[number] | `unknown(${number})`;

/** The ONNX element type name of a `TensorProto.DataType` number. */
export function elementTypeName(dataType: number | null | undefined): TensorElementType {
  const code = dataType ?? 0;
  return ELEMENT_TYPES[code] ?? `unknown(${code})`;
}

/** The `TensorProto.DataType` number of an element type name. */
export function elementTypeCode(name: TensorElementType): number {
  const code = (ELEMENT_TYPES as readonly string[]).indexOf(name);
  if (code < 0) throw new RangeError(`No ONNX data type is called ${name}`);
  return code;
}

/** One dimension: a fixed size, a symbolic name (`N`, `batch_size`), or `null` when unknown. */
export type Dimension = number | string | null;

/** The type of a graph input or output; `shape` is `null` when the model does not declare one. */
export type OnnxValueType =
  | { kind: 'tensor'; elementType: TensorElementType; shape: Dimension[] | null }
  | { kind: 'sparse-tensor'; elementType: TensorElementType; shape: Dimension[] | null }
  | { kind: 'sequence'; element: OnnxValueType }
  | { kind: 'map'; keyType: TensorElementType; valueType: OnnxValueType }
  | { kind: 'optional'; element: OnnxValueType }
  | { kind: 'unknown' };

/** A named graph input or output with its type. */
export interface OnnxValueDescription {
  name: string;
  type: OnnxValueType;
}

/** An operator set the model imports; the default ONNX domain is `''` (`ai.onnx`). */
export interface OpsetImport {
  domain: string;
  version: number;
}

/** What a model looks like from outside: enough to check it against a card before running it. */
export interface ModelSignature {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImports: OpsetImport[];
  /** Graph inputs that are fed at run time (initializers listed as inputs are left out). */
  inputs: OnnxValueDescription[];
  outputs: OnnxValueDescription[];
  /** Operators used, as `domain:op` (`:Sigmoid`, `ai.onnx.ml:ZipMap`), sorted. */
  operators: string[];
  /**
   * Class labels declared by a ZipMap node or an ONNX-ML classifier (`classlabels_*`), in the order
   * of the probability columns; absent when the graph declares none or several different lists.
   */
  classLabels?: (number | string)[];
}

/** An int64 as protobufjs decodes it: a number, or a `Long` when the `long` package is present. */
type Int64 = number | { toNumber(): number };

/** A protobuf int64 as a JavaScript number (exact up to 2^53, far beyond any dimension). */
export function int64ToNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Leading bytes of files that are often uploaded instead of an ONNX model. */
const KNOWN_OTHER_FORMATS: readonly { test: (bytes: Uint8Array) => boolean; what: string }[] = [
  { test: (b) => b[0] === 0x50 && b[1] === 0x4b, what: 'a ZIP archive (e.g. a PyTorch .pt/.pth checkpoint)' },
  {
    test: (b) => b[0] === 0x80 && (b[1] ?? 0) <= 5,
    what: 'a Python pickle (e.g. a scikit-learn/joblib .pkl)',
  },
  {
    test: (b) => b[0] === 0x89 && b[1] === 0x48 && b[2] === 0x44 && b[3] === 0x46,
    what: 'an HDF5 file (e.g. Keras .h5)',
  },
  { test: (b) => b[0] === 0x1f && b[1] === 0x8b, what: 'a gzip-compressed file (decompress it first)' },
  { test: (b) => b[0] === 0x7b || b[0] === 0x5b, what: 'JSON text' },
  { test: (b) => b[0] === 0x3c, what: 'XML or HTML text (PMML is not supported)' },
];

/**
 * Decodes ONNX model bytes (a serialized `ModelProto`).
 *
 * Protobuf decodes many byte strings without complaint, so a decoded message must also look like a
 * model: an IR version, a graph with at least one output, and no tensors stored outside the file
 * (the registry keeps one artefact, hashed as uploaded).
 *
 * @throws {ModelError} `not-onnx` naming the problem (empty, another known format, malformed
 *   protobuf, no graph); `unsupported-model` for external tensor data.
 */
export function decodeOnnxModel(bytes: Uint8Array): onnx.ModelProto {
  if (bytes.length === 0) throw new ModelError('not-onnx', 'Not an ONNX model: the file is empty');
  const other = KNOWN_OTHER_FORMATS.find((format) => format.test(bytes));
  if (other) throw new ModelError('not-onnx', `Not an ONNX model: the bytes look like ${other.what}`);
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelError(
      'not-onnx',
      `Not an ONNX model: the bytes are not a valid ONNX ModelProto (${reason})`,
      {
        cause: error,
      },
    );
  }
  const irVersion = int64ToNumber(model.irVersion);
  if (irVersion <= 0) {
    throw new ModelError('not-onnx', 'Not an ONNX model: the ModelProto has no ir_version');
  }
  if (!model.graph) throw new ModelError('not-onnx', 'Not an ONNX model: the ModelProto has no graph');
  if ((model.graph.output ?? []).length === 0) {
    throw new ModelError('not-onnx', 'Not an ONNX model: the graph declares no outputs');
  }
  const external = (model.graph.initializer ?? []).find(
    (tensor) => tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL,
  );
  if (external) {
    throw new ModelError(
      'unsupported-model',
      `Unsupported ONNX model: initializer "${external.name}" is stored in an external data file; ` +
        'save the model with its weights inside the .onnx file',
    );
  }
  return model;
}

/** Serializes a model to bytes (protobuf field order, so the same message gives the same bytes). */
export function encodeOnnxModel(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** A deep copy of a model, through its serialized form, so a rewrite never touches the original. */
export function cloneOnnxModel(model: onnx.IModelProto): onnx.ModelProto {
  return onnx.ModelProto.decode(encodeOnnxModel(model));
}

/** The type of a `TypeProto`. */
export function describeType(type: onnx.ITypeProto | null | undefined): OnnxValueType {
  if (!type) return { kind: 'unknown' };
  if (type.tensorType) {
    return {
      kind: 'tensor',
      elementType: elementTypeName(type.tensorType.elemType),
      shape: describeShape(type.tensorType.shape),
    };
  }
  if (type.sparseTensorType) {
    return {
      kind: 'sparse-tensor',
      elementType: elementTypeName(type.sparseTensorType.elemType),
      shape: describeShape(type.sparseTensorType.shape),
    };
  }
  if (type.sequenceType) return { kind: 'sequence', element: describeType(type.sequenceType.elemType) };
  if (type.mapType) {
    return {
      kind: 'map',
      keyType: elementTypeName(type.mapType.keyType),
      valueType: describeType(type.mapType.valueType),
    };
  }
  if (type.optionalType) return { kind: 'optional', element: describeType(type.optionalType.elemType) };
  return { kind: 'unknown' };
}

function describeShape(shape: onnx.ITensorShapeProto | null | undefined): Dimension[] | null {
  if (!shape) return null;
  return (shape.dim ?? []).map((dim): Dimension => {
    if (dim.dimParam) return dim.dimParam;
    if (dim.dimValue !== null && dim.dimValue !== undefined) {
      const value = int64ToNumber(dim.dimValue);
      // Some exporters write -1 for "unknown"; ONNX itself leaves the dimension empty.
      return value >= 0 ? value : null;
    }
    return null;
  });
}

/**
 * Renders a type the way ONNX tools print it, with the shape: `tensor(float)[N,4]`,
 * `seq(map(int64,tensor(float)))`; unknown dimensions print as `?`.
 */
export function formatValueType(type: OnnxValueType): string {
  switch (type.kind) {
    case 'tensor':
    case 'sparse-tensor': {
      const base = `${type.kind === 'tensor' ? 'tensor' : 'sparse_tensor'}(${type.elementType})`;
      return type.shape === null
        ? base
        : `${base}[${type.shape.map((dim) => (dim === null ? '?' : String(dim))).join(',')}]`;
    }
    case 'sequence':
      return `seq(${formatValueType(type.element)})`;
    case 'map':
      return `map(${type.keyType},${formatValueType(type.valueType)})`;
    case 'optional':
      return `optional(${formatValueType(type.element)})`;
    case 'unknown':
      return 'unknown';
  }
}

/** `name: type` for each value, for error messages that show what a model has. */
export function formatValues(values: readonly OnnxValueDescription[]): string {
  return values.length === 0
    ? '(none)'
    : values.map((value) => `"${value.name}": ${formatValueType(value.type)}`).join(', ');
}

function attribute(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((candidate) => candidate.name === name);
}

/** The class labels a ZipMap or ONNX-ML classifier node declares, or undefined. */
export function nodeClassLabels(node: onnx.INodeProto): (number | string)[] | undefined {
  if (node.domain !== ONNX_ML_DOMAIN) return undefined;
  const isZipMap = node.opType === 'ZipMap';
  if (!isZipMap && !(node.opType ?? '').endsWith('Classifier')) return undefined;
  const ints = attribute(node, isZipMap ? 'classlabels_int64s' : 'classlabels_ints')?.ints;
  if (ints && ints.length > 0) return ints.map((value) => int64ToNumber(value));
  const strings = attribute(node, 'classlabels_strings')?.strings;
  if (strings && strings.length > 0) return strings.map((value) => new TextDecoder().decode(value));
  return undefined;
}

/**
 * Describes a model's signature: IR version, producer, opset imports, the inputs fed at run time,
 * the outputs with their types and shapes, the operators used and any declared class labels.
 */
export function describeModelSignature(model: onnx.IModelProto): ModelSignature {
  const graph = model.graph ?? {};
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? ''));
  const nodes = graph.node ?? [];
  const labelLists = new Map<string, (number | string)[]>();
  for (const node of nodes) {
    const labels = nodeClassLabels(node);
    if (labels) labelLists.set(JSON.stringify(labels), labels);
  }
  const signature: ModelSignature = {
    irVersion: int64ToNumber(model.irVersion),
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    opsetImports: (model.opsetImport ?? []).map((opset) => ({
      domain: opset.domain ?? '',
      version: int64ToNumber(opset.version),
    })),
    inputs: (graph.input ?? [])
      .filter((input) => !initializers.has(input.name ?? ''))
      .map((input) => ({ name: input.name ?? '', type: describeType(input.type) })),
    outputs: (graph.output ?? []).map((output) => ({
      name: output.name ?? '',
      type: describeType(output.type),
    })),
    operators: [...new Set(nodes.map((node) => `${node.domain ?? ''}:${node.opType ?? ''}`))].sort(),
  };
  const [labels, ...others] = [...labelLists.values()];
  if (labels && others.length === 0) signature.classLabels = labels;
  return signature;
}
