import { createHash } from 'node:crypto';
import { commitPrediction, lockPrediction, verifyOpening, type PredictionLockFields } from './commitment';
import { parseLedgerEntry, type PredictionOpening } from './lock-record';

/** The next larger double (1 ulp up), for positive finite `value`. */
function nextUp(value: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

const prediction = {
  probability: 0.7312,
  predictedClass: 1 as const,
  explanation: { method: 'shap', contributions: [{ feature: 'glcm_contrast', value: 0.12 }] },
};
const fixedSalt = Buffer.alloc(32, 0xab).toString('base64url');

describe('commitPrediction / verifyOpening', () => {
  const { commitment, opening } = commitPrediction(prediction);

  it('produces an opening that verifies', () => {
    expect(commitment.algorithm).toBe('sha256-salted-canonical-json');
    expect(commitment.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(opening.salt, 'base64url')).toHaveLength(32);
    expect(verifyOpening(commitment, opening)).toBe(true);
  });

  it('matches the documented construction (known-answer with an injected salt)', () => {
    const fixed = commitPrediction(prediction, fixedSalt);
    const expected = createHash('sha256')
      .update(
        'prospect:prediction-commitment:v1\n' +
          `{"explanation":{"contributions":[{"feature":"glcm_contrast","value":0.12}],"method":"shap"},` +
          `"predictedClass":1,"probability":0.7312,"salt":"${fixedSalt}"}`,
        'utf8',
      )
      .digest('hex');
    expect(fixed.commitment.digest).toBe(expected);
  });

  it('does not depend on the member order of the explanation', () => {
    const reordered = {
      ...prediction,
      explanation: { contributions: [{ value: 0.12, feature: 'glcm_contrast' }], method: 'shap' },
    };
    expect(commitPrediction(reordered, fixedSalt).commitment).toEqual(
      commitPrediction(prediction, fixedSalt).commitment,
    );
  });

  it.each<[string, (o: PredictionOpening) => PredictionOpening]>([
    ['the probability by 1 ulp', (o) => ({ ...o, probability: nextUp(o.probability) })],
    ['the predicted class', (o) => ({ ...o, predictedClass: 0 })],
    ['the explanation', (o) => ({ ...o, explanation: { ...(o.explanation as object), method: 'lime' } })],
    ['a nested explanation value', (o) => ({ ...o, explanation: { method: 'shap', contributions: [] } })],
    [
      'the salt by one bit',
      (o) => {
        const salt = Buffer.from(o.salt, 'base64url');
        salt[0] = (salt[0] ?? 0) ^ 1;
        return { ...o, salt: salt.toString('base64url') };
      },
    ],
  ])('fails when %s changes', (_label, change) => {
    const changed = change(opening);
    expect(changed).not.toEqual(opening);
    expect(verifyOpening(commitment, changed)).toBe(false);
  });

  it('gives two different commitments for the same prediction (random salt)', () => {
    const again = commitPrediction(prediction);
    expect(again.commitment.digest).not.toBe(commitment.digest);
    expect(again.opening.salt).not.toBe(opening.salt);
    expect(verifyOpening(commitment, again.opening)).toBe(false);
  });

  it('returns false, never throws, for malformed commitments or openings', () => {
    expect(verifyOpening(null, opening)).toBe(false);
    expect(verifyOpening(commitment, undefined)).toBe(false);
    expect(verifyOpening({ ...commitment, algorithm: 'sha256' }, opening)).toBe(false);
    expect(verifyOpening({ ...commitment, digest: commitment.digest.slice(2) }, opening)).toBe(false);
    expect(verifyOpening(commitment, { ...opening, salt: 'AAAA' })).toBe(false);
    expect(verifyOpening(commitment, { ...opening, extra: 1 })).toBe(false);
    expect(verifyOpening(commitment, { ...opening, probability: Number.NaN })).toBe(false);
  });

  it('refuses to commit to an invalid prediction, naming the field', () => {
    expect(() => commitPrediction({ ...prediction, probability: 1.01 })).toThrow(/probability/);
    expect(() => commitPrediction(prediction, 'too-short')).toThrow(/salt/);
  });
});

describe('lockPrediction', () => {
  const fields: PredictionLockFields = {
    trialCode: 'MM-RAD-01',
    protocolVersion: 1,
    subjectId: 'MM-RAD-01-HD01-0001',
    modelSha256: '1'.repeat(64),
    imageSha256: '2'.repeat(64),
    maskSha256: '3'.repeat(64),
    featuresSha256: '4'.repeat(64),
    inputsSha256: '5'.repeat(64),
    featureSettingsSha256: '6'.repeat(64),
    threshold: 0.5,
    lockedAt: '2026-03-01T09:30:00.000Z',
    treatmentStartKnown: { at: null, status: 'unknown', source: null },
  };

  it('builds a valid entry whose commitment the opening reveals, with no prediction in it', () => {
    const { entry, opening } = lockPrediction(fields, prediction);
    expect(parseLedgerEntry(entry).ok).toBe(true);
    expect(verifyOpening(entry.predictionCommitment, opening)).toBe(true);
    const text = JSON.stringify(entry);
    expect(text).not.toMatch(/"(probability|predictedClass|explanation|salt)"|0\.7312/);
  });

  it('refuses invalid fields, naming them', () => {
    expect(() => lockPrediction({ ...fields, lockedAt: '2026-03-01' }, prediction)).toThrow(/lockedAt/);
  });
});
