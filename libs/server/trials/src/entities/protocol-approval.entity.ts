import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The signed approval that freezes a protocol version. */
@Entity({ name: 'protocol_approval' })
export class ProtocolApprovalEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'protocol_version_id', type: 'uuid' })
  protocolVersionId!: string;

  @Column({ name: 'signature_id', type: 'uuid' })
  signatureId!: string;

  @Column({ name: 'approved_at', type: 'timestamptz', insert: false, update: false })
  approvedAt!: Date;

  @Column({ name: 'approved_by', type: 'uuid' })
  approvedBy!: string;
}
