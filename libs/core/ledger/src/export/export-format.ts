import { TRIAL_CODE_PATTERN } from '@prospect/domain';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json';
import { decodeBase64url } from '../lock/keys';
import {
  LEDGER_ENTRY_FORMAT_VERSION,
  PREDICTION_COMMITMENT_ALGORITHM,
  ledgerEntrySchema,
  predictionLockEntrySchema,
  predictionOpeningSchema,
  sha256HexSchema,
  treatmentStartKnownSchema,
  utcInstantSchema,
  type LedgerEntry,
  type PredictionLockEntry,
} from '../lock/lock-record';
import { toParseResult } from '../lock/parse';
import { cosignatureSchema, signedTreeHeadSchema, type SignedTreeHead } from '../lock/tree-head';

/**
 * The ledger export: a trial's whole prediction-lock log with everything needed to check it
 * offline, as JSON Lines (one canonical JSON object per line, each with a `type`).
 *
 * Lines come in a fixed order of sections, so a verifier can check the file in one streaming pass
 * and keep only a few bytes per entry (a million-entry export is larger than a JavaScript string
 * can hold):
 *   header, entries (by index), openings, tree heads (by size, then timestamp), consistency proofs,
 *   inclusion proofs, cosignatures, treatment-start records.
 *
 * Parsing here checks the form of each line and the order of the sections; whether the content
 * holds together (signatures, roots, proofs, times) is `verify-ledger.ts`'s job.
 */

/** Format version of the export and of receipts; bumped on any incompatible change. */
export const LEDGER_EXPORT_FORMAT_VERSION = 1;

/** One problem found in an export or receipts file. `check` is a stable kebab-case id. */
export interface VerificationFailure {
  check: string;
  /** The log entry concerned (leaf index), when there is one. */
  index?: number;
  /** 1-based line of the file, when the problem was found while reading it. */
  line?: number;
  message: string;
}

const trialCodeSchema = z
  .string()
  .regex(TRIAL_CODE_PATTERN, 'Must be a trial code: 2-20 uppercase letters, digits or "-", e.g. "MM-RAD-01"');

const leafIndexSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const treeSizeSchema = z.number().int().min(1, 'Must be 1 or more').max(Number.MAX_SAFE_INTEGER);

/** A raw Ed25519 public key as written in key-rotation entries (32 bytes, unpadded base64url). */
const rawPublicKeySchema = z
  .string()
  .refine(
    (value) => decodeBase64url(value)?.length === 32,
    'Must be a raw Ed25519 public key: 32 bytes as unpadded base64url',
  );

/** A Merkle proof: hashes leaf-to-root as lowercase hex (RFC 9162 order). */
const proofSchema = z.array(sha256HexSchema).max(64, 'A Merkle proof has at most 64 hashes');

export const exportHeaderLineSchema = z
  .object({
    type: z.literal('ledger-export'),
    formatVersion: z.literal(LEDGER_EXPORT_FORMAT_VERSION),
    trialCode: trialCodeSchema,
    exportedAt: utcInstantSchema,
    /** Every key of the log (initial first, then each rotation's new key), in log order. */
    publicKeys: z.array(z.object({ keyId: sha256HexSchema, publicKey: rawPublicKeySchema }).strict()),
    /** Whether prediction openings may appear (after unblinding). */
    openingsRevealed: z.boolean(),
  })
  .strict();

export const exportEntryLineSchema = z
  .object({ type: z.literal('entry'), index: leafIndexSchema, entry: ledgerEntrySchema })
  .strict();

export const exportOpeningLineSchema = z
  .object({ type: z.literal('opening'), index: leafIndexSchema, opening: predictionOpeningSchema })
  .strict();

export const exportTreeHeadLineSchema = z
  .object({ type: z.literal('tree-head'), head: signedTreeHeadSchema })
  .strict();

export const exportConsistencyProofLineSchema = z
  .object({
    type: z.literal('consistency-proof'),
    fromSize: treeSizeSchema,
    toSize: treeSizeSchema,
    proof: proofSchema,
  })
  .strict();

export const exportInclusionProofLineSchema = z
  .object({
    type: z.literal('inclusion-proof'),
    index: leafIndexSchema,
    treeSize: treeSizeSchema,
    proof: proofSchema,
  })
  .strict();

