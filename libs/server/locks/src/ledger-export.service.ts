import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BaselineLinkEntity, type TrialRef } from '@prospect/enrollment';
import {
  canonicalJson,
  type ExportedTreatmentStart,
  type KeyRotationEntry,
  LEDGER_EXPORT_FORMAT_VERSION,
  MerkleLog,
  type LedgerEntry,
  type LedgerExport,
  leafHash,
  type PredictionOpening,
  serializeLedgerExport,
  toHex,
  type VerificationFailure,
  type VerificationReport,
  verifyLedgerExport,
} from '@prospect/ledger';
import type { DataSource } from 'typeorm';
import {
  LedgerKeyEntity,
  LockDeviationEntity,
  PredictionLockEntity,
  PredictionOpeningEntity,
} from './entities';
import { LedgerService } from './ledger.service';
import { treatmentStartKnownOf } from './locks.service';

/** The API's verification: the offline checks plus cross-checks of the database against the log. */
export interface LedgerVerificationView extends VerificationReport {
  databaseChecks: { locks: number; predictions: number; keys: number; leafHashes: number };
}

/**
 * Exports a trial's log as JSON lines (entries, openings when revealed, signed heads, consistency
 * and inclusion proofs, cosignatures, the treatment records known now) and verifies it: the API's
 * check runs exactly the verifier `prospect verify` runs offline, on an export built from the
 * database, then also compares the database's own rows (locks, predictions, keys, stored leaf
 * hashes) with the log, so a direct SQL edit anywhere is named.
 */
