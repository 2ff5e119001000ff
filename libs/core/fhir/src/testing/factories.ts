// Test support only: not exported from the library index.
import { type Coding, EXAMPLE_TRIALS, type ExampleTrialName, type TrialDefinition } from '@prospect/domain';
import type {
  CodeableConcept,
  Condition,
  ImagingStudy,
  ImagingStudySeries,
  MedicationAdministration,
  Observation,
  Patient,
  Procedure,
} from '@medplum/fhirtypes';
import type { PatientRecord } from '../patient-record';

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const UCUM = 'http://unitsofmeasure.org';
export const LOCAL = 'http://prospect.example/codes';

/** Codings used across specs, matching the fixture protocols. */
export const CODES = {
  daratumumab: { system: RXNORM, code: '1789941', display: 'daratumumab' },
  paclitaxel: { system: RXNORM, code: '56946', display: 'paclitaxel' },
  chemotherapy: { system: SNOMED, code: '367336001', display: 'Chemotherapy' },
  myeloma: { system: SNOMED, code: '109989006', display: 'Multiple myeloma' },
  myelomaIcd: { system: 'http://fhir.de/CodeSystem/bfarm/icd-10-gm', code: 'C90.0' },
  breastCancer: { system: SNOMED, code: '254837009', display: 'Malignant neoplasm of breast' },
  wholeBody: { system: SNOMED, code: '38266002', display: 'Entire body as a whole' },
  breast: { system: SNOMED, code: '76752008', display: 'Breast structure' },
  brain: { system: SNOMED, code: '12738006', display: 'Brain structure' },
  egfr: { system: LOINC, code: '33914-3' },
  ldh: { system: LOINC, code: '2532-0' },
  issStage: { system: LOCAL, code: 'iss-stage' },
  cytoRisk: { system: LOCAL, code: 'cyto-risk' },
  erStatus: { system: LOINC, code: '16112-5' },
  her2Status: { system: LOINC, code: '48676-1' },
  ki67: { system: LOCAL, code: 'ki67-index' },
  positive: { system: SNOMED, code: '10828004', display: 'Positive' },
  issStageII: { system: LOCAL, code: 'iss-II', display: 'ISS stage II' },
} satisfies Record<string, Coding>;

/** A CodeableConcept holding the given codings. */
export function concept(...codings: Coding[]): CodeableConcept {
  return { coding: codings.map((coding) => ({ ...coding })) };
}

/** A 65-year-old (at March 2026) male patient; override any field. */
export function patient(overrides: Partial<Patient> = {}): Patient {
  return { resourceType: 'Patient', id: 'p1', birthDate: '1960-05-04', gender: 'male', ...overrides };
}

/** An empty record for {@link patient}; override any part. */
export function record(overrides: Partial<PatientRecord> = {}): PatientRecord {
  return {
    patient: patient(),
    conditions: [],
    observations: [],
    imagingStudies: [],
    medicationAdministrations: [],
    procedures: [],
    ...overrides,
  };
}

/** An active, confirmed multiple myeloma diagnosis from 2026-01-15. */
export function condition(overrides: Partial<Condition> = {}): Condition {
  return {
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/p1' },
    code: concept(CODES.myeloma),
    clinicalStatus: concept({
      system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
      code: 'active',
    }),
    verificationStatus: concept({
      system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
      code: 'confirmed',
    }),
    onsetDateTime: '2026-01-15',
    ...overrides,
  };
}

/** A clinical-status concept with the given code. */
export function clinicalStatus(code: string): CodeableConcept {
  return concept({ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code });
}

/** A verification-status concept with the given code. */
export function verificationStatus(code: string): CodeableConcept {
  return concept({ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code });
}

/** A final LDH of 250 U/L on 2026-03-01; override any field. */
export function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    subject: { reference: 'Patient/p1' },
    code: concept(CODES.ldh),
    effectiveDateTime: '2026-03-01T08:00:00Z',
    valueQuantity: { value: 250, unit: 'U/L', system: UCUM, code: 'U/L' },
    ...overrides,
  };
}

/** A completed daratumumab administration on 2026-03-10 08:00 UTC; override any field. */
export function administration(overrides: Partial<MedicationAdministration> = {}): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration',
    id: 'ma1',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    medicationCodeableConcept: concept(CODES.daratumumab),
    effectiveDateTime: '2026-03-10T08:00:00Z',
    ...overrides,
  };
}

/** A completed chemotherapy procedure on 2026-03-12 09:00 UTC; override any field. */
export function procedure(overrides: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    id: 'pr1',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    code: concept(CODES.chemotherapy),
    performedDateTime: '2026-03-12T09:00:00Z',
    ...overrides,
  };
}

/** A whole-body MR series; override any field. */
export function series(overrides: Partial<ImagingStudySeries> = {}): ImagingStudySeries {
  return {
    uid: '1.2.3.4.1',
    modality: { system: DCM, code: 'MR' },
    bodySite: { ...CODES.wholeBody },
    endpoint: [{ reference: 'Endpoint/series-wado' }],
    ...overrides,
  };
}

/** An available whole-body MR study on 2026-03-01 10:00 UTC with one series; override any field. */
export function imagingStudy(overrides: Partial<ImagingStudy> = {}): ImagingStudy {
  return {
    resourceType: 'ImagingStudy',
    id: 'img1',
    status: 'available',
    subject: { reference: 'Patient/p1' },
    identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:1.2.3.4' }],
    modality: [{ system: DCM, code: 'MR' }],
    started: '2026-03-01T10:00:00Z',
    endpoint: [{ reference: 'Endpoint/wado' }],
    series: [series()],
    ...overrides,
  };
}

/** A study-instance-UID identifier list. */
export function dicomUid(uid: string): ImagingStudy['identifier'] {
  return [{ system: 'urn:dicom:uid', value: `urn:oid:${uid}` }];
}

/** An example trial definition (`EXAMPLE_TRIALS` of `@prospect/domain`), as a copy free to change. */
export function fixtureTrial(name: ExampleTrialName): TrialDefinition {
  return structuredClone(EXAMPLE_TRIALS[name]);
}
