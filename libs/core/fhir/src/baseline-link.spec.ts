import type { Observation } from '@medplum/fhirtypes';
import {
  type BaselineLink,
  diffBaselineLinks,
  linkBaseline,
  treatmentStartMovedBefore,
} from './baseline-link';
import type { PatientRecord } from './patient-record';
import {
  administration,
  CODES,
  concept,
  condition,
  dicomUid,
  fixtureTrial,
  imagingStudy,
  observation,
  record,
  series,
  UCUM,
} from './testing/factories';
import type { TreatmentStartResult } from './treatment-start';

const PROTOCOL = fixtureTrial('myeloma').protocol;
const SCREENED = '2026-03-01T09:00:00Z';
const EVALUATED = '2026-03-12T10:00:00Z';

const egfr = (value: number, overrides: Partial<Observation> = {}) =>
  observation({
    id: 'egfr',
    code: concept(CODES.egfr),
    effectiveDateTime: '2026-02-20T08:00:00Z',
    valueQuantity: { value, system: UCUM, code: 'mL/min/{1.73_m2}' },
    ...overrides,
  });

const iss = observation({
  id: 'iss',
  code: concept(CODES.issStage),
  valueQuantity: undefined,
  valueCodeableConcept: concept(CODES.issStageII),
  effectiveDateTime: '2026-02-20',
});

function enrolled(overrides: Partial<PatientRecord> = {}): PatientRecord {
  return record({
    conditions: [condition()],
    observations: [egfr(60), iss, observation({ id: 'ldh' })],
    imagingStudies: [imagingStudy()],
    medicationAdministrations: [administration()],
    ...overrides,
  });
}

function link(patientRecord: PatientRecord, plannedTreatmentStart?: string | null): BaselineLink {
  return linkBaseline(patientRecord, PROTOCOL, {
    evaluatedAt: EVALUATED,
    screenedAt: SCREENED,
    plannedTreatmentStart,
  });
}

const MRI_REVIEW = {
  code: 'eligibility-needs-review',
  severity: 'blocking',
  message:
    'Exclusion rule "mri-contraindication" needs review: Does the patient have a contraindication to MRI ' +
    '(e.g. a non-MR-conditional implant)?',
  subject: 'rule:mri-contraindication',
};

describe('linkBaseline', () => {
  it('links a fully documented myeloma patient', () => {
    const result = link(enrolled());
    expect(result.treatmentStart).toMatchObject({ status: 'actual', at: '2026-03-10T08:00:00.000Z' });
    expect(result.imaging.selected).toMatchObject({ imagingStudyId: 'img1', studyInstanceUid: '1.2.3.4' });
    expect(result.covariates.at).toBe('2026-03-10T08:00:00.000Z');
    expect(result.covariates.values).toMatchObject({
      age: { value: 65 },
      sex: { coding: { code: 'male' } },
      iss_stage: { coding: CODES.issStageII },
      ldh: { value: 250 },
      cytogenetic_risk: null,
    });
    expect(result.eligibility).toMatchObject({ at: '2026-03-01T09:00:00.000Z', outcome: 'needs-review' });
    expect(result.issues).toEqual([MRI_REVIEW]);
  });

  it('uses a planned start until an actual one is recorded, and says so', () => {
    const result = link(enrolled({ medicationAdministrations: [] }), '2026-03-10');
    expect(result.treatmentStart).toEqual({
      status: 'planned',
      at: '2026-03-10T00:00:00.000Z',
      precision: 'day',
      source: null,
    });
    expect(result.imaging.selected?.daysBeforeTreatment).toBe(9);
    expect(result.covariates.at).toBe('2026-03-10T00:00:00.000Z');
    expect(result.issues.map((issue) => [issue.code, issue.severity])).toEqual([
      ['treatment-start-planned', 'warning'],
      ['eligibility-needs-review', 'blocking'],
    ]);
  });

  it('reads covariates at evaluation time and reports the unknown start once', () => {
    const result = link(enrolled({ medicationAdministrations: [] }));
    expect(result.treatmentStart).toEqual({ status: 'unknown' });
    expect(result.covariates.at).toBe('2026-03-12T10:00:00.000Z');
    expect(result.imaging.candidates[0]?.reason).toBe('treatment-start-unknown');
    expect(result.issues.map((issue) => issue.code)).toEqual([
      'treatment-start-unknown',
      'eligibility-needs-review',
    ]);
    expect(result.issues[0]?.message).toContain('of daratumumab or Chemotherapy');
  });

  it('collects issues from every step in order', () => {
    const result = link(
      record({
        patient: { resourceType: 'Patient', id: 'p9' },
        medicationAdministrations: [administration()],
        imagingStudies: [imagingStudy({ started: '2026-01-01T10:00:00Z' })],
      }),
    );
    expect(result.issues.map((issue) => `${issue.code} ${issue.subject ?? ''}`.trim())).toEqual([
      'imaging-outside-window ImagingStudy/img1',
      'covariate-missing covariate:age',
      'covariate-missing covariate:sex',
      'covariate-missing covariate:iss_stage',
      'eligibility-failed rule:multiple-myeloma',
    ]);
  });

  it('judges eligibility at evaluation time when no screening time is given', () => {
    const result = linkBaseline(enrolled(), PROTOCOL, { evaluatedAt: EVALUATED });
    expect(result.eligibility.at).toBe('2026-03-12T10:00:00.000Z');
  });

  it('throws on unreadable option times', () => {
    expect(() => linkBaseline(enrolled(), PROTOCOL, { evaluatedAt: 'now' })).toThrow(/Invalid evaluatedAt/);
    expect(() =>
      linkBaseline(enrolled(), PROTOCOL, { evaluatedAt: EVALUATED, screenedAt: '2026-03' }),
    ).toThrow(/Invalid screenedAt/);
    expect(() =>
      linkBaseline(record(), PROTOCOL, { evaluatedAt: EVALUATED, plannedTreatmentStart: 'soon' }),
    ).toThrow(/Invalid plannedStart/);
  });

  it('is deterministic', () => {
    expect(link(enrolled())).toEqual(link(enrolled()));
  });
});

