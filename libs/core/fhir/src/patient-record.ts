import type {
  Condition,
  ImagingStudy,
  MedicationAdministration,
  Observation,
  Patient,
  Procedure,
} from '@medplum/fhirtypes';

/**
 * Everything read from the hospital FHIR server for one patient, the only input of the mapping
 * functions. The caller fetches it (e.g. `Patient/$everything` or one search per type); this
 * library never does I/O, so the same record always maps to the same result.
 *
 * All resources are assumed to belong to `patient`; they are not re-checked here. Resources
 * other than the patient that lack an `id` are ignored by every rule, because a decision that
 * cannot cite its source cannot be audited; the patient's own id is cited as given (empty if
 * absent).
 *
 * @example
 * const record: PatientRecord = {
 *   patient: { resourceType: 'Patient', id: 'p1', birthDate: '1960-05-04' },
 *   conditions: [], observations: [], imagingStudies: [], medicationAdministrations: [], procedures: [],
 * };
 */
export interface PatientRecord {
  readonly patient: Patient;
  readonly conditions: readonly Condition[];
  readonly observations: readonly Observation[];
  readonly imagingStudies: readonly ImagingStudy[];
  readonly medicationAdministrations: readonly MedicationAdministration[];
  readonly procedures: readonly Procedure[];
}

/** The FHIR resource types a mapping decision can cite as its source. */
export type SourceResourceType =
  'Patient' | 'Condition' | 'Observation' | 'ImagingStudy' | 'MedicationAdministration' | 'Procedure';

/**
 * The resource a derived value came from, e.g. `{ resourceType: 'Observation', id: 'obs-7' }`, so
 * an auditor can open exactly the record behind each decision.
 */
export interface SourceRef {
  readonly resourceType: SourceResourceType;
  readonly id: string;
}

/**
 * A source reference in FHIR relative-reference form.
 *
 * @example
 * formatSourceRef({ resourceType: 'Observation', id: 'obs-7' }); // 'Observation/obs-7'
 */
export function formatSourceRef(source: SourceRef): string {
  return `${source.resourceType}/${source.id}`;
}
