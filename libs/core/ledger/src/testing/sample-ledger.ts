import { createHash } from 'node:crypto';
import { lockPrediction, type PredictionLockFields } from '../lock/commitment';
import { createKeyRotation } from '../lock/key-rotation';
import { generateTrialKeyPair, type TrialKeyPair } from '../lock/keys';
import {
  LEDGER_ENTRY_FORMAT_VERSION,
  PREDICTION_COMMITMENT_ALGORITHM,
  entryBytes,
  type LedgerEntry,
  type PredictionLockEntry,
  type PredictionOpening,
} from '../lock/lock-record';
import { cosignTreeHead, signTreeHead, type SignedTreeHead } from '../lock/tree-head';
import { toHex } from '../merkle/hash';
import { MerkleLog } from '../merkle/tree';
import { assembleLedgerExport, buildReceipt, type CosignatureInput } from '../export/assemble';
import {
  type ExportedTreatmentStart,
  type LedgerExport,
  type PredictionLockReceipt,
} from '../export/export-format';

/**
 * An honest ledger for tests, CLI tests and benchmarks: entry 0 the initial key, N prediction
 * locks a minute apart, optionally a key rotation, signed heads, a witness cosignature, revealed
 * openings and treatment records. Everything is deterministic except the keys and the salts
 * (fresh random each run), so tests must not compare signatures or digests with constants.
 */

export const SAMPLE_TRIAL_CODE = 'MM-RAD-01';
export const SAMPLE_START = '2026-03-02T08:00:00.000Z';
const MINUTE = 60_000;

export interface SampleLedgerOptions {
  trialCode?: string;
  /** Number of prediction locks (the log has one more entry, or two with a rotation). */
  locks: number;
  /** Rotate the key after this many locks (scheduled rotation). */
  rotateAfterLocks?: number;
  /**
   * Sizes at which tree heads are signed, besides the final one over all entries. Default: one
   * head over about half of the log.
   */
  headSizes?: readonly number[];
  /** Cosign the final head as witness "dmc". Default true. */
  cosign?: boolean;
  /** Reveal every opening (unblinded). Default false. */
  revealOpenings?: boolean;
  /** Treatment-start records (actual, the day after each lock). Default true. */
  treatmentStarts?: boolean;
  /** Changes to the public fields of lock number `n` (0-based), e.g. its treatment status. */
  lockOverrides?: (n: number, fields: PredictionLockFields) => Partial<PredictionLockFields>;
  /** Decision threshold of every lock. Default 0.5. */
  threshold?: number;
}

export interface SampleLedger {
  trialCode: string;
  entries: LedgerEntry[];
  /** Openings of every lock by entry index (whether revealed in the export or not). */
  openings: Map<number, PredictionOpening>;
  log: MerkleLog;
  treeHeads: SignedTreeHead[];
  cosignatures: CosignatureInput[];
  treatmentStarts: ExportedTreatmentStart[];
  keys: { initial: TrialKeyPair; rotated: TrialKeyPair | null; witness: TrialKeyPair };
  /** Index of the rotation entry, when there is one. */
  rotationIndex: number | null;
  export: LedgerExport;
  /** Signs a head over the first `treeSize` entries with the key in force (or `privateKeyPem`). */
  signHead(treeSize: number, options?: { timestamp?: string; privateKeyPem?: string }): SignedTreeHead;
  /** The key (pair) in force for a head of `treeSize`. */
  keyFor(treeSize: number): TrialKeyPair;
  /** Receipts of every lock against the final head, with openings when revealed. */
  receipts(): PredictionLockReceipt[];
}