export const exportCosignatureLineSchema = z
  .object({
    type: z.literal('cosignature'),
    treeSize: treeSizeSchema,
    rootHash: sha256HexSchema,
    headTimestamp: utcInstantSchema,
    witnessPublicKey: rawPublicKeySchema,
    cosignature: cosignatureSchema,
  })
  .strict();

/**
 * The latest treatment-start record of a locked subject, from the trial database. Unlike the
 * `treatmentStartKnown` inside a lock (what was known at lock time), this is what is known at
 * export, so it shows treatment that started before the lock but was recorded later.
 */
export const exportTreatmentStartLineSchema = z
  .object({
    type: z.literal('treatment-start'),
    subjectId: predictionLockEntrySchema.shape.subjectId,
    status: z.enum(['actual', 'planned', 'unknown']),
    at: treatmentStartKnownSchema.shape.at,
    source: treatmentStartKnownSchema.shape.source,
    recordedAt: utcInstantSchema,
    /** The platform itself flagged that treatment started before the lock. */
    declaredDeviation: z.boolean(),
  })
  .strict()
  .superRefine((record, ctx) => {
    if ((record.status === 'unknown') !== (record.at === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['at'],
        message:
          record.status === 'unknown'
            ? 'Must be null when status is "unknown"'
            : `Required when status is "${record.status}"`,
      });
    }
  });

export const predictionLockReceiptSchema = z
  .object({
    type: z.literal('prediction-lock-receipt'),
    formatVersion: z.literal(LEDGER_EXPORT_FORMAT_VERSION),
    trialCode: trialCodeSchema,
    leafIndex: leafIndexSchema,
    entry: predictionLockEntrySchema,
    inclusionProof: proofSchema,
    /** A head with treeSize > leafIndex, signed by `publicKey`. */
    treeHead: signedTreeHeadSchema,
    publicKey: rawPublicKeySchema,
    opening: predictionOpeningSchema.optional(),
  })
  .strict();

export type ExportHeaderLine = z.output<typeof exportHeaderLineSchema>;
export type ExportEntryLine = z.output<typeof exportEntryLineSchema>;
export type ExportOpeningLine = z.output<typeof exportOpeningLineSchema>;
export type ExportTreeHeadLine = z.output<typeof exportTreeHeadLineSchema>;
export type ExportConsistencyProofLine = z.output<typeof exportConsistencyProofLineSchema>;
export type ExportInclusionProofLine = z.output<typeof exportInclusionProofLineSchema>;
export type ExportCosignatureLine = z.output<typeof exportCosignatureLineSchema>;
export type ExportTreatmentStartLine = z.output<typeof exportTreatmentStartLineSchema>;
export type PredictionLockReceipt = z.output<typeof predictionLockReceiptSchema>;

export type ExportLine =
  | ExportHeaderLine
  | ExportEntryLine
  | ExportOpeningLine
  | ExportTreeHeadLine
  | ExportConsistencyProofLine
  | ExportInclusionProofLine
  | ExportCosignatureLine
  | ExportTreatmentStartLine;

export type ExportLineType = ExportLine['type'];

/** Without `type`: the sections of a {@link LedgerExport} hold what follows it. */
type Body<T> = Omit<T, 'type'>;
export type LedgerExportHeader = Body<ExportHeaderLine>;
export type ExportedEntry = Body<ExportEntryLine>;
export type ExportedOpening = Body<ExportOpeningLine>;
export type ExportedConsistencyProof = Body<ExportConsistencyProofLine>;
export type ExportedInclusionProof = Body<ExportInclusionProofLine>;
export type ExportedCosignature = Body<ExportCosignatureLine>;
export type ExportedTreatmentStart = Body<ExportTreatmentStartLine>;

/** A ledger export in memory, its sections in file order. */
export interface LedgerExport {
  header: LedgerExportHeader;
  entries: ExportedEntry[];
  openings: ExportedOpening[];
  treeHeads: SignedTreeHead[];
  consistencyProofs: ExportedConsistencyProof[];
  inclusionProofs: ExportedInclusionProof[];
  cosignatures: ExportedCosignature[];
  treatmentStarts: ExportedTreatmentStart[];
}

