import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SignatureMeaning } from './signature-meaning';

/** An electronic signature (21 CFR 11.50, 11.70): who, when, what it means, and the hash that binds it to one record. */
@Entity({ name: 'e_signature' })
export class SignatureEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'signer_id', type: 'uuid' })
  signerId!: string;

  @Column({ name: 'signer_username', type: 'varchar', length: 64 })
  signerUsername!: string;

  @Column({ name: 'printed_name', type: 'varchar', length: 200 })
  printedName!: string;

  @Column({ name: 'signed_at', type: 'timestamptz', insert: false, update: false })
  signedAt!: Date;

  @Column({ type: 'varchar', length: 32 })
  meaning!: SignatureMeaning;

  @Column({ type: 'text' })
  statement!: string;

  @Column({ name: 'record_type', type: 'varchar', length: 64 })
  recordType!: string;

  @Column({ name: 'record_id', type: 'varchar', length: 200 })
  recordId!: string;

  @Column({ name: 'record_sha256', type: 'char', length: 64 })
  recordSha256!: string;

  @Column({ name: 'trial_id', type: 'uuid', nullable: true })
  trialId!: string | null;
}
