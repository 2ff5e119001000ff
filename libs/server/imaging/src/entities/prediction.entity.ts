import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One model input as fed to the model, in the model card's order. */
export interface PredictionInput {
  readonly name: string;
  readonly value: number;
  /** Where it came from: a radiomics feature (IBSI code, aggregation) or a covariate. */
  readonly source: Record<string, unknown>;
}

/** The model's output for one enrollment, baseline image and model. Append-only. */
@Entity({ name: 'prediction' })
export class PredictionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'enrollment_id', type: 'uuid' })
  enrollmentId!: string;

  @Column({ name: 'baseline_image_id', type: 'uuid' })
  baselineImageId!: string;

  @Column({ name: 'feature_extraction_id', type: 'uuid' })
  featureExtractionId!: string;

  @Column({ name: 'model_sha256', type: 'char', length: 64 })
  modelSha256!: string;

  @Column({ name: 'protocol_version', type: 'integer' })
  protocolVersion!: number;

  @Column({ type: 'jsonb' })
  inputs!: PredictionInput[];

  @Column({ name: 'inputs_sha256', type: 'char', length: 64 })
  inputsSha256!: string;

  @Column({ type: 'double precision' })
  probability!: number;

  @Column({ name: 'predicted_class', type: 'smallint' })
  predictedClass!: 0 | 1;

  @Column({ type: 'double precision' })
  threshold!: number;

  @Column({ type: 'jsonb' })
  explanation!: Record<string, unknown>;

  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  @Column({ name: 'predicted_at', type: 'timestamptz', insert: false, update: false })
  predictedAt!: Date;
}