/** The sections in the order they must appear. */
export const EXPORT_LINE_ORDER: readonly ExportLineType[] = [
  'ledger-export',
  'entry',
  'opening',
  'tree-head',
  'consistency-proof',
  'inclusion-proof',
  'cosignature',
  'treatment-start',
];

const LINE_SCHEMAS: Record<ExportLineType, z.ZodType> = {
  'ledger-export': exportHeaderLineSchema,
  entry: exportEntryLineSchema,
  opening: exportOpeningLineSchema,
  'tree-head': exportTreeHeadLineSchema,
  'consistency-proof': exportConsistencyProofLineSchema,
  'inclusion-proof': exportInclusionProofLineSchema,
  cosignature: exportCosignatureLineSchema,
  'treatment-start': exportTreatmentStartLineSchema,
};

// ---------------------------------------------------------------------------------------------
// Fast validation of the two line kinds that make up almost all of a large export (entries and
// inclusion proofs). Zod takes tens of microseconds for a prediction-lock entry, which alone would
// exceed the budget of 10 s per million entries. These checks accept a subset of what the zod
// schemas accept (the spec checks that on many mutations); anything they do not accept goes to
// zod, which then gives the error message, or accepts it after all.
// ---------------------------------------------------------------------------------------------

// Mirrors of the patterns in lock/lock-record.ts (not exported there); fast-validation.spec keeps
// them honest by comparing with the zod schemas.
const SUBJECT_ID_PATTERN = /^[A-Z][A-Z0-9-]{0,18}[A-Z0-9]-[A-Z0-9]{1,8}-\d{4}$/;
const UTC_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const FHIR_REFERENCE_PATTERN =
  /^(?:https?:\/\/[A-Za-z0-9\-\\.:%$]+(?:\/[A-Za-z0-9\-\\.:%$]+)*\/)?[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

const PREDICTION_LOCK_KEYS = new Set([
  'kind',
  'formatVersion',
  'trialCode',
  'protocolVersion',
  'subjectId',
  'modelSha256',
  'imageSha256',
  'maskSha256',
  'featuresSha256',
  'inputsSha256',
  'featureSettingsSha256',
  'threshold',
  'lockedAt',
  'treatmentStartKnown',
  'predictionCommitment',
]);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Own enumerable keys are exactly `expected` (by count and membership). */
function hasExactKeys(record: Record<string, unknown>, expected: ReadonlySet<string>): boolean {
  let count = 0;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key) || !expected.has(key)) return false;
    count++;
  }
  return count === expected.size;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether `year-month-day` (from the digits of a date) is a real calendar day. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * The same test as `utcInstantSchema` (the pattern, and the instant is a real one that
 * `toISOString` spells the same way), by reading the digits instead of a `Date` round trip, which
 * costs a few microseconds per call (too much three times per entry of a million-entry log).
 */
export function isUtcInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 24 || !UTC_INSTANT_PATTERN.test(value)) return false;
  return (
    isCalendarDay(digitsAt(value, 0, 4), digitsAt(value, 5, 2), digitsAt(value, 8, 2)) &&
    digitsAt(value, 11, 2) < 24 &&
    digitsAt(value, 14, 2) < 60 &&
    digitsAt(value, 17, 2) < 60
  );
}

const isInstant = isUtcInstant;

/** Milliseconds since the epoch of an instant that passed {@link isUtcInstant} (no Date parsing). */
export function utcInstantMillis(value: string): number {
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2) - 1;
  const day = digitsAt(value, 8, 2);
  const time = Date.UTC(
    year,
    month,
    day,
    digitsAt(value, 11, 2),
    digitsAt(value, 14, 2),
    digitsAt(value, 17, 2),
    digitsAt(value, 20, 3),
  );
  if (year >= 100) return time;
  // Date.UTC reads years 0-99 as 1900-1999: set the full year explicitly.
  const date = new Date(time);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

function isDateOrInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.length === 10) {
    return (
      CALENDAR_DATE_PATTERN.test(value) &&
      isCalendarDay(digitsAt(value, 0, 4), digitsAt(value, 5, 2), digitsAt(value, 8, 2))
    );
  }
  return isInstant(value);
}

