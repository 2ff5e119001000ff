import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One radiomics feature as stored (the IBSI name, code and aggregation, and its value). */
export interface StoredFeature {
  readonly family: string;
  readonly name: string;
  readonly ibsi: string;
  readonly aggregation?: string;
  /** null where the feature is undefined for the ROI (JSON has no NaN). */
  readonly value: number | null;
}

/** Radiomics features of one baseline image under one settings hash. Append-only. */
@Entity({ name: 'feature_extraction' })
export class FeatureExtractionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'baseline_image_id', type: 'uuid' })
  baselineImageId!: string;

  @Column({ type: 'jsonb' })
  settings!: Record<string, unknown>;

  @Column({ name: 'settings_sha256', type: 'char', length: 64 })
  settingsSha256!: string;

  @Column({ type: 'jsonb' })
  features!: StoredFeature[];

  @Column({ name: 'features_sha256', type: 'char', length: 64 })
  featuresSha256!: string;

  @Column({ type: 'varchar', length: 100 })
  software!: string;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ name: 'extracted_at', type: 'timestamptz', insert: false, update: false })
  extractedAt!: Date;
}
