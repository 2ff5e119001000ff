import { type Coding, type Indication, isTrialCode } from '@prospect/domain';
import type {
  Bundle,
  BundleEntry,
  Identifier,
  Patient,
  Reference,
  ResearchStudy,
  ResearchSubject,
  Resource,
} from '@medplum/fhirtypes';
import { requireInstant } from './date-times';

/** The SNOMED CT code system URI. */
export const SNOMED_SYSTEM = 'http://snomed.info/sct';

/**
 * The SNOMED CT concept written to `ResearchStudy.condition` for each indication; `other` has none,
 * so no condition is written rather than a vague one.
 */
export const INDICATION_CODINGS: Readonly<Record<Indication, Coding | null>> = {
  'multiple-myeloma': { system: SNOMED_SYSTEM, code: '109989006', display: 'Multiple myeloma' },
  'breast-cancer': { system: SNOMED_SYSTEM, code: '254837009', display: 'Malignant neoplasm of breast' },
  other: null,
};

/**
 * The extension carrying the protocol version on the ResearchStudy (R4 has no version element).
 * A placeholder canonical URL under the project's example domain, to be replaced with the
 * deployment's canonical base once it has one.
 */
export const PROTOCOL_VERSION_EXTENSION_URL =
  'http://prospect.example/fhir/StructureDefinition/protocol-version';

/** The trial fields the ResearchStudy is built from (a `TrialDefinition` fits). */
export interface TrialIdentity {
  readonly code: string;
  readonly title: string;
  readonly indication: Indication;
}

/** An identifier that names exactly one resource: both parts are required. */
export interface BusinessIdentifier {
  readonly system: string;
  readonly value: string;
}

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function requireSystem(system: string): void {
  if (!ABSOLUTE_URI.test(system)) {
    throw new RangeError(`Invalid identifier system ${JSON.stringify(system)}: expected an absolute URI`);
  }
}

function toReference<T extends Resource>(reference: string | Reference<T>): Reference<T> {
  return typeof reference === 'string' ? { reference } : reference;
}

/**
 * The FHIR R4 ResearchStudy for a trial, identified by its trial code so every hospital system
 * finds the same study: status `active`, `identifier` `{ system: identifierSystem, value: code }`,
 * `title`, `condition` the SNOMED CT concept of the indication (none for `other`), and the protocol
 * version in the {@link PROTOCOL_VERSION_EXTENSION_URL} extension.
 *
 * Written with {@link conditionalCreateRequest}, an existing study is kept as it is, so the version
 * recorded is the one current when the study was first created.
 *
 * @throws {RangeError} when the trial code is malformed, `protocolVersion` is not a positive
 *   integer or `identifierSystem` is not an absolute URI.
 * @example
 * researchStudyFor({ code: 'MM-RAD-01', title: 'Whole-body MRI…', indication: 'multiple-myeloma' }, 1,
 *   'https://hospital.example/fhir/prospect-trial');
 */
export function researchStudyFor(
  trial: TrialIdentity,
  protocolVersion: number,
  identifierSystem: string,
): ResearchStudy & { identifier: [Identifier] } {
  if (!isTrialCode(trial.code)) throw new RangeError(`Invalid trial code ${JSON.stringify(trial.code)}`);
  if (!Number.isInteger(protocolVersion) || protocolVersion < 1) {
    throw new RangeError(`Invalid protocol version ${String(protocolVersion)}: expected a positive integer`);
  }
  requireSystem(identifierSystem);
  const indication = INDICATION_CODINGS[trial.indication];
  return {
    resourceType: 'ResearchStudy',
    extension: [{ url: PROTOCOL_VERSION_EXTENSION_URL, valueInteger: protocolVersion }],
    identifier: [{ system: identifierSystem, value: trial.code }],
    title: trial.title,
    status: 'active',
    ...(indication === null
      ? {}
      : { condition: [{ coding: [{ ...indication }], text: indication.display }] }),
  };
}

/**
 * The FHIR R4 ResearchSubject enrolling a patient: status `on-study`, `study`, `individual`, the
 * pseudonymous subject id (e.g. `MM-RAD-01-HD01-0007`) as its identifier, and `period.start` the
 * enrollment time in UTC. References may be given as strings (`Patient/123`, or a transaction's
 * `urn:uuid:…` fullUrl).
 *
 * @throws {RangeError} when `subjectId` is empty or contains whitespace, `identifierSystem` is not
 *   an absolute URI, or `enrolledAt` is not a readable date or dateTime.
 * @example
 * researchSubjectFor('ResearchStudy/rs1', 'Patient/p1', 'MM-RAD-01-HD01-0007',
 *   'https://hospital.example/fhir/prospect-subject', '2026-03-01T09:00:00Z');
 */
export function researchSubjectFor(
  studyRef: string | Reference<ResearchStudy>,
  patientRef: string | Reference<Patient>,
  subjectId: string,
  identifierSystem: string,
  enrolledAt: string,
): ResearchSubject & { identifier: [Identifier] } {
  if (!/^\S+$/.test(subjectId)) {
    throw new RangeError(
      `Invalid subject id ${JSON.stringify(subjectId)}: expected a non-empty id without spaces`,
    );
  }
  requireSystem(identifierSystem);
  const start = requireInstant(enrolledAt, 'enrolledAt').at;
  return {
    resourceType: 'ResearchSubject',
    identifier: [{ system: identifierSystem, value: subjectId }],
    status: 'on-study',
    period: { start },
    study: toReference(studyRef),
    individual: toReference(patientRef),
  };
}

/** Escapes a FHIR search token part (`\`, `|`, `,`, `$` are special) and percent-encodes it. */
function searchPart(value: string): string {
  return encodeURIComponent(value.replace(/[\\|,$]/g, (character) => `\\${character}`));
}

/**
 * A transaction-bundle entry that creates `resource` only if no resource of its type has
 * `identifier` (FHIR conditional create, `ifNoneExist`), so repeating a write-back after a timeout
 * or re-sync never makes duplicates.
 *
 * @param fullUrl - an optional `urn:uuid:` for the entry, so other entries can reference it
 * @throws {RangeError} when `resource.identifier` does not contain `identifier`: the search would
 *   never find the created resource, and every retry would create another.
 * @example
 * conditionalCreateRequest(study, study.identifier[0], 'urn:uuid:…').request;
 * // { method: 'POST', url: 'ResearchStudy', ifNoneExist: 'identifier=https%3A%2F%2F…%7CMM-RAD-01' } (the | is kept)
 */
export function conditionalCreateRequest<T extends Resource & { identifier?: Identifier[] }>(
  resource: T,
  identifier: BusinessIdentifier,
  fullUrl?: string,
): BundleEntry<T> {
  const present = (resource.identifier ?? []).some(
    (candidate) => candidate.system === identifier.system && candidate.value === identifier.value,
  );
  if (!present) {
    throw new RangeError(
      `The ${resource.resourceType} does not carry identifier ${identifier.system}|${identifier.value}`,
    );
  }
  return {
    ...(fullUrl === undefined ? {} : { fullUrl }),
    resource,
    request: {
      method: 'POST',
      url: resource.resourceType,
      ifNoneExist: `identifier=${searchPart(identifier.system)}|${searchPart(identifier.value)}`,
    },
  };
}

/**
 * A FHIR transaction bundle of `entries`, processed by the server all or nothing.
 *
 * @example
 * transactionBundle([conditionalCreateRequest(study, study.identifier[0])]).type; // 'transaction'
 */
export function transactionBundle(entries: readonly BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type: 'transaction', entry: [...entries] };
}