function isHex64(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const code = value.charCodeAt(i);
    // 0-9 or a-f
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

const TREATMENT_KEYS = new Set(['at', 'status', 'source']);
const COMMITMENT_KEYS = new Set(['algorithm', 'digest']);

function isFastTreatmentStartKnown(value: unknown): boolean {
  if (!isPlainRecord(value) || !hasExactKeys(value, TREATMENT_KEYS)) return false;
  const { at, status, source } = value;
  if (source !== null && (typeof source !== 'string' || !FHIR_REFERENCE_PATTERN.test(source))) return false;
  if (status === 'unknown') return at === null;
  if (status !== 'actual' && status !== 'planned') return false;
  return at !== null && source !== null && isDateOrInstant(at);
}

/**
 * Whether `value` is certainly a valid `prediction-lock` entry (a subset of what
 * {@link predictionLockEntrySchema} accepts). `false` means "ask zod", not "invalid".
 */
export function isFastValidPredictionLock(value: unknown): value is PredictionLockEntry {
  if (!isPlainRecord(value) || !hasExactKeys(value, PREDICTION_LOCK_KEYS)) return false;
  const entry = value;
  const { trialCode, subjectId, protocolVersion, threshold, predictionCommitment: commitment } = entry;
  return (
    entry['kind'] === 'prediction-lock' &&
    entry['formatVersion'] === LEDGER_ENTRY_FORMAT_VERSION &&
    typeof trialCode === 'string' &&
    TRIAL_CODE_PATTERN.test(trialCode) &&
    typeof protocolVersion === 'number' &&
    Number.isSafeInteger(protocolVersion) &&
    protocolVersion > 0 &&
    typeof subjectId === 'string' &&
    SUBJECT_ID_PATTERN.test(subjectId) &&
    subjectId.startsWith(`${trialCode}-`) &&
    isHex64(entry['modelSha256']) &&
    isHex64(entry['imageSha256']) &&
    isHex64(entry['maskSha256']) &&
    isHex64(entry['featuresSha256']) &&
    isHex64(entry['inputsSha256']) &&
    isHex64(entry['featureSettingsSha256']) &&
    typeof threshold === 'number' &&
    threshold >= 0 &&
    threshold <= 1 &&
    isInstant(entry['lockedAt']) &&
    isFastTreatmentStartKnown(entry['treatmentStartKnown']) &&
    isPlainRecord(commitment) &&
    hasExactKeys(commitment, COMMITMENT_KEYS) &&
    commitment['algorithm'] === PREDICTION_COMMITMENT_ALGORITHM &&
    isHex64(commitment['digest'])
  );
}

/** Validates a ledger entry: the fast check first, zod when it declines. Never throws. */
export function validateLedgerEntry(
  value: unknown,
): { ok: true; entry: LedgerEntry } | { ok: false; issues: { path: string; message: string }[] } {
  if (isFastValidPredictionLock(value)) return { ok: true, entry: value };
  const result = toParseResult(ledgerEntrySchema.safeParse(value));
  return result.ok ? { ok: true, entry: result.value } : { ok: false, issues: result.issues };
}

/**
 * The leaf bytes' text of a valid entry: its RFC 8785 canonical JSON. For a prediction lock that
 * passed {@link isFastValidPredictionLock} the member order is known and every value's type is
 * checked, so the canonical form is written directly (5-10× faster than the general serializer;
 * the spec checks both agree); anything else goes through {@link canonicalJson}.
 */
export function canonicalEntryJson(entry: LedgerEntry): string {
  return isFastValidPredictionLock(entry) ? writePredictionLockJson(entry) : canonicalJson(entry);
}

/**
 * RFC 8785 canonical JSON of a prediction lock that passed {@link isFastValidPredictionLock}
 * (callers must have checked; for anything else the output is not canonical).
 */
export function writePredictionLockJson(entry: PredictionLockEntry): string {
  const known = entry.treatmentStartKnown;
  const q = JSON.stringify;
  // Members sorted by UTF-16 code units, as RFC 8785 §3.2.3 requires.
  return (
    `{"featureSettingsSha256":"${entry.featureSettingsSha256}","featuresSha256":"${entry.featuresSha256}"` +
    `,"formatVersion":${entry.formatVersion},"imageSha256":"${entry.imageSha256}"` +
    `,"inputsSha256":"${entry.inputsSha256}","kind":"prediction-lock","lockedAt":"${entry.lockedAt}"` +
    `,"maskSha256":"${entry.maskSha256}","modelSha256":"${entry.modelSha256}"` +
    `,"predictionCommitment":{"algorithm":${q(entry.predictionCommitment.algorithm)},"digest":"${entry.predictionCommitment.digest}"}` +
    `,"protocolVersion":${canonicalJson(entry.protocolVersion)},"subjectId":${q(entry.subjectId)}` +
    `,"threshold":${canonicalJson(entry.threshold)}` +
    `,"treatmentStartKnown":{"at":${q(known.at)},"source":${q(known.source)},"status":${q(known.status)}}` +
    `,"trialCode":${q(entry.trialCode)}}`
  );
}

const INCLUSION_PROOF_KEYS = new Set(['type', 'index', 'treeSize', 'proof']);
const TREATMENT_START_KEYS = new Set([
  'type',
  'subjectId',
  'status',
  'at',
  'source',
  'recordedAt',
  'declaredDeviation',
]);

function isFastTreatmentStartLine(value: Record<string, unknown>): value is ExportTreatmentStartLine {
  if (!hasExactKeys(value, TREATMENT_START_KEYS)) return false;
  const { subjectId, status, at, source } = value;
  if (typeof subjectId !== 'string' || !SUBJECT_ID_PATTERN.test(subjectId)) return false;
  if (status !== 'actual' && status !== 'planned' && status !== 'unknown') return false;
  if (status === 'unknown' ? at !== null : !isDateOrInstant(at)) return false;
  if (source !== null && (typeof source !== 'string' || !FHIR_REFERENCE_PATTERN.test(source))) return false;
  return isInstant(value['recordedAt']) && typeof value['declaredDeviation'] === 'boolean';
}
const ENTRY_LINE_KEYS = new Set(['type', 'index', 'entry']);

function isFastInclusionProofLine(value: Record<string, unknown>): value is ExportInclusionProofLine {
  if (!hasExactKeys(value, INCLUSION_PROOF_KEYS)) return false;
  const { index, treeSize, proof } = value;
  if (!Number.isSafeInteger(index) || (index as number) < 0) return false;
  if (!Number.isSafeInteger(treeSize) || (treeSize as number) < 1) return false;
  if (!Array.isArray(proof) || proof.length > 64) return false;
  // Only the length: the verifier compares every hash with the one it expects (exact string
  // equality, which implies the format) and checks the format itself before any other use.
  for (const hash of proof) if (typeof hash !== 'string' || hash.length !== 64) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Reading lines
// ---------------------------------------------------------------------------------------------

/**
 * A parsed line. For entry lines, `entryJson` is the entry's canonical JSON (its leaf bytes' text),
 * computed while validating so the verifier need not validate or serialize the entry again.
 */
export type LineParseResult =
  { ok: true; line: ExportLine; entryJson?: string } | { ok: false; failure: VerificationFailure };

function issuesMessage(issues: readonly { path: string; message: string }[], prefix: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path === '' ? prefix : prefix === '' ? issue.path : `${prefix}.${issue.path}`;
      return `${path || '(line)'}: ${issue.message}`;
    })
    .concat(issues.length > 5 ? [`and ${issues.length - 5} more`] : [])
    .join('; ');
}