describe('diffBaselineLinks', () => {
  it('finds nothing between equal links', () => {
    expect(diffBaselineLinks(link(enrolled()), link(enrolled()))).toEqual([]);
  });

  it('reports a corrected covariate value at its path', () => {
    const corrected = observation({
      id: 'ldh',
      status: 'corrected',
      valueQuantity: { value: 300, system: UCUM, code: 'U/L' },
    });
    const before = link(enrolled());
    const after = link(enrolled({ observations: [egfr(60), iss, corrected] }));
    expect(diffBaselineLinks(before, after)).toEqual([
      { path: 'covariates.values.ldh.value', before: 250, after: 300 },
    ]);
  });

  it('reports rule results by rule id and issues by code and subject', () => {
    const before = link(enrolled());
    const after = link(enrolled({ observations: [egfr(25), iss, observation({ id: 'ldh' })] }));
    expect(diffBaselineLinks(before, after)).toEqual([
      { path: 'eligibility.outcome', before: 'needs-review', after: 'failed' },
      { path: 'eligibility.rules[severe-renal-impairment].result', before: 'not-met', after: 'met' },
      {
        path: 'eligibility.rules[severe-renal-impairment].reason',
        before: 'Observation/egfr from 2026-02-20T08:00:00.000Z: 60 mL/min/{1.73_m2}, which is not < 30.',
        after: 'Observation/egfr from 2026-02-20T08:00:00.000Z: 25 mL/min/{1.73_m2}, which is < 30.',
      },
      {
        path: 'issues[eligibility-needs-review@rule:mri-contraindication]',
        before: MRI_REVIEW,
        after: undefined,
      },
      {
        path: 'issues[eligibility-failed@rule:severe-renal-impairment]',
        before: undefined,
        after: expect.objectContaining({ code: 'eligibility-failed' }) as unknown,
      },
    ]);
  });

  it('reports a planned start becoming actual', () => {
    const before = link(enrolled({ medicationAdministrations: [] }), '2026-03-10');
    const after = link(enrolled(), '2026-03-10');
    const changes = diffBaselineLinks(before, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: 'treatmentStart.status', before: 'planned', after: 'actual' },
        { path: 'treatmentStart.at', before: '2026-03-10T00:00:00.000Z', after: '2026-03-10T08:00:00.000Z' },
        { path: 'treatmentStart.precision', before: 'day', after: 'time' },
        {
          path: 'treatmentStart.source',
          before: null,
          after: { resourceType: 'MedicationAdministration', id: 'ma1' },
        },
        { path: 'treatmentStart.candidates', before: undefined, after: 1 },
        { path: 'covariates.at', before: '2026-03-10T00:00:00.000Z', after: '2026-03-10T08:00:00.000Z' },
        { path: 'imaging.selected.daysBeforeTreatment', before: 9, after: 214 / 24 },
        {
          path: 'issues[treatment-start-planned]',
          before: expect.objectContaining({ severity: 'warning' }) as unknown,
          after: undefined,
        },
      ]),
    );
  });

  it('reports a new imaging study by id and a changed selection', () => {
    const newer = imagingStudy({ id: 'img2', identifier: dicomUid('7.7'), started: '2026-03-08T10:00:00Z' });
    const before = link(enrolled());
    const after = link(enrolled({ imagingStudies: [imagingStudy(), newer] }));
    const changes = diffBaselineLinks(before, after);
    expect(changes.map((change) => change.path)).toEqual([
      'imaging.selected.imagingStudyId',
      'imaging.selected.started',
      'imaging.selected.studyInstanceUid',
      'imaging.selected.daysBeforeTreatment',
      'imaging.candidates[img2]',
    ]);
    expect(changes[4]).toMatchObject({
      before: undefined,
      after: { imagingStudyId: 'img2', reason: 'accepted' },
    });
  });

  it('reports a changed list of plain values whole', () => {
    const before = link(enrolled());
    const after = link(
      enrolled({ imagingStudies: [imagingStudy({ series: [series(), series({ uid: '1.2.3.4.2' })] })] }),
    );
    expect(diffBaselineLinks(before, after)).toEqual([
      {
        path: 'imaging.selected.seriesInstanceUids',
        before: ['1.2.3.4.1'],
        after: ['1.2.3.4.1', '1.2.3.4.2'],
      },
    ]);
  });

  it('ignores the order of rules, candidates and issues', () => {
    const before = link(
      enrolled({ imagingStudies: [imagingStudy(), imagingStudy({ id: 'img2', identifier: dicomUid('8') })] }),
    );
    const reordered: BaselineLink = {
      ...before,
      eligibility: { ...before.eligibility, rules: [...before.eligibility.rules].reverse() },
      imaging: { ...before.imaging, candidates: [...before.imaging.candidates].reverse() },
      issues: [...before.issues].reverse(),
    };
    expect(before.imaging.candidates).toHaveLength(2);
    expect(diffBaselineLinks(before, reordered)).toEqual([]);
  });

  it('reports a value that changes type whole', () => {
    const before = link(enrolled());
    const after = link(enrolled({ imagingStudies: [] }));
    expect(diffBaselineLinks(before, after)).toEqual(
      expect.arrayContaining([
        { path: 'imaging.selected', before: before.imaging.selected, after: null },
        { path: 'imaging.candidates[img1]', before: before.imaging.candidates[0], after: undefined },
      ]),
    );
  });
});

