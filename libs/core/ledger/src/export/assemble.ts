import { entryBytes, type LedgerEntry, type PredictionOpening } from '../lock/lock-record';
import { type Cosignature, type SignedTreeHead } from '../lock/tree-head';
import { toHex } from '../merkle/hash';
import { MerkleLog } from '../merkle/tree';
import {
  LEDGER_EXPORT_FORMAT_VERSION,
  type ExportedConsistencyProof,
  type ExportedTreatmentStart,
  type LedgerExport,
  type PredictionLockReceipt,
} from './export-format';

/**
 * Building exports and receipts from the log's parts, as the server does: the signed material
 * (entries, tree heads, cosignatures) is taken as given, and every proof is computed here from the
 * entries, so an export cannot carry a proof that disagrees with its own entries.
 */

/** A witness's cosignature of one of the exported heads. */
export interface CosignatureInput {
  head: SignedTreeHead;
  /** The witness's raw Ed25519 public key (base64url). */
  witnessPublicKey: string;
  cosignature: Cosignature;
}

export interface AssembleLedgerExportInput {
  trialCode: string;
  /** UTC instant with milliseconds and Z. */
  exportedAt: string;
  /** The whole log, entry i at position i. */
  entries: readonly LedgerEntry[];
  /** Revealed openings by entry index (empty while the trial is blinded). */
  openings?: ReadonlyMap<number, PredictionOpening>;
  /** Defaults to whether any opening is given. */
  openingsRevealed?: boolean;
  /** Signed heads; the largest must cover every entry. */
  treeHeads: readonly SignedTreeHead[];
  cosignatures?: readonly CosignatureInput[];
  /** The latest treatment-start record of each locked subject. */
  treatmentStarts?: readonly ExportedTreatmentStart[];
}

/**
 * Assembles a ledger export: header keys from the key-rotation entries, heads sorted by size then
 * timestamp, a consistency proof between each pair of consecutive distinct sizes, and an inclusion
 * proof of every entry against the largest head.
 *
 * @throws {TypeError} when an entry is invalid.
 * @throws {RangeError} when a head is larger than the log, or no head covers every entry (sign a
 *   fresh head before exporting).
 */
export function assembleLedgerExport(input: AssembleLedgerExportInput): LedgerExport {
  const log = MerkleLog.fromEntries(input.entries.map(entryBytes));
  const treeHeads = [...input.treeHeads].sort(
    (a, b) => a.treeSize - b.treeSize || (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0),
  );
  const largest = treeHeads[treeHeads.length - 1];
  if (largest === undefined || largest.treeSize !== log.size) {
    throw new RangeError(
      `The largest tree head must cover all ${log.size} entries (found ${largest?.treeSize ?? 'no head'}); sign one before exporting`,
    );
  }
  const sizes = [...new Set(treeHeads.map((head) => head.treeSize))];
  const consistencyProofs: ExportedConsistencyProof[] = sizes.slice(1).map((toSize, i) => {
    const fromSize = sizes[i] as number;
    return { fromSize, toSize, proof: log.consistencyProof(fromSize, toSize).map(toHex) };
  });
  const openings = [...(input.openings ?? new Map<number, PredictionOpening>()).entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, opening]) => ({ index, opening }));
  return {
    header: {
      formatVersion: LEDGER_EXPORT_FORMAT_VERSION,
      trialCode: input.trialCode,
      exportedAt: input.exportedAt,
      publicKeys: input.entries.flatMap((entry) =>
        entry.kind === 'key-rotation' ? [{ keyId: entry.newKeyId, publicKey: entry.newPublicKey }] : [],
      ),
      openingsRevealed: input.openingsRevealed ?? openings.length > 0,
    },
    entries: input.entries.map((entry, index) => ({ index, entry })),
    openings,
    treeHeads,
    consistencyProofs,
    inclusionProofs: input.entries.map((_entry, index) => ({
      index,
      treeSize: largest.treeSize,
      proof: log.inclusionProof(index, largest.treeSize).map(toHex),
    })),
    cosignatures: (input.cosignatures ?? []).map(({ head, witnessPublicKey, cosignature }) => ({
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      headTimestamp: head.timestamp,
      witnessPublicKey,
      cosignature,
    })),
    treatmentStarts: [...(input.treatmentStarts ?? [])],
  };
}

/**
 * The receipt of one prediction lock: the entry, its inclusion proof in `head`'s tree and the
 * head with the raw public key that signed it.
 *
 * @param log - the Merkle log of `entries` (at least `head.treeSize` of them).
 * @throws {RangeError} when entry `index` is not a prediction lock within the head's tree.
 */
export function buildReceipt(
  log: MerkleLog,
  entries: readonly LedgerEntry[],
  index: number,
  head: SignedTreeHead,
  publicKey: string,
  opening?: PredictionOpening,
): PredictionLockReceipt {
  const entry = entries[index];
  if (entry?.kind !== 'prediction-lock') throw new RangeError(`Entry ${index} is not a prediction lock`);
  if (index >= head.treeSize || head.treeSize > log.size) {
    throw new RangeError(
      `Tree head of size ${head.treeSize} cannot prove entry ${index} (log size ${log.size})`,
    );
  }
  return {
    type: 'prediction-lock-receipt',
    formatVersion: LEDGER_EXPORT_FORMAT_VERSION,
    trialCode: entry.trialCode,
    leafIndex: index,
    entry,
    inclusionProof: log.inclusionProof(index, head.treeSize).map(toHex),
    treeHead: head,
    publicKey,
    ...(opening !== undefined ? { opening } : {}),
  };
}
