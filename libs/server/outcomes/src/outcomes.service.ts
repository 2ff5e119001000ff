import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { type ConsortFlow, consortFlow, type CurrentOutcome } from '@prospect/analysis';
import type { ProtocolContent } from '@prospect/domain';
import {
  createTrackedJob,
  EnrollmentEntity,
  EnrollmentService,
  FhirConnection,
  requireEnrollment,
  runTrackedJob,
  type SyncJobView,
  toSyncJobView,
  type TrialRef,
  dispatchTrackedJob,
  TRACKED_JOB_NAMES,
} from '@prospect/enrollment';
import { deriveOutcome, type OutcomeCandidate } from '@prospect/fhir-mapping';
import { patientIdOf, PATIENTS_PER_SEARCH } from '@prospect/fhir-server';
import { canonicalJson } from '@prospect/ledger';
import {
  type Actor,
  AuditService,
  badRequest,
  conflict,
  forbidden,
  jsonb,
  QUEUE_DRIVER,
  type QueueDriver,
  SignaturesService,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  EnrollmentWithdrawalEntity,
  OutcomeAdjudicationEntity,
  type OutcomeEvidence,
  OutcomeResultEntity,
} from './entities';
import {
  type EnrollmentState,
  loadEnrollmentStates,
  placeInWindow,
  requireProtocolInForce,
} from './trial-state';

export const OUTCOME_SYNC_JOB = TRACKED_JOB_NAMES['outcome-sync'];
export const ADJUDICATION_RECORD_TYPE = 'outcome-adjudication';

/**
 * A subject's outcome as the worklist and the API show it: never a prediction. For callers whose
 * roles may not see outcome values (`valuesBlinded`), `outcome` is absent and `explanation` is
 * value-free (see {@link blindOutcomeSummary}).
 */
export interface OutcomeSummaryView {
  subjectId: string;
  site: string;
  locked: boolean;
  status: CurrentOutcome['status'];
  /** True when the caller may not see outcome values: every value field is absent. */
  valuesBlinded: boolean;
  /**
   * 1 = the endpoint's positive class (`positiveClass`), 0 = not; null without an outcome (or not
   * assessable). Absent when `valuesBlinded`.
   */
  outcome?: 0 | 1 | null;
  positiveClass: string;
  assessedAt: string | null;
  inWindow: boolean | null;
  needsAdjudication: boolean;
  explanation: string;
  treatmentStart: string | null;
  windowClosesAt: string | null;
  withdrawn: boolean;
  results: number;
}

/** One result; `outcome`, `evidence` and `reason` (which state or imply the value) are absent when blinded. */
export interface OutcomeResultView {
  id: string;
  source: 'fhir' | 'assessor';
  outcome?: 0 | 1 | null;
  assessedAt: string | null;
  studyDay: number | null;
  inWindow: boolean | null;
  evidence?: OutcomeEvidence;
  reason?: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

/** One signed adjudication; the decision (`outcome`) and its `reason` are absent when blinded. */
export interface AdjudicationView {
  id: string;
  outcome?: 0 | 1 | null;
  assessedAt: string | null;
  studyDay: number | null;
  inWindow: boolean | null;
  reason?: string;
  considered: string[];
  adjudicatedBy: string;
  signatureId: string;
  adjudicatedAt: string;
}

export interface OutcomeDetailView extends OutcomeSummaryView {
  resultHistory: OutcomeResultView[];
  adjudications: AdjudicationView[];
  withdrawal: { withdrawnOn: string; reason: string } | null;
}

export interface RecordOutcomeInput {
  outcome: 0 | 1 | null;
  assessedAt: string;
  reason?: string;
  supersedes?: string;
  comment?: string;
}

export interface AdjudicateInput {
  outcome: 0 | 1 | null;
  assessedAt?: string;
  reason: string;
  password: string;
}

const STATUS_FILTERS = [
  'pending',
  'observed',
  'adjudicated',
  'conflicting',
  'missing',
  'withdrawn',
  'needs-adjudication',
] as const;
export type OutcomeStatusFilter = (typeof STATUS_FILTERS)[number];
export const OUTCOME_STATUS_FILTERS: readonly string[] = STATUS_FILTERS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADJUDICABLE: readonly CurrentOutcome['status'][] = ['conflicting', 'missing'];
const WIDE_WINDOW = { start: 0, end: 3650 };

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** The exact instant of a date or date-time the user entered; date-only means 00:00 UTC. */
function parseAssessedAt(value: string, field: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
  const ms = Date.parse(date);
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) ||
    Number.isNaN(ms)
  ) {
    throw badRequest(
      'INVALID_DATE',
      `${field} must be a date (YYYY-MM-DD) or a date-time with a time zone.`,
      [{ field, reason: 'must be a date (YYYY-MM-DD) or a date-time with a time zone' }],
    );
  }
  return new Date(ms).toISOString();
}

