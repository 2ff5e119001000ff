import type { ProtocolApprovalEntity, ProtocolVersionEntity, TrialEntity } from './entities';
import { signedProtocolRecord, toProtocolVersionView, toTrialView } from './trial-views';

const version = (overrides: Partial<ProtocolVersionEntity> = {}): ProtocolVersionEntity =>
  ({
    id: 'v-1',
    trialId: 't-1',
    version: 1,
    content: { decisionThreshold: 0.5 },
    contentSha256: 'a'.repeat(64),
    endpointType: 'mrd',
    decisionThreshold: 0.5,
    plannedSampleSize: 100,
    amendmentReason: null,
    createdAt: new Date('2026-11-01T10:00:00Z'),
    createdBy: 'u-1',
    ...overrides,
  }) as ProtocolVersionEntity;

const approval: ProtocolApprovalEntity = {
  id: 'a-1',
  protocolVersionId: 'v-1',
  signatureId: 's-1',
  approvedAt: new Date('2026-11-02T09:00:00Z'),
  approvedBy: 'u-2',
};

describe('protocol version status', () => {
  it('is approved once signed, whatever came after', () => {
    expect(toProtocolVersionView(version(), approval, 3).status).toBe('approved');
  });

  it('is a draft while it is the latest unapproved version, superseded once a newer one exists', () => {
    expect(toProtocolVersionView(version({ version: 2 }), undefined, 2).status).toBe('draft');
    expect(toProtocolVersionView(version({ version: 2 }), undefined, 3).status).toBe('superseded');
  });

  it('carries the approval with UTC times', () => {
    expect(toProtocolVersionView(version(), approval, 1).approval).toEqual({
      approvedAt: '2026-11-02T09:00:00.000Z',
      approvedBy: 'u-2',
      signatureId: 's-1',
    });
  });
});

describe('trial view', () => {
  const trial = {
    id: 't-1',
    code: 'MM-RAD-01',
    title: 'T',
    indication: 'multiple-myeloma',
    createdAt: new Date(0),
    createdBy: 'u',
  } as TrialEntity;

  it('puts the newest approved version in force, even when a newer draft exists', () => {
    const view = toTrialView(
      trial,
      [],
      [
        { version: 1, approved: true },
        { version: 2, approved: true },
        { version: 3, approved: false },
      ],
    );
    expect(view).toMatchObject({ protocolInForce: 2, latestProtocolVersion: 3 });
  });

  it('has nothing in force before the first approval', () => {
    expect(toTrialView(trial, [], [{ version: 1, approved: false }])).toMatchObject({
      protocolInForce: null,
      latestProtocolVersion: 1,
    });
    expect(toTrialView(trial, [], [])).toMatchObject({ protocolInForce: null, latestProtocolVersion: null });
  });
});

describe('signed protocol record', () => {
  it('binds the trial code, version number, content hash and content, so a signature cannot move to another version', () => {
    const one = signedProtocolRecord('MM-RAD-01', version());
    expect(one).toEqual({
      recordType: 'protocol-version',
      trialCode: 'MM-RAD-01',
      version: 1,
      contentSha256: 'a'.repeat(64),
      content: { decisionThreshold: 0.5 },
      amendmentReason: null,
      createdAt: '2026-11-01T10:00:00.000Z',
      createdBy: 'u-1',
    });
    expect(signedProtocolRecord('MM-RAD-01', version({ version: 2 }))).not.toEqual(one);
    expect(signedProtocolRecord('BC-PCR-02', version())).not.toEqual(one);
  });
});
