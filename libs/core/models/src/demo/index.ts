import { DEMO_MODELS, type DemoModel } from './demo-models.generated';

export { DEMO_MODELS, type DemoModel };

/** The ONNX bytes of a demonstration model (they hash to its `sha256`). */
export function demoModelBytes(model: DemoModel): Uint8Array {
  const binary = atob(model.onnxBase64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
