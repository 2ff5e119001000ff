import type { ResearchStudy } from '@medplum/fhirtypes';
import { fixtureTrial } from './testing/factories';
import {
  conditionalCreateRequest,
  INDICATION_CODINGS,
  PROTOCOL_VERSION_EXTENSION_URL,
  researchStudyFor,
  researchSubjectFor,
  transactionBundle,
} from './write-back';

const TRIAL_SYSTEM = 'https://hospital.example/fhir/NamingSystem/prospect-trial';
const SUBJECT_SYSTEM = 'https://hospital.example/fhir/NamingSystem/prospect-subject';

describe('researchStudyFor', () => {
  it('builds an active R4 ResearchStudy for the myeloma trial', () => {
    const trial = fixtureTrial('myeloma');
    expect(researchStudyFor(trial, 3, TRIAL_SYSTEM)).toStrictEqual({
      resourceType: 'ResearchStudy',
      extension: [{ url: PROTOCOL_VERSION_EXTENSION_URL, valueInteger: 3 }],
      identifier: [{ system: TRIAL_SYSTEM, value: 'MM-RAD-01' }],
      title: trial.title,
      status: 'active',
      condition: [
        {
          coding: [{ system: 'http://snomed.info/sct', code: '109989006', display: 'Multiple myeloma' }],
          text: 'Multiple myeloma',
        },
      ],
    });
  });

  it('codes breast cancer for the breast trial', () => {
    const study = researchStudyFor(fixtureTrial('breast'), 1, TRIAL_SYSTEM);
    expect(study.condition).toEqual([
      {
        coding: [
          { system: 'http://snomed.info/sct', code: '254837009', display: 'Malignant neoplasm of breast' },
        ],
        text: 'Malignant neoplasm of breast',
      },
    ]);
    expect(study.identifier).toEqual([{ system: TRIAL_SYSTEM, value: 'BC-PCR-02' }]);
  });

  it('writes no condition for other indications', () => {
    const study = researchStudyFor({ code: 'LU-01', title: 'Lung', indication: 'other' }, 1, TRIAL_SYSTEM);
    expect(study).not.toHaveProperty('condition');
  });

  it('does not share the coding object with the constant', () => {
    const study = researchStudyFor(fixtureTrial('myeloma'), 1, TRIAL_SYSTEM);
    expect(study.condition?.[0]?.coding?.[0]).not.toBe(INDICATION_CODINGS['multiple-myeloma']);
  });

  it.each<[string, () => ResearchStudy]>([
    [
      'a malformed trial code',
      () => researchStudyFor({ code: 'mm-1', title: 't', indication: 'other' }, 1, TRIAL_SYSTEM),
    ],
    ['protocol version 0', () => researchStudyFor(fixtureTrial('myeloma'), 0, TRIAL_SYSTEM)],
    ['a fractional protocol version', () => researchStudyFor(fixtureTrial('myeloma'), 1.5, TRIAL_SYSTEM)],
    ['a relative identifier system', () => researchStudyFor(fixtureTrial('myeloma'), 1, 'prospect-trial')],
  ])('rejects %s', (_name, build) => {
    expect(build).toThrow(RangeError);
  });
});

