import type { DocumentReference, Provenance, Reference, Resource, RiskAssessment } from '@medplum/fhirtypes';
import { requireInstant } from './date-times';

/** Identifier system of a lock's RiskAssessment: value `<trial code>/<leaf index>`. */
export const LOCK_IDENTIFIER_SYSTEM = 'urn:prospect:prediction-lock';

/** Code system naming a model by the SHA-256 of its ONNX file. */
export const MODEL_SHA256_SYSTEM = 'urn:prospect:model-sha256';

/** Code system of the protocols' positive classes (`mrd-negative`, `pcr`, …). */
export const ENDPOINT_CLASS_SYSTEM = 'urn:prospect:endpoint-positive-class';

/**
 * How much of a lock goes to the FHIR server:
 * - `full`: the RiskAssessment carries the probability (`prediction.probabilityDecimal`) and the
 *   predicted class, as a clinical system would show a risk score;
 * - `commitment-only`: for blinded studies where anyone with access to the hospital's FHIR server
 *   must not see predictions: the RiskAssessment says a prediction was locked and carries its
 *   commitment, not its value.
 */
export type LockWriteBackMode = 'full' | 'commitment-only';

/** What a lock's RiskAssessment and Provenance are built from. */
export interface LockedPredictionFacts {
  readonly trialCode: string;
  readonly subjectId: string;
  readonly leafIndex: number;
  /** `Patient/<id>` on the FHIR server. */
  readonly patientReference: string;
  /** The baseline ImagingStudy and the covariate Observations the prediction used, as `Type/id`. */
  readonly basis: readonly string[];
  readonly lockedAt: string;
  readonly model: { readonly name: string; readonly version: string; readonly sha256: string };
  /** The protocol's positive class, e.g. `mrd-negative`. */
  readonly positiveClass: string;
  readonly probability: number;
  readonly predictedClass: 0 | 1;
  readonly threshold: number;
  /** The commitment digest in the log entry. */
  readonly commitmentDigest: string;
}

const REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

function reference<T extends Resource = Resource>(value: string, what: string): Reference<T> {
  if (!REFERENCE.test(value))
    throw new RangeError(`${what} must be a relative reference "Type/id", got ${JSON.stringify(value)}`);
  return { reference: value };
}

/**
 * The RiskAssessment recording a locked prediction: status `final`, occurrence = lock time, basis =
 * the baseline ImagingStudy and covariate Observations, method = the model by SHA-256, prediction
 * = the positive class with its probability (in `full` mode). Its identifier makes a conditional
 * create idempotent: a retried write-back never makes a second one.
 *
 * @throws {RangeError} on a malformed reference, time or probability.
 */
export function riskAssessmentForLock(facts: LockedPredictionFacts, mode: LockWriteBackMode): RiskAssessment {
  const occurrence = requireInstant(facts.lockedAt, 'lockedAt').at;
  if (!(facts.probability >= 0 && facts.probability <= 1))
    throw new RangeError('probability must be in [0, 1]');
  const modelText = `${facts.model.name} ${facts.model.version}`;
  const outcome = {
    coding: [{ system: ENDPOINT_CLASS_SYSTEM, code: facts.positiveClass }],
    text: facts.positiveClass,
  };
  return {
    resourceType: 'RiskAssessment',
    identifier: [{ system: LOCK_IDENTIFIER_SYSTEM, value: `${facts.trialCode}/${facts.leafIndex}` }],
    status: 'final',
    subject: reference(facts.patientReference, 'patientReference'),
    occurrenceDateTime: occurrence,
    method: {
      coding: [{ system: MODEL_SHA256_SYSTEM, code: facts.model.sha256, display: modelText }],
      text: `${modelText} (ONNX SHA-256 ${facts.model.sha256})`,
    },
    performer: { display: `Prospect, model ${modelText}` },
    basis: facts.basis.map((basis) => reference(basis, 'basis')),
    prediction: [
      mode === 'full'
        ? {
            outcome,
            probabilityDecimal: facts.probability,
            qualitativeRisk: {
              text: `${facts.predictedClass === 1 ? 'Predicted' : 'Not predicted'} ${facts.positiveClass} at threshold ${facts.threshold}`,
            },
          }
        : { outcome, rationale: `Locked and blinded; commitment SHA-256 ${facts.commitmentDigest}` },
    ],
    note: [
      {
        text: `Prospective prediction for trial ${facts.trialCode}, subject ${facts.subjectId}, locked as entry ${facts.leafIndex} of the trial's transparency log.`,
      },
    ],
  };
}

