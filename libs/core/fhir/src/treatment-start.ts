import type { TreatmentStart } from '@prospect/domain';
import type { MedicationAdministration, Procedure } from '@medplum/fhirtypes';
import { describeCodes, matchesAny } from './codes';
import {
  type DateTimePrecision,
  type FhirInstant,
  medicationAdministrationTime,
  procedureTime,
  requireInstant,
} from './date-times';
import { openIssue, type OpenIssue } from './open-issues';
import type { PatientRecord } from './patient-record';

/**
 * Statuses meaning the treatment actually began, for both MedicationAdministration and Procedure.
 *
 * `stopped` and `on-hold` count because the drug or procedure had already started: a first
 * daratumumab infusion interrupted by an infusion reaction is still day 0, and moving day 0 to the
 * next dose would let a scan taken after exposure pass as baseline. Not counted: `not-done` and
 * `preparation` (nothing happened yet), `entered-in-error` (never happened) and `unknown` (cannot
 * tell).
 */
export const TREATMENT_STARTED_STATUSES: readonly string[] = [
  'in-progress',
  'on-hold',
  'stopped',
  'completed',
];

/** The resource a recorded treatment start came from. */
export interface TreatmentStartSource {
  readonly resourceType: 'MedicationAdministration' | 'Procedure';
  readonly id: string;
}

/**
 * Day 0 of the protocol's windows:
 * - `actual`: the earliest recorded administration or procedure (`candidates` qualifying records
 *   were found; `source` is the one chosen);
 * - `planned`: no record yet, so the coordinator's planned date;
 * - `unknown`: neither.
 *
 * `at` is an ISO UTC instant; `precision` is `day` when the source had no time of day.
 */
export type TreatmentStartResult =
  | {
      readonly status: 'actual';
      readonly at: string;
      readonly precision: DateTimePrecision;
      readonly source: TreatmentStartSource;
      readonly candidates: number;
    }
  | {
      readonly status: 'planned';
      readonly at: string;
      readonly precision: DateTimePrecision;
      readonly source: null;
    }
  | { readonly status: 'unknown' };

interface Candidate {
  readonly source: TreatmentStartSource;
  readonly time: FhirInstant;
}

function administrationCandidate(
  administration: MedicationAdministration,
  protocol: TreatmentStart,
): Candidate | null {
  // medicationReference would need the Medication resource, which a PatientRecord does not carry;
  // sites that code drugs only by reference must resolve it into medicationCodeableConcept first.
  if (administration.id === undefined || !TREATMENT_STARTED_STATUSES.includes(administration.status)) {
    return null;
  }
  if (!matchesAny(administration.medicationCodeableConcept, protocol.medicationCodes)) return null;
  const time = medicationAdministrationTime(administration);
  return time === null
    ? null
    : { source: { resourceType: 'MedicationAdministration', id: administration.id }, time };
}

function procedureCandidate(procedure: Procedure, protocol: TreatmentStart): Candidate | null {
  if (procedure.id === undefined || !TREATMENT_STARTED_STATUSES.includes(procedure.status)) return null;
  if (!matchesAny(procedure.code, protocol.procedureCodes)) return null;
  const time = procedureTime(procedure);
  return time === null ? null : { source: { resourceType: 'Procedure', id: procedure.id }, time };
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.time.epochMs !== b.time.epochMs) return a.time.epochMs - b.time.epochMs;
  // Same instant: any fixed order will do, as long as re-running gives the same source.
  if (a.source.resourceType !== b.source.resourceType) {
    return a.source.resourceType < b.source.resourceType ? -1 : 1;
  }
  return a.source.id < b.source.id ? -1 : a.source.id > b.source.id ? 1 : 0;
}

