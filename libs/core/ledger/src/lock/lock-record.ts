import { TRIAL_CODE_PATTERN, type ParseResult } from '@prospect/domain';
import { z } from 'zod';
import { canonicalJson } from '../canonical-json';
import { decodeBase64url, tryKeyIdOf } from './keys';
import { parseOrThrow, toParseResult } from './parse';

/**
 * The entries of a trial's prediction-lock log, and the opening that is kept apart from it.
 *
 * Commit, then reveal: a `prediction-lock` entry carries only what may be shown to anyone during
 * the trial (who, which model and inputs, when, what was known about treatment) plus a salted
 * SHA-256 commitment to the prediction. The prediction itself (probability, class, explanation)
 * and its salt form the {@link PredictionOpening}, stored separately under the blinding rules and
 * revealed at unblinding, when anyone can check it against the logged commitment.
 *
 * Every object is strict: an unknown member is refused rather than dropped, so a prediction
 * cannot leak into the public log through an extra field, and the logged bytes are exactly the
 * validated record.
 */

/** Format version of log entries; bumped on any incompatible change. */
export const LEDGER_ENTRY_FORMAT_VERSION = 1;

/** The only commitment scheme: SHA-256 over domain-separated canonical JSON with a 256-bit salt. */
export const PREDICTION_COMMITMENT_ALGORITHM = 'sha256-salted-canonical-json';

/** Subject IDs as built by `formatSubjectId` in `@prospect/domain`: `<trial>-<site>-<nnnn>`. */
const SUBJECT_ID_PATTERN = /^[A-Z][A-Z0-9-]{0,18}[A-Z0-9]-[A-Z0-9]{1,8}-\d{4}$/;

/** `YYYY-MM-DDTHH:mm:ss.sssZ`: the one spelling `Date.prototype.toISOString` produces. */
const UTC_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A FHIR literal reference (R4 §2.3.0 "Literal references"): `Type/id`, optionally versioned
 * (`/_history/vid`), optionally absolute (`https://fhir.example.org/fhir/Type/id`).
 */
const FHIR_REFERENCE_PATTERN =
  /^(?:https?:\/\/[A-Za-z0-9\-\\.:%$]+(?:\/[A-Za-z0-9\-\\.:%$]+)*\/)?[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** A SHA-256 digest: 64 lowercase hexadecimal characters. */
export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'Must be a SHA-256 digest: exactly 64 lowercase hexadecimal characters');

/** A UTC instant with milliseconds and `Z`, e.g. `2026-03-01T09:30:00.000Z`. */
export const utcInstantSchema = z
  .string()
  .refine(
    (value) => UTC_INSTANT_PATTERN.test(value) && isRealInstant(value),
    'Must be a UTC instant with milliseconds and Z, e.g. "2026-03-01T09:30:00.000Z"',
  );

/** A calendar date `YYYY-MM-DD`, or a UTC instant as in {@link utcInstantSchema}. */
const dateOrInstantSchema = z
  .string()
  .refine(
    (value) =>
      (UTC_INSTANT_PATTERN.test(value) && isRealInstant(value)) ||
      (CALENDAR_DATE_PATTERN.test(value) && isRealInstant(`${value}T00:00:00.000Z`)),
    'Must be a calendar date "YYYY-MM-DD" or a UTC instant with milliseconds and Z',
  );

function isRealInstant(value: string): boolean {
  const time = Date.parse(value);
  return Number.isFinite(time) && new Date(time).toISOString() === value;
}

const trialCodeSchema = z
  .string()
  .regex(TRIAL_CODE_PATTERN, 'Must be a trial code: 2-20 uppercase letters, digits or "-", e.g. "MM-RAD-01"');

/** base64url (no padding) of exactly `bytes` bytes, in its single canonical spelling. */
function base64urlBytes(bytes: number, what: string) {
  return z
    .string()
    .refine(
      (value) => decodeBase64url(value)?.length === bytes,
      `Must be ${what}: ${bytes} bytes as unpadded base64url`,
    );
}

const signatureSchema = base64urlBytes(64, 'an Ed25519 signature');

/** A probability in [0, 1]. */
const probabilitySchema = z
  .number()
  .min(0, 'Must be a probability between 0 and 1')
  .max(1, 'Must be a probability between 0 and 1');

