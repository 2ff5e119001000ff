export * from './onnx/onnx-runtime';
export { ModelEntity, MODEL_REGISTRY_ENTITIES } from './model.entity';
export { ModelRegistryModule, uploadModule } from './model-registry.module';
export { ModelRegistryService, type ModelView, type RegisterOutcome } from './model-registry.service';