/**
 * Follow-up outcomes: synchronised from the FHIR server by the protocol's endpoint definition,
 * entered by outcome assessors, adjudicated by a second assessor with an e-signature; subject
 * withdrawals; the CONSORT-style flow. Everything is append-only and audited; nothing here reads
 * or returns a prediction, which is how assessors stay blinded.
 */
@Injectable()
export class OutcomesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly enrollments: EnrollmentService,
    private readonly fhir: FhirConnection,
    private readonly signatures: SignaturesService,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  onModuleInit(): void {
    this.signatures.registerResolver({
      recordType: ADJUDICATION_RECORD_TYPE,
      load: async (manager, recordId) => {
        if (!UUID.test(recordId)) return null;
        const adjudication = await manager.findOneBy(OutcomeAdjudicationEntity, { id: recordId });
        if (!adjudication) return null;
        const enrollment = await manager.findOneByOrFail(EnrollmentEntity, { id: adjudication.enrollmentId });
        return signedAdjudicationRecord(enrollment.subjectId, {
          outcome: adjudication.outcome,
          assessedAt: adjudication.assessedAt?.toISOString() ?? null,
          reason: adjudication.reason,
          considered: adjudication.considered,
        });
      },
    });
  }

  async protocolOf(trial: TrialRef): Promise<{ version: number; content: ProtocolContent }> {
    return requireProtocolInForce(this.trials, trial);
  }

  async requestSync(actor: Actor, trial: TrialRef, subjectId: string | null): Promise<SyncJobView> {
    await this.protocolOf(trial);
    const enrollment = subjectId ? await requireEnrollment(this.dataSource, trial, subjectId) : null;
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await createTrackedJob(
        manager,
        'outcome-sync',
        trial.trialId,
        enrollment?.id ?? null,
        actor.userId,
      );
      await this.audit.record(manager, actor, {
        action: 'outcome.sync-requested',
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

  /**
   * The sync job: re-read the baseline of subjects whose treatment start is not yet recorded (a
   * new actual start places their window, and a lock found to postdate it becomes a deviation),
   * then read every subject's Observations and DiagnosticReports and derive the outcome. Each
   * distinct result is stored once (its fingerprint), so re-running changes nothing.
   */
  async runSync(jobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, jobId, async (job) => {
      const trial = await this.trialRef(job.trialId);
      const protocol = await this.protocolOf(trial);
      const actor: Actor = { userId: job.requestedBy, username: null, requestId: `job:${job.id}` };
      const enrollments = await this.dataSource.getRepository(EnrollmentEntity).find({
        where: job.enrollmentId ? { id: job.enrollmentId } : { trialId: job.trialId },
        order: { subjectId: 'ASC' },
      });
      const before = await loadEnrollmentStates(this.dataSource.manager, trial.trialId, protocol.content, {
        ...(job.enrollmentId ? { enrollmentId: job.enrollmentId } : {}),
      });
      const awaitingStart = new Set(
        before.states.filter((state) => state.treatmentStart === null).map((state) => state.enrollmentId),
      );
      if (awaitingStart.size > 0) {
        await this.enrollments.syncEnrollments(
          trial,
          enrollments.filter((enrollment) => awaitingStart.has(enrollment.id)),
          actor,
        );
      }
      const { states } = await loadEnrollmentStates(
        this.dataSource.manager,
        trial.trialId,
        protocol.content,
        {
          ...(job.enrollmentId ? { enrollmentId: job.enrollmentId } : {}),
        },
      );
      const counts = {
        enrollments: states.length,
        newResults: 0,
        unchanged: 0,
        noResultYet: 0,
        awaitingTreatmentStart: 0,
        missingFromFhir: 0,
      };
      const byId = new Map(enrollments.map((enrollment) => [enrollment.id, enrollment]));
      const withStart = states.filter((state) => state.treatmentStart !== null);
      counts.awaitingTreatmentStart = states.length - withStart.length;
      for (let start = 0; start < withStart.length; start += PATIENTS_PER_SEARCH) {
        const batch = withStart.slice(start, start + PATIENTS_PER_SEARCH);
        const patientIds = batch.map(
          (state) =>
            patientIdOf({ reference: byId.get(state.enrollmentId)?.fhirPatientReference ?? '' }) as string,
        );
        const resources = await this.readOutcomeResources(patientIds);
        for (const [index, state] of batch.entries()) {
          const patientResources = resources.get(patientIds[index] as string);
          if (!patientResources) {
            counts.missingFromFhir++;
            continue;
          }
          const candidates = candidatesFor(protocol.content, state, patientResources);
          if (candidates.length === 0) {
            counts.noResultYet++;
            continue;
          }
          const inserted = await this.storeFhirResults(actor, trial, state, candidates);
          counts.newResults += inserted;
          if (inserted === 0) counts.unchanged++;
        }
      }
      return counts;
    });
  }

  /** `Patient?_id=…&_revinclude=Observation:subject&_revinclude=DiagnosticReport:subject`, per batch. */
  private async readOutcomeResources(patientIds: readonly string[]): Promise<Map<string, Resource[]>> {
    const bundle: Bundle = await this.fhir.gateway.search('Patient', {
      _id: patientIds.join(','),
      _revinclude: ['Observation:subject', 'DiagnosticReport:subject'],
      _count: String(patientIds.length),
    });
    const byPatient = new Map<string, Resource[]>();
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (resource?.resourceType === 'Patient' && resource.id) byPatient.set(resource.id, []);
    }
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (!resource || resource.resourceType === 'Patient') continue;
      const subject = (resource as { subject?: { reference?: string } }).subject;
      const patientId = patientIdOf(subject);
      if (patientId) byPatient.get(patientId)?.push(resource);
    }
    return byPatient;
  }

  private async storeFhirResults(
    actor: Actor,
    trial: TrialRef,
    state: EnrollmentState,
    candidates: readonly { candidate: OutcomeCandidate; inWindow: boolean }[],
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let inserted = 0;
      for (const { candidate, inWindow } of candidates) {
        const evidence: OutcomeEvidence = { references: [...candidate.evidence], detail: candidate.detail };
        const fingerprint = sha256({
          outcome: candidate.value ? 1 : 0,
          assessedAt: candidate.assessedAt,
          evidence: evidence.references,
        });
        const rows = (await manager.query(
          `INSERT INTO outcome_result (trial_id, enrollment_id, source, outcome, assessed_at, study_day, in_window, evidence, fingerprint, recorded_by)
           VALUES ($1, $2, 'fhir', $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (enrollment_id, fingerprint) WHERE source = 'fhir' DO NOTHING
           RETURNING id`,
          [
            trial.trialId,
            state.enrollmentId,
            candidate.value ? 1 : 0,
            candidate.assessedAt,
            candidate.studyDay,
            inWindow,
            jsonb(evidence),
            fingerprint,
            actor.userId,
          ],
        )) as { id: string }[];
        const id = rows[0]?.id;
        if (!id) continue;
        inserted++;
        await this.audit.record(manager, actor, {
          action: 'outcome.result-recorded',
          entityType: 'outcome-result',
          entityId: id,
          trialId: trial.trialId,
          after: {
            subjectId: state.subjectId,
            source: 'fhir',
            outcome: candidate.value ? 1 : 0,
            assessedAt: candidate.assessedAt,
            studyDay: candidate.studyDay,
            inWindow,
            evidence,
          },
        });
      }
      return inserted;
    });
  }

  /** An outcome assessor's result (or "not assessable" with a reason), or a correction of one. */
  async record(
    actor: Actor,
    trial: TrialRef,
    subjectId: string,
    input: RecordOutcomeInput,
    revealValues: boolean,
  ): Promise<OutcomeDetailView> {
    const protocol = await this.protocolOf(trial);
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const assessedAt = parseAssessedAt(input.assessedAt, 'assessedAt');
    if (input.outcome === null && !input.reason?.trim()) {
      throw badRequest('REASON_REQUIRED', 'A "not assessable" result (outcome null) needs a reason.', [
        { field: 'reason', reason: 'is required when outcome is null' },
      ]);
    }
    if (input.supersedes && !input.reason?.trim()) {
      throw badRequest('REASON_REQUIRED', 'A correction needs the reason for the change.', [
        { field: 'reason', reason: 'is required when supersedes is given' },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM enrollment WHERE id = $1 FOR UPDATE', [enrollment.id]);
      const { now, states } = await loadEnrollmentStates(manager, trial.trialId, protocol.content, {
        enrollmentId: enrollment.id,
      });
      const state = states[0] as EnrollmentState;
      if (!state.treatmentStart) {
        throw conflict(
          'TREATMENT_START_UNKNOWN',
          `${subjectId} has no recorded treatment start yet; the assessment window cannot be placed. Re-sync the enrollment first.`,
        );
      }
      if (Date.parse(assessedAt) > now.getTime()) {
        throw badRequest('ASSESSED_IN_FUTURE', 'assessedAt is in the future.', [
          { field: 'assessedAt', reason: 'must not be in the future' },
        ]);
      }
      if (input.supersedes) {
        const target = state.results.find((result) => result.id === input.supersedes);
        if (!target) {
          throw badRequest('UNKNOWN_RESULT', `supersedes names no outcome result of ${subjectId}.`, [
            { field: 'supersedes', reason: `is not an outcome result of ${subjectId}` },
          ]);
        }
        if (target.source !== 'assessor') {
          throw conflict(
            'FHIR_RESULT_NOT_CORRECTABLE',
            'A result read from the FHIR server is corrected at its source (or overruled by adjudication), not here.',
          );
        }
        if (state.results.some((result) => result.supersedes === target.id)) {
          throw conflict(
            'RESULT_ALREADY_CORRECTED',
            `Result ${target.id} was already corrected; correct the latest version.`,
          );
        }
      }
      const placed = placeInWindow(protocol.content, state.treatmentStart, input.assessedAt);
      const evidence: OutcomeEvidence = {
        references: [],
        detail: input.comment?.trim() || 'Entered by an outcome assessor',
      };
      const inserted = await manager.insert(OutcomeResultEntity, {
        trialId: trial.trialId,
        enrollmentId: enrollment.id,
        source: 'assessor',
        outcome: input.outcome,
        assessedAt: new Date(assessedAt),
        studyDay: placed.studyDay,
        inWindow: placed.inWindow,
        evidence: jsonb(evidence) as unknown as OutcomeEvidence,
        reason: input.reason?.trim() || null,
        fingerprint: sha256({ outcome: input.outcome, assessedAt, by: actor.userId, at: now.toISOString() }),
        supersedes: input.supersedes ?? null,
        recordedBy: actor.userId,
      });
      await this.audit.record(manager, actor, {
        action: input.supersedes ? 'outcome.result-corrected' : 'outcome.result-recorded',
        entityType: 'outcome-result',
        entityId: (inserted.identifiers[0] as { id: string }).id,
        trialId: trial.trialId,
        reason: input.reason?.trim() || null,
        after: {
          subjectId,
          source: 'assessor',
          outcome: input.outcome,
          assessedAt,
          studyDay: placed.studyDay,
          inWindow: placed.inWindow,
          supersedes: input.supersedes ?? null,
        },
      });
    });
    return this.detail(trial, subjectId, revealValues);
  }

  /**
   * A second assessor's decision on a conflicting or missing outcome, signed (21 CFR 11.200): the
   * password is checked first, outside the transaction, so a failed attempt counts toward lockout.
   * The adjudicator must not have entered any of the subject's results.
   */
  async adjudicate(
    actor: Actor,
    trial: TrialRef,
    subjectId: string,
    input: AdjudicateInput,
    revealValues: boolean,
  ): Promise<OutcomeDetailView> {
    const protocol = await this.protocolOf(trial);
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    if (!input.reason.trim()) {
      throw badRequest('REASON_REQUIRED', 'An adjudication needs its reason.', [
        { field: 'reason', reason: 'must not be empty' },
      ]);
    }
    if (input.outcome !== null && !input.assessedAt) {
      throw badRequest('ASSESSED_AT_REQUIRED', 'Deciding an outcome needs the date it was assessed.', [
        { field: 'assessedAt', reason: 'is required when outcome is 0 or 1' },
      ]);
    }
    const assessedAt = input.assessedAt ? parseAssessedAt(input.assessedAt, 'assessedAt') : null;
    const signer = await this.signatures.authenticateSigner(actor, input.password);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM enrollment WHERE id = $1 FOR UPDATE', [enrollment.id]);
      const { states } = await loadEnrollmentStates(manager, trial.trialId, protocol.content, {
        enrollmentId: enrollment.id,
      });
      const state = states[0] as EnrollmentState;
      if (!state.current.needsAdjudication || !ADJUDICABLE.includes(state.current.status)) {
        throw conflict(
          'NOTHING_TO_ADJUDICATE',
          `${subjectId}'s outcome is ${state.current.status}; only conflicting or missing outcomes are adjudicated.`,
        );
      }
      if (
        state.results.some((result) => result.source === 'assessor' && result.recordedBy === signer.userId)
      ) {
        throw forbidden(
          'ADJUDICATOR_NOT_INDEPENDENT',
          `You entered a result for ${subjectId}; a second assessor must adjudicate.`,
        );
      }
      const placed =
        assessedAt && state.treatmentStart
          ? placeInWindow(protocol.content, state.treatmentStart, input.assessedAt as string)
          : null;
      const considered = [...state.current.basedOn];
      const adjudicationId = randomUUID();
      const signature = await this.signatures.sign(manager, actor, signer, {
        meaning: 'responsibility',
        statement: `Adjudicate the primary outcome of ${subjectId} in ${trial.trialCode}: ${
          input.outcome === null ? 'not assessable' : `outcome ${input.outcome}`
        }`,
        recordType: ADJUDICATION_RECORD_TYPE,
        recordId: adjudicationId,
        record: signedAdjudicationRecord(subjectId, {
          outcome: input.outcome,
          assessedAt,
          reason: input.reason.trim(),
          considered,
        }),
        trialId: trial.trialId,
      });
      await manager.insert(OutcomeAdjudicationEntity, {
        id: adjudicationId,
        trialId: trial.trialId,
        enrollmentId: enrollment.id,
        outcome: input.outcome,
        assessedAt: assessedAt ? new Date(assessedAt) : null,
        studyDay: placed?.studyDay ?? null,
        inWindow: placed?.inWindow ?? null,
        reason: input.reason.trim(),
        considered: jsonb(considered) as unknown as string[],
        adjudicatedBy: signer.userId,
        signatureId: signature.id,
      });
      await this.audit.record(manager, actor, {
        action: 'outcome.adjudicated',
        entityType: 'outcome-adjudication',
        entityId: adjudicationId,
        trialId: trial.trialId,
        reason: input.reason.trim(),
        before: { status: state.current.status, basedOn: considered },
        after: {
          subjectId,
          outcome: input.outcome,
          assessedAt,
          inWindow: placed?.inWindow ?? null,
          signatureId: signature.id,
        },
      });
    });
    return this.detail(trial, subjectId, revealValues);
  }

  async withdraw(
    actor: Actor,
    trial: TrialRef,
    subjectId: string,
    input: { withdrawnOn: string; reason: string },
    revealValues: boolean,
  ): Promise<OutcomeDetailView> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.withdrawnOn) || Number.isNaN(Date.parse(input.withdrawnOn))) {
      throw badRequest('INVALID_DATE', 'withdrawnOn must be a date (YYYY-MM-DD).', [
        { field: 'withdrawnOn', reason: 'must be a date (YYYY-MM-DD)' },
      ]);
    }
    if (input.withdrawnOn < enrollment.enrolledAt.toISOString().slice(0, 10)) {
      throw badRequest('WITHDRAWN_BEFORE_ENROLLMENT', 'withdrawnOn is before the enrollment date.', [
        { field: 'withdrawnOn', reason: 'must not be before the enrollment date' },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM enrollment WHERE id = $1 FOR UPDATE', [enrollment.id]);
      if (await manager.existsBy(EnrollmentWithdrawalEntity, { enrollmentId: enrollment.id })) {
        throw conflict('ALREADY_WITHDRAWN', `${subjectId} is already withdrawn.`);
      }
      const inserted = await manager.insert(EnrollmentWithdrawalEntity, {
        trialId: trial.trialId,
        enrollmentId: enrollment.id,
        withdrawnOn: input.withdrawnOn,
        reason: input.reason.trim(),
        recordedBy: actor.userId as string,
      });
      await this.audit.record(manager, actor, {
        action: 'enrollment.withdrawn',
        entityType: 'enrollment-withdrawal',
        entityId: (inserted.identifiers[0] as { id: string }).id,
        trialId: trial.trialId,
        reason: input.reason.trim(),
        after: { subjectId, withdrawnOn: input.withdrawnOn },
      });
    });
    return this.detail(trial, subjectId, revealValues);
  }

  /**
   * Every subject's outcome, optionally filtered by status. `revealValues` is false for callers
   * whose roles may not see outcome values (coordinators): the views are then value-free.
   */
  async list(
    trial: TrialRef,
    filter: OutcomeStatusFilter | null,
    revealValues: boolean,
  ): Promise<OutcomeSummaryView[]> {
    const protocol = await this.protocolOf(trial);
    const { states } = await loadEnrollmentStates(this.dataSource.manager, trial.trialId, protocol.content);
    return states
      .filter(
        (state) =>
          filter === null ||
          (filter === 'needs-adjudication'
            ? state.current.needsAdjudication
            : state.current.status === filter),
      )
      .map((state) => summaryOf(protocol.content, state))
      .map((summary) => (revealValues ? summary : blindOutcomeSummary(summary)));
  }

  /** One subject's outcome with its history; value-free unless `revealValues` (see {@link list}). */
  async detail(trial: TrialRef, subjectId: string, revealValues: boolean): Promise<OutcomeDetailView> {
    const protocol = await this.protocolOf(trial);
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const { states } = await loadEnrollmentStates(this.dataSource.manager, trial.trialId, protocol.content, {
      enrollmentId: enrollment.id,
    });
    const state = states[0] as EnrollmentState;
    const results = await this.dataSource
      .getRepository(OutcomeResultEntity)
      .find({ where: { enrollmentId: enrollment.id }, order: { recordedAt: 'ASC' } });
    const adjudications = await this.dataSource
      .getRepository(OutcomeAdjudicationEntity)
      .find({ where: { enrollmentId: enrollment.id }, order: { adjudicatedAt: 'ASC' } });
    const supersededBy = new Map(
      results.filter((result) => result.supersedes).map((result) => [result.supersedes as string, result.id]),
    );
    const view: OutcomeDetailView = {
      ...summaryOf(protocol.content, state),
      resultHistory: results.map((result) => ({
        id: result.id,
        source: result.source,
        outcome: result.outcome === null ? null : (Number(result.outcome) as 0 | 1),
        assessedAt: result.assessedAt?.toISOString() ?? null,
        studyDay: result.studyDay,
        inWindow: result.inWindow,
        evidence: result.evidence,
        reason: result.reason,
        supersedes: result.supersedes,
        supersededBy: supersededBy.get(result.id) ?? null,
        recordedBy: result.recordedBy,
        recordedAt: result.recordedAt.toISOString(),
      })),
      adjudications: adjudications.map((adjudication) => ({
        id: adjudication.id,
        outcome: adjudication.outcome === null ? null : (Number(adjudication.outcome) as 0 | 1),
        assessedAt: adjudication.assessedAt?.toISOString() ?? null,
        studyDay: adjudication.studyDay,
        inWindow: adjudication.inWindow,
        reason: adjudication.reason,
        considered: adjudication.considered,
        adjudicatedBy: adjudication.adjudicatedBy,
        signatureId: adjudication.signatureId,
        adjudicatedAt: adjudication.adjudicatedAt.toISOString(),
      })),
      withdrawal: state.withdrawal,
    };
    return revealValues ? view : blindOutcomeDetail(view);
  }

  /** The CONSORT-style flow of the trial as of now. */
  async flow(trial: TrialRef): Promise<ConsortFlow> {
    const protocol = await this.protocolOf(trial);
    const { states } = await loadEnrollmentStates(this.dataSource.manager, trial.trialId, protocol.content);
    return consortFlow(states.map(flowRecordOf));
  }

  private async trialRef(trialId: string): Promise<TrialRef> {
    const trial = await this.trials.get(trialId);
    return { trialId, trialCode: trial.code };
  }
}

