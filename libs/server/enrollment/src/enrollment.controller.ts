import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Access,
  type Actor,
  CurrentActor,
  CurrentTrial,
  ParseUuid,
  type TrialAccess,
} from '@prospect/platform';
import {
  CandidateDto,
  CandidateQueryDto,
  EnrollDto,
  EnrollmentDto,
  EnrollmentSummaryDto,
  PlanTreatmentStartDto,
  SyncJobDto,
  SyncRequestDto,
} from './dto/enrollment.dto';
import type { BaselineView, EnrollmentSummary, EnrollmentView, SyncJobView } from './enrollment-views';
import { EnrollmentService, type CandidateView } from './enrollment.service';
import { TRIAL_ROLES } from '@prospect/domain';

const READERS = ['coordinator', 'monitor'] as const;

@ApiTags('enrollment')
@Controller('trials/:trialCode')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Get('candidates')
  @Access.trial(['coordinator'])
  @ApiOperation({
    summary: 'Search the FHIR server for patients to enroll (identifier, name, birth date, condition code)',
  })
  @ApiOkResponse({ type: [CandidateDto] })
  candidates(
    @CurrentTrial() trial: TrialAccess,
    @Query() query: CandidateQueryDto,
  ): Promise<CandidateView[]> {
    return this.enrollment.searchCandidates(trial, query);
  }

  @Post('enrollments')
  @Access.trial(['coordinator'])
  @ApiOperation({
    summary: 'Enroll a FHIR patient at a site: eligibility, subject id, baseline link, write-back',
  })
  @ApiCreatedResponse({ type: EnrollmentDto })
  enroll(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: EnrollDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnrollmentView> {
    return this.enrollment.enroll(actor, trial, body);
  }

  @Get('enrollments')
  @Access.trial(READERS)
  @ApiOperation({ summary: 'The trial’s enrollments with their baseline status' })
  @ApiOkResponse({ type: [EnrollmentSummaryDto] })
  list(@CurrentTrial() trial: TrialAccess): Promise<EnrollmentSummary[]> {
    return this.enrollment.list(trial);
  }

  @Get('enrollments/:subjectId')
  @Access.trial(READERS)
  @ApiOperation({ summary: 'One enrollment: baseline link with open issues, write-back status' })
  @ApiOkResponse({ type: EnrollmentDto })
  get(@CurrentTrial() trial: TrialAccess, @Param('subjectId') subjectId: string): Promise<EnrollmentView> {
    return this.enrollment.get(trial, subjectId);
  }

  @Get('enrollments/:subjectId/baseline-history')
  @Access.trial(READERS)
  @ApiOperation({ summary: 'Every version of the baseline link, with what changed' })
  @ApiOkResponse({ type: Object, isArray: true })
  history(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
  ): Promise<BaselineView[]> {
    return this.enrollment.history(trial, subjectId);
  }

  @Post('enrollments/:subjectId/planned-treatment-start')
  @Access.trial(['coordinator'])
  @ApiOperation({ summary: 'Record a planned treatment start until a treatment record exists' })
  @ApiCreatedResponse({ type: EnrollmentDto })
  plan(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @Body() body: PlanTreatmentStartDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnrollmentView> {
    return this.enrollment.planTreatmentStart(actor, trial, subjectId, body.plannedAt, body.reason);
  }

  @Post('syncs')
  @HttpCode(202)
  @Access.trial(['coordinator'])
  @ApiOperation({ summary: 'Re-read the FHIR records of one or all enrollments (a job)' })
  @ApiAcceptedResponse({ type: SyncJobDto })
  sync(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: SyncRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<SyncJobView> {
    return this.enrollment.requestSync(actor, trial, body.subjectId ?? null);
  }

  @Get('jobs/:jobId')
  @Access.trial(TRIAL_ROLES)
  @ApiOperation({
    summary:
      'A background job’s status, result and error: coordinators and monitors see every job of the trial, others the jobs they requested',
  })
  @ApiOkResponse({ type: SyncJobDto })
  job(
    @CurrentTrial() trial: TrialAccess,
    @Param('jobId', ParseUuid) jobId: string,
    @CurrentActor() actor: Actor,
  ): Promise<SyncJobView> {
    const seesAll = trial.roles.some((role) => (READERS as readonly string[]).includes(role));
    return this.enrollment.job(trial, jobId, seesAll ? null : actor.userId);
  }
}
