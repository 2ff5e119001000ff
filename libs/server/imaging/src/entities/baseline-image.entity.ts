import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Whether the uploaded series is the study the baseline link selected. */
export interface StudyCheck {
  /** `matches`: same Study Instance UID; `not-verifiable`: the file format carries none (NIfTI). */
  readonly result: 'matches' | 'not-verifiable';
  readonly linkedStudyInstanceUid: string | null;
  readonly seriesStudyInstanceUid: string | null;
  readonly seriesInstanceUid: string | null;
}

/** A protocol acquisition constraint the series does not meet (or cannot be shown to meet). */
export interface AcquisitionDeviationRecord {
  readonly attribute: string;
  readonly dicomTag: string | null;
  readonly expected: string;
  readonly found: string | number | null;
  readonly message: string;
}

/**
 * Which image and mask are an enrollment's baseline, with the acquisition check against the
 * protocol. A replacement is the next version, with its reason. Append-only.
 */
@Entity({ name: 'baseline_image' })
export class BaselineImageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'enrollment_id', type: 'uuid' })
  enrollmentId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'image_sha256', type: 'char', length: 64 })
  imageSha256!: string;

  @Column({ name: 'mask_sha256', type: 'char', length: 64 })
  maskSha256!: string;

  @Column({ name: 'study_check', type: 'jsonb' })
  studyCheck!: StudyCheck;

  @Column({ name: 'acquisition_deviations', type: 'jsonb' })
  acquisitionDeviations!: AcquisitionDeviationRecord[];

  @Column({ name: 'deviation_count', type: 'integer' })
  deviationCount!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false })
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;
}
