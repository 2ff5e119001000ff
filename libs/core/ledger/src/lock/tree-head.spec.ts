import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { generateTrialKeyPair } from './keys';
import {
  cosignTreeHead,
  signTreeHead,
  treeHeadSigningBytes,
  verifyCosignature,
  verifyTreeHead,
  type SignedTreeHead,
  type TreeHead,
} from './tree-head';

const log = generateTrialKeyPair();
const other = generateTrialKeyPair();
const dmc = generateTrialKeyPair();

const head: TreeHead = {
  trialCode: 'MM-RAD-01',
  treeSize: 17,
  rootHash: '9'.repeat(64),
  timestamp: '2026-03-01T10:00:00.000Z',
  keyId: log.keyId,
};

describe('signed tree heads', () => {
  const signed = signTreeHead(head, log.privateKeyPem);

  it('verifies with the log key, as raw base64url, SPKI PEM or KeyObject', () => {
    expect(Buffer.from(signed.signature, 'base64url')).toHaveLength(64);
    expect(verifyTreeHead(signed, log.publicKey)).toBe(true);
    expect(verifyTreeHead(signed, log.publicKeyPem)).toBe(true);
    expect(verifyTreeHead(signed, createPublicKey(log.publicKeyPem))).toBe(true);
  });

  it('signs the documented domain-separated canonical bytes', () => {
    expect(treeHeadSigningBytes(head).toString('utf8')).toBe(
      `prospect:tree-head:v1\n{"keyId":"${log.keyId}","rootHash":"${'9'.repeat(64)}",` +
        `"timestamp":"2026-03-01T10:00:00.000Z","treeSize":17,"trialCode":"MM-RAD-01"}`,
    );
  });

  it.each<[string, Partial<SignedTreeHead>]>([
    ['trialCode', { trialCode: 'MM-RAD-02' }],
    ['treeSize', { treeSize: 18 }],
    ['rootHash', { rootHash: '8'.repeat(64) }],
    ['timestamp', { timestamp: '2026-03-01T10:00:00.001Z' }],
    ['keyId', { keyId: other.keyId }],
  ])('fails when %s changes', (_field, change) => {
    expect(verifyTreeHead({ ...signed, ...change }, log.publicKey)).toBe(false);
  });

  it('fails with the wrong key', () => {
    expect(verifyTreeHead(signed, other.publicKey)).toBe(false);
    // Even a head that names the other key's id: the signature is still the log key's.
    expect(verifyTreeHead({ ...signed, keyId: other.keyId }, other.publicKey)).toBe(false);
  });

  it('returns false, never throws, for malformed keys, signatures and heads', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    for (const key of [undefined, null, 42, '', 'garbage', `${log.publicKey}A`, log.privateKeyPem, rsa, {}]) {
      expect(verifyTreeHead(signed, key)).toBe(false);
    }
    const badSignatures = [
      '',
      'AAAA',
      signed.signature.slice(0, -2),
      `${signed.signature}==`,
      Buffer.alloc(64).toString('base64url'),
      Buffer.alloc(65, 1).toString('base64url'),
      42,
      null,
    ];
    for (const signature of badSignatures) {
      expect(verifyTreeHead({ ...signed, signature }, log.publicKey)).toBe(false);
    }
    for (const bad of [null, 'head', [], { ...signed, extra: true }, { ...signed, treeSize: -1 }]) {
      expect(verifyTreeHead(bad, log.publicKey)).toBe(false);
    }
  });

  it('refuses to sign a head naming another key, or an invalid head', () => {
    expect(() => signTreeHead({ ...head, keyId: other.keyId }, log.privateKeyPem)).toThrow(/keyId/);
    expect(() => signTreeHead({ ...head, rootHash: 'xyz' }, log.privateKeyPem)).toThrow(/rootHash/);
  });
});

describe('witness cosignatures', () => {
  const signed = signTreeHead(head, log.privateKeyPem);
  const now = new Date('2026-03-01T10:05:00.000Z');
  const cosignature = cosignTreeHead(signed, 'dmc', dmc.privateKeyPem, { now });

  it('records witness, key id and time, and verifies with the witness key', () => {
    expect(cosignature).toMatchObject({ witness: 'dmc', keyId: dmc.keyId, timestamp: now.toISOString() });
    expect(verifyCosignature(signed, cosignature, dmc.publicKey)).toBe(true);
    expect(verifyCosignature(signed, cosignature, dmc.publicKeyPem)).toBe(true);
  });

  it('fails for another head, witness name, time, or key', () => {
    expect(verifyCosignature({ ...signed, treeSize: 18 }, cosignature, dmc.publicKey)).toBe(false);
    expect(verifyCosignature(signed, { ...cosignature, witness: 'sponsor' }, dmc.publicKey)).toBe(false);
    expect(
      verifyCosignature(signed, { ...cosignature, timestamp: '2026-03-01T10:06:00.000Z' }, dmc.publicKey),
    ).toBe(false);
    expect(verifyCosignature(signed, cosignature, log.publicKey)).toBe(false);
    expect(verifyCosignature(signed, { ...cosignature, keyId: log.keyId }, log.publicKey)).toBe(false);
  });

  it('is not interchangeable with the log signature (distinct domains)', () => {
    const selfCosigned = cosignTreeHead(signed, 'log', log.privateKeyPem, { now });
    expect(verifyTreeHead({ ...signed, signature: selfCosigned.signature }, log.publicKey)).toBe(false);
    expect(verifyCosignature(signed, { ...selfCosigned, signature: signed.signature }, log.publicKey)).toBe(
      false,
    );
  });

  it('returns false, never throws, for malformed input', () => {
    expect(verifyCosignature(null, cosignature, dmc.publicKey)).toBe(false);
    expect(verifyCosignature(signed, null, dmc.publicKey)).toBe(false);
    expect(verifyCosignature(signed, cosignature, 'garbage')).toBe(false);
    expect(verifyCosignature(signed, { ...cosignature, signature: 'AA' }, dmc.publicKey)).toBe(false);
  });

  it('refuses a blank witness name', () => {
    expect(() => cosignTreeHead(signed, '  ', dmc.privateKeyPem)).toThrow(/witness/);
  });
});
