import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';

/**
 * Ed25519 keys of the prediction-lock log.
 *
 * Public keys travel in two interchangeable forms, and every function taking a public key accepts
 * either (or a `KeyObject`):
 * - **raw**: the 32-byte RFC 8032 public key, base64url without padding (43 characters); this is
 *   the form written into log entries (`key-rotation.newPublicKey`), because it is short and has
 *   exactly one spelling;
 * - **SPKI PEM** (`-----BEGIN PUBLIC KEY-----`), for tools such as `openssl`.
 *
 * Private keys are PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) or a `KeyObject`.
 *
 * A key id is the lowercase hex SHA-256 of the raw 32-byte public key: it names the key without
 * carrying it, and is the same whatever form the key was given in.
 */

/** A public key: base64url raw 32 bytes, SPKI PEM, or a `KeyObject` of type ed25519. */
export type PublicKeyInput = string | KeyObject;

/** A private key: PKCS#8 PEM or a `KeyObject` of type ed25519. */
export type PrivateKeyInput = string | KeyObject;

/** A freshly generated Ed25519 key pair, in the forms the log and operators need. */
export interface TrialKeyPair {
  /** Raw 32-byte public key, base64url without padding. Written into `key-rotation` entries. */
  publicKey: string;
  /** The same public key as SPKI PEM. */
  publicKeyPem: string;
  /** The private key as PKCS#8 PEM. Secret: keep it in the trial's key store, never in the log. */
  privateKeyPem: string;
  /** Lowercase hex SHA-256 of the raw public key. */
  keyId: string;
}

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;
const BASE64URL_64_BYTES = /^[A-Za-z0-9_-]{86}$/;

/** Ed25519 signatures are 64 bytes. */
export const ED25519_SIGNATURE_BYTES = 64;

/** Generates a trial signing key pair (Ed25519). */
export function generateTrialKeyPair(): TrialKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: rawPublicKey(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/**
 * Decodes base64url without padding, refusing anything that does not re-encode to the same text
 * (padding, stray characters, non-zero trailing bits), so every byte string has exactly one
 * spelling. Returns `null` when the text is not canonical base64url.
 */
export function decodeBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

/**
 * Imports a public key from any accepted form.
 *
 * @throws {TypeError} when the input is not an Ed25519 public key in one of the accepted forms.
 */
export function importPublicKey(key: PublicKeyInput): KeyObject {
  let imported: KeyObject;
  if (typeof key !== 'string') {
    imported = key.type === 'private' ? createPublicKey(key) : key;
  } else if (key.includes('-----BEGIN')) {
    if (!key.includes('-----BEGIN PUBLIC KEY-----')) {
      throw new TypeError('Expected an SPKI PEM public key (-----BEGIN PUBLIC KEY-----)');
    }
    imported = createPublicKey({ key, format: 'pem' });
  } else {
    const raw = BASE64URL_32_BYTES.test(key) ? decodeBase64url(key) : null;
    if (raw === null || raw.length !== 32) {
      throw new TypeError('Expected a raw Ed25519 public key: 32 bytes as base64url (43 characters)');
    }
    imported = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
  }
  if (imported.type !== 'public' || imported.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`Expected an Ed25519 public key, got ${imported.asymmetricKeyType ?? 'unknown'}`);
  }
  return imported;
}

/**
 * Imports a private key (PKCS#8 PEM or `KeyObject`).
 *
 * @throws {TypeError} when the input is not an Ed25519 private key.
 */
export function importPrivateKey(key: PrivateKeyInput): KeyObject {
  const imported = typeof key === 'string' ? createPrivateKey({ key, format: 'pem' }) : key;
  if (imported.type !== 'private' || imported.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('Expected an Ed25519 private key');
  }
  return imported;
}

/** The raw 32-byte public key, base64url, of a public key in any accepted form. */
export function rawPublicKey(key: PublicKeyInput): string {
  const jwk = importPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TypeError('Ed25519 public key without an x coordinate');
  return jwk.x;
}

/** The key id: lowercase hex SHA-256 of the raw 32-byte public key. */
export function keyIdOf(key: PublicKeyInput): string {
  const raw = Buffer.from(rawPublicKey(key), 'base64url');
  return createHash('sha256').update(raw).digest('hex');
}

/** Signs `message` with Ed25519 (pure, no pre-hash); returns the 64-byte signature as base64url. */
export function signBytes(message: Uint8Array, privateKey: PrivateKeyInput): string {
  return sign(null, message, importPrivateKey(privateKey)).toString('base64url');
}

/**
 * Verifies an Ed25519 signature (base64url, 64 bytes) over `message`. Never throws: a malformed key
 * or signature is simply not a valid signature.
 */
export function verifyBytes(message: Uint8Array, signature: unknown, publicKey: unknown): boolean {
  try {
    if (typeof signature !== 'string' || !BASE64URL_64_BYTES.test(signature)) return false;
    const signatureBytes = decodeBase64url(signature);
    if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return false;
    if (typeof publicKey !== 'string' && !isKeyObject(publicKey)) return false;
    return verify(null, message, importPublicKey(publicKey), signatureBytes);
  } catch {
    return false;
  }
}

/** {@link keyIdOf}, or `null` for anything that is not an Ed25519 public key. Never throws. */
export function tryKeyIdOf(key: unknown): string | null {
  try {
    return typeof key === 'string' || isKeyObject(key) ? keyIdOf(key) : null;
  } catch {
    return null;
  }
}

function isKeyObject(value: unknown): value is KeyObject {
  return value instanceof KeyObject;
}

/** Domain-separated message bytes: the UTF-8 of `prefix` followed by `canonical`. */
export function domainSeparated(prefix: string, canonical: string): Buffer {
  return Buffer.from(prefix + canonical, 'utf8');
}
