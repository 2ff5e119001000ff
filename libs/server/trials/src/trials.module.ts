import { type DynamicModule, Module } from '@nestjs/common';
import { TrialsController } from './trials.controller';
import { TrialsService } from './trials.service';

/** Trials, sites and versioned protocols. */
@Module({})
export class TrialsModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: TrialsModule,
      // Global, so other contexts (enrollment) inject the one TrialsService instead of importing a second copy.
      global: true,
      controllers: options.http ? [TrialsController] : [],
      providers: [TrialsService],
      exports: [TrialsService],
    };
  }
}
