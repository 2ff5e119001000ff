import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { TrialRole } from '@prospect/domain';
import { SyncJobDto, SyncRequestDto, type SyncJobView } from '@prospect/enrollment';
import { Access, type Actor, CurrentActor, CurrentTrial, type TrialAccess } from '@prospect/platform';
import { LockDeviationDto, LockDto, ReceiptDto } from './locks.dto';
import { type LockDeviationView, type LockView, LocksService } from './locks.service';
import { type LockReceipt, ReceiptsService } from './receipts.service';

/** Roles that may see locked predictions' values: the DMC (unblinded) and regulatory staff. */
export const UNBLINDED_ROLES: readonly TrialRole[] = ['dmc', 'regulatory'];

/** Roles that may see that predictions are locked (hashes, commitments, receipts), without values. */
export const LOCK_READERS: TrialRole[] = ['coordinator', 'monitor', 'statistician', 'dmc', 'regulatory'];

export function isUnblinded(trial: TrialAccess): boolean {
  return trial.roles.some((role) => UNBLINDED_ROLES.includes(role));
}

@ApiTags('locks')
@Controller('trials/:trialCode')
export class LocksController {
  constructor(
    private readonly locks: LocksService,
    private readonly receipts: ReceiptsService,
  ) {}

  @Post('enrollments/:subjectId/lock')
  @Access.trial(['coordinator'])
  @ApiOperation({
    summary:
      'Lock the subject’s prediction (a job: extract → predict → re-read FHIR → lock). 202 with the job; 200 with the existing lock when already locked',
  })
  @ApiAcceptedResponse({ type: SyncJobDto })
  @ApiOkResponse({ type: LockDto })
  async lock(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SyncJobView | LockView> {
    const result = await this.locks.request(actor, trial, subjectId);
    if (result.kind === 'already-locked') {
      response.status(200);
      return result.lock;
    }
    response.status(202);
    return result.job;
  }

  @Post('locks')
  @HttpCode(202)
  @Access.trial(['coordinator'])
  @ApiOperation({ summary: 'Lock every enrollment not yet locked (or one subject), as a job' })
  @ApiAcceptedResponse({ type: SyncJobDto })
  async lockAll(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: SyncRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<SyncJobView | LockView> {
    const result = await this.locks.request(actor, trial, body.subjectId ?? null);
    return result.kind === 'queued' ? result.job : result.lock;
  }

  @Get('locks')
  @Access.trial(LOCK_READERS)
  @ApiOperation({
    summary: 'Every lock, in log order; prediction values only for the DMC and regulatory staff',
  })
  @ApiOkResponse({ type: [LockDto] })
  list(@CurrentTrial() trial: TrialAccess): Promise<LockView[]> {
    return this.locks.list(trial, isUnblinded(trial));
  }

  @Get('enrollments/:subjectId/lock')
  @Access.trial(LOCK_READERS)
  @ApiOperation({ summary: 'The subject’s lock; the prediction only for the DMC and regulatory staff' })
  @ApiOkResponse({ type: LockDto })
  get(@CurrentTrial() trial: TrialAccess, @Param('subjectId') subjectId: string): Promise<LockView> {
    return this.locks.get(trial, subjectId, isUnblinded(trial));
  }

  @Get('enrollments/:subjectId/lock/receipt')
  @Access.trial(LOCK_READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The lock receipt (entry, inclusion proof, signed tree head, public key), verifiable offline with prospect verify; the opening only for the DMC and regulatory staff',
  })
  @ApiOkResponse({ type: ReceiptDto })
  async receipt(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LockReceipt> {
    const receipt = await this.receipts.forSubject(trial, subjectId, isUnblinded(trial));
    response.setHeader('Content-Disposition', `attachment; filename="${subjectId}-lock-receipt.json"`);
    return receipt;
  }

  @Get('lock-receipts')
  @Access.trial(LOCK_READERS)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Receipts of every lock against the latest signed head, as JSON lines' })
  @ApiProduces('application/x-ndjson')
  async allReceipts(@CurrentTrial() trial: TrialAccess, @Res() response: Response): Promise<void> {
    const receipts = await this.receipts.forTrial(trial, isUnblinded(trial));
    response
      .status(200)
      .setHeader('Content-Type', 'application/x-ndjson; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${trial.trialCode}-lock-receipts.jsonl"`)
      .send(receipts.map((receipt) => `${JSON.stringify(receipt)}\n`).join(''));
  }

  @Get('lock-deviations')
  @Access.trial(LOCK_READERS)
  @ApiOperation({
    summary: 'Locks found to postdate the actual treatment start: kept, excluded from the primary analysis',
  })
  @ApiOkResponse({ type: [LockDeviationDto] })
  deviations(@CurrentTrial() trial: TrialAccess): Promise<LockDeviationView[]> {
    return this.locks.deviations(trial);
  }
}
