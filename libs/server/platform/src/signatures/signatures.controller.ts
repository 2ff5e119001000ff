import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { CurrentTrial } from '../auth/current-principal.decorator';
import type { TrialAccess } from '../auth/principal';
import { notFound } from '../errors/domain-error';
import { ParseUuid } from '../errors/pipes';
import { SIGNATURE_MEANINGS } from './signature-meaning';
import { SignaturesService, toSignatureView, type SignatureVerification } from './signatures.service';

export class SignatureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) signerId!: string;
  @ApiProperty() signerUsername!: string;
  @ApiProperty() printedName!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ enum: SIGNATURE_MEANINGS }) meaning!: string;
  @ApiProperty() statement!: string;
  @ApiProperty() recordType!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) recordSha256!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trialId!: string | null;
}

export class SignatureVerificationDto {
  @ApiProperty({ format: 'uuid' }) signatureId!: string;
  @ApiProperty() valid!: boolean;
  @ApiProperty() recordType!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty() signedSha256!: string;
  @ApiProperty({ nullable: true, type: String }) currentSha256!: string | null;
  @ApiProperty() reason!: string;
}

const SIGNATURE_READERS = ['monitor', 'regulatory', 'statistician'] as const;

@ApiTags('signatures')
@Controller('trials/:trialCode/signatures')
export class SignaturesController {
  constructor(private readonly signatures: SignaturesService) {}

  @Get()
  @Access.trial(SIGNATURE_READERS, { admin: true })
  @ApiOperation({ summary: 'Electronic signatures in a trial' })
  @ApiOkResponse({ type: [SignatureDto] })
  async list(@CurrentTrial() trial: TrialAccess): Promise<Record<string, unknown>[]> {
    return (await this.signatures.listForTrial(trial.trialId)).map(toSignatureView);
  }

  @Get(':signatureId/verification')
  @Access.trial(SIGNATURE_READERS, { admin: true })
  @ApiOperation({ summary: 'Re-hash the signed record and compare with the signature' })
  @ApiOkResponse({ type: SignatureVerificationDto })
  async verify(
    @CurrentTrial() trial: TrialAccess,
    @Param('signatureId', ParseUuid) signatureId: string,
  ): Promise<SignatureVerification> {
    const signature = await this.signatures.find(signatureId);
    if (signature.trialId !== trial.trialId)
      throw notFound('SIGNATURE_NOT_FOUND', `No signature ${signatureId} in ${trial.trialCode}.`);
    return this.signatures.verify(signature);
  }
}
