import { signal } from '@angular/core';
import type { TrialRole } from '@prospect/web-data-access';

/** A stand-in for TrialContextStore: the current trial and the user's roles in it. */
export function trialContextStub(roles: readonly TrialRole[], trialCode = 'MM-RAD-01') {
  const roleState = signal<readonly TrialRole[]>(roles);
  return {
    currentCode: signal<string | null>(trialCode),
    currentTrial: signal({
      id: 't',
      code: trialCode,
      title: 'Demo trial',
      indication: 'multiple-myeloma',
      createdAt: '2026-11-01T00:00:00Z',
      sites: [
        { code: 'HD01', name: 'Heidelberg' },
        { code: 'TU02', name: 'Tübingen' },
      ],
      protocolInForce: 1,
      latestProtocolVersion: 1,
    }),
    roles: roleState,
    hasRole: (...wanted: readonly TrialRole[]) => wanted.some((role) => roleState().includes(role)),
  };
}

/** A real receipt from the demo platform (MM-RAD-01, subject HD01-0001, entry 1 of 39). */
export const DEMO_RECEIPT = {
  type: 'prediction-lock-receipt',
  formatVersion: 1,
  trialCode: 'MM-RAD-01',
  leafIndex: 1,
  entry: {
    featureSettingsSha256: '4182a0cf6502517b8afd969c3f9537490ecc788a730bb919b43f35d2cec8d738',
    featuresSha256: '793b0fbb7427055e29d61f204b6ea880a6a345adeb5943542a98a09fa8c1b256',
    formatVersion: 1,
    imageSha256: 'd99037533cab70369fc951b46b834e5001556819a52c578e3f86ebde73fcd5a4',
    inputsSha256: '6a5a972e5f312dc066ce297d2889ae55b509b44598e2806a2b35ec8a3415ffcb',
    kind: 'prediction-lock',
    lockedAt: '2026-11-28T05:09:50.161Z',
    maskSha256: 'e1714c1c17e0005554b7a20037d8ddb5d131ac5a7cd3cd0388095d549ad1f6f4',
    modelSha256: '362bc039a2118b8f886fd564f564c144b9da1eff45191c1bd23a2de6500eac4d',
    predictionCommitment: {
      algorithm: 'sha256-salted-canonical-json',
      digest: 'f7dff938f8088750a342a4615ccc91e40567bfa6d3f01849deabced0120c12c8',
    },
    protocolVersion: 1,
    subjectId: 'MM-RAD-01-HD01-0001',
    threshold: 0.5,
    treatmentStartKnown: {
      at: null,
      source: null,
      status: 'unknown',
    },
    trialCode: 'MM-RAD-01',
  },
  inclusionProof: [
    '9b3081a8225a013a00750ff38a7a38dc258e4378774b0d0d2fc7511dde049c86',
    '9e331a375814f3cf59a7fdb8450a9a4c0cef1a8fa2b7fa7ec6e95900e7f724ca',
    'd31d91eabadac3a512cf790db73fe2a768f91f247bf9b0e7ddba956c25ef1399',
    'afd6478cc621f3dcc570a382547dd48f167e29caab1a88f80d06be71e3319399',
    '3465fdf9f3ebaeb484fba9a49d78520ffb17846228875e99fc566e1b9f0b1816',
    '6d1e0bd2498b44961b5aaa63f9866eff384126a8a8209c4120f321c9893ec86d',
  ],
  treeHead: {
    trialCode: 'MM-RAD-01',
    treeSize: 39,
    rootHash: 'd98ff2bc0a0cbab9bcc321d6ea4d129187bb9504b8ffc658a75431216e6c1a1e',
    timestamp: '2026-11-28T05:09:50.268Z',
    keyId: '009d15add7705960e84e714e43266a2d299d158eeb7e52c817417c70850d1652',
    signature: 'oeFZyxfXHwNExBpmYwzUp3MQ6XATdtKZmHIKXEOahzqa4pGg-vLJxVVvMFEI2RNpnWAFtFdCwTJOFrRs77odAg',
  },
  publicKey: 'KZ_i6TR_B29qoZ7CpB87LkUebQsUo2DkY_pOc98mF3E',
};

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

/** The element `selector` finds under `root`; throws (failing the test) when there is none. */
export function el<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}
