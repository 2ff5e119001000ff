import { type DynamicModule, Module } from '@nestjs/common';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';
import { FhirConnectionModule } from './fhir-connection';
import { EnrollmentJobs } from './jobs/enrollment-jobs';

/** Enrollment from FHIR: candidates, eligibility, baseline links, re-sync and write-back. */
@Module({})
export class EnrollmentModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: EnrollmentModule,
      // Global, so later contexts (locks) inject the one instance, with the hooks registered on it.
      global: true,
      imports: [FhirConnectionModule],
      controllers: options.http ? [EnrollmentController] : [],
      providers: [EnrollmentService, EnrollmentJobs],
      exports: [EnrollmentService],
    };
  }
}
