import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { TrialRole } from '@prospect/domain';
import type { CheersChecklist } from '@prospect/economics';
import type { SyncJobView } from '@prospect/enrollment';
import {
  Access,
  type Actor,
  CurrentActor,
  CurrentTrial,
  ParsePositiveInt,
  type TrialAccess,
} from '@prospect/platform';
import type { ProtocolVersionView } from '@prospect/trials';
import {
  DEFAULT_EVALUATION_DRAWS,
  type EconomicEvaluationView,
  EconomicsService,
  type UnblindedEconomicEvaluationView,
} from './economics.service';
import {
  CheersChecklistDto,
  CheersEntryDto,
  EconomicEvaluationDto,
  EconomicEvaluationRequestDto,
  EconomicEvaluationRequestedDto,
  HealthEconomicsPlanDto,
  HealthEconomicsPlanRequestDto,
  SignAnalysisDto,
  UnblindedEconomicEvaluationDto,
} from './outcomes.dto';
import { ANALYSIS_READERS } from './outcomes.controller';

/** Roles that see economic results (issue 7): statisticians and the DMC, unblinded; others blinded. */
export const ECONOMIC_RESULT_READERS: TrialRole[] = ['statistician', 'dmc'];

/** Roles that read and complete the CHEERS checklist (it quotes the observed accuracy). */
export const CHEERS_READERS: TrialRole[] = ['statistician', 'dmc', 'regulatory'];

@ApiTags('economics')
@Controller('trials/:trialCode')
export class EconomicsController {
  constructor(private readonly economics: EconomicsService) {}

  @Get('health-economics-plan')
  @Access.trial(ANALYSIS_READERS)
  @ApiOperation({ summary: 'The health-economic plan of the protocol in force' })
  @ApiOkResponse({ type: HealthEconomicsPlanDto })
  plan(@CurrentTrial() trial: TrialAccess) {
    return this.economics.plan(trial);
  }

  @Post('health-economics-plan')
  @Access.trial(['statistician'], { admin: true })
  @ApiOperation({
    summary:
      'Define or change the health-economic plan: a protocol amendment (new version), in force once approved with a signature',
  })
  @ApiCreatedResponse({ type: Object })
  definePlan(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: HealthEconomicsPlanRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProtocolVersionView> {
    return this.economics.definePlan(actor, trial, body.plan, body.reason);
  }

  @Post('economic-evaluations')
  @HttpCode(202)
  @Access.trial(['statistician'])
  @ApiOperation({ summary: 'Evaluate a computed look’s snapshot under the plan in force (a job)' })
  @ApiAcceptedResponse({ type: EconomicEvaluationRequestedDto })
  request(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: EconomicEvaluationRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ job: SyncJobView; evaluation: EconomicEvaluationView }> {
    return this.economics.request(actor, trial, {
      lookNumber: body.lookNumber,
      draws: body.draws ?? DEFAULT_EVALUATION_DRAWS,
      seed: body.seed ?? 'prospect',
    });
  }

  @Get('economic-evaluations')
  @Access.trial(ANALYSIS_READERS)
  @ApiOperation({
    summary: 'Economic evaluations: what was evaluated, status, hashes, signatures (no results)',
  })
  @ApiOkResponse({ type: [EconomicEvaluationDto] })
  list(@CurrentTrial() trial: TrialAccess): Promise<EconomicEvaluationView[]> {
    return this.economics.list(trial);
  }

  @Get('economic-evaluations/:evaluationNumber')
  @Access.trial(ANALYSIS_READERS)
  @ApiOperation({ summary: 'One economic evaluation, blinded' })
  @ApiOkResponse({ type: EconomicEvaluationDto })
  get(
    @CurrentTrial() trial: TrialAccess,
    @Param('evaluationNumber', ParsePositiveInt) evaluationNumber: number,
  ): Promise<EconomicEvaluationView> {
    return this.economics.get(trial, evaluationNumber);
  }

  @Get('economic-evaluations/:evaluationNumber/result')
  @Access.trial(ECONOMIC_RESULT_READERS)
  @ApiOperation({
    summary:
      'The result: base case, ICERs, NMB, tornado, PSA (CE plane, CEAC, frontier, EVPI); statisticians and the DMC; audited',
  })
  @ApiOkResponse({ type: UnblindedEconomicEvaluationDto })
  result(
    @CurrentTrial() trial: TrialAccess,
    @Param('evaluationNumber', ParsePositiveInt) evaluationNumber: number,
    @CurrentActor() actor: Actor,
  ): Promise<UnblindedEconomicEvaluationView> {
    return this.economics.result(actor, trial, evaluationNumber);
  }

  @Post('economic-evaluations/:evaluationNumber/signatures')
  @Access.trial(['statistician'])
  @ApiOperation({
    summary: 'Sign a computed economic evaluation (its plan and result hashes) with your password',
  })
  @ApiCreatedResponse({ type: EconomicEvaluationDto })
  sign(
    @CurrentTrial() trial: TrialAccess,
    @Param('evaluationNumber', ParsePositiveInt) evaluationNumber: number,
    @Body() body: SignAnalysisDto,
    @CurrentActor() actor: Actor,
  ): Promise<EconomicEvaluationView> {
    return this.economics.sign(actor, trial, evaluationNumber, {
      password: body.password,
      meaning: body.meaning ?? 'authorship',
    });
  }

  @Get('economic-evaluations/:evaluationNumber/cheers')
  @Access.trial(CHEERS_READERS)
  @ApiOperation({ summary: 'The CHEERS 2022 checklist: items the platform answers and the users’ entries' })
  @ApiOkResponse({ type: CheersChecklistDto })
  cheers(
    @CurrentTrial() trial: TrialAccess,
    @Param('evaluationNumber', ParsePositiveInt) evaluationNumber: number,
  ): Promise<CheersChecklist> {
    return this.economics.cheers(trial, evaluationNumber);
  }

  @Post('cheers-entries')
  @Access.trial(['statistician', 'regulatory'])
  @ApiOperation({
    summary:
      'State a CHEERS 2022 item the platform cannot answer: reported (with text), not reported or not applicable (with the reason)',
  })
  @ApiCreatedResponse({ type: Object })
  addCheersEntry(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: CheersEntryDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ itemNumber: number; status: string; text: string; recordedAt: string }> {
    return this.economics.addCheersEntry(actor, trial, body);
  }
}