/**
 * Determines treatment start (day 0) for one patient.
 *
 * Definition: among MedicationAdministrations whose `medicationCodeableConcept` matches
 * `protocol.medicationCodes` and Procedures whose `code` matches `protocol.procedureCodes`, with a
 * status in {@link TREATMENT_STARTED_STATUSES} and a readable time (`effective[x]` /
 * `performed[x]`, see `medicationAdministrationTime` and `procedureTime`), the earliest one is the
 * actual start. Records at the same instant are ordered by resource type, then id. Any actual
 * record replaces `plannedStart`, even one later than the plan, since the plan was only an
 * estimate. Without records, a non-empty `plannedStart` gives a `planned` start; otherwise the
 * start is `unknown`.
 *
 * @param plannedStart - the coordinator's planned start as a FHIR date or dateTime, if any
 * @throws {RangeError} when `plannedStart` is not a readable date or dateTime.
 * @example
 * determineTreatmentStart(record, protocol.treatmentStart, '2026-03-10');
 * // { status: 'planned', at: '2026-03-10T00:00:00.000Z', precision: 'day', source: null }
 */
export function determineTreatmentStart(
  record: PatientRecord,
  protocol: TreatmentStart,
  plannedStart?: string | null,
): TreatmentStartResult {
  const candidates = [
    ...record.medicationAdministrations.map((item) => administrationCandidate(item, protocol)),
    ...record.procedures.map((item) => procedureCandidate(item, protocol)),
  ]
    .filter((candidate): candidate is Candidate => candidate !== null)
    .sort(compareCandidates);
  const earliest = candidates[0];
  if (earliest !== undefined) {
    return {
      status: 'actual',
      at: earliest.time.at,
      precision: earliest.time.precision,
      source: earliest.source,
      candidates: candidates.length,
    };
  }
  if (plannedStart !== undefined && plannedStart !== null && plannedStart !== '') {
    const planned = requireInstant(plannedStart, 'plannedStart');
    return { status: 'planned', at: planned.at, precision: planned.precision, source: null };
  }
  return { status: 'unknown' };
}

/**
 * Day 0 as a FHIR date or dateTime to pass on to `selectBaselineImaging` and `extractCovariates`:
 * `YYYY-MM-DD` when the start is date-only, so the calendar-day rules still apply, otherwise the
 * UTC instant; `null` when unknown.
 *
 * @example
 * treatmentStartDateTime({ status: 'planned', at: '2026-03-10T00:00:00.000Z', precision: 'day', source: null }); // '2026-03-10'
 */
export function treatmentStartDateTime(result: TreatmentStartResult): string | null {
  if (result.status === 'unknown') return null;
  return result.precision === 'day' ? result.at.slice(0, 10) : result.at;
}

/**
 * The open issues a treatment start raises: `treatment-start-planned` (warning: the link is
 * provisional until the actual start is recorded) or `treatment-start-unknown` (blocking: no
 * window can be computed). An actual start raises none.
 *
 * @example
 * treatmentStartIssues({ status: 'unknown' }, protocol.treatmentStart)[0]?.code; // 'treatment-start-unknown'
 */
export function treatmentStartIssues(result: TreatmentStartResult, protocol: TreatmentStart): OpenIssue[] {
  const what = describeCodes([...protocol.medicationCodes, ...protocol.procedureCodes]);
  switch (result.status) {
    case 'actual':
      return [];
    case 'planned': {
      const day = treatmentStartDateTime(result) ?? result.at;
      return [
        openIssue(
          'treatment-start-planned',
          'warning',
          `Treatment start is the planned date ${day}: no administration or procedure of ${what} ` +
            `is recorded yet, so the baseline link is provisional.`,
        ),
      ];
    }
    case 'unknown':
      return [unknownTreatmentStartIssue(what)];
  }
}

/**
 * The blocking issue for a missing day 0, shared with imaging selection so both report it with the
 * same code and de-duplicate to one.
 *
 * @example
 * unknownTreatmentStartIssue('daratumumab').code; // 'treatment-start-unknown'
 */
export function unknownTreatmentStartIssue(what?: string): OpenIssue {
  const detail = what === undefined ? '' : ` of ${what}`;
  return openIssue(
    'treatment-start-unknown',
    'blocking',
    `Treatment start is unknown: no administration or procedure${detail} is recorded and no planned ` +
      `date was given, so the baseline imaging window cannot be computed.`,
  );
}
