import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { CredentialsService } from '../auth/credentials.service';
import { notFound } from '../errors/domain-error';
import { recordSha256 } from './record-hash';
import { SignatureEntity } from './signature.entity';
import type { SignatureMeaning } from './signature-meaning';

/** Loads the current form of a signed record, as it was hashed when signed. */
export interface SignedRecordResolver {
  readonly recordType: string;
  load(manager: EntityManager, recordId: string): Promise<unknown>;
}

export interface SignatureRequest {
  readonly meaning: SignatureMeaning;
  /** What the signer attests, in words shown with the signature ("Approve protocol MM-RAD-01 version 2"). */
  readonly statement: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly record: unknown;
  readonly trialId: string | null;
}

export interface SignatureVerification {
  readonly signatureId: string;
  readonly valid: boolean;
  readonly recordType: string;
  readonly recordId: string;
  readonly signedSha256: string;
  /** Hash of the record as stored now; null when the record no longer exists. */
  readonly currentSha256: string | null;
  readonly reason: string;
}

/**
 * Electronic signatures (21 CFR 11.50, 11.70, 11.200): the signer re-enters the password, the
 * signature stores the printed name, UTC time, meaning and the SHA-256 of the record's canonical
 * JSON, so it cannot be moved to another record; verifying re-hashes the record as stored now.
 */
@Injectable()
export class SignaturesService {
  private readonly resolvers = new Map<string, SignedRecordResolver>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  registerResolver(resolver: SignedRecordResolver): void {
    this.resolvers.set(resolver.recordType, resolver);
  }

  /**
   * Checks the signer's password (outside the caller's transaction, so a failed attempt is
   * recorded and counts toward lockout even though the signed change is not made).
   */
  async authenticateSigner(
    actor: Actor,
    password: string,
  ): Promise<{ userId: string; username: string; printedName: string }> {
    return this.credentials.reauthenticate(actor, password);
  }

  /** Writes the signature and its audit event in the caller's transaction. */
  async sign(
    manager: EntityManager,
    actor: Actor,
    signer: { userId: string; username: string; printedName: string },
    request: SignatureRequest,
  ): Promise<SignatureEntity> {
    const inserted = await manager.insert(SignatureEntity, {
      signerId: signer.userId,
      signerUsername: signer.username,
      printedName: signer.printedName,
      meaning: request.meaning,
      statement: request.statement,
      recordType: request.recordType,
      recordId: request.recordId,
      recordSha256: recordSha256(request.record),
      trialId: request.trialId,
    });
    const id = (inserted.identifiers[0] as { id: string }).id;
    const signature = await manager.findOneByOrFail(SignatureEntity, { id });
    await this.audit.record(manager, actor, {
      action: 'signature.signed',
      entityType: 'e-signature',
      entityId: signature.id,
      trialId: request.trialId,
      after: toSignatureView(signature),
    });
    return signature;
  }

  async find(signatureId: string): Promise<SignatureEntity> {
    const signature = await this.dataSource.getRepository(SignatureEntity).findOneBy({ id: signatureId });
    if (!signature) throw notFound('SIGNATURE_NOT_FOUND', `No signature ${signatureId}.`);
    return signature;
  }

  async listForTrial(trialId: string): Promise<SignatureEntity[]> {
    return this.dataSource
      .getRepository(SignatureEntity)
      .find({ where: { trialId }, order: { signedAt: 'ASC' } });
  }

  async verify(signature: SignatureEntity): Promise<SignatureVerification> {
    const base = {
      signatureId: signature.id,
      recordType: signature.recordType,
      recordId: signature.recordId,
      signedSha256: signature.recordSha256,
    };
    const resolver = this.resolvers.get(signature.recordType);
    if (!resolver) {
      return {
        ...base,
        valid: false,
        currentSha256: null,
        reason: `No resolver for record type ${signature.recordType}.`,
      };
    }
    const record = await resolver.load(this.dataSource.manager, signature.recordId);
    if (record === null || record === undefined) {
      return { ...base, valid: false, currentSha256: null, reason: 'The signed record no longer exists.' };
    }
    const currentSha256 = recordSha256(record);
    const valid = currentSha256 === signature.recordSha256;
    return {
      ...base,
      valid,
      currentSha256,
      reason: valid
        ? 'The record is unchanged since it was signed.'
        : 'The record has changed since it was signed.',
    };
  }
}

export function toSignatureView(signature: SignatureEntity): Record<string, unknown> {
  return {
    id: signature.id,
    signerId: signature.signerId,
    signerUsername: signature.signerUsername,
    printedName: signature.printedName,
    signedAt: signature.signedAt.toISOString(),
    meaning: signature.meaning,
    statement: signature.statement,
    recordType: signature.recordType,
    recordId: signature.recordId,
    recordSha256: signature.recordSha256,
    trialId: signature.trialId,
  };
}
