import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../auth/access.decorator';
import { CurrentTrial } from '../auth/current-principal.decorator';
import type { TrialAccess } from '../auth/principal';
import {
  AuditEventDto,
  AuditExportQueryDto,
  type AuditFilterDto,
  AuditPageQueryDto,
} from './audit-query.dto';
import type { AuditQuery } from './audit-export';
import { AuditService, toAuditJson, withoutOutcomeValues } from './audit.service';

/** Trial roles that may see outcome values (docs/ROLES.md); an admin without one reads the trail blinded. */
const SEES_OUTCOME_VALUES = ['outcome-assessor', 'dmc', 'monitor', 'regulatory'];

const blindedFor = (trial: TrialAccess): boolean =>
  !trial.roles.some((role) => SEES_OUTCOME_VALUES.includes(role));

function toQuery(filter: AuditFilterDto): Omit<AuditQuery, 'limit'> {
  return {
    ...(filter.entityType ? { entityType: filter.entityType } : {}),
    ...(filter.entityId ? { entityId: filter.entityId } : {}),
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from ? { from: new Date(filter.from) } : {}),
    ...(filter.to ? { to: new Date(filter.to) } : {}),
  };
}

function sendExport(response: Response, body: string, format: 'csv' | 'json', name: string): void {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  response
    .status(200)
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .setHeader('Content-Disposition', `attachment; filename="${name}-audit-${stamp}.${format}"`)
    .send(body);
}

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-events')
  @Access.admin()
  @ApiOperation({ summary: 'The whole audit trail (all trials, logins, user administration)' })
  @ApiOkResponse({ type: [AuditEventDto] })
  async list(@Query() query: AuditPageQueryDto): Promise<Record<string, unknown>[]> {
    const events = await this.audit.find({ ...toQuery(query), ...pageOf(query) });
    return events.map(withoutOutcomeValues).map(toAuditJson);
  }

  @Get('audit-events/export')
  @Access.admin()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Export the whole audit trail as CSV or JSON' })
  @ApiProduces('text/csv', 'application/json')
  async export(@Query() query: AuditExportQueryDto, @Res() response: Response): Promise<void> {
    sendExport(
      response,
      await this.audit.export(toQuery(query), query.format, { blindOutcomeValues: true }),
      query.format,
      'prospect',
    );
  }

  @Get('trials/:trialCode/audit-events')
  @Access.trial(['monitor'], { admin: true })
  @ApiOperation({ summary: 'The audit trail of one trial' })
  @ApiOkResponse({ type: [AuditEventDto] })
  async listForTrial(
    @CurrentTrial() trial: TrialAccess,
    @Query() query: AuditPageQueryDto,
  ): Promise<Record<string, unknown>[]> {
    const events = await this.audit.find({ ...toQuery(query), ...pageOf(query), trialId: trial.trialId });
    return (blindedFor(trial) ? events.map(withoutOutcomeValues) : events).map(toAuditJson);
  }

  @Get('trials/:trialCode/audit-events/export')
  @Access.trial(['monitor'], { admin: true })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Export one trial’s audit trail as CSV or JSON' })
  @ApiProduces('text/csv', 'application/json')
  async exportForTrial(
    @CurrentTrial() trial: TrialAccess,
    @Query() query: AuditExportQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    sendExport(
      response,
      await this.audit.export({ ...toQuery(query), trialId: trial.trialId }, query.format, {
        blindOutcomeValues: blindedFor(trial),
      }),
      query.format,
      trial.trialCode,
    );
  }
}

function pageOf(query: AuditPageQueryDto): { limit: number; afterSequence?: string } {
  return {
    limit: query.limit ?? 100,
    ...(query.afterSequence ? { afterSequence: query.afterSequence } : {}),
  };
}