/**
 * The Provenance of a lock's RiskAssessment: recorded at the lock time, derived from the basis,
 * with the lock receipt (entry, inclusion proof, signed tree head) as a JSON signature so anyone
 * reading the FHIR server can check the lock offline with `prospect verify`.
 */
export function provenanceForLock(
  riskAssessmentReference: string,
  facts: Pick<LockedPredictionFacts, 'lockedAt' | 'basis' | 'trialCode' | 'leafIndex'>,
  receiptJson: string,
): Provenance {
  const recorded = requireInstant(facts.lockedAt, 'lockedAt').at;
  return {
    resourceType: 'Provenance',
    target: [reference(riskAssessmentReference, 'riskAssessmentReference')],
    recorded,
    activity: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE' }],
    },
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'assembler',
            },
          ],
        },
        who: { display: 'Prospect prediction lock' },
      },
    ],
    entity: facts.basis.map((basis) => ({ role: 'source' as const, what: reference(basis, 'basis') })),
    signature: [
      {
        type: [
          {
            system: 'urn:iso-astm:E1762-95:2013',
            code: '1.2.840.10065.1.12.1.5',
            display: 'Verification Signature',
          },
        ],
        when: recorded,
        who: { display: `Transparency log of ${facts.trialCode}, entry ${facts.leafIndex}` },
        sigFormat: 'application/json',
        data: utf8Base64(receiptJson),
      },
    ],
  };
}

/** Identifier system of a published tree head: value `<trial code>/<tree size>/<timestamp>`. */
export const TREE_HEAD_IDENTIFIER_SYSTEM = 'urn:prospect:ledger-tree-head';

/** The signed tree head fields a checkpoint publishes. */
export interface PublishedTreeHead {
  readonly trialCode: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly keyId: string;
  readonly signature: string;
}

/**
 * A checkpoint of a trial's log published on the FHIR server: a DocumentReference (status
 * current) whose attachment is the signed tree head as JSON. Anyone who can read the hospital's
 * server then holds a copy the platform cannot take back, which pins the log's history up to it.
 * The identifier makes a conditional create idempotent.
 */
export function treeHeadDocumentReference(
  head: PublishedTreeHead,
  researchStudyReference?: string,
): DocumentReference {
  const date = requireInstant(head.timestamp, 'timestamp').at;
  return {
    resourceType: 'DocumentReference',
    identifier: [
      { system: TREE_HEAD_IDENTIFIER_SYSTEM, value: `${head.trialCode}/${head.treeSize}/${head.timestamp}` },
    ],
    status: 'current',
    type: { text: 'Prospect prediction-lock log: signed tree head' },
    date,
    description: `Signed tree head of the prediction-lock log of ${head.trialCode}: ${head.treeSize} entries, root ${head.rootHash}`,
    ...(researchStudyReference
      ? { context: { related: [reference(researchStudyReference, 'researchStudyReference')] } }
      : {}),
    content: [
      {
        attachment: {
          contentType: 'application/json',
          data: utf8Base64(JSON.stringify(head)),
          title: `${head.trialCode}-tree-head-${head.treeSize}.json`,
          creation: date,
        },
      },
    ],
  };
}

/** Base64 of UTF-8 text, without Node's Buffer (this library also runs in browsers). */
function utf8Base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
