import type { BaselineLink, BaselineLinkChange, OpenIssue } from '@prospect/fhir-mapping';
import type { BaselineLinkEntity, EnrollmentEntity, FhirWriteBackEntity, SyncJobEntity } from './entities';

export interface BaselineView {
  version: number;
  syncedAt: string;
  eligibility: 'passed' | 'failed' | 'needs-review';
  treatmentStart: { status: 'actual' | 'planned' | 'unknown'; at: string | null };
  blockingIssues: number;
  issues: readonly OpenIssue[];
  /** The whole link: imaging candidates and the choice, covariate values with sources, eligibility per rule. */
  link: BaselineLink;
  changes: BaselineLinkChange[] | null;
}

export interface EnrollmentView {
  id: string;
  subjectId: string;
  siteCode: string;
  fhirPatientReference: string;
  protocolVersion: number;
  enrolledAt: string;
  baseline: BaselineView;
  writeBack: {
    status: 'pending' | 'done' | 'failed';
    reference: string | null;
    lastError: string | null;
  } | null;
}

export interface EnrollmentSummary {
  subjectId: string;
  siteCode: string;
  enrolledAt: string;
  eligibility: 'passed' | 'failed' | 'needs-review';
  treatmentStart: { status: 'actual' | 'planned' | 'unknown'; at: string | null };
  blockingIssues: number;
  baselineVersion: number;
}

export interface SyncJobView {
  id: string;
  kind: string;
  status: string;
  subjectId: string | null;
  attempts: number;
  error: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function toBaselineView(link: BaselineLinkEntity): BaselineView {
  return {
    version: link.version,
    syncedAt: link.syncedAt.toISOString(),
    eligibility: link.eligibility,
    treatmentStart: { status: link.treatmentStartStatus, at: link.treatmentStart?.toISOString() ?? null },
    blockingIssues: link.blockingIssues,
    issues: link.link.issues,
    link: link.link,
    changes: link.changes,
  };
}

export function toEnrollmentView(
  enrollment: EnrollmentEntity,
  siteCode: string,
  link: BaselineLinkEntity,
  writeBack: FhirWriteBackEntity | null,
): EnrollmentView {
  return {
    id: enrollment.id,
    subjectId: enrollment.subjectId,
    siteCode,
    fhirPatientReference: enrollment.fhirPatientReference,
    protocolVersion: enrollment.protocolVersion,
    enrolledAt: enrollment.enrolledAt.toISOString(),
    baseline: toBaselineView(link),
    writeBack: writeBack
      ? { status: writeBack.status, reference: writeBack.fhirReference, lastError: writeBack.lastError }
      : null,
  };
}

export function toSyncJobView(job: SyncJobEntity, subjectId: string | null): SyncJobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    subjectId,
    attempts: job.attempts,
    error: job.error,
    result: job.result,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
