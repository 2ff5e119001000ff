import { type DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, type AppConfig } from '@prospect/platform';
import { memoryStorage } from 'multer';
import { ModelRegistryController } from './model-registry.controller';
import { ModelRegistryService } from './model-registry.service';

/** The model registry: ONNX models and their cards, checked on upload, named by SHA-256. */
@Module({})
export class ModelRegistryModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: ModelRegistryModule,
      global: true,
      imports: options.http ? [uploadModule()] : [],
      controllers: options.http ? [ModelRegistryController] : [],
      providers: [ModelRegistryService],
      exports: [ModelRegistryService],
    };
  }
}

/** Uploads held in memory (they are hashed and checked before anything is stored), within the configured limits. */
export function uploadModule(): DynamicModule {
  return MulterModule.registerAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      storage: memoryStorage(),
      limits: {
        fileSize: config.uploads.maxBytes,
        files: config.uploads.maxFiles,
        fields: 20,
        // Busboy counts files and fields together as parts (1 000 unless set): a DICOM series of
        // UPLOAD_MAX_FILES files must not be refused as "too many parts".
        parts: config.uploads.maxFiles + 20,
        fieldSize: 1024 * 1024,
      },
    }),
  });
}
