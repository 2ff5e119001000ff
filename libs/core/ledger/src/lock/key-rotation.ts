import { canonicalJson } from '../canonical-json';
import {
  domainSeparated,
  importPrivateKey,
  keyIdOf,
  rawPublicKey,
  signBytes,
  tryKeyIdOf,
  verifyBytes,
  type PrivateKeyInput,
} from './keys';
import {
  keyRotationEntrySchema,
  LEDGER_ENTRY_FORMAT_VERSION,
  type KeyRotationEntry,
  type KeyRotationReason,
} from './lock-record';
import { parseOrThrow } from './parse';

/**
 * Key rotation, recorded in the log itself.
 *
 * Both keys sign the same message
 *   UTF-8( "prospect:key-rotation:v1\n" + RFC8785(<the entry without its two signatures>) ):
 * - the **new** key, proving its holder controls it (no one can announce a key they do not hold);
 * - the **previous** key (the one in force, named by `previousKeyId`), proving the hand-over was
 *   authorised by whoever could sign tree heads until now. Omitted only for reason `initial`,
 *   which records the trial's first key.
 *
 * The signatures authenticate the rotation when the entry is read on its own; inside the log the
 * entry is further protected by the signed, witness-cosigned tree heads that include it. Which key
 * signs a head is decided by position, not time: a head of size n is signed by the key of the
 * last key-rotation entry with index below n (so the head that first includes a rotation is
 * already signed by the new key).
 */
export const KEY_ROTATION_DOMAIN = 'prospect:key-rotation:v1\n';

type UnsignedKeyRotation = Omit<KeyRotationEntry, 'previousKeySignature' | 'newKeySignature'>;

function rotationSigningBytes(entry: UnsignedKeyRotation): Buffer {
  const { kind, formatVersion, trialCode, previousKeyId, newPublicKey, newKeyId, reason, effectiveAt } =
    entry;
  return domainSeparated(
    KEY_ROTATION_DOMAIN,
    canonicalJson({
      kind,
      formatVersion,
      trialCode,
      previousKeyId,
      newPublicKey,
      newKeyId,
      reason,
      effectiveAt,
    }),
  );
}

/**
 * Creates a signed `key-rotation` entry handing the trial over to `newPrivateKey`'s key.
 *
 * @param previousPrivateKey - the key in force, or `null` for the trial's first key (reason
 *   `initial`).
 * @throws {TypeError} when an argument is invalid, e.g. a previous key with reason `initial`.
 */
export function createKeyRotation(params: {
  trialCode: string;
  reason: KeyRotationReason;
  effectiveAt: string;
  newPrivateKey: PrivateKeyInput;
  previousPrivateKey: PrivateKeyInput | null;
}): KeyRotationEntry {
  const newKey = importPrivateKey(params.newPrivateKey);
  const previousKey = params.previousPrivateKey === null ? null : importPrivateKey(params.previousPrivateKey);
  const unsigned: UnsignedKeyRotation = {
    kind: 'key-rotation',
    formatVersion: LEDGER_ENTRY_FORMAT_VERSION,
    trialCode: params.trialCode,
    previousKeyId: previousKey === null ? null : keyIdOf(previousKey),
    newPublicKey: rawPublicKey(newKey),
    newKeyId: keyIdOf(newKey),
    reason: params.reason,
    effectiveAt: params.effectiveAt,
  };
  const message = rotationSigningBytes(unsigned);
  return parseOrThrow(
    keyRotationEntrySchema,
    {
      ...unsigned,
      previousKeySignature: previousKey === null ? null : signBytes(message, previousKey),
      newKeySignature: signBytes(message, newKey),
    },
    'key rotation',
  );
}

/**
 * Whether a `key-rotation` entry is well formed and carries valid signatures by its new key and,
 * unless it is the initial key, by `previousPublicKey`, the key in force before it (whose id must
 * equal `previousKeyId`). Pass `null` for an initial entry. Never throws.
 */
export function verifyKeyRotation(entry: unknown, previousPublicKey: unknown): boolean {
  try {
    const parsed = keyRotationEntrySchema.safeParse(entry);
    if (!parsed.success) return false;
    const rotation = parsed.data;
    const message = rotationSigningBytes(rotation);
    if (!verifyBytes(message, rotation.newKeySignature, rotation.newPublicKey)) return false;
    if (rotation.previousKeyId === null) return previousPublicKey === null;
    if (previousPublicKey === null || rotation.previousKeySignature === null) return false;
    return (
      tryKeyIdOf(previousPublicKey) === rotation.previousKeyId &&
      verifyBytes(message, rotation.previousKeySignature, previousPublicKey)
    );
  } catch {
    return false;
  }
}