@Injectable()
export class LedgerExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  /**
   * The log as stored, in export form. Built from the rows as they are, never "repaired": a gap in
   * the indexes, an entry that no longer parses, or entries beyond the latest signed head are
   * passed on for the verifier to name. Proofs are computed from the stored entries for the tree
   * sizes the log has.
   */
  async build(trial: TrialRef, revealOpenings: boolean): Promise<LedgerExport> {
    await this.ledger.ensureInitialized(trial);
    const rows = await this.ledger.entries(trial.trialId);
    const entries = rows.map((row) => ({ index: row.leafIndex, entry: parseStored(row.entryJson) }));
    const locks = await this.dataSource
      .getRepository(PredictionLockEntity)
      .find({ where: { trialId: trial.trialId }, order: { leafIndex: 'ASC' } });
    const openings: { index: number; opening: PredictionOpening }[] = [];
    if (revealOpenings) {
      for (const lock of locks) {
        const opening = await this.dataSource
          .getRepository(PredictionOpeningEntity)
          .findOneBy({ lockId: lock.id });
        if (opening)
          openings.push({
            index: lock.leafIndex,
            opening: parseStored(opening.openingJson) as PredictionOpening,
          });
      }
    }
    const heads = await this.ledger.headEntities(trial.trialId);
    const treeHeads = heads.map((head) => this.ledger.signedHeadOf(head, trial.trialCode));
    const cosignatures = await this.ledger.cosignaturesOf(heads.map((head) => head.id));
    const headsById = new Map(heads.map((head) => [head.id, head]));
    const tree = new MerkleLog(
      entries.map(({ entry }) => leafHash(new TextEncoder().encode(canonicalJson(entry)))),
    );
    const sizes = [...new Set(treeHeads.map((head) => head.treeSize))].filter((size) => size <= tree.size);
    const proofSize = sizes[sizes.length - 1] ?? 0;
    const byIndex = new Map(entries.map(({ index, entry }) => [index, entry as LedgerEntry]));
    return {
      header: {
        formatVersion: LEDGER_EXPORT_FORMAT_VERSION,
        trialCode: trial.trialCode,
        exportedAt: new Date().toISOString(),
        publicKeys: entries.flatMap(({ entry }) =>
          isKeyRotation(entry) ? [{ keyId: entry.newKeyId, publicKey: entry.newPublicKey }] : [],
        ),
        openingsRevealed: revealOpenings,
      },
      entries: entries as LedgerExport['entries'],
      openings,
      treeHeads,
      consistencyProofs: sizes.slice(1).map((toSize, position) => {
        const fromSize = sizes[position] as number;
        return { fromSize, toSize, proof: tree.consistencyProof(fromSize, toSize).map(toHex) };
      }),
      inclusionProofs: Array.from({ length: proofSize }, (_unused, position) => ({
        index: position,
        treeSize: proofSize,
        proof: tree.inclusionProof(position, proofSize).map(toHex),
      })),
      cosignatures: cosignatures.flatMap((cosignature) => {
        const head = headsById.get(cosignature.treeHeadId);
        return head
          ? [
              {
                treeSize: head.treeSize,
                rootHash: head.rootHash,
                headTimestamp: head.signedAt,
                witnessPublicKey: cosignature.witnessPublicKey,
                cosignature: {
                  witness: cosignature.witness,
                  keyId: cosignature.witnessKeyId,
                  timestamp: cosignature.signedAt,
                  signature: cosignature.signature,
                },
              },
            ]
          : [];
      }),
      treatmentStarts: await this.treatmentStarts(locks, byIndex),
    };
  }

  /** The export file; a head is signed first if locks were appended since the last one. */
  async exportJsonLines(trial: TrialRef, revealOpenings: boolean): Promise<string> {
    await this.ledger.signHead(trial, 'on-request', { onlyIfGrown: true });
    return serializeLedgerExport(await this.build(trial, revealOpenings));
  }

  /** Verifies the trial's log as a reviewer would, plus the database rows against it. */
  async verify(trial: TrialRef): Promise<LedgerVerificationView> {
    const exported = await this.build(trial, true);
    const report = verifyLedgerExport(exported);
    const failures: VerificationFailure[] = [...report.failures];
    const counts = await this.crossCheck(trial, exported, failures);
    return { ...report, ok: failures.length === 0, failures, databaseChecks: counts };
  }

  /** The latest treatment start of each locked subject, and whether the platform flagged a deviation. */
  private async treatmentStarts(
    locks: readonly PredictionLockEntity[],
    entries: ReadonlyMap<number, LedgerEntry>,
  ): Promise<ExportedTreatmentStart[]> {
    const records: ExportedTreatmentStart[] = [];
    for (const lock of locks) {
      const entry = entries.get(lock.leafIndex);
      if (entry?.kind !== 'prediction-lock') continue;
      const link = await this.dataSource
        .getRepository(BaselineLinkEntity)
        .findOne({ where: { enrollmentId: lock.enrollmentId }, order: { version: 'DESC' } });
      if (!link) continue;
      const known = treatmentStartKnownOf(link.link);
      const deviation = await this.dataSource
        .getRepository(LockDeviationEntity)
        .existsBy({ lockId: lock.id });
      records.push({
        subjectId: entry.subjectId,
        status: known.status,
        at: known.at,
        source: known.source,
        recordedAt: link.syncedAt.toISOString(),
        declaredDeviation: deviation,
      });
    }
    return records;
  }

  /** Database rows that must agree with the log; every disagreement becomes a named failure. */
  private async crossCheck(
    trial: TrialRef,
    exported: LedgerExport,
    failures: VerificationFailure[],
  ): Promise<LedgerVerificationView['databaseChecks']> {
    const entries = new Map(exported.entries.map((line) => [line.index, line.entry as LedgerEntry]));
    const stored = await this.ledger.entries(trial.trialId);
    for (const row of stored) {
      if (toHex(leafHash(new TextEncoder().encode(row.entryJson))) !== row.leafHash) {
        failures.push({
          check: 'database-leaf-hash',
          index: row.leafIndex,
          message: `Entry ${row.leafIndex}: the stored leaf hash ${row.leafHash} is not the hash of the stored entry bytes.`,
        });
      }
    }
    const rows = (await this.dataSource.query(
      `SELECT l.leaf_index, l.locked_at, l.treatment_start_known, e.subject_id, p.model_sha256, p.inputs_sha256,
              p.probability, p.predicted_class, p.threshold, o.opening_json
         FROM prediction_lock l
         JOIN enrollment e ON e.id = l.enrollment_id
         JOIN prediction p ON p.id = l.prediction_id
         LEFT JOIN prediction_opening o ON o.lock_id = l.id
        WHERE l.trial_id = $1 ORDER BY l.leaf_index`,
      [trial.trialId],
    )) as {
      leaf_index: string;
      locked_at: Date;
      treatment_start_known: unknown;
      subject_id: string;
      model_sha256: string;
      inputs_sha256: string;
      probability: number;
      predicted_class: number;
      threshold: number;
      opening_json: string | null;
    }[];
    for (const row of rows) {
      const index = Number(row.leaf_index);
      const entry = entries.get(index);
      const differ = (what: string, database: unknown, log: unknown) =>
        failures.push({
          check: 'database-lock-mismatch',
          index,
          message: `Lock of entry ${index}: ${what} is ${JSON.stringify(database)} in the database but ${JSON.stringify(log)} in the log.`,
        });
      if (entry?.kind !== 'prediction-lock') {
        failures.push({
          check: 'database-lock-mismatch',
          index,
          message: `The lock of ${row.subject_id} points at entry ${index}, which is not a prediction lock.`,
        });
        continue;
      }
      if (entry.subjectId !== row.subject_id) differ('the subject', row.subject_id, entry.subjectId);
      if (new Date(row.locked_at).toISOString() !== entry.lockedAt) {
        differ('the lock time', new Date(row.locked_at).toISOString(), entry.lockedAt);
      }
      if (
        JSON.stringify(sortKeys(row.treatment_start_known)) !==
        JSON.stringify(sortKeys(entry.treatmentStartKnown))
      ) {
        differ('the treatment start known at lock', row.treatment_start_known, entry.treatmentStartKnown);
      }
      if (row.model_sha256 !== entry.modelSha256)
        differ('the prediction’s model SHA-256', row.model_sha256, entry.modelSha256);
      if (row.inputs_sha256 !== entry.inputsSha256)
        differ('the prediction’s inputs SHA-256', row.inputs_sha256, entry.inputsSha256);
      if (row.threshold !== entry.threshold)
        differ('the prediction’s threshold', row.threshold, entry.threshold);
      if (row.opening_json === null) {
        failures.push({
          check: 'database-opening-missing',
          index,
          message: `Entry ${index} has no stored opening.`,
        });
        continue;
      }
      const opening = JSON.parse(row.opening_json) as PredictionOpening;
      if (opening.probability !== row.probability || opening.predictedClass !== row.predicted_class) {
        failures.push({
          check: 'database-prediction-mismatch',
          index,
          message: `Entry ${index}: the stored prediction (probability ${row.probability}, class ${row.predicted_class}) differs from the committed one (probability ${opening.probability}, class ${opening.predictedClass}).`,
        });
      }
    }
    const keys = await this.dataSource
      .getRepository(LedgerKeyEntity)
      .find({ where: { trialId: trial.trialId }, order: { leafIndex: 'ASC' } });
    for (const key of keys) {
      const entry = entries.get(key.leafIndex);
      if (
        entry?.kind !== 'key-rotation' ||
        entry.newKeyId !== key.keyId ||
        entry.newPublicKey !== key.publicKey
      ) {
        failures.push({
          check: 'database-key-mismatch',
          index: key.leafIndex,
          message: `Key ${key.keyId} is not the key recorded by entry ${key.leafIndex} of the log.`,
        });
      }
    }
    return { locks: rows.length, predictions: rows.length, keys: keys.length, leafHashes: stored.length };
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

/** Stored JSON as it is; text that no longer parses is passed on as text for the verifier to refuse. */
function parseStored(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

function isKeyRotation(entry: unknown): entry is KeyRotationEntry {
  const candidate = entry as Partial<KeyRotationEntry> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.kind === 'key-rotation' &&
    typeof candidate.newKeyId === 'string' &&
    typeof candidate.newPublicKey === 'string'
  );
}
