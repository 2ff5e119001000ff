import {
  LOCK_IDENTIFIER_SYSTEM,
  MODEL_SHA256_SYSTEM,
  provenanceForLock,
  riskAssessmentForLock,
  TREE_HEAD_IDENTIFIER_SYSTEM,
  treeHeadDocumentReference,
  type LockedPredictionFacts,
} from './lock-resources';

const facts: LockedPredictionFacts = {
  trialCode: 'MM-RAD-01',
  subjectId: 'MM-RAD-01-S01-0003',
  leafIndex: 7,
  patientReference: 'Patient/p-3',
  basis: ['ImagingStudy/img-3', 'Observation/ldh-3'],
  lockedAt: '2026-03-01T09:30:00.123Z',
  model: { name: 'mm-rad', version: '1.0.0', sha256: 'a'.repeat(64) },
  positiveClass: 'mrd-negative',
  probability: 0.6180339887,
  predictedClass: 1,
  threshold: 0.5,
  commitmentDigest: 'c'.repeat(64),
};

describe('riskAssessmentForLock', () => {
  it('records the lock as a final RiskAssessment with the model, basis and probability', () => {
    const resource = riskAssessmentForLock(facts, 'full');
    expect(resource).toMatchObject({
      resourceType: 'RiskAssessment',
      status: 'final',
      identifier: [{ system: LOCK_IDENTIFIER_SYSTEM, value: 'MM-RAD-01/7' }],
      subject: { reference: 'Patient/p-3' },
      occurrenceDateTime: '2026-03-01T09:30:00.123Z',
      method: { coding: [{ system: MODEL_SHA256_SYSTEM, code: 'a'.repeat(64) }] },
      basis: [{ reference: 'ImagingStudy/img-3' }, { reference: 'Observation/ldh-3' }],
    });
    expect(resource.prediction?.[0]?.probabilityDecimal).toBe(0.6180339887);
    expect(resource.prediction?.[0]?.outcome?.coding?.[0]?.code).toBe('mrd-negative');
    expect(resource.prediction?.[0]?.qualitativeRisk?.text).toBe('Predicted mrd-negative at threshold 0.5');
  });

  it('carries no probability or class in commitment-only mode', () => {
    const text = JSON.stringify(riskAssessmentForLock(facts, 'commitment-only'));
    expect(text).not.toContain('0.6180339887');
    expect(text).not.toContain('probabilityDecimal');
    expect(text).not.toContain('Predicted');
    expect(text).toContain('c'.repeat(64));
  });

  it('refuses malformed references, times and probabilities', () => {
    expect(() => riskAssessmentForLock({ ...facts, patientReference: 'p-3' }, 'full')).toThrow(RangeError);
    expect(() => riskAssessmentForLock({ ...facts, basis: ['../etc'] }, 'full')).toThrow(RangeError);
    expect(() => riskAssessmentForLock({ ...facts, lockedAt: 'yesterday' }, 'full')).toThrow(RangeError);
    expect(() => riskAssessmentForLock({ ...facts, probability: 1.5 }, 'full')).toThrow(RangeError);
  });
});

describe('provenanceForLock', () => {
  it('targets the RiskAssessment and carries the receipt as a base64 JSON signature', () => {
    const receipt = JSON.stringify({ type: 'prediction-lock-receipt', leafIndex: 7, note: 'µ✓' });
    const provenance = provenanceForLock('RiskAssessment/ra-1', facts, receipt);
    expect(provenance.target).toEqual([{ reference: 'RiskAssessment/ra-1' }]);
    expect(provenance.recorded).toBe('2026-03-01T09:30:00.123Z');
    expect(provenance.entity?.map((entity) => entity.what.reference)).toEqual([
      'ImagingStudy/img-3',
      'Observation/ldh-3',
    ]);
    const signature = provenance.signature?.[0];
    expect(signature?.sigFormat).toBe('application/json');
    expect(Buffer.from(signature?.data ?? '', 'base64').toString('utf8')).toBe(receipt);
  });
});

describe('treeHeadDocumentReference', () => {
  const head = {
    trialCode: 'MM-RAD-01',
    treeSize: 12,
    rootHash: 'a'.repeat(64),
    timestamp: '2026-03-02T00:00:00.000Z',
    keyId: 'b'.repeat(64),
    signature: 'c'.repeat(86),
  };

  it('publishes the signed head as a JSON attachment, identified by trial, size and time', () => {
    const document = treeHeadDocumentReference(head, 'ResearchStudy/rs-1');
    expect(document).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      identifier: [{ system: TREE_HEAD_IDENTIFIER_SYSTEM, value: 'MM-RAD-01/12/2026-03-02T00:00:00.000Z' }],
      context: { related: [{ reference: 'ResearchStudy/rs-1' }] },
    });
    const attachment = document.content[0]?.attachment;
    expect(attachment?.contentType).toBe('application/json');
    expect(JSON.parse(Buffer.from(attachment?.data ?? '', 'base64').toString('utf8'))).toEqual(head);
  });

  it('refuses a malformed timestamp', () => {
    expect(() => treeHeadDocumentReference({ ...head, timestamp: 'soon' })).toThrow(RangeError);
  });
});
