/** A witness's countersignature of a signed tree head. */
export interface Cosignature {
  readonly witness: string;
  readonly keyId: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly witnessPublicKey: string;
}

export type TreeHeadReason = 'trial-created' | 'lock-batch' | 'daily' | 'key-rotation' | 'on-request';

/** A signed tree head (RFC 9162 checkpoint) with why it was signed and its cosignatures. */
export interface TreeHead {
  readonly trialCode: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly keyId: string;
  readonly signature: string;
  readonly reason: TreeHeadReason | string;
  readonly cosignatures: readonly Cosignature[];
}

/** One of the trial's signing keys; the first is the trust anchor, later ones came by rotation. */
export interface LedgerKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly leafIndex: number;
  readonly reason: string;
  readonly createdAt: string;
}

/** The log's public face (`GET /trials/{code}/ledger`). */
export interface LedgerSummary {
  readonly trialCode: string;
  readonly treeSize: number;
  readonly publicKeys: readonly LedgerKey[];
  readonly latestTreeHead: TreeHead | null;
}

/** A failed check, with its stable id and where in the log it failed. */
export interface VerificationFailure {
  readonly check: string;
  readonly index?: number;
  readonly line?: number;
  readonly message: string;
}

/** A lock made after treatment started, declared by the platform itself: not a failure. */
export interface DeclaredDeviation {
  readonly index: number;
  readonly subjectId: string;
  readonly lockedAt: string;
  readonly treatmentStartAt: string;
  readonly source: string | null;
}

export interface VerificationSummary {
  readonly entries: number;
  readonly predictionLocks: number;
  readonly keyRotations: number;
  readonly treeHeads: number;
  readonly cosignatures: number;
  readonly inclusionProofs: number;
  readonly consistencyProofs: number;
  readonly openingsRevealed: number;
  readonly openingsVerified: number;
  readonly initialKeyId: string | null;
  readonly latestTreeSize: number | null;
  readonly latestRootHash: string | null;
}

/** The API's verification of the log (`GET /trials/{code}/ledger/verify`). */
export interface LedgerVerification {
  readonly ok: boolean;
  readonly kind?: string;
  readonly trialCode: string | null;
  readonly summary: VerificationSummary;
  readonly failures: readonly VerificationFailure[];
  readonly deviations: readonly DeclaredDeviation[];
  readonly databaseChecks: {
    readonly locks: number;
    readonly predictions: number;
    readonly keys: number;
    readonly leafHashes: number;
  };
}