describe('researchSubjectFor', () => {
  it('builds an on-study R4 ResearchSubject with the pseudonymous id', () => {
    expect(
      researchSubjectFor(
        'ResearchStudy/rs1',
        'Patient/p1',
        'MM-RAD-01-HD01-0007',
        SUBJECT_SYSTEM,
        '2026-03-01T10:00:00+01:00',
      ),
    ).toStrictEqual({
      resourceType: 'ResearchSubject',
      identifier: [{ system: SUBJECT_SYSTEM, value: 'MM-RAD-01-HD01-0007' }],
      status: 'on-study',
      period: { start: '2026-03-01T09:00:00.000Z' },
      study: { reference: 'ResearchStudy/rs1' },
      individual: { reference: 'Patient/p1' },
    });
  });

  it('accepts references as objects, e.g. to a transaction entry', () => {
    const subject = researchSubjectFor(
      { reference: 'urn:uuid:6c1e4a0e-0000-4000-8000-000000000001' },
      { reference: 'Patient/p1', display: 'not copied from anywhere else' },
      'MM-RAD-01-HD01-0007',
      SUBJECT_SYSTEM,
      '2026-03-01',
    );
    expect(subject.study).toEqual({ reference: 'urn:uuid:6c1e4a0e-0000-4000-8000-000000000001' });
    expect(subject.period).toEqual({ start: '2026-03-01T00:00:00.000Z' });
  });

  it.each([
    ['an empty subject id', '', SUBJECT_SYSTEM, '2026-03-01'],
    ['a subject id with spaces', 'MM RAD', SUBJECT_SYSTEM, '2026-03-01'],
    ['a relative identifier system', 'MM-RAD-01-HD01-0007', 'subjects', '2026-03-01'],
    ['an unreadable enrollment time', 'MM-RAD-01-HD01-0007', SUBJECT_SYSTEM, '2026-03-01T10:00'],
  ])('rejects %s', (_name, subjectId, system, enrolledAt) => {
    expect(() =>
      researchSubjectFor('ResearchStudy/rs1', 'Patient/p1', subjectId, system, enrolledAt),
    ).toThrow(RangeError);
  });
});

describe('conditionalCreateRequest', () => {
  const study = researchStudyFor(fixtureTrial('myeloma'), 1, TRIAL_SYSTEM);

  it('creates only if no resource has the identifier', () => {
    expect(
      conditionalCreateRequest(study, study.identifier[0] as { system: string; value: string }),
    ).toStrictEqual({
      resource: study,
      request: {
        method: 'POST',
        url: 'ResearchStudy',
        ifNoneExist:
          'identifier=https%3A%2F%2Fhospital.example%2Ffhir%2FNamingSystem%2Fprospect-trial|MM-RAD-01',
      },
    });
  });

  it('sets a fullUrl when given', () => {
    const entry = conditionalCreateRequest(study, { system: TRIAL_SYSTEM, value: 'MM-RAD-01' }, 'urn:uuid:1');
    expect(entry.fullUrl).toBe('urn:uuid:1');
  });

  it('escapes FHIR search separators in the value', () => {
    const odd = { ...study, identifier: [{ system: TRIAL_SYSTEM, value: 'A|B,C$D\\E&F' }] };
    const entry = conditionalCreateRequest(odd, { system: TRIAL_SYSTEM, value: 'A|B,C$D\\E&F' });
    expect(entry.request?.ifNoneExist?.split('|')[1]).toBe('A%5C%7CB%5C%2CC%5C%24D%5C%5CE%26F');
  });

  it('refuses an identifier the resource does not carry, which would never match', () => {
    expect(() => conditionalCreateRequest(study, { system: TRIAL_SYSTEM, value: 'OTHER' })).toThrow(
      /does not carry identifier/,
    );
  });

  it('is idempotent to build', () => {
    const subject = researchSubjectFor(
      'ResearchStudy/rs1',
      'Patient/p1',
      'MM-RAD-01-HD01-0007',
      SUBJECT_SYSTEM,
      '2026-03-01',
    );
    const identifier = { system: SUBJECT_SYSTEM, value: 'MM-RAD-01-HD01-0007' };
    expect(conditionalCreateRequest(subject, identifier)).toEqual(
      conditionalCreateRequest(subject, identifier),
    );
  });
});

describe('transactionBundle', () => {
  it('wraps entries in a transaction', () => {
    const study = researchStudyFor(fixtureTrial('myeloma'), 1, TRIAL_SYSTEM);
    const entry = conditionalCreateRequest(
      study,
      { system: TRIAL_SYSTEM, value: 'MM-RAD-01' },
      'urn:uuid:study',
    );
    const subject = researchSubjectFor(
      'urn:uuid:study',
      'Patient/p1',
      'MM-RAD-01-HD01-0001',
      SUBJECT_SYSTEM,
      '2026-03-01',
    );
    const subjectEntry = conditionalCreateRequest(subject, {
      system: SUBJECT_SYSTEM,
      value: 'MM-RAD-01-HD01-0001',
    });
    expect(transactionBundle([entry, subjectEntry])).toEqual({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [entry, subjectEntry],
    });
  });
});
