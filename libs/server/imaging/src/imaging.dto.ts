import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StoredImageDto {
  @ApiProperty({ description: 'SHA-256 of the file (NIfTI) or of the series’ file digests (DICOM)' })
  sha256!: string;
  @ApiProperty({ enum: ['dicom-series', 'nifti'] }) format!: string;
  @ApiProperty() fileCount!: number;
  @ApiProperty() byteSize!: number;
  @ApiProperty({ type: Object, description: 'dims, spacingMm, origin and direction (LPS, mm)' })
  grid!: Record<string, unknown>;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Acquisition attributes from DICOM; null for NIfTI',
  })
  header!: Record<string, unknown> | null;
}

export class AcquisitionDeviationDto {
  @ApiProperty() attribute!: string;
  @ApiProperty({ nullable: true, type: String }) dicomTag!: string | null;
  @ApiProperty() expected!: string;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'number' }] }) found!:
    string | number | null;
  @ApiProperty() message!: string;
}

export class BaselineImageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: StoredImageDto }) image!: StoredImageDto;
  @ApiProperty({ type: StoredImageDto }) mask!: StoredImageDto;
  @ApiProperty({
    type: Object,
    description: 'matches: the series is from the study the baseline link selected; not-verifiable: NIfTI',
  })
  studyCheck!: Record<string, unknown>;
  @ApiProperty({ type: [AcquisitionDeviationDto] }) acquisitionDeviations!: AcquisitionDeviationDto[];
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
}

export class PredictionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty() modelSha256!: string;
  @ApiProperty() protocolVersion!: number;
  @ApiProperty() baselineImageVersion!: number;
  @ApiProperty() imageSha256!: string;
  @ApiProperty() maskSha256!: string;
  @ApiProperty() featureSettingsSha256!: string;
  @ApiProperty() featuresSha256!: string;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the model inputs' }) inputsSha256!: string;
  @ApiProperty({ format: 'date-time' }) predictedAt!: string;
  @ApiPropertyOptional({ description: 'DMC and regulatory only' }) probability?: number;
  @ApiPropertyOptional({ enum: [0, 1], description: 'DMC and regulatory only' }) predictedClass?: number;
  @ApiPropertyOptional({ description: 'DMC and regulatory only' }) threshold?: number;
  @ApiPropertyOptional({ type: Object, description: 'DMC and regulatory only' }) inputs?: unknown;
  @ApiPropertyOptional({ type: Object, description: 'DMC and regulatory only' }) explanation?: unknown;
}
