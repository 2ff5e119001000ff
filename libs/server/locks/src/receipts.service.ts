import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { requireEnrollment, type TrialRef } from '@prospect/enrollment';
import type { PredictionLockEntry, PredictionOpening, SignedTreeHead } from '@prospect/ledger';
import { notFound } from '@prospect/platform';
import type { DataSource } from 'typeorm';
import { LedgerEntryEntity, PredictionLockEntity, TreeHeadEntity } from './entities';
import { LedgerService } from './ledger.service';
import { LocksService } from './locks.service';

/**
 * Proof that one prediction was locked: the log entry, its index, an RFC 9162 inclusion proof to a
 * signed tree head, and the public key that signed the head (whose id the head names). Anyone can
 * check it with `prospect verify`, offline. The opening is included only for callers allowed to
 * see predictions.
 */
export interface LockReceipt {
  type: 'prediction-lock-receipt';
  formatVersion: 1;
  trialCode: string;
  leafIndex: number;
  entry: PredictionLockEntry;
  inclusionProof: string[];
  treeHead: SignedTreeHead;
  publicKey: string;
  opening?: PredictionOpening;
}

@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly locks: LocksService,
  ) {}

  /** The receipt of one subject's lock, against the latest signed head. */
  async forSubject(trial: TrialRef, subjectId: string, withOpening: boolean): Promise<LockReceipt> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const lock = await this.dataSource
      .getRepository(PredictionLockEntity)
      .findOneBy({ enrollmentId: enrollment.id });
    if (!lock) throw notFound('NOT_LOCKED', `Subject ${subjectId} has no locked prediction yet.`);
    const head = await this.headCovering(trial, lock.leafIndex);
    return this.receiptOf(trial, lock, head, withOpening);
  }

  /** Receipts of every lock of the trial, all against the same (latest) signed head. */
  async forTrial(trial: TrialRef, withOpening: boolean): Promise<LockReceipt[]> {
    const locks = await this.dataSource
      .getRepository(PredictionLockEntity)
      .find({ where: { trialId: trial.trialId }, order: { leafIndex: 'ASC' } });
    if (locks.length === 0) return [];
    const head = await this.headCovering(trial, Math.max(...locks.map((lock) => lock.leafIndex)));
    const receipts: LockReceipt[] = [];
    for (const lock of locks) receipts.push(await this.receiptOf(trial, lock, head, withOpening));
    return receipts;
  }

  /**
   * The latest head covering `leafIndex`. Heads are signed after every lock batch; if a process
   * died between the lock and its head, one is signed now.
   */
  private async headCovering(trial: TrialRef, leafIndex: number): Promise<TreeHeadEntity> {
    const find = () =>
      this.dataSource
        .getRepository(TreeHeadEntity)
        .createQueryBuilder('h')
        .where('h.trial_id = :trialId AND h.tree_size > :leafIndex', { trialId: trial.trialId, leafIndex })
        .orderBy('h.tree_size', 'DESC')
        .addOrderBy('h.signed_at', 'DESC')
        .getOne();
    const head = await find();
    if (head) return head;
    await this.ledger.signHead(trial, 'on-request', { onlyIfGrown: true });
    return (await find()) as TreeHeadEntity;
  }

  private async receiptOf(
    trial: TrialRef,
    lock: PredictionLockEntity,
    head: TreeHeadEntity,
    withOpening: boolean,
  ): Promise<LockReceipt> {
    const entry = await this.dataSource
      .getRepository(LedgerEntryEntity)
      .findOneByOrFail({ trialId: trial.trialId, leafIndex: lock.leafIndex });
    return {
      type: 'prediction-lock-receipt',
      formatVersion: 1,
      trialCode: trial.trialCode,
      leafIndex: lock.leafIndex,
      entry: JSON.parse(entry.entryJson) as PredictionLockEntry,
      inclusionProof: await this.ledger.inclusionProof(trial, lock.leafIndex, head.treeSize),
      treeHead: this.ledger.signedHeadOf(head, trial.trialCode),
      publicKey: await this.ledger.publicKeyOf(trial.trialId, head.keyId),
      ...(withOpening ? { opening: await this.locks.openingOf(lock.id) } : {}),
    };
  }
}
