import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { generateTrialKeyPair, importPublicKey, keyIdOf, rawPublicKey } from './keys';

/**
 * RFC 8032 §7.1 TEST 1: proves node:crypto's Ed25519 is the RFC primitive (pure Ed25519, no
 * pre-hash, `crypto.sign(null, ...)`).
 *
 * Importing a raw 32-byte secret key: node has no "raw" import for Ed25519 private keys, so the
 * seed is wrapped in the fixed PKCS#8 DER header of RFC 8410 §7
 *   30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 || seed
 * (SEQUENCE { version 0, AlgorithmIdentifier { id-Ed25519 1.3.101.112 }, OCTET STRING { OCTET
 * STRING seed } }). Raw public keys are imported as JWK { kty: 'OKP', crv: 'Ed25519', x }.
 */
describe('Ed25519 known answer (RFC 8032 §7.1 TEST 1)', () => {
  const secret = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
  const publicHex = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
  const signatureHex =
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
  const pkcs8Header = Buffer.from('302e020100300506032b657004220420', 'hex');
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Header, Buffer.from(secret, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });

  it('derives the RFC public key from the secret key', () => {
    expect(Buffer.from(rawPublicKey(privateKey), 'base64url').toString('hex')).toBe(publicHex);
  });

  it('signs the empty message to the RFC signature, and verifies it', () => {
    const signature = sign(null, Buffer.alloc(0), privateKey);
    expect(signature.toString('hex')).toBe(signatureHex);
    const publicKey = importPublicKey(Buffer.from(publicHex, 'hex').toString('base64url'));
    expect(verify(null, Buffer.alloc(0), publicKey, Buffer.from(signatureHex, 'hex'))).toBe(true);
  });

  it('also imports the private key as JWK { kty: OKP, crv: Ed25519, d, x }', () => {
    const jwkKey = createPrivateKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        d: Buffer.from(secret, 'hex').toString('base64url'),
        x: Buffer.from(publicHex, 'hex').toString('base64url'),
      },
      format: 'jwk',
    });
    expect(sign(null, Buffer.alloc(0), jwkKey).toString('hex')).toBe(signatureHex);
  });
});

describe('trial keys', () => {
  const pair = generateTrialKeyPair();

  it('gives raw, SPKI PEM and PKCS#8 PEM forms of one key, with one key id', () => {
    expect(pair.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.publicKeyPem).toContain('-----BEGIN PUBLIC KEY-----');
    expect(pair.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(pair.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(keyIdOf(pair.publicKeyPem)).toBe(pair.keyId);
    expect(keyIdOf(pair.publicKey)).toBe(pair.keyId);
    expect(keyIdOf(createPublicKey(pair.privateKeyPem))).toBe(pair.keyId);
    expect(rawPublicKey(pair.publicKeyPem)).toBe(pair.publicKey);
  });

  it('refuses keys that are not Ed25519 public keys', () => {
    expect(() => importPublicKey('not a key')).toThrow(TypeError);
    expect(() => importPublicKey(pair.privateKeyPem)).toThrow(/SPKI/);
    expect(() => importPublicKey(`${pair.publicKey.slice(0, -1)}B`)).toThrow(TypeError);
  });
});
