/** Enrollment fixtures for the enrollment specs (generic helpers are in src/testing). */

/** An enrollment with a planned start, one blocking and one warning issue. */
export const ENROLLMENT = {
  id: 'e-1',
  subjectId: 'MM-RAD-01-HD01-0009',
  siteCode: 'HD01',
  fhirPatientReference: 'Patient/p-9',
  protocolVersion: 1,
  enrolledAt: '2026-11-20T09:00:00.000Z',
  writeBack: { status: 'done', reference: 'ResearchSubject/r-9', lastError: null },
  baseline: {
    version: 2,
    syncedAt: '2026-11-21T09:00:00.000Z',
    eligibility: 'passed',
    treatmentStart: { status: 'planned', at: '2026-12-07T00:00:00.000Z' },
    blockingIssues: 1,
    issues: [
      {
        code: 'treatment-start-planned',
        severity: 'warning',
        message: 'Treatment start is only planned (2026-12-07).',
      },
      {
        code: 'covariate-missing',
        severity: 'blocking',
        message: 'Required covariate "iss_stage" has no value',
        subject: 'covariate:iss_stage',
      },
    ],
    link: {
      treatmentStart: { status: 'planned', at: '2026-12-07T00:00:00.000Z', precision: 'day', source: null },
      imaging: {
        rule: 'latest-before-treatment',
        issues: [],
        selected: {
          imagingStudyId: 'study-1',
          started: '2026-11-15T10:00:00.000Z',
          startedPrecision: 'time',
          studyInstanceUid: '2.25.1234',
          seriesInstanceUids: ['2.25.5678'],
          endpoints: [],
          modality: 'MR',
          bodySite: { system: 'http://snomed.info/sct', code: '38266002', display: 'Entire body as a whole' },
          daysBeforeTreatment: 21.6,
        },
        candidates: [
          {
            imagingStudyId: 'study-1',
            duplicateIds: [],
            studyInstanceUid: '2.25.1234',
            started: '2026-11-15T10:00:00.000Z',
            daysBeforeTreatment: 21.6,
            reason: 'accepted',
            detail: 'Within the window.',
          },
        ],
      },
      covariates: {
        at: '2026-12-07T00:00:00.000Z',
        issues: [],
        values: {
          age: {
            valueType: 'quantity',
            value: 63,
            unit: 'a',
            source: { resourceType: 'Patient', id: 'p-9' },
            effectiveAt: '2026-12-07T00:00:00.000Z',
          },
          iss_stage: null,
        },
      },
      eligibility: {
        at: '2026-11-20T09:00:00.000Z',
        outcome: 'passed',
        rules: [
          {
            ruleId: 'adult',
            kind: 'inclusion',
            result: 'met',
            reason: 'Age 63',
            evidence: [{ resourceType: 'Patient', id: 'p-9' }],
          },
        ],
      },
      issues: [],
    },
    changes: [{ path: 'treatmentStart.status', before: 'unknown', after: 'planned' }],
  },
};