/**
 * What was known about the start of treatment when the prediction was locked. The lock proves the
 * prediction existed at `lockedAt`; this records whether treatment (which could reveal or be
 * influenced by the prediction) had already started or was only planned.
 *
 * - `actual`: `at` (date or UTC instant) and `source` (the FHIR resource it was read from, e.g.
 *   `MedicationAdministration/123` or `Procedure/7/_history/2`) are required;
 * - `planned`: `at` is required; `source` names a FHIR resource (e.g. `CarePlan/7`) or is `null`
 *   when the coordinator entered the planned date in Prospect (recorded in its audit trail);
 * - `unknown`: `at` is `null`; `source` may name what was consulted, or be `null`.
 */
export const treatmentStartKnownSchema = z
  .object({
    at: dateOrInstantSchema.nullable(),
    status: z.enum(['actual', 'planned', 'unknown']),
    source: z
      .string()
      .regex(FHIR_REFERENCE_PATTERN, 'Must be a FHIR reference such as "MedicationAdministration/123"')
      .nullable(),
  })
  .strict()
  .superRefine((known, ctx) => {
    if (known.status === 'unknown') {
      if (known.at !== null) {
        ctx.addIssue({ code: 'custom', path: ['at'], message: 'Must be null when status is "unknown"' });
      }
    } else {
      if (known.at === null) {
        ctx.addIssue({ code: 'custom', path: ['at'], message: `Required when status is "${known.status}"` });
      }
      if (known.status === 'actual' && known.source === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['source'],
          message: `Required when status is "${known.status}": the FHIR resource the date was read from`,
        });
      }
    }
  });

/** The commitment to a prediction, as it appears in the public log. */
export const predictionCommitmentSchema = z
  .object({
    algorithm: z.literal(PREDICTION_COMMITMENT_ALGORITHM),
    digest: sha256HexSchema,
  })
  .strict();

/**
 * A `prediction-lock` log entry: the non-secret fields of one enrolment's prediction and a
 * commitment to the prediction itself. Safe to share with witnesses and coordinators while the
 * trial is blinded. Digests name the exact artefacts: the model file, the image and mask, the
 * extracted feature vector, the complete model input and the feature-extraction settings.
 */
export const predictionLockEntrySchema = z
  .object({
    kind: z.literal('prediction-lock'),
    formatVersion: z.literal(LEDGER_ENTRY_FORMAT_VERSION),
    trialCode: trialCodeSchema,
    protocolVersion: z.number().int().positive('Must be a protocol version number, 1 or more'),
    subjectId: z
      .string()
      .regex(SUBJECT_ID_PATTERN, 'Must be a pseudonymous subject ID "<trial>-<site>-<nnnn>"'),
    modelSha256: sha256HexSchema,
    imageSha256: sha256HexSchema,
    maskSha256: sha256HexSchema,
    featuresSha256: sha256HexSchema,
    inputsSha256: sha256HexSchema,
    featureSettingsSha256: sha256HexSchema,
    threshold: probabilitySchema,
    lockedAt: utcInstantSchema,
    treatmentStartKnown: treatmentStartKnownSchema,
    predictionCommitment: predictionCommitmentSchema,
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (!entry.subjectId.startsWith(`${entry.trialCode}-`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['subjectId'],
        message: `Must belong to trial ${entry.trialCode} (start with "${entry.trialCode}-")`,
      });
    }
  });

/** Why the trial's signing key changed. `initial` records the trial's first key. */
export const KEY_ROTATION_REASONS = [
  'initial',
  'scheduled',
  'suspected-compromise',
  'custodian-change',
] as const;

/**
 * A `key-rotation` log entry: every tree head that includes it (and no later rotation) is signed
 * by `newPublicKey`; `effectiveAt` records when, by the database clock. The first key of a trial
 * is recorded the same way with reason `initial`.
 *
 * Both keys sign (see `key-rotation.ts`): `newKeySignature` proves possession of the new key, and
 * `previousKeySignature` (absent only for `initial`) proves the holder of the key in force handed
 * over. A lost previous key cannot produce this entry; that case needs a witnessed recovery
 * procedure outside this format.
 */
