import { BIGINT_AS_NUMBER } from '@prospect/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type StoredImageFormat = 'dicom-series' | 'nifti';

/** One stored file of an image: its SHA-256 names it in the blob store. */
export interface StoredImageFile {
  readonly sha256: string;
  readonly bytes: number;
}

/** The voxel grid decoded from an image (LPS world coordinates, mm). */
export interface StoredImageGrid {
  readonly dims: readonly [number, number, number];
  readonly spacingMm: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  readonly direction: readonly number[];
}

/**
 * A decoded image series or mask, named by the SHA-256 of its bytes (a DICOM series: of its
 * files' digests in slice order); the files themselves are in the blob store. Append-only.
 */
@Entity({ name: 'stored_image' })
export class StoredImageEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 16 })
  format!: StoredImageFormat;

  /** In slice order for a DICOM series. */
  @Column({ type: 'jsonb' })
  files!: StoredImageFile[];

  @Column({ name: 'file_count', type: 'integer' })
  fileCount!: number;

  @Column({ name: 'byte_size', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  byteSize!: number;

  @Column({ type: 'jsonb' })
  grid!: StoredImageGrid;

  /** Acquisition attributes from DICOM headers (no patient identifiers); null for NIfTI. */
  @Column({ type: 'jsonb', nullable: true })
  header!: Record<string, unknown> | null;

  @Column({ name: 'stored_at', type: 'timestamptz', insert: false, update: false })
  storedAt!: Date;

  @Column({ name: 'stored_by', type: 'uuid' })
  storedBy!: string;
}
