import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TRIAL_ROLES, type TrialRole } from '@prospect/domain';
import { SyncJobDto, SyncRequestDto, type SyncJobView } from '@prospect/enrollment';
import {
  Access,
  type Actor,
  CurrentActor,
  CurrentTrial,
  ParsePositiveInt,
  type TrialAccess,
} from '@prospect/platform';
import type { AnalysisSnapshot, ConsortFlow } from '@prospect/analysis';
import {
  AnalysesService,
  type BlindedAnalysisView,
  type BlindedProgressView,
  type ReproductionView,
  type UnblindedAnalysisView,
} from './analyses.service';
import { InputShiftService, type InputShiftView } from './input-shift.service';
import {
  AdjudicateOutcomeDto,
  AnalysisRequestDto,
  AnalysisRequestedDto,
  BlindedAnalysisDto,
  ConsortFlowDto,
  InputShiftDto,
  OutcomeDetailDto,
  OutcomeListQueryDto,
  OutcomeSummaryDto,
  ProgressDto,
  RecordOutcomeDto,
  ReproductionDto,
  SignAnalysisDto,
  UnblindedAnalysisDto,
  WithdrawalDto,
} from './outcomes.dto';
import {
  type OutcomeDetailView,
  OutcomesService,
  type OutcomeStatusFilter,
  type OutcomeSummaryView,
} from './outcomes.service';

/**
 * Roles that may read outcomes (never predictions): everyone in the trial but the blinded
 * statistician. Coordinators among them see statuses, dates and window flags only (see
 * {@link OUTCOME_VALUE_READERS}).
 */
export const OUTCOME_READERS: TrialRole[] = [
  'coordinator',
  'outcome-assessor',
  'monitor',
  'dmc',
  'regulatory',
];

/**
 * Roles that may see outcome values (each result's and adjudication's value, evidence and
 * reasons). Coordinators are blinded to outcomes (docs/ROLES.md) and the statistician never reads
 * them at all.
 */
export const OUTCOME_VALUE_READERS: readonly TrialRole[] = [
  'outcome-assessor',
  'dmc',
  'monitor',
  'regulatory',
];

/** Whether the caller's roles in the trial include one that may see outcome values. */
export function seesOutcomeValues(trial: TrialAccess): boolean {
  return trial.roles.some((role) => OUTCOME_VALUE_READERS.includes(role));
}

const BLINDED_OUTCOME_FIELDS =
  'Callers whose roles in the trial include none of outcome-assessor, dmc, monitor or regulatory (coordinators) get `valuesBlinded: true` and no outcome values: `outcome`, each result’s `outcome`, `evidence` and `reason`, and each adjudication’s `outcome` and `reason` are absent, and `explanation` is value-free. Status, dates, window flags, `needsAdjudication`, result counts and who recorded or decided what, and when, stay.';

/** Roles that may see blinded progress and the flow: every trial role. */
export const PROGRESS_READERS: TrialRole[] = [...TRIAL_ROLES];

/** Roles that may see that analyses exist, their hashes and signatures, without results. */
export const ANALYSIS_READERS: TrialRole[] = ['coordinator', 'statistician', 'dmc', 'monitor', 'regulatory'];

/** The only role that sees interim results: the data monitoring committee. */
export const RESULT_READERS: TrialRole[] = ['dmc'];

