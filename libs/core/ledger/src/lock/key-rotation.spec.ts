import { generateTrialKeyPair } from './keys';
import { createKeyRotation, verifyKeyRotation } from './key-rotation';
import { entryBytes } from './lock-record';

describe('key rotation', () => {
  const first = generateTrialKeyPair();
  const second = generateTrialKeyPair();
  const intruder = generateTrialKeyPair();
  const initial = createKeyRotation({
    trialCode: 'MM-RAD-01',
    reason: 'initial',
    effectiveAt: '2026-01-01T00:00:00.000Z',
    newPrivateKey: first.privateKeyPem,
    previousPrivateKey: null,
  });
  const rotation = createKeyRotation({
    trialCode: 'MM-RAD-01',
    reason: 'scheduled',
    effectiveAt: '2026-06-01T00:00:00.000Z',
    newPrivateKey: second.privateKeyPem,
    previousPrivateKey: first.privateKeyPem,
  });

  it('records the initial key, signed by itself only', () => {
    expect(initial).toMatchObject({ previousKeyId: null, previousKeySignature: null, newKeyId: first.keyId });
    expect(initial.newPublicKey).toBe(first.publicKey);
    expect(verifyKeyRotation(initial, null)).toBe(true);
    expect(verifyKeyRotation(initial, first.publicKey)).toBe(false);
  });

  it('hands over from the previous key, signed by both keys', () => {
    expect(rotation).toMatchObject({ previousKeyId: first.keyId, newKeyId: second.keyId });
    expect(verifyKeyRotation(rotation, first.publicKey)).toBe(true);
    expect(verifyKeyRotation(rotation, first.publicKeyPem)).toBe(true);
    expect(entryBytes(rotation).length).toBeGreaterThan(0);
  });

  it('fails with another previous key, a changed field or swapped signatures', () => {
    expect(verifyKeyRotation(rotation, intruder.publicKey)).toBe(false);
    expect(verifyKeyRotation(rotation, null)).toBe(false);
    expect(verifyKeyRotation({ ...rotation, effectiveAt: '2026-06-02T00:00:00.000Z' }, first.publicKey)).toBe(
      false,
    );
    expect(verifyKeyRotation({ ...rotation, reason: 'custodian-change' }, first.publicKey)).toBe(false);
    expect(
      verifyKeyRotation(
        {
          ...rotation,
          previousKeySignature: rotation.newKeySignature,
          newKeySignature: rotation.previousKeySignature,
        },
        first.publicKey,
      ),
    ).toBe(false);
  });

  it('refuses a rotation to a key the signer does not hold', () => {
    // An intruder holding the previous key announces someone else's public key: no proof of possession.
    const forged = { ...rotation, newPublicKey: intruder.publicKey, newKeyId: intruder.keyId };
    expect(verifyKeyRotation(forged, first.publicKey)).toBe(false);
  });

  it('returns false, never throws, for malformed input', () => {
    expect(verifyKeyRotation(undefined, first.publicKey)).toBe(false);
    expect(verifyKeyRotation({ ...rotation, newKeySignature: 'AA' }, first.publicKey)).toBe(false);
    expect(verifyKeyRotation(rotation, 'garbage')).toBe(false);
  });

  it('refuses to create an initial rotation with a previous key', () => {
    expect(() =>
      createKeyRotation({
        trialCode: 'MM-RAD-01',
        reason: 'initial',
        effectiveAt: '2026-01-01T00:00:00.000Z',
        newPrivateKey: second.privateKeyPem,
        previousPrivateKey: first.privateKeyPem,
      }),
    ).toThrow(/previousKeyId/);
  });
});
