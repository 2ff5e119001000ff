import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Patient } from '@medplum/fhirtypes';
import { formatSubjectId, MAX_SUBJECT_SEQUENCE, type ProtocolContent } from '@prospect/domain';
import { diffBaselineLinks, linkBaseline, type BaselineLink } from '@prospect/fhir-mapping';
import { patientIdOf, readPatientRecord, readPatientRecords } from '@prospect/fhir-server';
import {
  type Actor,
  AuditService,
  badRequest,
  conflict,
  notFound,
  QUEUE_DRIVER,
  type QueueDriver,
  recordSha256,
  requireUserId,
  jsonb,
  unprocessable,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { fhirProblem } from './enrollment.errors';
import {
  toBaselineView,
  toEnrollmentView,
  toSyncJobView,
  type BaselineView,
  type EnrollmentSummary,
  type EnrollmentView,
  type SyncJobView,
} from './enrollment-views';
import {
  BaselineLinkEntity,
  EnrollmentEntity,
  FhirWriteBackEntity,
  PlannedTreatmentStartEntity,
  SyncJobEntity,
} from './entities';
import { FhirConnection } from './fhir-connection';
import { createTrackedJob, dispatchTrackedJob, runTrackedJob, TRACKED_JOB_NAMES } from './jobs/tracked-job';
import { writeBackTrial } from './write-back';
import { requireEnrollment } from './require-enrollment';

export const BASELINE_SYNC_JOB = TRACKED_JOB_NAMES['baseline-sync'];
export const FHIR_WRITE_BACK_JOB = TRACKED_JOB_NAMES['fhir-write-back'];

export interface CandidateQuery {
  identifier?: string;
  name?: string;
  birthDate?: string;
  conditionCode?: string;
}

export interface CandidateView {
  reference: string;
  identifiers: { system: string | null; value: string }[];
  name: string;
  birthDate: string | null;
  gender: string | null;
  /** The subject id when this patient is already enrolled in the trial. */
  enrolledAs: string | null;
}

export interface EnrollInput {
  patientReference: string;
  siteCode: string;
  plannedTreatmentStart?: { at: string; reason: string };
}

/** A re-sync changed an enrollment's baseline link from `before` to `after` (new `version`). */
export interface BaselineChange {
  readonly trialId: string;
  readonly enrollmentId: string;
  readonly subjectId: string;
  readonly version: number;
  readonly before: BaselineLink;
  readonly after: BaselineLink;
}

/** Runs inside the transaction that records a baseline change; throwing aborts the re-sync of that enrollment. */
export type BaselineChangeHook = (
  manager: EntityManager,
  actor: Actor,
  change: BaselineChange,
) => Promise<void>;

export interface TrialRef {
  trialId: string;
  trialCode: string;
}

const MAX_CANDIDATES = 50;

/**
 * Enrollment of FHIR patients into a trial: candidate search, eligibility, the baseline link
 * (imaging, treatment start, covariates, open issues), re-sync with change detection, and the
 * write-back of ResearchStudy/ResearchSubject, run as jobs.
 */
@Injectable()
export class EnrollmentService {
  private readonly baselineChangeHooks: BaselineChangeHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly fhir: FhirConnection,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  /**
   * Work other contexts do inside the transaction that records a changed baseline link (the lock
   * context flags a lock whose treatment start turns out to precede it).
   */
  onBaselineChanged(hook: BaselineChangeHook): void {
    this.baselineChangeHooks.push(hook);
  }

  async searchCandidates(trial: TrialRef, query: CandidateQuery): Promise<CandidateView[]> {
    if (!query.identifier && !query.name && !query.birthDate && !query.conditionCode) {
      throw badRequest(
        'SEARCH_CRITERION_REQUIRED',
        'Give at least one of identifier, name, birthDate or conditionCode.',
        [{ field: 'query', reason: 'needs at least one search criterion' }],
      );
    }
    const gateway = this.fhir.gateway;
    const params: Record<string, string> = { _count: String(MAX_CANDIDATES) };
    if (query.identifier) params['identifier'] = query.identifier;
    if (query.name) params['name'] = query.name;
    if (query.birthDate) params['birthdate'] = query.birthDate;
    let patients: Patient[];
    try {
      if (query.conditionCode) {
        const conditions = await gateway.searchResources('Condition', {
          code: query.conditionCode,
          _count: '200',
        });
        const ids = [
          ...new Set(
            conditions
              .map((condition) => patientIdOf(condition.subject))
              .filter((id): id is string => id !== null),
          ),
        ];
        if (ids.length === 0) return [];
        patients = await gateway.searchResources('Patient', { ...params, _id: ids.slice(0, 200).join(',') });
      } else {
        patients = await gateway.searchResources('Patient', params);
      }
    } catch (error) {
      throw fhirProblem(error, 'Candidate search');
    }
    const references = patients.slice(0, MAX_CANDIDATES).map((patient) => `Patient/${patient.id ?? ''}`);
    const enrolled = await this.dataSource.getRepository(EnrollmentEntity).find({
      where: { trialId: trial.trialId, fhirPatientReference: In(references) },
    });
    const subjectOf = new Map(
      enrolled.map((enrollment) => [enrollment.fhirPatientReference, enrollment.subjectId]),
    );
    return patients.slice(0, MAX_CANDIDATES).map((patient) => ({
      reference: `Patient/${patient.id ?? ''}`,
      identifiers: (patient.identifier ?? []).flatMap((identifier) =>
        identifier.value ? [{ system: identifier.system ?? null, value: identifier.value }] : [],
      ),
      name: displayName(patient),
      birthDate: patient.birthDate ?? null,
      gender: patient.gender ?? null,
      enrolledAs: subjectOf.get(`Patient/${patient.id ?? ''}`) ?? null,
    }));
  }

  async enroll(actor: Actor, trial: TrialRef, input: EnrollInput): Promise<EnrollmentView> {
    const protocol = await this.requireProtocol(trial);
    const patientId = patientIdOf({ reference: input.patientReference });
    if (!patientId || input.patientReference !== `Patient/${patientId}`) {
      throw badRequest('INVALID_PATIENT_REFERENCE', 'patientReference must look like Patient/<id>.', [
        { field: 'patientReference', reason: 'must be a relative reference Patient/<id>' },
      ]);
    }
    const site = await this.requireSite(this.dataSource.manager, trial, input.siteCode);
    const planned = input.plannedTreatmentStart ? plannedInstant(input.plannedTreatmentStart.at) : null;
    if (
      await this.dataSource
        .getRepository(EnrollmentEntity)
        .existsBy({ trialId: trial.trialId, fhirPatientReference: input.patientReference })
    ) {
      throw conflict('ALREADY_ENROLLED', `This patient is already enrolled in ${trial.trialCode}.`);
    }
    let record;
    try {
      record = await readPatientRecord(this.fhir.gateway, patientId);
    } catch (error) {
      throw fhirProblem(error, 'Reading the patient record');
    }
    if (!record) throw notFound('PATIENT_NOT_FOUND', `The FHIR server has no ${input.patientReference}.`);

    const enrolledAt = (await this.databaseNow()).toISOString();
    const link = linkBaseline(record, protocol.content, {
      evaluatedAt: enrolledAt,
      screenedAt: enrolledAt,
      plannedTreatmentStart: planned,
    });
    if (link.eligibility.outcome === 'failed') {
      throw unprocessable(
        'NOT_ELIGIBLE',
        'The patient does not meet the protocol’s eligibility rules.',
        link.eligibility.rules
          .filter(
            (rule) =>
              (rule.kind === 'inclusion' && rule.result === 'not-met') ||
              (rule.kind === 'exclusion' && rule.result === 'met'),
          )
          .map((rule) => ({ field: `eligibility.${rule.ruleId}`, reason: rule.reason })),
      );
    }

    const { enrollment, baseline } = await this.dataSource.transaction(async (manager) => {
      // The site row lock serialises subject numbering at this site.
      await manager.query('SELECT id FROM trial_site WHERE id = $1 FOR UPDATE', [site.id]);
      if (
        await manager.existsBy(EnrollmentEntity, {
          trialId: trial.trialId,
          fhirPatientReference: input.patientReference,
        })
      ) {
        throw conflict('ALREADY_ENROLLED', `This patient is already enrolled in ${trial.trialCode}.`);
      }
      const [{ next }] = (await manager.query(
        'SELECT COALESCE(MAX(subject_sequence), 0) + 1 AS next FROM enrollment WHERE site_id = $1',
        [site.id],
      )) as [{ next: number }];
      if (next > MAX_SUBJECT_SEQUENCE)
        throw conflict(
          'SITE_FULL',
          `Site ${site.code} has used all ${MAX_SUBJECT_SEQUENCE} subject numbers.`,
        );
      const subjectId = formatSubjectId(trial.trialCode, site.code, next);
      const inserted = await manager.insert(EnrollmentEntity, {
        trialId: trial.trialId,
        siteId: site.id,
        subjectId,
        subjectSequence: next,
        fhirPatientReference: input.patientReference,
        protocolVersion: protocol.version,
        enrolledAt: new Date(enrolledAt),
        enrolledBy: requireUserId(actor, 'An enrollment'),
      });
      const created = await manager.findOneByOrFail(EnrollmentEntity, {
        id: (inserted.identifiers[0] as { id: string }).id,
      });
      if (input.plannedTreatmentStart && planned) {
        await manager.insert(PlannedTreatmentStartEntity, {
          enrollmentId: created.id,
          plannedAt: new Date(planned),
          reason: input.plannedTreatmentStart.reason,
          recordedBy: requireUserId(actor, 'An enrollment'),
        });
      }
      const version = await this.insertLink(manager, created.id, 1, link, null, actor.userId);
      await this.audit.record(manager, actor, {
        action: 'enrollment.created',
        entityType: 'enrollment',
        entityId: created.id,
        trialId: trial.trialId,
        after: {
          subjectId,
          siteCode: site.code,
          protocolVersion: protocol.version,
          eligibility: link.eligibility.outcome,
          treatmentStart: link.treatmentStart.status,
          plannedTreatmentStart: planned,
          openIssues: link.issues.map((issue) => issue.code),
        },
      });
      await this.queueWriteBack(manager, trial.trialId, created.id);
      return { enrollment: created, baseline: version };
    });
    await this.dispatchPendingJobs(trial.trialId);
    return toEnrollmentView(enrollment, site.code, baseline, await this.writeBackOf(enrollment.id));
  }

  async list(trial: TrialRef): Promise<EnrollmentSummary[]> {
    const rows: {
      subject_id: string;
      site_code: string;
      enrolled_at: Date;
      eligibility: EnrollmentSummary['eligibility'];
      treatment_start_status: 'actual' | 'planned' | 'unknown';
      treatment_start: Date | null;
      blocking_issues: number;
      version: number;
    }[] = await this.dataSource.query(
      `SELECT e.subject_id, s.code AS site_code, e.enrolled_at, b.eligibility, b.treatment_start_status, b.treatment_start, b.blocking_issues, b.version
       FROM enrollment e
       JOIN trial_site s ON s.id = e.site_id
       JOIN LATERAL (SELECT * FROM baseline_link bl WHERE bl.enrollment_id = e.id ORDER BY bl.version DESC LIMIT 1) b ON true
       WHERE e.trial_id = $1 ORDER BY e.subject_id`,
      [trial.trialId],
    );
    return rows.map((row) => ({
      subjectId: row.subject_id,
      siteCode: row.site_code,
      enrolledAt: row.enrolled_at.toISOString(),
      eligibility: row.eligibility,
      treatmentStart: { status: row.treatment_start_status, at: row.treatment_start?.toISOString() ?? null },
      blockingIssues: row.blocking_issues,
      baselineVersion: row.version,
    }));
  }

  async get(trial: TrialRef, subjectId: string): Promise<EnrollmentView> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const [site] = (await this.dataSource.query('SELECT code FROM trial_site WHERE id = $1', [
      enrollment.siteId,
    ])) as [{ code: string }];
    return toEnrollmentView(
      enrollment,
      site.code,
      await this.latestLink(this.dataSource.manager, enrollment.id),
      await this.writeBackOf(enrollment.id),
    );
  }

  async history(trial: TrialRef, subjectId: string): Promise<BaselineView[]> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const links = await this.dataSource
      .getRepository(BaselineLinkEntity)
      .find({ where: { enrollmentId: enrollment.id }, order: { version: 'ASC' } });
    return links.map(toBaselineView);
  }

  /** Records a planned treatment start (until a treatment record exists) and re-links at once. */
  async planTreatmentStart(
    actor: Actor,
    trial: TrialRef,
    subjectId: string,
    at: string,
    reason: string,
  ): Promise<EnrollmentView> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const planned = plannedInstant(at);
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(PlannedTreatmentStartEntity, {
        enrollmentId: enrollment.id,
        plannedAt: new Date(planned),
        reason,
        recordedBy: requireUserId(actor, 'An enrollment'),
      });
      await this.audit.record(manager, actor, {
        action: 'enrollment.treatment-start-planned',
        entityType: 'enrollment',
        entityId: enrollment.id,
        trialId: trial.trialId,
        after: { subjectId, plannedAt: planned },
        reason,
      });
    });
    await this.syncEnrollments(trial, [enrollment], actor);
    return this.get(trial, subjectId);
  }

  /** Queues a re-sync of one enrollment or all of the trial's; returns the job to follow. */
  async requestSync(actor: Actor, trial: TrialRef, subjectId: string | null): Promise<SyncJobView> {
    const enrollment = subjectId ? await requireEnrollment(this.dataSource, trial, subjectId) : null;
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await createTrackedJob(
        manager,
        'baseline-sync',
        trial.trialId,
        enrollment?.id ?? null,
        actor.userId,
      );
      await this.audit.record(manager, actor, {
        action: 'enrollment.sync-requested',
        entityType: 'sync-job',
        entityId: created.id,
        trialId: trial.trialId,
        after: { subjectId },
      });
      return created;
    });
    await dispatchTrackedJob(this.queue, job);
    return toSyncJobView(job, subjectId);
  }

  /** A job of the trial; with `requestedBy`, only if that user requested it (others' jobs are not found). */
  async job(trial: TrialRef, jobId: string, requestedBy: string | null = null): Promise<SyncJobView> {
    const job = await this.dataSource
      .getRepository(SyncJobEntity)
      .findOneBy({ id: jobId, trialId: trial.trialId });
    if (!job || (requestedBy !== null && job.requestedBy !== requestedBy))
      throw notFound('JOB_NOT_FOUND', `No job ${jobId} in ${trial.trialCode}.`);
    const subject = job.enrollmentId
      ? await this.dataSource.getRepository(EnrollmentEntity).findOneBy({ id: job.enrollmentId })
      : null;
    return toSyncJobView(job, subject?.subjectId ?? null);
  }

  /** Job processor: re-reads the records of the job's enrollments; changes become a new link version. */
  async runSyncJob(syncJobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, syncJobId, async (job) => {
      const trial = await this.trialRef(job.trialId);
      const enrollments = await this.dataSource.getRepository(EnrollmentEntity).find({
        where: job.enrollmentId ? { id: job.enrollmentId } : { trialId: job.trialId },
        order: { subjectId: 'ASC' },
      });
      return this.syncEnrollments(trial, enrollments, {
        userId: job.requestedBy,
        username: null,
        requestId: `job:${job.id}`,
      });
    });
  }

  /** Job processor: writes the trial's ResearchStudy and its pending ResearchSubjects to the FHIR server. */
  async runWriteBackJob(syncJobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, syncJobId, async (job) => {
      return writeBackTrial(this.dataSource, this.fhir.gateway, this.trials, job.trialId);
    });
  }

  /** The re-sync itself (jobs and the CLI): returns counts; idempotent, a second run changes nothing. */
  async syncEnrollments(
    trial: TrialRef,
    enrollments: EnrollmentEntity[],
    actor: Actor,
  ): Promise<Record<string, number>> {
    const protocol = await this.requireProtocol(trial);
    const records = await readPatientRecords(
      this.fhir.gateway,
      enrollments.map((enrollment) => patientIdOf({ reference: enrollment.fhirPatientReference }) as string),
    );
    const counts = { enrollments: enrollments.length, changed: 0, unchanged: 0, missing: 0 };
    for (const enrollment of enrollments) {
      const record = records.get(patientIdOf({ reference: enrollment.fhirPatientReference }) as string);
      if (!record) {
        counts.missing++;
        continue;
      }
      await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT id FROM enrollment WHERE id = $1 FOR UPDATE', [enrollment.id]);
        const previous = await this.latestLink(manager, enrollment.id);
        const planned = await manager.findOne(PlannedTreatmentStartEntity, {
          where: { enrollmentId: enrollment.id },
          order: { recordedAt: 'DESC' },
        });
        const evaluatedAt = enrollment.enrolledAt.toISOString();
        const link = linkBaseline(record, protocol.content, {
          evaluatedAt,
          screenedAt: evaluatedAt,
          plannedTreatmentStart: planned ? planned.plannedAt.toISOString() : null,
        });
        const changes = diffBaselineLinks(previous.link, link);
        if (changes.length === 0) {
          counts.unchanged++;
          return;
        }
        counts.changed++;
        await this.insertLink(manager, enrollment.id, previous.version + 1, link, changes, actor.userId);
        for (const hook of this.baselineChangeHooks) {
          await hook(manager, actor, {
            trialId: trial.trialId,
            enrollmentId: enrollment.id,
            subjectId: enrollment.subjectId,
            version: previous.version + 1,
            before: previous.link,
            after: link,
          });
        }
        await this.audit.record(manager, actor, {
          action: 'enrollment.baseline-changed',
          entityType: 'enrollment',
          entityId: enrollment.id,
          trialId: trial.trialId,
          before: {
            version: previous.version,
            changes: changes.map((change) => ({ path: change.path, value: change.before })),
          },
          after: {
            version: previous.version + 1,
            changes: changes.map((change) => ({ path: change.path, value: change.after })),
          },
        });
      });
    }
    return counts;
  }

  /** Enqueues the trial's queued jobs (after the transaction that created them committed). */
  private async dispatchPendingJobs(trialId: string): Promise<void> {
    const queued = await this.dataSource
      .getRepository(SyncJobEntity)
      .find({ where: { trialId, status: 'queued', kind: 'fhir-write-back' } });
    for (const job of queued) await dispatchTrackedJob(this.queue, job);
  }

  private async queueWriteBack(manager: EntityManager, trialId: string, enrollmentId: string): Promise<void> {
    await manager.query(
      `INSERT INTO fhir_write_back (trial_id, enrollment_id, resource_type) VALUES ($1, NULL, 'ResearchStudy')
       ON CONFLICT (trial_id) WHERE enrollment_id IS NULL DO NOTHING`,
      [trialId],
    );
    await manager.insert(FhirWriteBackEntity, {
      trialId,
      enrollmentId,
      resourceType: 'ResearchSubject',
      status: 'pending',
      attempts: 0,
      updatedAt: new Date(),
    });
    await createTrackedJob(manager, 'fhir-write-back', trialId, enrollmentId, null);
  }

  private async insertLink(
    manager: EntityManager,
    enrollmentId: string,
    version: number,
    link: BaselineLink,
    changes: BaselineLinkEntity['changes'],
    syncedBy: string | null,
  ): Promise<BaselineLinkEntity> {
    const treatmentStart = link.treatmentStart.status === 'unknown' ? null : new Date(link.treatmentStart.at);
    const inserted = await manager.insert(BaselineLinkEntity, {
      enrollmentId,
      version,
      link: link as BaselineLinkEntity['link'],
      linkSha256: recordSha256(link),
      eligibility: link.eligibility.outcome,
      blockingIssues: link.issues.filter((issue) => issue.severity === 'blocking').length,
      treatmentStart,
      treatmentStartStatus: link.treatmentStart.status,
      changes: jsonb(changes),
      syncedBy,
    });
    return manager.findOneByOrFail(BaselineLinkEntity, {
      id: (inserted.identifiers[0] as { id: string }).id,
    });
  }

  private async latestLink(manager: EntityManager, enrollmentId: string): Promise<BaselineLinkEntity> {
    return manager.findOneOrFail(BaselineLinkEntity, { where: { enrollmentId }, order: { version: 'DESC' } });
  }

  private async writeBackOf(enrollmentId: string): Promise<FhirWriteBackEntity | null> {
    return this.dataSource.getRepository(FhirWriteBackEntity).findOneBy({ enrollmentId });
  }

  private async requireProtocol(trial: TrialRef): Promise<{ version: number; content: ProtocolContent }> {
    const protocol = await this.trials.protocolInForce(trial.trialId);
    if (!protocol)
      throw conflict(
        'PROTOCOL_NOT_APPROVED',
        `Trial ${trial.trialCode} has no approved protocol yet; enrollment starts after approval.`,
      );
    return protocol;
  }

  private async requireSite(
    manager: EntityManager,
    trial: TrialRef,
    siteCode: string,
  ): Promise<{ id: string; code: string }> {
    const rows: { id: string; code: string }[] = await manager.query(
      'SELECT id, code FROM trial_site WHERE trial_id = $1 AND code = $2',
      [trial.trialId, siteCode],
    );
    const site = rows[0];
    if (!site) throw notFound('SITE_NOT_FOUND', `Trial ${trial.trialCode} has no site ${siteCode}.`);
    return site;
  }

  private async trialRef(trialId: string): Promise<TrialRef> {
    const [trial] = (await this.dataSource.query('SELECT code FROM trial WHERE id = $1', [trialId])) as [
      { code: string },
    ];
    return { trialId, trialCode: trial.code };
  }

  /** The database server's clock: enrollment time is not the API host's opinion. */
  private async databaseNow(): Promise<Date> {
    const [row] = (await this.dataSource.query('SELECT now() AS now')) as [{ now: Date }];
    return row.now;
  }
}

function plannedInstant(at: string): string {
  const time = Date.parse(at);
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(at) ||
    Number.isNaN(time)
  ) {
    throw badRequest(
      'INVALID_DATE',
      'The planned treatment start must be an ISO-8601 date or date-time with a time zone.',
      [{ field: 'plannedTreatmentStart', reason: 'must be YYYY-MM-DD or an ISO-8601 date-time with a zone' }],
    );
  }
  return new Date(time).toISOString();
}

function displayName(patient: Patient): string {
  const name = patient.name?.[0];
  if (!name) return '';
  return name.text ?? [...(name.given ?? []), name.family ?? ''].join(' ').trim();
}
