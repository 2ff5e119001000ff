import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { requireEnrollment, type TrialRef } from '@prospect/enrollment';
import type { PredictionLockEntry, PredictionOpening, SignedTreeHead } from '@prospect/ledger';
import { notFound } from '@prospect/platform';
import type { DataSource } from 'typeorm';
import { TreeHeadEntity } from './entities';
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
    // The lock and its entry in one statement (a read path under load).
    const [row] = (await this.dataSource.query(
      `SELECT l.id, l.leaf_index, le.entry_json
         FROM enrollment e
         JOIN prediction_lock l ON l.enrollment_id = e.id
         LEFT JOIN ledger_entry le ON le.trial_id = l.trial_id AND le.leaf_index = l.leaf_index
        WHERE e.trial_id = $1 AND e.subject_id = $2`,
      [trial.trialId, subjectId],
    )) as LockedEntryRow[];
    if (!row) {
      // Not locked, or no such subject: tell which.
      await requireEnrollment(this.dataSource, trial, subjectId);
      throw notFound('NOT_LOCKED', `Subject ${subjectId} has no locked prediction yet.`);
    }
    const head = await this.headCovering(trial, Number(row.leaf_index));
    return this.receiptOf(trial, row, head, withOpening);
  }

  /** Receipts of every lock of the trial, all against the same (latest) signed head. */
  async forTrial(trial: TrialRef, withOpening: boolean): Promise<LockReceipt[]> {
    const rows = (await this.dataSource.query(
      `SELECT l.id, l.leaf_index, le.entry_json
         FROM prediction_lock l
         LEFT JOIN ledger_entry le ON le.trial_id = l.trial_id AND le.leaf_index = l.leaf_index
        WHERE l.trial_id = $1
        ORDER BY l.leaf_index`,
      [trial.trialId],
    )) as LockedEntryRow[];
    if (rows.length === 0) return [];
    const head = await this.headCovering(trial, Math.max(...rows.map((row) => Number(row.leaf_index))));
    const receipts: LockReceipt[] = [];
    for (const row of rows) receipts.push(await this.receiptOf(trial, row, head, withOpening));
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
    lock: LockedEntryRow,
    head: TreeHeadEntity,
    withOpening: boolean,
  ): Promise<LockReceipt> {
    if (lock.entry_json === null) throw new Error(`lock ${lock.id} has no ledger entry`);
    const leafIndex = Number(lock.leaf_index);
    return {
      type: 'prediction-lock-receipt',
      formatVersion: 1,
      trialCode: trial.trialCode,
      leafIndex,
      entry: JSON.parse(lock.entry_json) as PredictionLockEntry,
      inclusionProof: await this.ledger.inclusionProof(trial, leafIndex, head.treeSize),
      treeHead: this.ledger.signedHeadOf(head, trial.trialCode),
      publicKey: await this.ledger.publicKeyOf(trial.trialId, head.keyId),
      ...(withOpening ? { opening: await this.locks.openingOf(lock.id) } : {}),
    };
  }
}

/** A lock with its log entry, as the receipt queries read it. */
interface LockedEntryRow {
  id: string;
  leaf_index: string | number;
  entry_json: string | null;
}
