import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { TRIAL_ROLES, trialDefinitionJsonSchema } from '@prospect/domain';
import {
  Access,
  type Actor,
  CurrentActor,
  CurrentPrincipal,
  CurrentTrial,
  ParsePositiveInt,
  type Principal,
  type TrialAccess,
} from '@prospect/platform';
import {
  AddSiteDto,
  AmendProtocolDto,
  ApproveProtocolDto,
  ProtocolVersionDto,
  SiteDto,
  TrialDto,
} from './dto/trials.dto';
import type { ProtocolVersionView, SiteView, TrialView } from './trial-views';
import { TrialsService } from './trials.service';

@ApiTags('trials')
@Controller('trials')
export class TrialsController {
  constructor(private readonly trials: TrialsService) {}

  @Get()
  @Access.authenticated()
  @ApiOperation({ summary: 'Trials you have a role in (all trials for an administrator)' })
  @ApiOkResponse({ type: [TrialDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<TrialView[]> {
    return this.trials.list(principal);
  }

  @Post()
  @Access.admin()
  @ApiOperation({ summary: 'Register a trial with its sites and protocol version 1 (a draft)' })
  @ApiBody({
    description: 'A trial definition document (the same file `prospect trial create --protocol` reads).',
    schema: trialDefinitionJsonSchema() as object,
  })
  @ApiCreatedResponse({ type: TrialDto })
  @ApiUnprocessableEntityResponse({ description: 'The definition breaks a rule; `errors` names each field.' })
  create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<TrialView> {
    return this.trials.create(actor, body);
  }

  @Get(':trialCode')
  @Access.trial(TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'One trial' })
  @ApiOkResponse({ type: TrialDto })
  get(@CurrentTrial() trial: TrialAccess): Promise<TrialView> {
    return this.trials.get(trial.trialId);
  }

  @Post(':trialCode/sites')
  @Access.trial([], { admin: true })
  @ApiOperation({ summary: 'Add a site' })
  @ApiCreatedResponse({ type: SiteDto })
  addSite(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: AddSiteDto,
    @CurrentActor() actor: Actor,
  ): Promise<SiteView> {
    return this.trials.addSite(actor, trial.trialId, body.code, body.name);
  }

  @Get(':trialCode/protocol-versions')
  @Access.trial(TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'Every protocol version, oldest first' })
  @ApiOkResponse({ type: [ProtocolVersionDto] })
  versions(@CurrentTrial() trial: TrialAccess): Promise<ProtocolVersionView[]> {
    return this.trials.versions(trial.trialId);
  }

  @Get(':trialCode/protocol-versions/:version')
  @Access.trial(TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'One protocol version' })
  @ApiOkResponse({ type: ProtocolVersionDto })
  version(
    @CurrentTrial() trial: TrialAccess,
    @Param('version', ParsePositiveInt) version: number,
  ): Promise<ProtocolVersionView> {
    return this.trials.version(trial.trialId, version);
  }

  @Post(':trialCode/protocol-versions')
  @Access.trial(['statistician'], { admin: true })
  @ApiOperation({
    summary: 'Amend the protocol: a new version, with the reason',
    description: 'Approved versions never change.',
  })
  @ApiCreatedResponse({ type: ProtocolVersionDto })
  @ApiUnprocessableEntityResponse({ description: 'The protocol breaks a rule; `errors` names each field.' })
  amend(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: AmendProtocolDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProtocolVersionView> {
    return this.trials.amend(actor, trial.trialId, body.content, body.reason);
  }

  @Post(':trialCode/protocol-versions/:version/approve')
  @Access.trial([], { admin: true })
  @ApiOperation({ summary: 'Approve the latest protocol version with your electronic signature' })
  @ApiCreatedResponse({ type: ProtocolVersionDto })
  approve(
    @CurrentTrial() trial: TrialAccess,
    @Param('version', ParsePositiveInt) version: number,
    @Body() body: ApproveProtocolDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProtocolVersionView> {
    return this.trials.approve(actor, trial.trialId, version, body.password);
  }
}
