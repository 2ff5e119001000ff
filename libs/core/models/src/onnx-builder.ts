import { onnx } from 'onnx-proto';
import { type Dimension, elementTypeCode, type OpsetImport, type TensorElementType } from './onnx-graph';

/** The producer recorded in models written by Prospect. */
export const PROSPECT_PRODUCER = { name: 'prospect', version: '1' } as const;

/** ONNX IR version 8 (ONNX 1.10): what `onnx-proto` 8 encodes and every current runtime reads. */
export const PROSPECT_IR_VERSION = 8;

function assertFinite(name: string, values: ArrayLike<number>): void {
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index])) {
      throw new RangeError(`${name}[${index}] is ${values[index]}; ONNX parameters must be finite numbers`);
    }
  }
}

function checkSize(name: string, dims: readonly number[], length: number): void {
  const size = dims.reduce((product, dim) => product * dim, 1);
  if (size !== length)
    throw new RangeError(`${name}: dims [${dims.join(',')}] hold ${size} values, got ${length}`);
}

/** A float32 initializer (values are rounded to float32 when encoded). */
export function floatInitializer(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): onnx.TensorProto {
  assertFinite(name, values);
  checkSize(name, dims, values.length);
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: Array.from(values),
  });
}

/** An int64 initializer. */
export function int64Initializer(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): onnx.TensorProto {
  checkSize(name, dims, values.length);
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: onnx.TensorProto.DataType.INT64,
    int64Data: [...values],
  });
}

function shapeProto(shape: readonly Dimension[]): onnx.ITensorShapeProto {
  return {
    dim: shape.map((dim): onnx.TensorShapeProto.IDimension =>
      dim === null ? {} : typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim },
    ),
  };
}

/** A graph input or output of tensor type, e.g. `tensorValue('features', 'float', ['N', 4])`. */
export function tensorValue(
  name: string,
  elementType: TensorElementType,
  shape: readonly Dimension[],
): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: elementTypeCode(elementType), shape: shapeProto(shape) } },
  });
}

/** A `seq(map(key, tensor(float)))` graph output, as ZipMap produces. */
export function sequenceOfMapsValue(name: string, keyType: 'int64' | 'string'): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      sequenceType: {
        elemType: {
          mapType: {
            keyType: elementTypeCode(keyType),
            valueType: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } },
          },
        },
      },
    },
  });
}

/** A node attribute value; the wrapper says which ONNX attribute type it is. */
export type AttributeValue =
  | { float: number }
  | { int: number }
  | { string: string }
  | { floats: readonly number[] }
  | { ints: readonly number[] }
  | { strings: readonly string[] };

function attributeProto(name: string, value: AttributeValue): onnx.AttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  const encoder = new TextEncoder();
  if ('float' in value)
    return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.float });
  if ('int' in value) return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value.int });
  if ('string' in value)
    return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: encoder.encode(value.string) });
  if ('floats' in value) {
    assertFinite(name, value.floats);
    return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: [...value.floats] });
  }
  if ('ints' in value)
    return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...value.ints] });
  return onnx.AttributeProto.create({
    name,
    type: AttributeType.STRINGS,
    strings: value.strings.map((item) => encoder.encode(item)),
  });
}

/** A graph node; attributes are written in the order given (so bytes are deterministic). */
export function graphNode(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  options: { name?: string; domain?: string; attributes?: Record<string, AttributeValue> } = {},
): onnx.NodeProto {
  return onnx.NodeProto.create({
    opType,
    input: [...inputs],
    output: [...outputs],
    name: options.name ?? `${opType}_${outputs[0] ?? ''}`,
    domain: options.domain ?? '',
    attribute: Object.entries(options.attributes ?? {}).map(([name, value]) => attributeProto(name, value)),
  });
}

/** Everything {@link assembleModel} needs. */
export interface ModelParts {
  graphName: string;
  nodes: onnx.NodeProto[];
  inputs: onnx.ValueInfoProto[];
  outputs: onnx.ValueInfoProto[];
  initializers?: onnx.TensorProto[];
  opsets: OpsetImport[];
  docString?: string;
  /** Stored as metadata_props, sorted by key. */
  metadata?: Record<string, string>;
}

/**
 * Assembles a ModelProto (IR version 8, producer `prospect`). No timestamps or random names, so
 * the same parts always encode to the same bytes.
 */
export function assembleModel(parts: ModelParts): onnx.ModelProto {
  return onnx.ModelProto.create({
    irVersion: PROSPECT_IR_VERSION,
    producerName: PROSPECT_PRODUCER.name,
    producerVersion: PROSPECT_PRODUCER.version,
    docString: parts.docString ?? '',
    opsetImport: parts.opsets.map((opset) => ({ domain: opset.domain, version: opset.version })),
    metadataProps: Object.entries(parts.metadata ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value })),
    graph: {
      name: parts.graphName,
      node: parts.nodes,
      input: parts.inputs,
      output: parts.outputs,
      initializer: parts.initializers ?? [],
    },
  });
}
