import { BaselineLinkEntity } from './baseline-link.entity';
import { EnrollmentEntity } from './enrollment.entity';
import { FhirWriteBackEntity } from './fhir-write-back.entity';
import { PlannedTreatmentStartEntity } from './planned-treatment-start.entity';
import { SyncJobEntity } from './sync-job.entity';

export {
  BaselineLinkEntity,
  EnrollmentEntity,
  FhirWriteBackEntity,
  PlannedTreatmentStartEntity,
  SyncJobEntity,
};
export type { SyncJobKind, SyncJobStatus } from './sync-job.entity';

export const ENROLLMENT_ENTITIES = [
  EnrollmentEntity,
  BaselineLinkEntity,
  PlannedTreatmentStartEntity,
  FhirWriteBackEntity,
  SyncJobEntity,
];
