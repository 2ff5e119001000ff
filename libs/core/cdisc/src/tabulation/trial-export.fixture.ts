import type { ExportSubject, TrialExport } from './trial-export';

const hex = (character: string): string => character.repeat(64);

/** A treated, locked, per-protocol subject with an observed outcome; tests override fields. */
function subject(site: string, number: string, overrides: Partial<ExportSubject>): ExportSubject {
  return {
    subjectId: `MM-RAD-01-${site}-${number}`,
    site,
    sex: 'female',
    ageYears: 58,
    enrolledAt: '2027-01-10T08:00:00Z',
    withdrawal: null,
    treatmentStart: {
      at: '2027-01-15T09:00:00Z',
      source: 'MedicationAdministration',
      code: 'L01FC01',
      display: 'Daratumumab',
    },
    lock: {
      leafIndex: Number(number),
      lockedAt: '2027-01-14T17:00:00Z',
      probability: 0.4,
      predictedClass: 0,
      inputsSha256: hex('1'),
      imageSha256: hex('2'),
      modelSha256: hex('f'),
      commitmentDigest: hex('d'),
    },
    deviation: null,
    imagingOutsideWindow: false,
    outcome: {
      status: 'observed',
      value: 0,
      assessedAt: '2027-05-01T10:00:00Z',
      studyDay: 107,
      inWindow: true,
      source: 'fhir',
      detail: 'NGS, sensitivity 10^-5',
    },
    perProtocol: true,
    covariates: { ecog: 1, iss_stage: 'II' },
    ...overrides,
  };
}

/**
 * Synthetic MRD trial of 12 subjects covering withdrawal, deviations, blinding, procedures, a
 * missing outcome, missing age and sex, a subject never locked and non-ASCII free text.
 */
export const MRD_TRIAL: TrialExport = {
  studyId: 'MM-RAD-01',
  trialCode: 'MM-RAD-01',
  trialTitle: 'Prospective validation of a radiomics MRD predictor in multiple myeloma',
  indication: 'Multiple myeloma',
  sites: [
    { code: 'HD01', name: 'Universitaetsklinikum Heidelberg', country: 'DEU' },
    { code: 'MZ02', name: 'Universitaetsmedizin Mainz' },
  ],
  protocol: {
    version: '1.0',
    decisionThreshold: 0.5,
    endpoint: { type: 'mrd', positiveClass: 'MRD-negative', assessmentWindowDays: 120 },
    modelSha256: hex('f'),
    modelName: 'RadMM',
    modelVersion: '1.2.0',
  },
  subjects: [
    // Listed out of USUBJID order on purpose.
    subject('MZ02', '0012', {}),
    subject('HD01', '0001', {
      sex: 'male',
      ageYears: 63,
      enrolledAt: '2026-12-28T09:15:00Z',
      treatmentStart: {
        at: '2027-01-01T10:00:00Z',
        source: 'MedicationAdministration',
        code: 'L01FC01',
        display: 'Daratumumab',
      },
      lock: {
        leafIndex: 0,
        lockedAt: '2026-12-31T16:30:00Z',
        probability: 0.82,
        predictedClass: 1,
        inputsSha256: hex('a'),
        imageSha256: hex('b'),
        modelSha256: hex('f'),
        commitmentDigest: hex('c'),
      },
      outcome: {
        status: 'observed',
        value: 1,
        assessedAt: '2027-04-01T00:00:00Z',
        studyDay: 90,
        inWindow: true,
        source: 'fhir',
        detail: 'NGS, sensitivity 10^-5',
      },
      covariates: { ecog: 1, iss_stage: 'II' },
    }),
    subject('HD01', '0002', {
      sex: null,
      ageYears: null,
      treatmentStart: {
        at: '2027-01-15T09:00:00+02:00',
        source: 'Procedure',
        code: '8-805.0',
        display: 'Autologous stem cell transplantation',
      },
      lock: {
        leafIndex: 2,
        lockedAt: '2027-01-14T17:00:00.250Z',
        probability: null,
        predictedClass: null,
        inputsSha256: hex('1'),
        imageSha256: hex('2'),
        modelSha256: hex('e'),
        commitmentDigest: hex('d'),
      },
      outcome: {
        status: 'observed',
        value: 0,
        assessedAt: '2027-06-20',
        studyDay: 157,
        inWindow: false,
        source: 'assessor',
        detail: 'Befund: MRD positiv (Dr. Überprüfung)',
      },
      covariates: { ecog: null, iss_stage: 'III' },
    }),
    subject('HD01', '0003', {
      sex: 'other',
      withdrawal: { date: '2027-02-15T00:00:00Z', reason: 'Patient withdrew consent' },
      outcome: null,
      perProtocol: false,
      covariates: { ecog: 2 },
    }),
    subject('HD01', '0004', {
      treatmentStart: {
        at: '2027-01-04T08:00:00Z',
        source: 'MedicationAdministration',
        code: 'L01FC01',
        display: 'Daratumumab',
      },
      lock: {
        leafIndex: 4,
        lockedAt: '2027-01-05T12:00:00Z',
        probability: 0.55,
        predictedClass: 1,
        inputsSha256: hex('3'),
        imageSha256: hex('4'),
        modelSha256: hex('f'),
        commitmentDigest: hex('5'),
      },
      deviation: { kind: 'late-lock', reason: 'Prediction locked after treatment start' },
      imagingOutsideWindow: true,
      perProtocol: false,
    }),
    subject('HD01', '0005', {
      treatmentStart: null,
      lock: null,
      outcome: null,
      perProtocol: false,
      covariates: {},
    }),
    subject('HD01', '0006', {
      outcome: {
        status: 'missing',
        value: null,
        assessedAt: null,
        studyDay: null,
        inWindow: null,
        source: 'fhir',
        detail: '',
      },
    }),
    subject('HD01', '0007', {
      withdrawal: { date: '2027-03-01', reason: 'Lost to follow-up – verzogen nach Übersee' },
      outcome: null,
    }),
    subject('MZ02', '0008', { sex: 'male', ageYears: 71 }),
    subject('MZ02', '0009', { sex: 'unknown', ageYears: 49.5 }),
    subject('MZ02', '0010', {
      outcome: {
        status: 'adjudicated',
        value: 1,
        assessedAt: '2027-05-02T11:00:00Z',
        studyDay: 108,
        inWindow: true,
        source: 'adjudication',
        detail: 'Committee majority 2/3',
      },
    }),
    subject('MZ02', '0011', {
      treatmentStart: {
        at: '2027-01-15T09:00:00Z',
        source: 'Procedure',
        code: '8-522',
        display: 'Radiotherapy',
      },
    }),
  ],
};

/** The same trial with a pathologic complete response endpoint. */
export const PCR_TRIAL: TrialExport = {
  ...MRD_TRIAL,
  protocol: {
    ...MRD_TRIAL.protocol,
    endpoint: { type: 'pcr', positiveClass: 'pCR', assessmentWindowDays: 60 },
  },
};

/** The same trial with a sponsor-defined endpoint. */
export const OTHER_TRIAL: TrialExport = {
  ...MRD_TRIAL,
  protocol: {
    ...MRD_TRIAL.protocol,
    endpoint: { type: 'other', positiveClass: 'Response', assessmentWindowDays: 90 },
  },
};