@ApiTags('outcomes')
@Controller('trials/:trialCode')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Post('outcomes/sync')
  @HttpCode(202)
  @Access.trial(['coordinator', 'outcome-assessor'])
  @ApiOperation({
    summary: 'Read follow-up outcomes from the FHIR server by the protocol’s endpoint (a job)',
  })
  @ApiAcceptedResponse({ type: SyncJobDto })
  sync(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: SyncRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<SyncJobView> {
    return this.outcomes.requestSync(actor, trial, body.subjectId ?? null);
  }

  @Get('outcomes')
  @Access.trial(OUTCOME_READERS)
  @ApiOperation({
    summary:
      'Every subject’s outcome status (the assessors’ worklist with ?status=needs-adjudication); no predictions; values blinded for coordinators',
    description: BLINDED_OUTCOME_FIELDS,
  })
  @ApiOkResponse({ type: [OutcomeSummaryDto] })
  list(
    @CurrentTrial() trial: TrialAccess,
    @Query() query: OutcomeListQueryDto,
  ): Promise<OutcomeSummaryView[]> {
    return this.outcomes.list(
      trial,
      (query.status as OutcomeStatusFilter | undefined) ?? null,
      seesOutcomeValues(trial),
    );
  }

  @Get('enrollments/:subjectId/outcome')
  @Access.trial(OUTCOME_READERS)
  @ApiOperation({
    summary:
      'A subject’s outcome with every result, correction and adjudication; values blinded for coordinators',
    description: BLINDED_OUTCOME_FIELDS,
  })
  @ApiOkResponse({ type: OutcomeDetailDto })
  detail(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
  ): Promise<OutcomeDetailView> {
    return this.outcomes.detail(trial, subjectId, seesOutcomeValues(trial));
  }

  @Post('enrollments/:subjectId/outcome-results')
  @Access.trial(['outcome-assessor'])
  @ApiOperation({ summary: 'Enter an outcome result (or "not assessable", or a correction with its reason)' })
  @ApiCreatedResponse({ type: OutcomeDetailDto })
  record(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @Body() body: RecordOutcomeDto,
    @CurrentActor() actor: Actor,
  ): Promise<OutcomeDetailView> {
    return this.outcomes.record(
      actor,
      trial,
      subjectId,
      {
        outcome: body.outcome,
        assessedAt: body.assessedAt,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
        ...(body.supersedes !== undefined ? { supersedes: body.supersedes } : {}),
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      },
      seesOutcomeValues(trial),
    );
  }

  @Post('enrollments/:subjectId/outcome-adjudications')
  @Access.trial(['outcome-assessor'])
  @ApiOperation({
    summary: 'Decide a conflicting or missing outcome as a second assessor, with reason and e-signature',
  })
  @ApiCreatedResponse({ type: OutcomeDetailDto })
  adjudicate(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @Body() body: AdjudicateOutcomeDto,
    @CurrentActor() actor: Actor,
  ): Promise<OutcomeDetailView> {
    return this.outcomes.adjudicate(
      actor,
      trial,
      subjectId,
      {
        outcome: body.outcome,
        reason: body.reason,
        password: body.password,
        ...(body.assessedAt !== undefined ? { assessedAt: body.assessedAt } : {}),
      },
      seesOutcomeValues(trial),
    );
  }

  @Post('enrollments/:subjectId/withdrawal')
  @Access.trial(['coordinator'])
  @ApiOperation({
    summary:
      'Record that the subject left the trial, with the reason; returns the outcome as GET …/outcome does',
    description: BLINDED_OUTCOME_FIELDS,
  })
  @ApiCreatedResponse({ type: OutcomeDetailDto })
  withdraw(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @Body() body: WithdrawalDto,
    @CurrentActor() actor: Actor,
  ): Promise<OutcomeDetailView> {
    return this.outcomes.withdraw(actor, trial, subjectId, body, seesOutcomeValues(trial));
  }

  @Get('flow')
  @Access.trial(PROGRESS_READERS)
  @ApiOperation({ summary: 'CONSORT-style flow counts: enrolled, locked, outcomes, analysed, excluded' })
  @ApiOkResponse({ type: ConsortFlowDto })
  flow(@CurrentTrial() trial: TrialAccess): Promise<ConsortFlow> {
    return this.outcomes.flow(trial);
  }
}

@ApiTags('analyses')
@Controller('trials/:trialCode')
export class AnalysesController {
  constructor(
    private readonly analyses: AnalysesService,
    private readonly inputShift: InputShiftService,
  ) {}

  @Get('progress')
  @Access.trial(PROGRESS_READERS)
  @ApiOperation({ summary: 'Blinded progress: flow, information fraction, completeness, planned looks' })
  @ApiOkResponse({ type: ProgressDto })
  progress(@CurrentTrial() trial: TrialAccess): Promise<BlindedProgressView> {
    return this.analyses.progress(trial);
  }

  @Post('analyses')
  @HttpCode(202)
  @Access.trial(['statistician'])
  @ApiOperation({ summary: 'Freeze the snapshot of the next planned look and queue its analysis' })
  @ApiAcceptedResponse({ type: AnalysisRequestedDto })
  request(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: AnalysisRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ job: SyncJobView; analysis: BlindedAnalysisView }> {
    return this.analyses.request(actor, trial, body.lookNumber);
  }