export function flowRecordOf(state: EnrollmentState) {
  return {
    locked: state.lock !== null,
    lockDeviation: state.lock?.deviation ?? false,
    imagingOutsideWindow: state.lock?.imagingOutsideWindow ?? false,
    withdrawn: state.withdrawal !== null,
    outcomeStatus: state.current.status,
    outcomeInWindow: state.current.inWindow,
  };
}

function summaryOf(protocol: ProtocolContent, state: EnrollmentState): OutcomeSummaryView {
  return {
    subjectId: state.subjectId,
    site: state.site,
    locked: state.lock !== null,
    status: state.current.status,
    valuesBlinded: false,
    outcome: state.current.outcome,
    positiveClass: protocol.primaryEndpoint.positiveClass,
    assessedAt: state.current.assessedAt,
    inWindow: state.current.inWindow,
    needsAdjudication: state.current.needsAdjudication,
    explanation: state.current.explanation,
    treatmentStart: state.treatmentStart?.at ?? null,
    windowClosesAt: state.windowClosesAt,
    withdrawn: state.withdrawal !== null,
    results: state.results.length,
  };
}

/**
 * A summary without outcome values, for callers whose roles may not see them (coordinators,
 * docs/ROLES.md). Built field by field (a field added to the view later stays hidden until it is
 * added here): `outcome` is left out and `explanation` (which can quote an adjudicator's or
 * assessor's reason, e.g. "Adjudicated: MRD negative at day 180") is rewritten from the status and
 * counts. Status, dates, window flags, `needsAdjudication` and the number of results stay, so
 * missing follow-up can still be chased.
 */