describe('treatmentStartMovedBefore', () => {
  const LOCK = '2026-03-09T12:00:00Z';
  const actual = (
    at: string,
    precision: 'day' | 'time' = 'time',
  ): { treatmentStart: TreatmentStartResult } => ({
    treatmentStart: {
      status: 'actual',
      at,
      precision,
      source: { resourceType: 'MedicationAdministration', id: 'ma1' },
      candidates: 1,
    },
  });
  const planned = (at: string): { treatmentStart: TreatmentStartResult } => ({
    treatmentStart: { status: 'planned', at, precision: 'time', source: null },
  });
  const unknown: { treatmentStart: TreatmentStartResult } = { treatmentStart: { status: 'unknown' } };

  it.each<
    [string, { treatmentStart: TreatmentStartResult }, { treatmentStart: TreatmentStartResult }, boolean]
  >([
    [
      'planned after the lock, given before it',
      planned('2026-03-10T08:00:00.000Z'),
      actual('2026-03-08T08:00:00.000Z'),
      true,
    ],
    ['unknown, then given before the lock', unknown, actual('2026-03-09T11:59:59.000Z'), true],
    [
      'given after the lock, corrected to before it',
      actual('2026-03-10T08:00:00.000Z'),
      actual('2026-03-08T08:00:00.000Z'),
      true,
    ],
    ['given exactly at the lock', unknown, actual('2026-03-09T12:00:00.000Z'), false],
    ['given after the lock', planned('2026-03-10T08:00:00.000Z'), actual('2026-03-10T08:00:00.000Z'), false],
    [
      'already known to be before the lock',
      actual('2026-03-08T08:00:00.000Z'),
      actual('2026-03-07T08:00:00.000Z'),
      false,
    ],
    [
      'a plan moved before the lock',
      planned('2026-03-10T08:00:00.000Z'),
      planned('2026-03-08T08:00:00.000Z'),
      false,
    ],
    ['no longer known', actual('2026-03-10T08:00:00.000Z'), unknown, false],
    ['given date-only on the lock day', unknown, actual('2026-03-09T00:00:00.000Z', 'day'), true],
  ])('%s: %s', (_name, before, after, moved) => {
    expect(treatmentStartMovedBefore(LOCK, before, after)).toBe(moved);
  });

  it('accepts whole links', () => {
    const before = link(enrolled({ medicationAdministrations: [] }), '2026-03-10');
    const after = link(enrolled());
    expect(treatmentStartMovedBefore('2026-03-10T09:00:00+01:00', before, after)).toBe(false);
    expect(treatmentStartMovedBefore('2026-03-10T10:00:00+01:00', before, after)).toBe(true);
  });

  it('throws on an unreadable lock time', () => {
    expect(() => treatmentStartMovedBefore('yesterday', unknown, unknown)).toThrow(/Invalid lockedAt/);
  });
});