  @Get('analyses')
  @Access.trial(ANALYSIS_READERS)
  @ApiOperation({ summary: 'Analyses requested so far: hashes, status and signatures, no results' })
  @ApiOkResponse({ type: [BlindedAnalysisDto] })
  list(@CurrentTrial() trial: TrialAccess): Promise<BlindedAnalysisView[]> {
    return this.analyses.list(trial);
  }

  @Get('analyses/:lookNumber')
  @Access.trial(ANALYSIS_READERS)
  @ApiOperation({ summary: 'One analysis, blinded: hashes, status, signatures' })
  @ApiOkResponse({ type: BlindedAnalysisDto })
  get(
    @CurrentTrial() trial: TrialAccess,
    @Param('lookNumber', ParsePositiveInt) lookNumber: number,
  ): Promise<BlindedAnalysisView> {
    return this.analyses.get(trial, lookNumber);
  }

  @Get('analyses/:lookNumber/result')
  @Access.trial(RESULT_READERS)
  @ApiOperation({ summary: 'The unblinded result (DMC only); every view is audited' })
  @ApiOkResponse({ type: UnblindedAnalysisDto })
  result(
    @CurrentTrial() trial: TrialAccess,
    @Param('lookNumber', ParsePositiveInt) lookNumber: number,
    @CurrentActor() actor: Actor,
  ): Promise<UnblindedAnalysisView> {
    return this.analyses.unblinded(actor, trial, lookNumber);
  }

  @Get('analyses/:lookNumber/snapshot')
  @Access.trial(RESULT_READERS)
  @ApiOperation({ summary: 'The frozen data snapshot (subject level, DMC only); audited' })
  @ApiOkResponse({ type: Object })
  snapshot(
    @CurrentTrial() trial: TrialAccess,
    @Param('lookNumber', ParsePositiveInt) lookNumber: number,
    @CurrentActor() actor: Actor,
  ): Promise<AnalysisSnapshot> {
    return this.analyses.snapshot(actor, trial, lookNumber);
  }

  @Post('analyses/:lookNumber/reproduction')
  @HttpCode(200)
  @Access.trial(RESULT_READERS)
  @ApiOperation({ summary: 'Recompute from the stored snapshot and compare with the stored result hash' })
  @ApiOkResponse({ type: ReproductionDto })
  reproduce(
    @CurrentTrial() trial: TrialAccess,
    @Param('lookNumber', ParsePositiveInt) lookNumber: number,
    @CurrentActor() actor: Actor,
  ): Promise<ReproductionView> {
    return this.analyses.reproduce(actor, trial, lookNumber);
  }

  @Post('analyses/:lookNumber/signatures')
  @Access.trial(['statistician'])
  @ApiOperation({ summary: 'Sign a computed analysis (its snapshot and result hashes) with your password' })
  @ApiCreatedResponse({ type: BlindedAnalysisDto })
  sign(
    @CurrentTrial() trial: TrialAccess,
    @Param('lookNumber', ParsePositiveInt) lookNumber: number,
    @Body() body: SignAnalysisDto,
    @CurrentActor() actor: Actor,
  ): Promise<BlindedAnalysisView> {
    return this.analyses.sign(actor, trial, lookNumber, {
      password: body.password,
      meaning: body.meaning ?? 'authorship',
    });
  }

  @Get('analyses/:lookNumber/access-log')
  @Access.trial(['dmc', 'monitor'])
  @ApiOperation({ summary: 'Who viewed the look’s unblinded result or snapshot, and when' })
  @ApiOkResponse({ type: [Object] })
  accessLog(
    @CurrentTrial() trial: TrialAccess,
    @Param('lookNumber', ParsePositiveInt) lookNumber: number,
  ): Promise<Record<string, unknown>[]> {
    return this.analyses.accessLog(trial, lookNumber);
  }

  @Get('input-shift')
  @Access.trial(ANALYSIS_READERS)
  @ApiOperation({
    summary:
      'Model inputs by site against the training distribution (SMD, PSI), flagged past the protocol thresholds',
  })
  @ApiOkResponse({ type: InputShiftDto })
  shift(@CurrentTrial() trial: TrialAccess): Promise<InputShiftView> {
    return this.inputShift.forTrial(trial);
  }
}