/** `<trial>-S<site>-<nnnn>`: 9 999 subjects per site, as many sites as needed. */
export function sampleSubjectId(trialCode: string, n: number): string {
  const site = Math.floor(n / 9999) + 1;
  return `${trialCode}-S${String(site).padStart(2, '0')}-${String((n % 9999) + 1).padStart(4, '0')}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The public fields of sample lock `n`, locked at `lockedAt`; digests derived from `n`. */
export function sampleLockFields(
  trialCode: string,
  n: number,
  lockedAt: string,
  threshold = 0.5,
): PredictionLockFields {
  return {
    trialCode,
    protocolVersion: 1,
    subjectId: sampleSubjectId(trialCode, n),
    modelSha256: digest('model:v1'),
    imageSha256: digest(`image:${n}`),
    maskSha256: digest(`mask:${n}`),
    featuresSha256: digest(`features:${n}`),
    inputsSha256: digest(`inputs:${n}`),
    featureSettingsSha256: digest('settings:v1'),
    threshold,
    lockedAt,
    treatmentStartKnown:
      n % 2 === 0
        ? { status: 'planned', at: dayAfter(lockedAt, 2), source: `CarePlan/${n + 1}` }
        : { status: 'unknown', at: null, source: null },
  };
}

/** A prediction whose class agrees with `threshold`. */
export function samplePrediction(n: number, threshold = 0.5) {
  const probability = Math.round(((n * 7919) % 1000) / 10) / 100;
  return {
    probability,
    predictedClass: probability >= threshold ? (1 as const) : (0 as const),
    explanation: { topFeature: 'original_firstorder_Mean', rank: n % 5 },
  };
}

/**
 * A sample lock built without zod and without a real commitment (the digest is derived from `n`):
 * for generating very large logs quickly, when openings are not revealed.
 */
export function fastSampleLock(trialCode: string, n: number, lockedAt: string): PredictionLockEntry {
  return {
    kind: 'prediction-lock',
    formatVersion: LEDGER_ENTRY_FORMAT_VERSION,
    ...sampleLockFields(trialCode, n, lockedAt),
    predictionCommitment: { algorithm: PREDICTION_COMMITMENT_ALGORITHM, digest: digest(`commitment:${n}`) },
  };
}

/** The calendar date `days` after an instant's day (YYYY-MM-DD). */
function dayAfter(instant: string, days: number): string {
  return new Date(Date.parse(instant) + days * 86_400_000).toISOString().slice(0, 10);
}

export function instantAt(minutes: number, start = SAMPLE_START): string {
  return new Date(Date.parse(start) + minutes * MINUTE).toISOString();
}

/** Builds an honest sample ledger (see the module comment). */
export function buildSampleLedger(options: SampleLedgerOptions): SampleLedger {
  const trialCode = options.trialCode ?? SAMPLE_TRIAL_CODE;
  const threshold = options.threshold ?? 0.5;
  const keys = {
    initial: generateTrialKeyPair(),
    rotated: options.rotateAfterLocks === undefined ? null : generateTrialKeyPair(),
    witness: generateTrialKeyPair(),
  };
  const entries: LedgerEntry[] = [
    createKeyRotation({
      trialCode,
      reason: 'initial',
      effectiveAt: instantAt(0),
      newPrivateKey: keys.initial.privateKeyPem,
      previousPrivateKey: null,
    }),
  ];
  const openings = new Map<number, PredictionOpening>();
  const treatmentStarts: ExportedTreatmentStart[] = [];
  let rotationIndex: number | null = null;
  for (let n = 0; n < options.locks; n++) {
    if (keys.rotated !== null && n === options.rotateAfterLocks) {
      rotationIndex = entries.length;
      entries.push(
        createKeyRotation({
          trialCode,
          reason: 'scheduled',
          effectiveAt: instantAt(entries.length),
          newPrivateKey: keys.rotated.privateKeyPem,
          previousPrivateKey: keys.initial.privateKeyPem,
        }),
      );
    }
    const lockedAt = instantAt(entries.length);
    const base = sampleLockFields(trialCode, n, lockedAt, threshold);
    const fields = { ...base, ...options.lockOverrides?.(n, base) };
    const { entry, opening } = lockPrediction(fields, samplePrediction(n, threshold));
    openings.set(entries.length, opening);
    entries.push(entry);
    if (options.treatmentStarts ?? true) {
      treatmentStarts.push({
        subjectId: entry.subjectId,
        status: 'actual',
        at: dayAfter(lockedAt, 1),
        source: `MedicationAdministration/${n + 1}`,
        recordedAt: new Date(Date.parse(lockedAt) + 2 * 86_400_000).toISOString(),
        declaredDeviation: false,
      });
    }
  }
  if (keys.rotated !== null && rotationIndex === null) {
    throw new RangeError(`rotateAfterLocks ${options.rotateAfterLocks} must be below locks ${options.locks}`);
  }
  const log = MerkleLog.fromEntries(entries.map(entryBytes));

  const keyFor = (treeSize: number): TrialKeyPair =>
    rotationIndex !== null && keys.rotated !== null && rotationIndex < treeSize ? keys.rotated : keys.initial;
  const signHead: SampleLedger['signHead'] = (treeSize, headOptions = {}) => {
    const key = keyFor(treeSize);
    return signTreeHead(
      {
        trialCode,
        treeSize,
        rootHash: toHex(log.root(treeSize)),
        // Thirty seconds after the last entry it includes.
        timestamp: headOptions.timestamp ?? instantAt(treeSize - 1 + 0.5),
        keyId:
          headOptions.privateKeyPem === undefined ? key.keyId : keyIdOfPem(headOptions.privateKeyPem, keys),
      },
      headOptions.privateKeyPem ?? key.privateKeyPem,
    );
  };

  const sizes = [...(options.headSizes ?? [Math.max(1, Math.floor(entries.length / 2))]), entries.length];
  const treeHeads = [...new Set(sizes)].sort((a, b) => a - b).map((size) => signHead(size));
  const finalHead = treeHeads[treeHeads.length - 1] as SignedTreeHead;
  const cosignatures: CosignatureInput[] =
    options.cosign === false
      ? []
      : [
          {
            head: finalHead,
            witnessPublicKey: keys.witness.publicKey,
            cosignature: cosignTreeHead(finalHead, 'dmc', keys.witness.privateKeyPem, {
              now: new Date(Date.parse(finalHead.timestamp) + 60 * MINUTE),
            }),
          },
        ];
  const revealed = options.revealOpenings === true ? openings : new Map<number, PredictionOpening>();
  const exported = assembleLedgerExport({
    trialCode,
    exportedAt: instantAt(entries.length + 24 * 60),
    entries,
    openings: revealed,
    openingsRevealed: options.revealOpenings === true,
    treeHeads,
    cosignatures,
    treatmentStarts,
  });
  return {
    trialCode,
    entries,
    openings,
    log,
    treeHeads,
    cosignatures,
    treatmentStarts,
    keys,
    rotationIndex,
    export: exported,
    signHead,
    keyFor,
    receipts: () =>
      entries.flatMap((entry, index) =>
        entry.kind === 'prediction-lock'
          ? [
              buildReceipt(
                log,
                entries,
                index,
                finalHead,
                keyFor(finalHead.treeSize).publicKey,
                revealed.get(index),
              ),
            ]
          : [],
      ),
  };
}

function keyIdOfPem(privateKeyPem: string, keys: SampleLedger['keys']): string {
  const pair = [keys.initial, keys.rotated, keys.witness].find((key) => key?.privateKeyPem === privateKeyPem);
  if (pair === undefined || pair === null)
    throw new RangeError('signHead: privateKeyPem must be one of the sample keys');
  return pair.keyId;
}

/**
 * A deep copy of an export, for tampering with in tests without touching the original. Through
 * JSON rather than structuredClone, whose objects may come from another realm under jest (and
 * canonical JSON refuses objects whose prototype is not this realm's Object.prototype).
 */
export function cloneExport(exp: LedgerExport): LedgerExport {
  return JSON.parse(JSON.stringify(exp)) as LedgerExport;
}
