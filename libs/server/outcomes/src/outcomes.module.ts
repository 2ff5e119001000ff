import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@prospect/platform';
import { ANALYSIS_JOB, AnalysesService } from './analyses.service';
import { EconomicsController } from './economics.controller';
import { ECONOMIC_EVALUATION_JOB, EconomicsService } from './economics.service';
import { InputShiftService } from './input-shift.service';
import { AnalysesController, OutcomesController } from './outcomes.controller';
import { OUTCOME_SYNC_JOB, OutcomesService } from './outcomes.service';
import { SubmissionService } from './submission.service';
import { SubmissionPackagesController } from './submission-packages.controller';
import { SUBMISSION_PACKAGE_JOB, SubmissionPackagesService } from './submission-packages.service';

function syncJobId(payload: unknown): string {
  const value = (payload as Record<string, unknown> | null)?.['syncJobId'];
  if (typeof value !== 'string') throw new Error('job payload has no syncJobId');
  return value;
}

/** Registers the outcome-sync, analysis and economic-evaluation jobs with the queue. */
@Injectable()
export class OutcomeJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly outcomes: OutcomesService,
    private readonly analyses: AnalysesService,
    private readonly economics: EconomicsService,
    private readonly packages: SubmissionPackagesService,
  ) {}

  onModuleInit(): void {
    this.registry.add({
      jobName: OUTCOME_SYNC_JOB,
      process: (payload) => this.outcomes.runSync(syncJobId(payload)),
    });
    this.registry.add({ jobName: ANALYSIS_JOB, process: (payload) => this.analyses.run(syncJobId(payload)) });
    this.registry.add({
      jobName: ECONOMIC_EVALUATION_JOB,
      process: (payload) => this.economics.run(syncJobId(payload)),
    });
    this.registry.add({
      jobName: SUBMISSION_PACKAGE_JOB,
      process: (payload) => this.packages.run(syncJobId(payload)),
    });
  }
}

/**
 * Follow-up outcomes, adjudication, withdrawals, the CONSORT flow, interim analyses, input shift
 * and cost-effectiveness evaluations.
 */
@Module({})
export class OutcomesModule {
  static register(options: { http: boolean }): DynamicModule {
    return {
      module: OutcomesModule,
      controllers: options.http
        ? [OutcomesController, AnalysesController, EconomicsController, SubmissionPackagesController]
        : [],
      providers: [
        OutcomesService,
        AnalysesService,
        InputShiftService,
        EconomicsService,
        SubmissionService,
        SubmissionPackagesService,
        OutcomeJobs,
      ],
      exports: [
        OutcomesService,
        AnalysesService,
        InputShiftService,
        EconomicsService,
        SubmissionService,
        SubmissionPackagesService,
      ],
    };
  }
}
