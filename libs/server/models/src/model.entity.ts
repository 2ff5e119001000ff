import { BIGINT_AS_NUMBER } from '@prospect/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registered ONNX model: named by the SHA-256 of the uploaded bytes (kept in the blob store), with its model card. Append-only. */
@Entity({ name: 'model' })
export class ModelEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  version!: string;

  @Column({ type: 'jsonb' })
  card!: Record<string, unknown>;

  /** The inputs and outputs onnxruntime found, and which output is read as the probability. */
  @Column({ type: 'jsonb' })
  signature!: Record<string, unknown>;

  @Column({ name: 'byte_size', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  byteSize!: number;

  @Column({ name: 'registered_at', type: 'timestamptz', insert: false, update: false })
  registeredAt!: Date;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy!: string;
}

export const MODEL_REGISTRY_ENTITIES = [ModelEntity];