export function blindOutcomeSummary(view: OutcomeSummaryView): OutcomeSummaryView {
  return {
    subjectId: view.subjectId,
    site: view.site,
    locked: view.locked,
    status: view.status,
    valuesBlinded: true,
    positiveClass: view.positiveClass,
    assessedAt: view.assessedAt,
    inWindow: view.inWindow,
    needsAdjudication: view.needsAdjudication,
    explanation: blindedExplanation(view),
    treatmentStart: view.treatmentStart,
    windowClosesAt: view.windowClosesAt,
    withdrawn: view.withdrawn,
    results: view.results,
  };
}

/**
 * A detail view without outcome values: the summary as {@link blindOutcomeSummary}; each result
 * without its value, evidence (the FHIR reading in words, an assessor's comment) or reason (a
 * correction's or "not assessable" reason, free text that can state the value); each adjudication
 * without its decision or reason. Who recorded or decided what, and when, stays; so does the
 * withdrawal, which the coordinator recorded.
 */
export function blindOutcomeDetail(view: OutcomeDetailView): OutcomeDetailView {
  return {
    ...blindOutcomeSummary(view),
    resultHistory: view.resultHistory.map((result) => ({
      id: result.id,
      source: result.source,
      assessedAt: result.assessedAt,
      studyDay: result.studyDay,
      inWindow: result.inWindow,
      supersedes: result.supersedes,
      supersededBy: result.supersededBy,
      recordedBy: result.recordedBy,
      recordedAt: result.recordedAt,
    })),
    adjudications: view.adjudications.map((adjudication) => ({
      id: adjudication.id,
      assessedAt: adjudication.assessedAt,
      studyDay: adjudication.studyDay,
      inWindow: adjudication.inWindow,
      considered: adjudication.considered,
      adjudicatedBy: adjudication.adjudicatedBy,
      signatureId: adjudication.signatureId,
      adjudicatedAt: adjudication.adjudicatedAt,
    })),
    withdrawal: view.withdrawal,
  };
}

