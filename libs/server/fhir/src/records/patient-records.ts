import type {
  Bundle,
  Condition,
  ImagingStudy,
  MedicationAdministration,
  Observation,
  Patient,
  Procedure,
  Reference,
} from '@medplum/fhirtypes';
import type { PatientRecord } from '@prospect/fhir-mapping';
import type { FhirGateway } from '../gateway';

/** The resources that point at their patient, and the search parameter that does. */
const LINKED = [
  'Condition:subject',
  'Observation:subject',
  'ImagingStudy:subject',
  'MedicationAdministration:subject',
  'Procedure:subject',
] as const;

/** Patients per search: the `_id` list must fit in a URL (50 × 64 characters is well inside 8 kB). */
export const PATIENTS_PER_SEARCH = 50;

/**
 * Reads the records of many patients with one search per batch of patients
 * (`Patient?_id=a,b,…&_revinclude=Condition:subject&…`), so the number of HTTP requests grows with
 * patients / batch size (plus paging), not with the number of resources.
 * Patients the server does not have are absent from the result.
 */
export async function readPatientRecords(
  gateway: FhirGateway,
  patientIds: readonly string[],
  batchSize = PATIENTS_PER_SEARCH,
): Promise<Map<string, PatientRecord>> {
  const records = new Map<string, PatientRecord>();
  const unique = [...new Set(patientIds)];
  for (let start = 0; start < unique.length; start += batchSize) {
    const batch = unique.slice(start, start + batchSize);
    const bundle = await gateway.search('Patient', {
      _id: batch.join(','),
      _revinclude: [...LINKED],
      _count: String(batch.length),
    });
    for (const [id, record] of groupByPatient(bundle)) records.set(id, record);
  }
  return records;
}

/** One patient's record (one search). */
export async function readPatientRecord(
  gateway: FhirGateway,
  patientId: string,
): Promise<PatientRecord | null> {
  return (await readPatientRecords(gateway, [patientId])).get(patientId) ?? null;
}

/** Splits a search bundle of patients and their revincluded resources into one record per patient. */
export function groupByPatient(bundle: Bundle): Map<string, PatientRecord> {
  const records = new Map<string, MutableRecord>();
  const resources = (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
  for (const resource of resources) {
    if (resource.resourceType === 'Patient' && resource.id) records.set(resource.id, emptyRecord(resource));
  }
  for (const resource of resources) {
    if (resource.resourceType === 'Patient') continue;
    const patientId = patientIdOf((resource as { subject?: Reference }).subject);
    const record = patientId ? records.get(patientId) : undefined;
    if (!record) continue;
    switch (resource.resourceType) {
      case 'Condition':
        record.conditions.push(resource);
        break;
      case 'Observation':
        record.observations.push(resource);
        break;
      case 'ImagingStudy':
        record.imagingStudies.push(resource);
        break;
      case 'MedicationAdministration':
        record.medicationAdministrations.push(resource);
        break;
      case 'Procedure':
        record.procedures.push(resource);
        break;
      default:
        break;
    }
  }
  return new Map([...records].map(([id, record]) => [id, record]));
}

interface MutableRecord extends PatientRecord {
  readonly conditions: Condition[];
  readonly observations: Observation[];
  readonly imagingStudies: ImagingStudy[];
  readonly medicationAdministrations: MedicationAdministration[];
  readonly procedures: Procedure[];
}

function emptyRecord(patient: Patient): MutableRecord {
  return {
    patient,
    conditions: [],
    observations: [],
    imagingStudies: [],
    medicationAdministrations: [],
    procedures: [],
  };
}

/** `Patient/123`, `https://server/fhir/Patient/123` or `Patient/123/_history/2` → `123`. */
export function patientIdOf(reference: Reference | undefined): string | null {
  const text = reference?.reference;
  if (!text) return null;
  const match = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(text);
  return match?.[1] ?? null;
}