function describeType(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}

/**
 * Parses and validates one line of an export (without its newline). Never throws. Failures name
 * the line, the leaf index for entry and opening lines, and the refused fields.
 */
export function parseExportLine(text: string, lineNumber: number): LineParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      failure: {
        check: 'json-syntax',
        line: lineNumber,
        message:
          text.trim() === ''
            ? `line ${lineNumber} is empty`
            : `line ${lineNumber} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      },
    };
  }
  if (!isPlainRecord(value)) {
    return {
      ok: false,
      failure: { check: 'line-schema', line: lineNumber, message: `line ${lineNumber} is not a JSON object` },
    };
  }
  const type = value['type'];
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(LINE_SCHEMAS, type)) {
    return {
      ok: false,
      failure: {
        check: 'unknown-line-type',
        line: lineNumber,
        message: `line ${lineNumber} has unknown type ${describeType(type)} (expected one of ${EXPORT_LINE_ORDER.join(', ')})`,
      },
    };
  }
  const lineType = type as ExportLineType;
  const index = Number.isSafeInteger(value['index']) ? (value['index'] as number) : undefined;
  if (lineType === 'entry' && hasExactKeys(value, ENTRY_LINE_KEYS) && index !== undefined && index >= 0) {
    // The common case: validate the entry alone, fast when it can be.
    const raw = value['entry'];
    if (isFastValidPredictionLock(raw)) {
      return {
        ok: true,
        line: { type: 'entry', index, entry: raw },
        entryJson: writePredictionLockJson(raw),
      };
    }
    const entry = validateLedgerEntry(raw);
    if (entry.ok) {
      return {
        ok: true,
        line: { type: 'entry', index, entry: entry.entry },
        entryJson: canonicalJson(entry.entry),
      };
    }
    return {
      ok: false,
      failure: {
        check: 'entry-schema',
        index,
        line: lineNumber,
        message: `entry ${index} (line ${lineNumber}) is not a valid ledger entry: ${issuesMessage(entry.issues, 'entry')}`,
      },
    };
  }
  if (lineType === 'inclusion-proof' && isFastInclusionProofLine(value)) return { ok: true, line: value };
  if (lineType === 'treatment-start' && isFastTreatmentStartLine(value)) return { ok: true, line: value };
  const result = toParseResult(LINE_SCHEMAS[lineType].safeParse(value));
  if (result.ok) return { ok: true, line: result.value as ExportLine };
  const about =
    index !== undefined && (lineType === 'entry' || lineType === 'opening') ? ` (index ${index})` : '';
  return {
    ok: false,
    failure: {
      check: lineType === 'entry' ? 'entry-schema' : 'line-schema',
      ...(about !== '' ? { index } : {}),
      line: lineNumber,
      message: `line ${lineNumber}, ${lineType}${about}: ${issuesMessage(result.issues, '')}`,
    },
  };
}

/**
 * Checks the order of sections while reading an export line by line: one header, first; then each
 * section no earlier than the one before. Out-of-place lines are reported and must be skipped (a
 * verifier that used them would check entries against heads it had already judged).
 */
export class ExportLineSequencer {
  private rank = -1;
  private headerLine: number | null = null;
  /** Whether the previous line was out of place: a run of them is reported once. */
  private inMisplacedRun = false;

  /**
   * `null` when `line` may be used; otherwise why it may not. Within a run of consecutive
   * out-of-place lines only the first gets a message; the others return a failure with an empty
   * message, which callers skip without reporting (see {@link isReportable}).
   */
  accept(line: ExportLine, lineNumber: number): VerificationFailure | null {
    const rank = EXPORT_LINE_ORDER.indexOf(line.type);
    if (line.type === 'ledger-export') {
      if (this.headerLine !== null) {
        return {
          check: 'duplicate-header',
          line: lineNumber,
          message: `line ${lineNumber} is a second header (the first is line ${this.headerLine})`,
        };
      }
      this.headerLine = lineNumber;
      if (this.rank >= 0) {
        return {
          check: 'line-order',
          line: lineNumber,
          message: `the header is on line ${lineNumber}, not line 1`,
        };
      }
      this.rank = 0;
      return null;
    }
    if (this.headerLine === null) {
      return {
        check: 'missing-header',
        line: lineNumber,
        message: `line ${lineNumber} (${line.type}) comes before any "ledger-export" header line`,
      };
    }
    if (rank < this.rank) {
      const first = !this.inMisplacedRun;
      this.inMisplacedRun = true;
      return {
        check: 'line-order',
        line: lineNumber,
        message: first
          ? `line ${lineNumber}: a ${line.type} line after ${EXPORT_LINE_ORDER[this.rank]} lines (sections must be in the order ${EXPORT_LINE_ORDER.join(', ')}); out-of-place lines are not used`
          : '',
      };
    }
    this.inMisplacedRun = false;
    this.rank = rank;
    return null;
  }

  get sawHeader(): boolean {
    return this.headerLine !== null;
  }
}

/** Whether a failure from {@link ExportLineSequencer.accept} should be reported (not a repeat). */
export function isReportable(failure: VerificationFailure): boolean {
  return failure.message !== '';
}

/** Splits export text into lines; reports a last line without a newline (a truncated file). */
export function* splitExportLines(
  text: string,
): Generator<{ text: string; line: number }, VerificationFailure | null> {
  let start = 0;
  let lineNumber = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    lineNumber++;
    if (end === -1) {
      yield { text: text.slice(start), line: lineNumber };
      return {
        check: 'truncated',
        line: lineNumber,
        message: `line ${lineNumber} does not end with a newline: the file may be truncated`,
      };
    }
    yield { text: text.slice(start, end), line: lineNumber };
    start = end + 1;
  }
  return null;
}

/**
 * Reads an export held in memory. `export` is `null` only when there is no usable header; other
 * problems are listed in `failures` and the offending lines are left out, so that verification can
 * still report everything else. Never throws.
 */
export function parseLedgerExport(text: string): {
  export: LedgerExport | null;
  failures: VerificationFailure[];
} {
  const failures: VerificationFailure[] = [];
  const sequencer = new ExportLineSequencer();
  let header: LedgerExportHeader | null = null;
  const result: Omit<LedgerExport, 'header'> = {
    entries: [],
    openings: [],
    treeHeads: [],
    consistencyProofs: [],
    inclusionProofs: [],
    cosignatures: [],
    treatmentStarts: [],
  };
  const lines = splitExportLines(text);
  for (let next = lines.next(); ; next = lines.next()) {
    if (next.done === true) {
      if (next.value !== null) failures.push(next.value);
      break;
    }
    const parsed = parseExportLine(next.value.text, next.value.line);
    if (!parsed.ok) {
      failures.push(parsed.failure);
      continue;
    }
    const outOfPlace = sequencer.accept(parsed.line, next.value.line);
    if (outOfPlace !== null) {
      if (isReportable(outOfPlace)) failures.push(outOfPlace);
      continue;
    }
    addLine(parsed.line);
  }
  if (text.length === 0) failures.push({ check: 'empty-file', message: 'the file is empty' });
  else if (!sequencer.sawHeader) {
    failures.push({ check: 'missing-header', line: 1, message: 'no valid "ledger-export" header line' });
  }
  return { export: header === null ? null : { header, ...result }, failures };

  function addLine(line: ExportLine): void {
    switch (line.type) {
      case 'ledger-export': {
        const { type: _type, ...rest } = line;
        header = rest;
        return;
      }
      case 'entry':
        result.entries.push({ index: line.index, entry: line.entry });
        return;
      case 'opening':
        result.openings.push({ index: line.index, opening: line.opening });
        return;
      case 'tree-head':
        result.treeHeads.push(line.head);
        return;
      case 'consistency-proof': {
        const { type: _type, ...rest } = line;
        result.consistencyProofs.push(rest);
        return;
      }
      case 'inclusion-proof': {
        const { type: _type, ...rest } = line;
        result.inclusionProofs.push(rest);
        return;
      }
      case 'cosignature': {
        const { type: _type, ...rest } = line;
        result.cosignatures.push(rest);
        return;
      }
      case 'treatment-start': {
        const { type: _type, ...rest } = line;
        result.treatmentStarts.push(rest);
        return;
      }
    }
  }
}

/** The lines of an export in file order (objects with `type`). */
export function* exportLinesOf(exp: LedgerExport): Generator<ExportLine> {
  yield { type: 'ledger-export', ...exp.header };
  for (const entry of exp.entries) yield { type: 'entry', ...entry };
  for (const opening of exp.openings) yield { type: 'opening', ...opening };
  for (const head of exp.treeHeads) yield { type: 'tree-head', head };
  for (const proof of exp.consistencyProofs) yield { type: 'consistency-proof', ...proof };
  for (const proof of exp.inclusionProofs) yield { type: 'inclusion-proof', ...proof };
  for (const cosignature of exp.cosignatures) yield { type: 'cosignature', ...cosignature };
  for (const record of exp.treatmentStarts) yield { type: 'treatment-start', ...record };
}

/** One export line as written: canonical JSON and a newline. Entry lines use the fast writer. */
export function serializeExportLine(line: ExportLine): string {
  if (line.type === 'entry') {
    return `{"entry":${canonicalEntryJson(line.entry)},"index":${line.index},"type":"entry"}\n`;
  }
  return `${canonicalJson(line)}\n`;
}

/** The export as JSON Lines, every line canonical JSON followed by `\n`. */
export function serializeLedgerExport(exp: LedgerExport): string {
  let text = '';
  for (const line of exportLinesOf(exp)) text += serializeExportLine(line);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Receipts
// ---------------------------------------------------------------------------------------------

/**
 * Reads receipts: one receipt as JSON, a JSON array of receipts, or JSON Lines of receipts.
 * Invalid receipts are reported (with their line, or position in the array) and left out.
 * Never throws.
 */
export function parseReceipts(text: string): {
  receipts: PredictionLockReceipt[];
  failures: VerificationFailure[];
} {
  const receipts: PredictionLockReceipt[] = [];
  const failures: VerificationFailure[] = [];
  const accept = (value: unknown, where: string, line?: number): void => {
    const result = toParseResult(predictionLockReceiptSchema.safeParse(value));
    if (result.ok) receipts.push(result.value);
    else {
      failures.push({
        check: 'receipt-schema',
        ...(line !== undefined ? { line } : {}),
        message: `${where} is not a valid prediction-lock receipt: ${issuesMessage(result.issues, '')}`,
      });
    }
  };
  if (text.trim() === '')
    return { receipts, failures: [{ check: 'empty-file', message: 'the file is empty' }] };
  let whole: unknown;
  let wholeParsed = true;
  try {
    whole = JSON.parse(text);
  } catch {
    wholeParsed = false;
  }
  if (wholeParsed) {
    if (Array.isArray(whole)) whole.forEach((value, position) => accept(value, `receipt [${position}]`));
    else accept(whole, 'the receipt');
    return { receipts, failures };
  }
  const lines = text.split('\n');
  lines.forEach((lineText, position) => {
    if (lineText.trim() === '' && position === lines.length - 1) return;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      failures.push({
        check: 'json-syntax',
        line: position + 1,
        message: `line ${position + 1} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return;
    }
    accept(value, `the receipt on line ${position + 1}`, position + 1);
  });
  return { receipts, failures };
}

