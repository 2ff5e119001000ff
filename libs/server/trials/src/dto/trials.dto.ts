import { ApiProperty } from '@nestjs/swagger';
import { INDICATIONS, SITE_CODE_PATTERN } from '@prospect/domain';
import { IsDefined, IsObject, IsString, Length, Matches } from 'class-validator';

export class AddSiteDto {
  @ApiProperty({ pattern: SITE_CODE_PATTERN.source, example: 'HD01' })
  @IsString()
  @Matches(SITE_CODE_PATTERN, { message: 'must be 1–8 upper-case letters or digits' })
  code!: string;

  @ApiProperty({ example: 'University Hospital' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class AmendProtocolDto {
  @ApiProperty({
    description: 'The whole protocol document of the new version (schema: ProtocolContent).',
    type: Object,
  })
  @IsDefined()
  @IsObject()
  content!: Record<string, unknown>;

  @ApiProperty({ description: 'Why this version is made; kept with the version and in the audit trail.' })
  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class ApproveProtocolDto {
  @ApiProperty({ format: 'password', description: 'Your password, re-entered to sign (21 CFR 11.200).' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class SiteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TrialDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: INDICATIONS }) indication!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [SiteDto] }) sites!: SiteDto[];
  @ApiProperty({ nullable: true, type: Number, description: 'The newest approved protocol version.' })
  protocolInForce!: number | null;
  @ApiProperty({ nullable: true, type: Number }) latestProtocolVersion!: number | null;
}

export class ApprovalDto {
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
  @ApiProperty({ format: 'uuid' }) approvedBy!: string;
  @ApiProperty({ format: 'uuid' }) signatureId!: string;
}

export class ProtocolVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['draft', 'approved', 'superseded'] }) status!: string;
  @ApiProperty() contentSha256!: string;
  @ApiProperty() endpointType!: string;
  @ApiProperty() decisionThreshold!: number;
  @ApiProperty() plannedSampleSize!: number;
  @ApiProperty({ nullable: true, type: String }) amendmentReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ type: ApprovalDto, nullable: true }) approval!: ApprovalDto | null;
  @ApiProperty({ type: Object, description: 'The protocol document (schema: ProtocolContent).' })
  content!: unknown;
}
