import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SITE_CODE_PATTERN } from '@prospect/domain';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class CandidateQueryDto {
  @ApiPropertyOptional({
    description: 'system|value or value',
    example: 'urn:prospect:synthetic:mrn|SYN-ABC123-000001',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  identifier?: string;

  @ApiPropertyOptional({ description: 'Part of a name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ example: '1960-04-01' })
  @IsOptional()
  @Matches(/^\d{4}(-\d{2}(-\d{2})?)?$/, { message: 'must be YYYY, YYYY-MM or YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({
    description: 'system|code of a Condition',
    example: 'http://snomed.info/sct|109989006',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  conditionCode?: string;
}

export class PlannedStartDto {
  @ApiProperty({ description: 'ISO-8601 date or date-time with zone', example: '2026-12-07' })
  @IsString()
  @Length(10, 40)
  at!: string;

  @ApiProperty({ example: 'First infusion booked' })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class EnrollDto {
  @ApiProperty({ example: 'Patient/0b1c…' })
  @IsString()
  @Length(9, 80)
  patientReference!: string;

  @ApiProperty({ pattern: SITE_CODE_PATTERN.source, example: 'HD01' })
  @Matches(SITE_CODE_PATTERN, { message: 'must be 1–8 upper-case letters or digits' })
  siteCode!: string;

  @ApiPropertyOptional({ type: PlannedStartDto, description: 'When no treatment record exists yet' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlannedStartDto)
  plannedTreatmentStart?: PlannedStartDto;
}

export class PlanTreatmentStartDto {
  @ApiProperty({ example: '2026-12-07' })
  @IsString()
  @Length(10, 40)
  plannedAt!: string;

  @ApiProperty({ example: 'Infusion rescheduled' })
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class SyncRequestDto {
  @ApiPropertyOptional({
    description: 'One subject; omit for every enrollment of the trial',
    example: 'MM-RAD-01-HD01-0001',
  })
  @IsOptional()
  @IsString()
  @Length(5, 40)
  subjectId?: string;
}

export class CandidateDto {
  @ApiProperty() reference!: string;
  @ApiProperty({ type: Object, isArray: true }) identifiers!: unknown[];
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) birthDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) gender!: string | null;
  @ApiProperty({ nullable: true, type: String }) enrolledAs!: string | null;
}

export class EnrollmentSummaryDto {
  @ApiProperty() subjectId!: string;
  @ApiProperty() siteCode!: string;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
  @ApiProperty({ enum: ['passed', 'failed', 'needs-review'] }) eligibility!: string;
  @ApiProperty({ type: Object }) treatmentStart!: unknown;
  @ApiProperty() blockingIssues!: number;
  @ApiProperty() baselineVersion!: number;
}

export class EnrollmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty() siteCode!: string;
  @ApiProperty() fhirPatientReference!: string;
  @ApiProperty() protocolVersion!: number;
  @ApiProperty({ format: 'date-time' }) enrolledAt!: string;
  @ApiProperty({
    type: Object,
    description: 'Baseline link: imaging, treatment start, covariates, eligibility, open issues',
  })
  baseline!: unknown;
  @ApiProperty({ type: Object, nullable: true }) writeBack!: unknown;
}

export class SyncJobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: Object }) result!: unknown;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
}