// ---------------------------------------------------------------------------------------------
// Reading large files
// ---------------------------------------------------------------------------------------------

/**
 * Splits a byte stream (e.g. a file read in chunks) into UTF-8 lines without their `\n`, so that
 * exports larger than a JavaScript string (about 512 MiB) can be read. The generator's return
 * value says whether the last line lacked its newline (a truncated file). Bytes that are not
 * UTF-8 decode to U+FFFD, which changes the entry and so cannot go unnoticed.
 */
export function* linesOfChunks(chunks: Iterable<Uint8Array>): Generator<string, { truncated: boolean }> {
  // Chunks are never concatenated (copying megabytes per chunk, into fresh pages, costs more than
  // the parsing): only a line that spans two chunks is joined, from a copy of its first part, so a
  // caller may also reuse one buffer for every read.
  let rest: Buffer | null = null;
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let end = bytes.indexOf(10);
    if (rest !== null) {
      if (end === -1) {
        rest = Buffer.concat([rest, bytes]);
        continue;
      }
      yield Buffer.concat([rest, bytes.subarray(0, end)]).toString('utf8');
      rest = null;
      start = end + 1;
      end = bytes.indexOf(10, start);
    }
    for (; end !== -1; end = bytes.indexOf(10, start)) {
      yield bytes.toString('utf8', start, end);
      start = end + 1;
    }
    if (start < bytes.length) rest = Buffer.from(bytes.subarray(start));
  }
  if (rest !== null && rest.length > 0) {
    yield rest.toString('utf8');
    return { truncated: true };
  }
  return { truncated: false };
}