const BLINDED_NOTE = 'the value is blinded for your role';

/** Why the status is what it is, from the status, counts and dates only: never a value or free text. */
function blindedExplanation(view: OutcomeSummaryView): string {
  const results = `${view.results} result${view.results === 1 ? '' : 's'}`;
  switch (view.status) {
    case 'pending':
      return view.treatmentStart === null
        ? 'Awaiting the actual treatment start, which places the assessment window'
        : 'Assessment window still open';
    case 'withdrawn':
      return 'Withdrawn before an outcome was assessed';
    case 'observed':
      return `Outcome recorded (${results}); ${BLINDED_NOTE}`;
    case 'adjudicated':
      return `Outcome decided by a signed adjudication; ${BLINDED_NOTE}`;
    case 'conflicting':
      return `Results disagree (${results}); awaiting adjudication by a second assessor`;
    case 'missing':
      if (!view.needsAdjudication) return 'Confirmed missing by a signed adjudication';
      return view.results > 0
        ? `No assessable result (${results}); awaiting adjudication by a second assessor`
        : 'No result by the end of the assessment window';
  }
}

/**
 * The FHIR results to store for one subject: those in the protocol window; when there are none but
 * the server holds results outside it, those (marked out of window: they count only in the
 * sensitivity analysis).
 */
