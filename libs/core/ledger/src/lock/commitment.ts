import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { decodeBase64url } from './keys';
import { parseOrThrow } from './parse';
import {
  LEDGER_ENTRY_FORMAT_VERSION,
  PREDICTION_COMMITMENT_ALGORITHM,
  predictionCommitmentSchema,
  predictionLockEntrySchema,
  predictionOpeningSchema,
  type Prediction,
  type PredictionCommitment,
  type PredictionLockEntry,
  type PredictionOpening,
} from './lock-record';

/**
 * Salted commitments to predictions (commit now, reveal at unblinding).
 *
 * digest = SHA-256( UTF-8( "prospect:prediction-commitment:v1\n"
 *                          + RFC8785({ explanation, predictedClass, probability, salt }) ) )
 *
 * - binding: finding a second opening with the same digest means a SHA-256 collision; canonical
 *   JSON gives every prediction exactly one byte string (probabilities in shortest round-trip
 *   form, so even a 1-ulp change alters the digest);
 * - hiding: the 256-bit random salt makes the digest useless for guessing the prediction, even
 *   though class and probability have few plausible values;
 * - the domain prefix keeps these digests apart from every other SHA-256 in the system (entry
 *   hashes, key ids, Merkle nodes), so a commitment can never be reinterpreted as one of them.
 */
export const PREDICTION_COMMITMENT_DOMAIN = 'prospect:prediction-commitment:v1\n';

/** Salt length in bytes (256 bits). */
export const PREDICTION_SALT_BYTES = 32;

/** A commitment and the opening that reveals it. */
export interface CommittedPrediction {
  /** Goes into the public log entry. */
  commitment: PredictionCommitment;
  /** Secret until unblinding; stored apart from the log. */
  opening: PredictionOpening;
}

function digestOf(opening: PredictionOpening): Buffer {
  const { salt, probability, predictedClass, explanation } = opening;
  return createHash('sha256')
    .update(PREDICTION_COMMITMENT_DOMAIN, 'utf8')
    .update(canonicalJson({ salt, probability, predictedClass, explanation }), 'utf8')
    .digest();
}

/**
 * Commits to a prediction with a fresh random 256-bit salt.
 *
 * @param salt - for tests only (known-answer vectors): 32 bytes as base64url. Production callers
 *   must omit it; a reused or guessable salt destroys hiding.
 * @throws {TypeError} when the prediction or salt is invalid (e.g. probability outside [0, 1]).
 */
export function commitPrediction(prediction: Prediction, salt?: string): CommittedPrediction {
  const opening = parseOrThrow(
    predictionOpeningSchema,
    { ...prediction, salt: salt ?? randomBytes(PREDICTION_SALT_BYTES).toString('base64url') },
    'prediction',
  );
  return {
    commitment: { algorithm: PREDICTION_COMMITMENT_ALGORITHM, digest: digestOf(opening).toString('hex') },
    opening,
  };
}

/**
 * Whether `opening` reveals `commitment`. Never throws: malformed input of either kind (unknown
 * members, wrong salt length, probability out of range, unknown algorithm) is `false`.
 */
export function verifyOpening(commitment: unknown, opening: unknown): boolean {
  try {
    const parsedCommitment = predictionCommitmentSchema.safeParse(commitment);
    const parsedOpening = predictionOpeningSchema.safeParse(opening);
    if (!parsedCommitment.success || !parsedOpening.success) return false;
    const salt = decodeBase64url(parsedOpening.data.salt);
    if (salt?.length !== PREDICTION_SALT_BYTES) return false;
    const expected = Buffer.from(parsedCommitment.data.digest, 'hex');
    return timingSafeEqual(expected, digestOf(parsedOpening.data));
  } catch {
    return false;
  }
}

/** The public fields of a prediction lock: everything except the commitment and the constants. */
export type PredictionLockFields = Omit<
  PredictionLockEntry,
  'kind' | 'formatVersion' | 'predictionCommitment'
>;

/**
 * Builds a validated `prediction-lock` entry and its opening in one step, so the logged commitment
 * is always computed from the prediction it claims to lock.
 *
 * @throws {TypeError} when a field is invalid (the message names it).
 */
export function lockPrediction(
  fields: PredictionLockFields,
  prediction: Prediction,
): { entry: PredictionLockEntry; opening: PredictionOpening } {
  const { commitment, opening } = commitPrediction(prediction);
  const entry = parseOrThrow(
    predictionLockEntrySchema,
    {
      ...fields,
      kind: 'prediction-lock',
      formatVersion: LEDGER_ENTRY_FORMAT_VERSION,
      predictionCommitment: commitment,
    },
    'prediction lock',
  );
  return { entry, opening };
}
