import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { uploadModule } from '@prospect/model-registry';
import { JobRegistry } from '@prospect/platform';
import { BaselineImageService } from './baseline-image.service';
import { ImagingController } from './imaging.controller';
import { BASELINE_PREDICTION_JOB, PredictionService } from './prediction.service';

/** Registers the prediction job with the queue. */
@Injectable()
export class ImagingJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly predictions: PredictionService,
  ) {}

  onModuleInit(): void {
    this.registry.add({
      jobName: BASELINE_PREDICTION_JOB,
      process: (payload) => {
        const id = (payload as { syncJobId?: unknown } | null)?.syncJobId;
        if (typeof id !== 'string') throw new Error('job payload has no syncJobId');
        return this.predictions.run(id);
      },
    });
  }
}

/** Baseline images (upload, checks, storage) and predictions (features, model, explanation) as jobs. */
@Module({})
export class ImagingModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: ImagingModule,
      // Global, so later contexts (locks) inject the one instance, with the hooks registered on it.
      global: true,
      imports: options.http ? [uploadModule()] : [],
      controllers: options.http ? [ImagingController] : [],
      providers: [BaselineImageService, PredictionService, ImagingJobs],
      exports: [BaselineImageService, PredictionService],
    };
  }
}