function candidatesFor(
  protocol: ProtocolContent,
  state: EnrollmentState,
  resources: readonly Resource[],
): { candidate: OutcomeCandidate; inWindow: boolean }[] {
  const start =
    state.treatmentStart?.precision === 'day'
      ? state.treatmentStart.at.slice(0, 10)
      : state.treatmentStart?.at;
  if (!start) return [];
  const derived = deriveOutcome(protocol.primaryEndpoint, start, resources);
  if (derived.status !== 'not-available') {
    return derived.candidates.map((candidate) => ({ candidate, inWindow: true }));
  }
  const wide = deriveOutcome(
    { ...protocol.primaryEndpoint, assessmentWindowDays: WIDE_WINDOW },
    start,
    resources,
  );
  if (wide.status === 'not-available') return [];
  return wide.candidates.map((candidate) => ({ candidate, inWindow: false }));
}

export function signedAdjudicationRecord(
  subjectId: string,
  decision: {
    outcome: 0 | 1 | null;
    assessedAt: string | null;
    reason: string;
    considered: readonly string[];
  },
): Record<string, unknown> {
  return {
    subjectId,
    outcome: decision.outcome,
    assessedAt: decision.assessedAt,
    reason: decision.reason,
    considered: [...decision.considered].sort(),
  };
}
