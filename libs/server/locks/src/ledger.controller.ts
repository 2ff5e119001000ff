import { Body, Controller, Get, Header, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { TrialRole } from '@prospect/domain';
import {
  Access,
  type Actor,
  AuditService,
  CurrentActor,
  CurrentTrial,
  type TrialAccess,
} from '@prospect/platform';
import { LedgerExportService, type LedgerVerificationView } from './ledger-export.service';
import { type LedgerSummaryView, LedgerService, type TreeHeadView } from './ledger.service';
import { isUnblinded, LOCK_READERS } from './locks.controller';
import {
  ConsistencyProofQueryDto,
  CosignRequestDto,
  InclusionProofQueryDto,
  KeyRotationRequestDto,
  LedgerSummaryDto,
  LedgerVerificationDto,
  ProofDto,
  TreeHeadDto,
} from './locks.dto';

/** The log's public face (keys, heads, proofs) is not blinded: everyone in the trial may check it. */
const ALL_TRIAL_ROLES: TrialRole[] = [
  'coordinator',
  'outcome-assessor',
  'statistician',
  'dmc',
  'monitor',
  'regulatory',
];

/** Parties that countersign tree heads as witnesses: the DMC, regulators, the sponsor's monitors. */
const WITNESS_ROLES: TrialRole[] = ['dmc', 'regulatory', 'monitor'];

@ApiTags('ledger')
@Controller('trials/:trialCode/ledger')
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly exports: LedgerExportService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Access.trial(ALL_TRIAL_ROLES, { admin: true })
  @ApiOperation({
    summary:
      'The trial’s transparency log: size, public keys (the first is the trust anchor), latest signed head',
  })
  @ApiOkResponse({ type: LedgerSummaryDto })
  summary(@CurrentTrial() trial: TrialAccess): Promise<LedgerSummaryView> {
    return this.ledger.summary(trial);
  }

  @Get('tree-heads')
  @Access.trial(ALL_TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'Every signed tree head, oldest first, with witness cosignatures' })
  @ApiOkResponse({ type: [TreeHeadDto] })
  treeHeads(@CurrentTrial() trial: TrialAccess): Promise<TreeHeadView[]> {
    return this.ledger.treeHeads(trial);
  }

  @Get('tree-heads/latest')
  @Access.trial(ALL_TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'The latest signed tree head, for witnesses to check and countersign' })
  @ApiOkResponse({ type: TreeHeadDto })
  latest(@CurrentTrial() trial: TrialAccess): Promise<TreeHeadView> {
    return this.ledger.latestHead(trial);
  }

  @Post('tree-heads')
  @Access.trial([], { admin: true })
  @ApiOperation({
    summary: 'Sign a checkpoint of the log now (heads are also signed after each lock batch and daily)',
  })
  @ApiCreatedResponse({ type: TreeHeadDto })
  checkpoint(@CurrentTrial() trial: TrialAccess): Promise<TreeHeadView> {
    return this.ledger.signHead(trial, 'on-request');
  }

  @Post('cosignatures')
  @Access.trial(WITNESS_ROLES, { admin: true })
  @ApiOperation({
    summary:
      'Store a witness’s countersignature of a signed head (checked first); a cosigned head pins all history before it',
  })
  @ApiCreatedResponse({ type: TreeHeadDto })
  cosign(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: CosignRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<TreeHeadView> {
    return this.ledger.cosign(actor, trial, body);
  }

  @Get('inclusion-proof')
  @Access.trial(ALL_TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of an entry in a tree of the given size' })
  @ApiOkResponse({ type: ProofDto })
  async inclusion(
    @CurrentTrial() trial: TrialAccess,
    @Query() query: InclusionProofQueryDto,
  ): Promise<{ proof: string[] }> {
    return { proof: await this.ledger.inclusionProof(trial, query.index, query.treeSize) };
  }

  @Get('consistency-proof')
  @Access.trial(ALL_TRIAL_ROLES, { admin: true })
  @ApiOperation({ summary: 'RFC 9162 consistency proof between two tree sizes' })
  @ApiOkResponse({ type: ProofDto })
  async consistency(
    @CurrentTrial() trial: TrialAccess,
    @Query() query: ConsistencyProofQueryDto,
  ): Promise<{ proof: string[] }> {
    return { proof: await this.ledger.consistencyProof(trial, query.from, query.to) };
  }

  @Post('key-rotations')
  @Access.trial([], { admin: true })
  @ApiOperation({ summary: 'Rotate the trial’s signing key (recorded in the log, signed by both keys)' })
  @ApiCreatedResponse({ type: TreeHeadDto })
  rotate(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: KeyRotationRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<TreeHeadView> {
    return this.ledger.rotateKey(actor, trial, body.reason);
  }

  @Get('export')
  @Access.trial(LOCK_READERS, { admin: true })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'The log as JSON lines, verifiable with prospect verify; openings (the predictions) revealed only to the DMC and regulatory staff',
  })
  @ApiProduces('application/x-ndjson')
  async export(
    @CurrentTrial() trial: TrialAccess,
    @CurrentActor() actor: Actor,
    @Res() response: Response,
  ): Promise<void> {
    const reveal = isUnblinded(trial);
    const body = await this.exports.exportJsonLines(trial, reveal);
    await this.audit.recordAlone(actor, {
      action: 'ledger.exported',
      entityType: 'trial',
      entityId: trial.trialId,
      trialId: trial.trialId,
      after: { openingsRevealed: reveal },
    });
    response
      .status(200)
      .setHeader('Content-Type', 'application/x-ndjson; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${trial.trialCode}-ledger.jsonl"`)
      .send(body);
  }

  @Get('verify')
  @Access.trial(LOCK_READERS, { admin: true })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Verify the log as prospect verify does (signatures, proofs, commitments, lock before treatment) and the database rows against it',
  })
  @ApiOkResponse({ type: LedgerVerificationDto })
  async verify(@CurrentTrial() trial: TrialAccess): Promise<LedgerVerificationView> {
    const report = await this.exports.verify(trial);
    return isUnblinded(trial) ? report : blindedReport(report);
  }
}

/**
 * Blinded callers learn that a commitment or stored prediction does not match, never the values
 * the messages would quote.
 */
function blindedReport(report: LedgerVerificationView): LedgerVerificationView {
  return {
    ...report,
    failures: report.failures.map((failure) =>
      /opening|prediction|class/.test(failure.check)
        ? {
            ...failure,
            message: `Entry ${failure.index ?? '?'}: the prediction does not match its commitment or record (${failure.check}); the values are visible to the DMC and regulatory staff.`,
          }
        : failure,
    ),
  };
}
