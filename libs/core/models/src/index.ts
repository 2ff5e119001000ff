/**
 * `@prospect/models`: pure model tooling shared by the server, the CLI and the browser — model
 * cards, reading and writing ONNX graphs (onnx-proto, no runtime), the ZipMap rewrite, the rules
 * that read a probability from a model's outputs, a deterministic logistic-regression fit, and
 * explanations. Running models is `@prospect/model-registry`'s job (onnxruntime-node).
 */
export * from './model-error';
export * from './model-card';
export * from './onnx-graph';
export * from './onnx-builder';
export * from './strip-zipmap';
export * from './model-outputs';
export * from './build-models';
export * from './logistic-regression';
export * from './explain';
export * from './examples';
export * from './model-inputs';
export * from './demo';
