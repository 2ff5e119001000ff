import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  requireEnrollment,
  type BaselineChange,
  createTrackedJob,
  EnrollmentEntity,
  EnrollmentService,
  runTrackedJob,
  toSyncJobView,
  type SyncJobView,
  type TrialRef,
  dispatchTrackedJob,
  TRACKED_JOB_NAMES,
} from '@prospect/enrollment';
import { type BaselineLink, treatmentStartMovedBefore } from '@prospect/fhir-mapping';
import {
  type BaselineImageEntity,
  type FeatureExtractionEntity,
  type PredictionEntity,
  PredictionService,
} from '@prospect/imaging-server';
import {
  canonicalJson,
  lockPrediction,
  type PredictionCommitment,
  type PredictionLockEntry,
  type PredictionOpening,
  type TreatmentStartKnown,
} from '@prospect/ledger';
import {
  type Actor,
  type AuditEventInput,
  AuditService,
  conflict,
  jsonb,
  notFound,
  QUEUE_DRIVER,
  QueueUnavailableError,
  type QueueDriver,
  SYSTEM_ACTOR,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { LockDeviationEntity, PredictionLockEntity, PredictionOpeningEntity } from './entities';
import { entryRows, LedgerService } from './ledger.service';

export const PREDICTION_LOCK_JOB = TRACKED_JOB_NAMES['prediction-lock'];

/** Locks written per transaction by a lock job: amortizes the commit, bounds what one failure rolls back. */
export const LOCK_BATCH = 32;

/** An enrollment ready to lock, with the prediction to lock and what it was made from. */
export interface LockCandidate {
  enrollment: EnrollmentEntity;
  prediction: PredictionEntity;
  image: BaselineImageEntity;
  extraction: FeatureExtractionEntity;
}

/** How one enrollment fared in a lock job. */
export interface LockOutcome {
  subjectId: string;
  status:
    | 'locked'
    | 'already-locked'
    | 'refused-treatment-started'
    | 'no-baseline-image'
    | 'not-ready'
    | 'not-predicted';
  leafIndex?: number;
  problems?: string[];
}

/** A lock as the API shows it; `prediction` only for roles that may see predictions. */
export interface LockView {
  subjectId: string;
  leafIndex: number;
  lockedAt: string;
  protocolVersion: number;
  modelSha256: string;
  imageSha256: string;
  maskSha256: string;
  featuresSha256: string;
  inputsSha256: string;
  featureSettingsSha256: string;
  threshold: number;
  treatmentStartKnown: TreatmentStartKnown;
  predictionCommitment: PredictionCommitment;
  baselineLinkVersion: number;
  /** False when the lock is a protocol deviation (excluded from the primary analysis). */
  inPrimaryAnalysis: boolean;
  deviation: LockDeviationView | null;
  fhirWriteBack: {
    status: 'pending' | 'done' | 'failed';
    riskAssessment: string | null;
    provenance: string | null;
    attempts: number;
    lastError: string | null;
  } | null;
  prediction?: { probability: number; predictedClass: 0 | 1; explanation: unknown };
}

export interface LockDeviationView {
  subjectId: string;
  leafIndex: number;
  kind: 'treatment-started-before-lock';
  lockedAt: string;
  treatmentStart: Record<string, unknown>;
  baselineLinkVersion: number;
  reason: string;
  detectedAt: string;
}

/** What a lock request did: queued a job, or found the subject already locked. */
export type LockRequestResult =
  { kind: 'queued'; job: SyncJobView } | { kind: 'already-locked'; lock: LockView };

/**
 * Locks enrollments' predictions: extract → predict → re-read the FHIR records → lock, as one
 * queue job whose every step is idempotent.
 *
 * The lock itself is one transaction, with the trial's log locked: refuse if treatment has already
 * started by the database clock; otherwise append the `prediction-lock` entry (public fields and a
 * salted commitment), the lock row, the opening (kept apart for blinding), the FHIR write-back
 * row and the audit event. The unique enrollment constraint and the check under the log lock
 * make a second attempt (a retried job, a parallel request) return the first lock.
 */
@Injectable()
export class LocksService implements OnModuleInit {
  private readonly logger = new Logger('Locks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly enrollments: EnrollmentService,
    private readonly predictions: PredictionService,
    private readonly ledger: LedgerService,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  onModuleInit(): void {
    this.enrollments.onBaselineChanged((manager, _actor, change) => this.flagDeviation(manager, change));
  }

  /** Queues a lock job for one subject (or every enrollment not yet locked), unless the subject is already locked. */
  async request(actor: Actor, trial: TrialRef, subjectId: string | null): Promise<LockRequestResult> {
    await this.ledger.ensureInitialized(trial);
    const enrollment = subjectId ? await requireEnrollment(this.dataSource, trial, subjectId) : null;
    if (enrollment) {
      const existing = await this.dataSource
        .getRepository(PredictionLockEntity)
        .findOneBy({ enrollmentId: enrollment.id });
      if (existing)
        return { kind: 'already-locked', lock: await this.viewOf(existing, enrollment.subjectId, false) };
    }
    const protocol = await this.trials.protocolInForce(trial.trialId);
    if (!protocol)
      throw conflict('PROTOCOL_NOT_APPROVED', `Trial ${trial.trialCode} has no approved protocol in force.`);
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await createTrackedJob(
        manager,
        'prediction-lock',
        trial.trialId,
        enrollment?.id ?? null,
        actor.userId,
      );
      await this.audit.record(manager, actor, {
        action: 'lock.requested',
        entityType: 'sync-job',
        entityId: created.id,
        trialId: trial.trialId,
        after: { subjectId },
      });
      return created;
    });
    await dispatchTrackedJob(this.queue, job);
    return { kind: 'queued', job: toSyncJobView(job, subjectId) };
  }

  /** The job: predict what is missing, re-read the FHIR records, lock each, then sign a tree head. */
  async run(jobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, jobId, async (job, progress) => {
      const trial = await this.trialRef(job.trialId);
      const actor: Actor = { userId: job.requestedBy, username: null, requestId: `job:${job.id}` };
      const locked = new Set(
        (
          await this.dataSource
            .getRepository(PredictionLockEntity)
            .find({ where: { trialId: trial.trialId }, select: { enrollmentId: true } })
        ).map((lock) => lock.enrollmentId),
      );
      const enrollments = (
        await this.dataSource.getRepository(EnrollmentEntity).find({
          where: job.enrollmentId ? { id: job.enrollmentId } : { trialId: job.trialId },
          order: { subjectId: 'ASC' },
        })
      ).filter((enrollment) => job.enrollmentId !== null || !locked.has(enrollment.id));
      const outcomes: LockOutcome[] = [];
      const pending = enrollments.filter((enrollment) => !locked.has(enrollment.id));
      for (const enrollment of enrollments.filter((candidate) => locked.has(candidate.id))) {
        outcomes.push({ subjectId: enrollment.subjectId, status: 'already-locked' });
      }
      if (pending.length > 0) {
        const predicted = new Map(
          (await this.predictions.predictEnrollments(trial, pending, job.id)).map((outcome) => [
            outcome.subjectId,
            outcome,
          ]),
        );
        // Re-read the FHIR records just before locking: a treatment given since the last sync must refuse the lock.
        await this.enrollments.syncEnrollments(trial, pending, actor);
        const ready: LockCandidate[] = [];
        for (const enrollment of pending) {
          const outcome = predicted.get(enrollment.subjectId);
          if (outcome?.status === 'no-baseline-image') {
            outcomes.push({ subjectId: enrollment.subjectId, status: 'no-baseline-image' });
          } else if (outcome?.status === 'not-ready') {
            outcomes.push({
              subjectId: enrollment.subjectId,
              status: 'not-ready',
              problems: outcome.problems ?? [],
            });
          } else {
            const current = await this.predictions.currentPrediction(trial, enrollment.id);
            if (current) ready.push({ enrollment, ...current });
            else outcomes.push({ subjectId: enrollment.subjectId, status: 'not-predicted' });
          }
        }
        const protocol = await this.trials.protocolInForce(trial.trialId);
        for (let start = 0; start < ready.length; start += LOCK_BATCH) {
          const batch = ready.slice(start, start + LOCK_BATCH);
          outcomes.push(...(await this.lockBatch(trial, batch, protocol?.version ?? null, job.id, actor)));
          await progress(lockSummary(outcomes, enrollments.length));
        }
      }
      if (outcomes.some((outcome) => outcome.status === 'locked')) {
        await this.ledger.signHead(trial, 'lock-batch', { onlyIfGrown: true });
        await this.queueWriteBack(trial.trialId);
      }
      return lockSummary(outcomes, enrollments.length);
    });
  }

  /**
   * Writes a batch of locks in one transaction, holding the log's append lock
   * (`LedgerService.lockLog`). The log's primary key (trial, leaf index) and the
   * one-lock-per-enrollment constraint stay the backstop: a unique violation retries the batch
   * from a fresh read (where it finds the log's new end, or the enrollment already locked).
   * Public for the lock benchmark.
   */
  async lockBatch(
    trial: TrialRef,
    batch: readonly LockCandidate[],
    protocolVersion: number | null,
    jobId: string | null,
    actor: Actor,
  ): Promise<LockOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) =>
          this.writeLocks(manager, trial, batch, protocolVersion, jobId, actor),
        );
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Writes locks inside the caller's transaction (see {@link lockBatch}). Per candidate: the existing lock if there is one; a refusal if
   * treatment started by the database clock; otherwise a `prediction-lock` entry with its lock,
   * opening, write-back row and audit event. Reads once and writes each table once for the whole
   * batch, so a batch costs a few statements, not a few per lock.
   */
  private async writeLocks(
    manager: EntityManager,
    trial: TrialRef,
    candidates: readonly LockCandidate[],
    protocolVersion: number | null,
    jobId: string | null,
    actor: Actor,
  ): Promise<LockOutcome[]> {
    if (candidates.length === 0) return [];
    // Writers of one trial's log take turns (until commit) instead of racing for the next leaf
    // and retrying: with two workers the races cost more than the waits (bench/load.ts). Its own
    // statement, so the read below sees the log as the previous writer committed it.
    await this.ledger.lockLog(manager, trial.trialId);
    // One read for the whole batch: the log's next position and clock, and each enrollment's lock and latest link.
    const state = (await preparedQuery(
      manager,
      'prospect_lock_batch_read',
      `SELECT e.id, l.leaf_index AS locked_leaf, bl.version, bl.link -> 'treatmentStart' AS treatment_start,
              date_trunc('milliseconds', clock_timestamp()) AS now, last.leaf_index AS last_leaf, last.entry_time AS last_time
         FROM unnest($1::uuid[]) AS e(id)
         LEFT JOIN prediction_lock l ON l.enrollment_id = e.id
         LEFT JOIN LATERAL (SELECT version, link FROM baseline_link b WHERE b.enrollment_id = e.id
                             ORDER BY version DESC LIMIT 1) AS bl ON true
         LEFT JOIN LATERAL (SELECT leaf_index, entry_time FROM ledger_entry WHERE trial_id = $2
                             ORDER BY leaf_index DESC LIMIT 1) AS last ON true`,
      [candidates.map((candidate) => candidate.enrollment.id), trial.trialId],
    )) as {
      id: string;
      locked_leaf: string | null;
      version: number;
      treatment_start: BaselineLink['treatmentStart'];
      now: Date;
      last_leaf: string | null;
      last_time: Date | null;
    }[];
    const first = state[0];
    if (!first) throw new Error('the lock batch read returned no rows');
    const position = positionAfter(first.last_leaf, first.last_time, first.now);
    const byEnrollment = new Map(state.map((row) => [row.id, row]));
    const lockedAt = position.time;
    const outcomes: LockOutcome[] = [];
    const entries: PredictionLockEntry[] = [];
    const locks: LockRow[] = [];
    const openings: PredictionOpeningEntity[] = [];
    const events: AuditEventInput[] = [];
    for (const candidate of candidates) {
      const { enrollment, prediction, image, extraction } = candidate;
      const subjectId = enrollment.subjectId;
      const row = byEnrollment.get(enrollment.id);
      if (!row) throw new Error(`enrollment ${enrollment.id} vanished`);
      if (row.locked_leaf !== null) {
        outcomes.push({ subjectId, status: 'already-locked', leafIndex: Number(row.locked_leaf) });
        continue;
      }
      const known = treatmentStartKnownOf({ treatmentStart: row.treatment_start });
      if (startedBy(known, lockedAt)) {
        events.push({
          action: 'lock.refused',
          entityType: 'enrollment',
          entityId: enrollment.id,
          trialId: trial.trialId,
          after: { subjectId, reason: 'treatment-started', treatmentStartKnown: known, at: lockedAt },
        });
        outcomes.push({
          subjectId,
          status: 'refused-treatment-started',
          problems: [
            `Treatment started ${known.at ?? ''} (${known.source ?? 'FHIR'}), before the lock time ${lockedAt}: a prediction made now is not prospective.`,
          ],
        });
        continue;
      }
      const { entry, opening } = lockPrediction(
        {
          trialCode: trial.trialCode,
          protocolVersion: protocolVersion ?? prediction.protocolVersion,
          subjectId,
          modelSha256: prediction.modelSha256,
          imageSha256: image.imageSha256,
          maskSha256: image.maskSha256,
          featuresSha256: extraction.featuresSha256,
          inputsSha256: prediction.inputsSha256,
          featureSettingsSha256: extraction.settingsSha256,
          threshold: prediction.threshold,
          lockedAt,
          treatmentStartKnown: known,
        },
        {
          probability: prediction.probability,
          predictedClass: prediction.predictedClass,
          explanation: prediction.explanation as PredictionOpening['explanation'],
        },
      );
      const leafIndex = position.index + entries.length;
      const lockId = randomUUID();
      entries.push(entry);
      locks.push({
        id: lockId,
        enrollmentId: enrollment.id,
        predictionId: prediction.id,
        treatmentStartKnown: known,
        baselineLinkVersion: row.version,
        jobId,
        requestedBy: actor.userId,
      });
      openings.push({ lockId, openingJson: canonicalJson(opening) });
      // The audit trail is readable by monitors: it names the commitment, never the prediction.
      events.push({
        action: 'prediction.locked',
        entityType: 'prediction-lock',
        entityId: lockId,
        trialId: trial.trialId,
        after: {
          subjectId,
          leafIndex,
          lockedAt,
          modelSha256: entry.modelSha256,
          treatmentStartKnown: known,
          predictionCommitment: entry.predictionCommitment.digest,
        },
      });
      outcomes.push({ subjectId, status: 'locked', leafIndex });
    }
    if (entries.length > 0) {
      await insertLocks(
        manager,
        entryRows(trial.trialId, position.index, entries),
        locks,
        openings,
        lockedAt,
        {
          actor,
          events,
        },
      );
    } else {
      await this.audit.recordMany(manager, actor, events);
    }
    return outcomes;
  }

  /**
   * Called in the transaction that records a changed baseline link: when the new link shows an
   * actual treatment start before an existing lock, the lock is flagged as a deviation (kept,
   * excluded from the primary analysis), with an audit event.
   */
  private async flagDeviation(manager: EntityManager, change: BaselineChange): Promise<void> {
    const lock = await manager.findOneBy(PredictionLockEntity, { enrollmentId: change.enrollmentId });
    if (!lock) return;
    const lockedAt = lock.lockedAt.toISOString();
    // The locked entry is what counts as "before": a start already known and accepted at lock time cannot move it.
    const lockedLink = { treatmentStart: treatmentStartResultOf(lock.treatmentStartKnown) };
    if (!treatmentStartMovedBefore(lockedAt, lockedLink, change.after)) return;
    const treatmentStart = treatmentStartKnownOf(change.after);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(LockDeviationEntity)
      .values({
        lockId: lock.id,
        kind: 'treatment-started-before-lock',
        treatmentStart: jsonb({ ...treatmentStart }),
        baselineLinkVersion: change.version,
        reason: `A re-sync found treatment started ${treatmentStart.at ?? ''} (${treatmentStart.source ?? 'FHIR'}), before the lock at ${lockedAt}.`,
      })
      .orIgnore()
      .execute();
    const id = (inserted.identifiers[0] as { id?: string } | undefined)?.id;
    if (!id) return;
    this.logger.warn(`lock deviation in trial ${change.trialId}: treatment started before the lock`);
    await this.audit.record(manager, SYSTEM_ACTOR, {
      action: 'lock.deviation-detected',
      entityType: 'prediction-lock',
      entityId: lock.id,
      trialId: change.trialId,
      after: { subjectId: change.subjectId, lockedAt, treatmentStart, baselineLinkVersion: change.version },
    });
  }

  /** The subject's lock; 404 when not locked. */
  async get(trial: TrialRef, subjectId: string, unblinded: boolean): Promise<LockView> {
    const [view] = await this.views(trial.trialId, { subjectId }, unblinded);
    if (view) return view;
    // Not locked, or no such subject: tell which.
    await requireEnrollment(this.dataSource, trial, subjectId);
    throw notFound('NOT_LOCKED', `Subject ${subjectId} has no locked prediction yet.`);
  }

  /** Every lock of the trial, in log order. */
  async list(trial: TrialRef, unblinded: boolean): Promise<LockView[]> {
    return this.views(trial.trialId, null, unblinded);
  }

  /** Locks flagged as deviations, in log order. */
  async deviations(trial: TrialRef): Promise<LockDeviationView[]> {
    const rows = (await this.dataSource.query(
      `SELECT d.*, l.leaf_index, l.locked_at, e.subject_id
         FROM lock_deviation d JOIN prediction_lock l ON l.id = d.lock_id JOIN enrollment e ON e.id = l.enrollment_id
        WHERE l.trial_id = $1 ORDER BY l.leaf_index`,
      [trial.trialId],
    )) as {
      kind: 'treatment-started-before-lock';
      treatment_start: Record<string, unknown>;
      baseline_link_version: number;
      reason: string;
      detected_at: Date;
      leaf_index: string;
      locked_at: Date;
      subject_id: string;
    }[];
    return rows.map((row) => ({
      subjectId: row.subject_id,
      leafIndex: Number(row.leaf_index),
      kind: row.kind,
      lockedAt: new Date(row.locked_at).toISOString(),
      treatmentStart: row.treatment_start,
      baselineLinkVersion: row.baseline_link_version,
      reason: row.reason,
      detectedAt: new Date(row.detected_at).toISOString(),
    }));
  }

  /** The opening of a lock (for receipts and exports of unblinded users). */
  async openingOf(lockId: string): Promise<PredictionOpening> {
    const row = await this.dataSource.getRepository(PredictionOpeningEntity).findOneByOrFail({ lockId });
    return JSON.parse(row.openingJson) as PredictionOpening;
  }

  async subjectsOf(trialId: string): Promise<Map<string, string>> {
    const rows = await this.dataSource
      .getRepository(EnrollmentEntity)
      .find({ where: { trialId }, select: { id: true, subjectId: true } });
    return new Map(rows.map((row) => [row.id, row.subjectId]));
  }

  async viewOf(lock: PredictionLockEntity, subjectId: string, unblinded: boolean): Promise<LockView> {
    const [view] = await this.views(lock.trialId, { lockId: lock.id }, unblinded);
    if (!view) throw new Error(`lock ${lock.id} of ${subjectId} has no ledger entry`);
    return view;
  }

  /**
   * Lock views in one statement (a read path under load): each lock with its subject, log entry,
   * deviation, write-back and, for unblinded callers, opening; in log order.
   */
  private async views(
    trialId: string,
    only: { subjectId: string } | { lockId: string } | null,
    unblinded: boolean,
  ): Promise<LockView[]> {
    const filter = only === null ? '' : 'subjectId' in only ? 'AND e.subject_id = $2' : 'AND l.id = $2';
    const params = only === null ? [trialId] : [trialId, 'subjectId' in only ? only.subjectId : only.lockId];
    const rows = (await this.dataSource.query(
      `SELECT l.id, e.subject_id, l.leaf_index, l.baseline_link_version, le.entry_json,
              d.kind AS deviation_kind, d.treatment_start AS deviation_treatment_start,
              d.baseline_link_version AS deviation_baseline_link_version, d.reason AS deviation_reason,
              d.detected_at AS deviation_detected_at,
              w.status AS write_back_status, w.risk_assessment_reference, w.provenance_reference,
              w.attempts AS write_back_attempts, w.last_error AS write_back_last_error,
              ${unblinded ? 'o.opening_json' : 'NULL AS opening_json'}
         FROM prediction_lock l
         JOIN enrollment e ON e.id = l.enrollment_id
         LEFT JOIN ledger_entry le ON le.trial_id = l.trial_id AND le.leaf_index = l.leaf_index
         LEFT JOIN lock_deviation d ON d.lock_id = l.id
         LEFT JOIN lock_write_back w ON w.lock_id = l.id
         ${unblinded ? 'LEFT JOIN prediction_opening o ON o.lock_id = l.id' : ''}
        WHERE l.trial_id = $1 ${filter}
        ORDER BY l.leaf_index`,
      params,
    )) as LockViewRow[];
    return rows.map((row) => toLockView(row, unblinded));
  }

  /**
   * Enqueues the FHIR write-back of the trial's pending locks and latest signed head; with
   * `evenIfNoLocks`, also when only a new checkpoint is to be published.
   */
  async queueWriteBack(trialId: string, evenIfNoLocks = false): Promise<void> {
    const pending = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM lock_write_back w JOIN prediction_lock l ON l.id = w.lock_id
        WHERE l.trial_id = $1 AND w.status <> 'done'`,
      [trialId],
    );
    if (!evenIfNoLocks && Number((pending as { count: number }[])[0]?.count ?? 0) === 0) return;
    try {
      await this.queue.enqueue(
        LOCK_WRITE_BACK_JOB,
        { trialId },
        { jobId: `lock-write-back:${trialId}:${Date.now()}` },
      );
    } catch (error) {
      // Pending write-backs stay in lock_write_back; the hourly checkpoint job queues them again.
      if (!(error instanceof QueueUnavailableError)) throw error;
    }
  }

  private async trialRef(trialId: string): Promise<TrialRef> {
    const trial = await this.trials.get(trialId);
    return { trialId, trialCode: trial.code };
  }
}

export const LOCK_WRITE_BACK_JOB = 'locks.fhir-write-back';

/** What the log records about treatment start, from a baseline link. */
export function treatmentStartKnownOf(link: Pick<BaselineLink, 'treatmentStart'>): TreatmentStartKnown {
  const start = link.treatmentStart;
  if (start.status === 'unknown') return { at: null, status: 'unknown', source: null };
  const at = start.precision === 'day' ? start.at.slice(0, 10) : new Date(start.at).toISOString();
  if (start.status === 'planned') return { at, status: 'planned', source: null };
  return { at, status: 'actual', source: `${start.source.resourceType}/${start.source.id}` };
}

/** The inverse, as far as `treatmentStartMovedBefore` needs it. */
function treatmentStartResultOf(known: TreatmentStartKnown): BaselineLink['treatmentStart'] {
  if (known.status !== 'actual' || known.at === null || known.source === null) return { status: 'unknown' };
  const [resourceType, id] = known.source.split('/') as ['MedicationAdministration' | 'Procedure', string];
  const day = known.at.length === 10;
  return {
    status: 'actual',
    at: day ? `${known.at}T00:00:00.000Z` : known.at,
    precision: day ? 'day' : 'time',
    source: { resourceType, id },
    candidates: 1,
  };
}

/**
 * Whether treatment had actually started by `at`. A date-only start counts from 00:00 UTC of its
 * day, so a lock on the day of a start recorded without a time is refused (erring towards review).
 */
export function startedBy(known: TreatmentStartKnown, at: string): boolean {
  if (known.status !== 'actual' || known.at === null) return false;
  const start = Date.parse(known.at.length === 10 ? `${known.at}T00:00:00.000Z` : known.at);
  return start <= Date.parse(at);
}

function lockSummary(outcomes: readonly LockOutcome[], total: number): Record<string, unknown> {
  const count = (status: LockOutcome['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  return {
    enrollments: total,
    processed: outcomes.length,
    locked: count('locked'),
    alreadyLocked: count('already-locked'),
    refusedTreatmentStarted: outcomes.filter((outcome) => outcome.status === 'refused-treatment-started'),
    withoutBaselineImage: count('no-baseline-image'),
    notReady: outcomes.filter((outcome) => outcome.status === 'not-ready'),
    notPredicted: count('not-predicted'),
  };
}

/** Concurrent appenders to one log each retry at most this often before the job fails (and is retried). */
const MAX_APPEND_ATTEMPTS = 8;

function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { driverError?: { code?: string }; code?: string })?.driverError?.code === '23505' ||
    (error as { code?: string })?.code === '23505'
  );
}

/** A lock to insert; trial, index and time come from the batch. */
interface LockRow {
  id: string;
  enrollmentId: string;
  predictionId: string;
  treatmentStartKnown: TreatmentStartKnown;
  baselineLinkVersion: number;
  jobId: string | null;
  requestedBy: string | null;
}

/** The next entry's index and time (database clock, never before the last entry). */
function positionAfter(
  lastLeaf: string | null,
  lastTime: Date | null,
  now: Date,
): { index: number; time: string } {
  const clock = new Date(now).getTime();
  return {
    index: lastLeaf === null ? 0 : Number(lastLeaf) + 1,
    time: new Date(Math.max(clock, lastTime ? new Date(lastTime).getTime() : clock)).toISOString(),
  };
}

/**
 * The entries, locks, openings and write-back rows of a batch in one statement (foreign keys are
 * checked at its end, so the rows may reference each other): one round trip however many locks.
 */
async function insertLocks(
  manager: EntityManager,
  entries: ReturnType<typeof entryRows>,
  locks: readonly LockRow[],
  openings: readonly { lockId: string; openingJson: string }[],
  lockedAt: string,
  audit: { actor: Actor; events: readonly AuditEventInput[] },
): Promise<void> {
  const trialId = entries[0]?.trialId;
  await preparedQuery(
    manager,
    'prospect_lock_batch_write',
    `WITH entries AS (
       INSERT INTO ledger_entry (trial_id, leaf_index, kind, entry_json, leaf_hash, subject_id, entry_time)
       SELECT $1, i, 'prediction-lock', j, h, s, $2 FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[]) AS u(i, j, h, s)
     ), locks AS (
       INSERT INTO prediction_lock (id, trial_id, enrollment_id, prediction_id, leaf_index, locked_at,
                                    treatment_start_known, baseline_link_version, job_id, requested_by)
       SELECT id, $1, e, p, i, $2, k::jsonb, v, j, r
         FROM unnest($7::uuid[], $8::uuid[], $9::uuid[], $3::bigint[], $10::text[], $11::int[], $12::uuid[], $13::uuid[])
              AS u(id, e, p, i, k, v, j, r)
     ), openings AS (
       INSERT INTO prediction_opening (lock_id, opening_json) SELECT * FROM unnest($7::uuid[], $14::text[])
     ), audit AS (
       -- The columns AuditService.record writes, for the batch's events in order.
       INSERT INTO audit_event (actor_id, actor_username, request_id, action, entity_type, entity_id, trial_id, after_value)
       SELECT $15::uuid, $16, $17, a, t, e, $1, v::jsonb
         FROM unnest($18::text[], $19::text[], $20::text[], $21::text[]) WITH ORDINALITY AS u(a, t, e, v, n)
        ORDER BY n
     )
     INSERT INTO lock_write_back (lock_id, status, attempts, updated_at)
       SELECT id, 'pending', 0, $2 FROM unnest($7::uuid[]) AS u(id)`,
    [
      trialId,
      lockedAt,
      entries.map((entry) => entry.leafIndex),
      entries.map((entry) => entry.entryJson),
      entries.map((entry) => entry.leafHash),
      entries.map((entry) => entry.subjectId),
      locks.map((lock) => lock.id),
      locks.map((lock) => lock.enrollmentId),
      locks.map((lock) => lock.predictionId),
      locks.map((lock) => JSON.stringify(lock.treatmentStartKnown)),
      locks.map((lock) => lock.baselineLinkVersion),
      locks.map((lock) => lock.jobId),
      locks.map((lock) => lock.requestedBy),
      openings.map((opening) => opening.openingJson),
      audit.actor.userId,
      audit.actor.username,
      audit.actor.requestId,
      audit.events.map((event) => event.action),
      audit.events.map((event) => event.entityType),
      audit.events.map((event) => event.entityId ?? null),
      audit.events.map((event) => JSON.stringify(event.after)),
    ],
  );
}

/** node-postgres's client, as TypeORM's PostgreSQL query runner holds it. */
interface PgClientLike {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a hot statement as a named prepared statement on PostgreSQL, so the server parses and plans
 * it once per connection rather than on every lock; elsewhere (PGlite) as a plain query.
 */
async function preparedQuery(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<unknown[]> {
  const client = (manager.queryRunner as { databaseConnection?: unknown } | undefined)?.databaseConnection;
  const isNodePg =
    manager.connection.options.type === 'postgres' &&
    typeof client === 'object' &&
    client !== null &&
    (client as { constructor?: { name?: string } }).constructor?.name === 'Client';
  if (!isNodePg) return (await manager.query(text, values)) as unknown[];
  return (await (client as PgClientLike).query({ name, text, values })).rows;
}

/** A row of {@link LocksService}'s lock view query. */
interface LockViewRow {
  id: string;
  subject_id: string;
  leaf_index: string | number;
  baseline_link_version: number;
  entry_json: string | null;
  deviation_kind: 'treatment-started-before-lock' | null;
  deviation_treatment_start: Record<string, unknown> | null;
  deviation_baseline_link_version: number | null;
  deviation_reason: string | null;
  deviation_detected_at: Date | null;
  write_back_status: 'pending' | 'done' | 'failed' | null;
  risk_assessment_reference: string | null;
  provenance_reference: string | null;
  write_back_attempts: number | null;
  write_back_last_error: string | null;
  opening_json: string | null;
}

function toLockView(row: LockViewRow, unblinded: boolean): LockView {
  if (row.entry_json === null) throw new Error(`lock ${row.id} has no ledger entry`);
  const entry = JSON.parse(row.entry_json) as PredictionLockEntry;
  const leafIndex = Number(row.leaf_index);
  const view: LockView = {
    subjectId: row.subject_id,
    leafIndex,
    lockedAt: entry.lockedAt,
    protocolVersion: entry.protocolVersion,
    modelSha256: entry.modelSha256,
    imageSha256: entry.imageSha256,
    maskSha256: entry.maskSha256,
    featuresSha256: entry.featuresSha256,
    inputsSha256: entry.inputsSha256,
    featureSettingsSha256: entry.featureSettingsSha256,
    threshold: entry.threshold,
    treatmentStartKnown: entry.treatmentStartKnown,
    predictionCommitment: entry.predictionCommitment,
    baselineLinkVersion: row.baseline_link_version,
    inPrimaryAnalysis: row.deviation_kind === null,
    deviation:
      row.deviation_kind === null
        ? null
        : {
            subjectId: row.subject_id,
            leafIndex,
            kind: row.deviation_kind,
            lockedAt: entry.lockedAt,
            treatmentStart: row.deviation_treatment_start ?? {},
            baselineLinkVersion: Number(row.deviation_baseline_link_version),
            reason: row.deviation_reason ?? '',
            detectedAt: new Date(row.deviation_detected_at ?? 0).toISOString(),
          },
    fhirWriteBack:
      row.write_back_status === null
        ? null
        : {
            status: row.write_back_status,
            riskAssessment: row.risk_assessment_reference,
            provenance: row.provenance_reference,
            attempts: Number(row.write_back_attempts),
            lastError: row.write_back_last_error,
          },
  };
  if (unblinded) {
    if (row.opening_json === null) throw new Error(`lock ${row.id} has no opening`);
    const opening = JSON.parse(row.opening_json) as PredictionOpening;
    view.prediction = {
      probability: opening.probability,
      predictedClass: opening.predictedClass,
      explanation: opening.explanation,
    };
  }
  return view;
}
