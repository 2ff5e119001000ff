import { TRIAL_CODE_PATTERN } from '@prospect/domain';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json';
import {
  domainSeparated,
  keyIdOf,
  importPrivateKey,
  signBytes,
  tryKeyIdOf,
  verifyBytes,
  type PrivateKeyInput,
} from './keys';
import { sha256HexSchema, utcInstantSchema } from './lock-record';
import { parseOrThrow } from './parse';

/**
 * Signed tree heads of a trial's prediction-lock log, and witness cosignatures.
 *
 * The log key signs
 *   UTF-8( "prospect:tree-head:v1\n" + RFC8785({ keyId, rootHash, timestamp, treeSize, trialCode }) )
 * and a witness signs
 *   UTF-8( "prospect:tree-head-cosignature:v1\n"
 *          + RFC8785({ head: <the same unsigned head>, keyId, timestamp, witness }) )
 * i.e. the same head plus the witness's name, key id and own timestamp, so none of them can be
 * altered without invalidating the cosignature. The two prefixes differ, so a cosignature can
 * never pass as a tree-head signature (or the reverse) even if one key were used for both.
 *
 * `keyId` (SHA-256 of the raw public key) is inside the signed bytes: a head names the key that
 * signed it, and verification refuses a key whose id differs. Signatures are Ed25519 (RFC 8032,
 * pure), 64 bytes as base64url.
 */
export const TREE_HEAD_DOMAIN = 'prospect:tree-head:v1\n';
export const TREE_HEAD_COSIGNATURE_DOMAIN = 'prospect:tree-head-cosignature:v1\n';

/** The content of a tree head: what the log key signs. */
export const treeHeadSchema = z
  .object({
    trialCode: z.string().regex(TRIAL_CODE_PATTERN, 'Must be a trial code, e.g. "MM-RAD-01"'),
    treeSize: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** RFC 9162 Merkle tree hash (MTH) of the first `treeSize` entries, lowercase hex. */
    rootHash: sha256HexSchema,
    timestamp: utcInstantSchema,
    keyId: sha256HexSchema,
  })
  .strict();

/** A tree head with the log key's signature. */
export const signedTreeHeadSchema = treeHeadSchema.extend({ signature: z.string() }).strict();

/** A witness's countersignature of a signed tree head. */
export const cosignatureSchema = z
  .object({
    /** Who cosigned, e.g. "sponsor", "dmc", "regulator:bfarm". */
    witness: z.string().min(1).max(200).regex(/\S/, 'Must not be blank'),
    /** SHA-256 (hex) of the witness's raw public key. */
    keyId: sha256HexSchema,
    timestamp: utcInstantSchema,
    signature: z.string(),
  })
  .strict();

export type TreeHead = z.output<typeof treeHeadSchema>;
export type SignedTreeHead = z.output<typeof signedTreeHeadSchema>;
export type Cosignature = z.output<typeof cosignatureSchema>;

/** The message the log key signs for `head`. */
export function treeHeadSigningBytes(head: TreeHead): Buffer {
  const { trialCode, treeSize, rootHash, timestamp, keyId } = head;
  return domainSeparated(
    TREE_HEAD_DOMAIN,
    canonicalJson({ trialCode, treeSize, rootHash, timestamp, keyId }),
  );
}

function cosignatureSigningBytes(head: TreeHead, witness: string, keyId: string, timestamp: string): Buffer {
  const { trialCode, treeSize, rootHash, timestamp: headTimestamp, keyId: headKeyId } = head;
  return domainSeparated(
    TREE_HEAD_COSIGNATURE_DOMAIN,
    canonicalJson({
      head: { trialCode, treeSize, rootHash, timestamp: headTimestamp, keyId: headKeyId },
      witness,
      keyId,
      timestamp,
    }),
  );
}

/**
 * Signs a tree head with the trial's log key. `head.keyId` must be that key's id.
 *
 * @throws {TypeError} when the head is invalid or its keyId is not the signing key's.
 */
export function signTreeHead(head: TreeHead, privateKey: PrivateKeyInput): SignedTreeHead {
  const parsed = parseOrThrow(treeHeadSchema, head, 'tree head');
  const key = importPrivateKey(privateKey);
  if (keyIdOf(key) !== parsed.keyId) {
    throw new TypeError('Tree head keyId is not the id of the signing key');
  }
  return { ...parsed, signature: signBytes(treeHeadSigningBytes(parsed), key) };
}

/**
 * Whether `signedHead` is well formed, names `publicKey` as its key and carries a valid signature
 * by it. Never throws: malformed heads, keys or signatures are `false`.
 *
 * Checks the signature only; that the root hash matches the log, and that the head is consistent
 * with earlier heads, are Merkle-proof questions for the caller.
 */
export function verifyTreeHead(signedHead: unknown, publicKey: unknown): boolean {
  try {
    const parsed = signedTreeHeadSchema.safeParse(signedHead);
    if (!parsed.success || tryKeyIdOf(publicKey) !== parsed.data.keyId) return false;
    return verifyBytes(treeHeadSigningBytes(parsed.data), parsed.data.signature, publicKey);
  } catch {
    return false;
  }
}

/**
 * Countersigns a tree head as `witnessName`.
 *
 * This signs what it is given: before cosigning, a witness must check the log's signature
 * ({@link verifyTreeHead} with the trial key recorded in the log) and that the head is consistent
 * with the last head it cosigned (RFC 9162 consistency proof).
 *
 * @param options.now - the cosignature time (defaults to the current time); for tests.
 * @throws {TypeError} when the head or witness name is invalid.
 */
export function cosignTreeHead(
  signedHead: SignedTreeHead,
  witnessName: string,
  privateKey: PrivateKeyInput,
  options: { now?: Date } = {},
): Cosignature {
  const head = parseOrThrow(signedTreeHeadSchema, signedHead, 'signed tree head');
  const key = importPrivateKey(privateKey);
  const cosignature = parseOrThrow(
    cosignatureSchema,
    {
      witness: witnessName,
      keyId: keyIdOf(key),
      timestamp: (options.now ?? new Date()).toISOString(),
      signature: '',
    },
    'cosignature',
  );
  return {
    ...cosignature,
    signature: signBytes(
      cosignatureSigningBytes(head, cosignature.witness, cosignature.keyId, cosignature.timestamp),
      key,
    ),
  };
}

/**
 * Whether `cosignature` is a valid countersignature of `signedHead` by `witnessPublicKey`, for the
 * witness name and timestamp it states. Never throws: malformed input is `false`. Does not check
 * the log's own signature on the head; use {@link verifyTreeHead} for that.
 */
export function verifyCosignature(
  signedHead: unknown,
  cosignature: unknown,
  witnessPublicKey: unknown,
): boolean {
  try {
    const head = treeHeadSchema.safeParse(stripSignature(signedHead));
    const parsed = cosignatureSchema.safeParse(cosignature);
    if (!head.success || !parsed.success || tryKeyIdOf(witnessPublicKey) !== parsed.data.keyId) return false;
    const { witness, keyId, timestamp, signature } = parsed.data;
    return verifyBytes(
      cosignatureSigningBytes(head.data, witness, keyId, timestamp),
      signature,
      witnessPublicKey,
    );
  } catch {
    return false;
  }
}

function stripSignature(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { signature: _signature, ...head } = value as Record<string, unknown>;
  return head;
}