export const keyRotationEntrySchema = z
  .object({
    kind: z.literal('key-rotation'),
    formatVersion: z.literal(LEDGER_ENTRY_FORMAT_VERSION),
    trialCode: trialCodeSchema,
    previousKeyId: sha256HexSchema.nullable(),
    newPublicKey: base64urlBytes(32, 'a raw Ed25519 public key'),
    newKeyId: sha256HexSchema,
    reason: z.enum(KEY_ROTATION_REASONS),
    effectiveAt: utcInstantSchema,
    previousKeySignature: signatureSchema.nullable(),
    newKeySignature: signatureSchema,
  })
  .strict()
  .superRefine((entry, ctx) => {
    const keyId = tryKeyIdOf(entry.newPublicKey);
    if (keyId !== null && keyId !== entry.newKeyId) {
      ctx.addIssue({
        code: 'custom',
        path: ['newKeyId'],
        message: 'Must be the SHA-256 (hex) of the raw newPublicKey',
      });
    }
    const initial = entry.reason === 'initial';
    if (initial !== (entry.previousKeyId === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['previousKeyId'],
        message: initial ? 'Must be null for the initial key' : 'Required unless reason is "initial"',
      });
    }
    if (initial !== (entry.previousKeySignature === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['previousKeySignature'],
        message: initial ? 'Must be null for the initial key' : 'Required unless reason is "initial"',
      });
    }
    if (entry.previousKeyId !== null && entry.previousKeyId === entry.newKeyId) {
      ctx.addIssue({ code: 'custom', path: ['newKeyId'], message: 'Must differ from previousKeyId' });
    }
  });

/** Any entry of the prediction-lock log. */
export const ledgerEntrySchema = z.discriminatedUnion('kind', [
  predictionLockEntrySchema,
  keyRotationEntrySchema,
]);

/** The prediction being locked: what the commitment hides until unblinding. */
export const predictionSchema = z
  .object({
    probability: probabilitySchema,
    predictedClass: z.union([z.literal(0), z.literal(1)]),
    /** Any JSON (e.g. feature contributions); canonicalized as RFC 8785 before hashing. */
    explanation: z.json(),
  })
  .strict();

/**
 * The opening of a prediction commitment: the prediction and its salt (32 random bytes,
 * base64url). Secret until unblinding; stored apart from the log under the blinding rules.
 */
export const predictionOpeningSchema = predictionSchema
  .extend({ salt: base64urlBytes(32, 'a salt') })
  .strict();

export type TreatmentStartKnown = z.output<typeof treatmentStartKnownSchema>;
export type PredictionCommitment = z.output<typeof predictionCommitmentSchema>;
export type PredictionLockEntry = z.output<typeof predictionLockEntrySchema>;
export type KeyRotationEntry = z.output<typeof keyRotationEntrySchema>;
export type KeyRotationReason = (typeof KEY_ROTATION_REASONS)[number];
export type LedgerEntry = z.output<typeof ledgerEntrySchema>;
export type Prediction = z.output<typeof predictionSchema>;
export type PredictionOpening = z.output<typeof predictionOpeningSchema>;

/** Validates an untrusted log entry of any kind. Never throws. */
export function parseLedgerEntry(input: unknown): ParseResult<LedgerEntry> {
  return toParseResult(ledgerEntrySchema.safeParse(input));
}

/** Validates an untrusted prediction opening. Never throws. */
export function parsePredictionOpening(input: unknown): ParseResult<PredictionOpening> {
  return toParseResult(predictionOpeningSchema.safeParse(input));
}

/**
 * The bytes a log entry is stored and hashed as (the Merkle leaf data): UTF-8 of its RFC 8785
 * canonical JSON, so they do not depend on member order or number spelling. The entry is
 * validated first, so an unknown member (such as a stray `probability`) can never reach the log.
 *
 * @throws {TypeError} listing every refused field when the entry is invalid.
 */
export function entryBytes(entry: LedgerEntry): Uint8Array {
  const parsed = parseOrThrow(ledgerEntrySchema, entry, 'ledger entry');
  return new Uint8Array(Buffer.from(canonicalJson(parsed), 'utf8'));
}
