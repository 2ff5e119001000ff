import { type DynamicModule, Module } from '@nestjs/common';
import { TrialsController } from './trials.controller';
import { TrialsService } from './trials.service';

/** Trials, sites and versioned protocols. */
@Module({})
export class TrialsModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: TrialsModule,
      controllers: options.http ? [TrialsController] : [],
      providers: [TrialsService],
      exports: [TrialsService],
    };
  }
}
