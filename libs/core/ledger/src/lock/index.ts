/**
 * Prediction locks: commit-then-reveal log entries, signed tree heads, witness cosignatures and
 * key rotation for a trial's append-only prediction log.
 */
export {
  KEY_ROTATION_REASONS,
  LEDGER_ENTRY_FORMAT_VERSION,
  PREDICTION_COMMITMENT_ALGORITHM,
  entryBytes,
  keyRotationEntrySchema,
  ledgerEntrySchema,
  parseLedgerEntry,
  parsePredictionOpening,
  predictionCommitmentSchema,
  predictionLockEntrySchema,
  predictionOpeningSchema,
  predictionSchema,
  treatmentStartKnownSchema,
  type KeyRotationEntry,
  type KeyRotationReason,
  type LedgerEntry,
  type Prediction,
  type PredictionCommitment,
  type PredictionLockEntry,
  type PredictionOpening,
  type TreatmentStartKnown,
} from './lock-record';
export {
  PREDICTION_COMMITMENT_DOMAIN,
  PREDICTION_SALT_BYTES,
  commitPrediction,
  lockPrediction,
  verifyOpening,
  type CommittedPrediction,
  type PredictionLockFields,
} from './commitment';
export {
  generateTrialKeyPair,
  importPublicKey,
  keyIdOf,
  rawPublicKey,
  type PrivateKeyInput,
  type PublicKeyInput,
  type TrialKeyPair,
} from './keys';
export {
  TREE_HEAD_COSIGNATURE_DOMAIN,
  TREE_HEAD_DOMAIN,
  cosignTreeHead,
  cosignatureSchema,
  signTreeHead,
  signedTreeHeadSchema,
  treeHeadSchema,
  treeHeadSigningBytes,
  verifyCosignature,
  verifyTreeHead,
  type Cosignature,
  type SignedTreeHead,
  type TreeHead,
} from './tree-head';
export { KEY_ROTATION_DOMAIN, createKeyRotation, verifyKeyRotation } from './key-rotation';
