import type { Coding } from '@prospect/domain';
import type { Observation, Quantity } from '@medplum/fhirtypes';
import { matchesAny } from './codes';
import { daysBetween, type FhirInstant, observationTime, parseFhirDateTime } from './date-times';

/**
 * Observation statuses whose value can be relied on. `preliminary` and `registered` may still
 * change, `cancelled` and `entered-in-error` have no valid value, and `unknown` cannot be trusted.
 */
export const USABLE_OBSERVATION_STATUSES: readonly string[] = ['final', 'amended', 'corrected'];

/** The code system of UCUM units in `Quantity.system`. */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/** Which observations to consider: matching `codes`, on or before `at`, within `lookbackDays`. */
export interface ObservationQuery {
  readonly codes: readonly Coding[];
  readonly at: FhirInstant;
  readonly lookbackDays?: number | undefined;
}

/**
 * The observation chosen by {@link latestObservation}: the resource, the value read from it, its
 * effective time and how many days before `at` that was.
 */
export interface LatestObservation<T> {
  readonly observation: Observation & { readonly id: string };
  readonly value: T;
  readonly time: FhirInstant;
  readonly daysBefore: number;
}

function issuedMs(observation: Observation): number {
  return parseFhirDateTime(observation.issued)?.epochMs ?? Number.NEGATIVE_INFINITY;
}

/**
 * The most recent usable observation for a query.
 *
 * Definition: among observations with an `id`, a status in {@link USABLE_OBSERVATION_STATUSES},
 * a `code` matching `query.codes`, a readable effective time (see `observationTime`) and a value
 * (`read(observation)` not `null`), keep those with `0 <= daysBetween(at, effective)` (on or before
 * `at`) and, when `lookbackDays` is set, `daysBetween(at, effective) <= lookbackDays` (inclusive;
 * whole calendar days when either time is date-only). The latest effective time wins; equal times
 * are ordered by the later `issued` (the newer report), then the lowest id.
 *
 * @param read - reads the kind of value the caller needs, or `null`; observations without it (e.g.
 *   only a `dataAbsentReason`) are skipped so an older real value can be used
 * @example
 * latestObservation(record.observations, { codes: ldhCodes, at, lookbackDays: 28 }, (o) => o.valueQuantity ?? null);
 */
export function latestObservation<T>(
  observations: readonly Observation[],
  query: ObservationQuery,
  read: (observation: Observation) => T | null,
): LatestObservation<T> | null {
  const matches: LatestObservation<T>[] = [];
  for (const observation of observations) {
    if (observation.id === undefined || !USABLE_OBSERVATION_STATUSES.includes(observation.status)) continue;
    if (!matchesAny(observation.code, query.codes)) continue;
    const value = read(observation);
    if (value === null) continue;
    const time = observationTime(observation);
    if (time === null) continue;
    const daysBefore = daysBetween(query.at, time);
    if (daysBefore < 0) continue;
    if (query.lookbackDays !== undefined && daysBefore > query.lookbackDays) continue;
    matches.push({ observation: { ...observation, id: observation.id }, value, time, daysBefore });
  }
  matches.sort(
    (a, b) =>
      b.time.epochMs - a.time.epochMs ||
      issuedMs(b.observation) - issuedMs(a.observation) ||
      (a.observation.id < b.observation.id ? -1 : a.observation.id > b.observation.id ? 1 : 0),
  );
  return matches[0] ?? null;
}

/**
 * Whether a quantity is expressed in `unit`: its UCUM `code` equals `unit` (when `system` is UCUM
 * or absent), or its human-readable `unit` equals it. Comparison is exact because UCUM is
 * case-sensitive (`mL` is millilitre, `ML` is not); no conversion is attempted.
 *
 * @example
 * quantityUnitMatches({ value: 250, system: 'http://unitsofmeasure.org', code: 'U/L' }, 'U/L'); // true
 * quantityUnitMatches({ value: 4.2, unit: 'µkat/L' }, 'U/L'); // false
 */
export function quantityUnitMatches(quantity: Quantity, unit: string): boolean {
  const codeIsUcum = quantity.system === undefined || quantity.system === UCUM_SYSTEM;
  return (codeIsUcum && quantity.code === unit) || quantity.unit === unit;
}

/**
 * The unit of a quantity as recorded, for messages: the code, else the display unit.
 *
 * @example
 * describeUnit({ value: 1 }); // 'no unit'
 */
export function describeUnit(quantity: Quantity): string {
  return quantity.code ?? quantity.unit ?? 'no unit';
}

/**
 * An observation's `valueQuantity` when it has a numeric value, else `null`; the reader for
 * quantity values in {@link latestObservation}.
 *
 * @example
 * readQuantity(observation)?.value; // 250
 */
export function readQuantity(observation: Observation): (Quantity & { readonly value: number }) | null {
  const quantity = observation.valueQuantity;
  return typeof quantity?.value === 'number' ? { ...quantity, value: quantity.value } : null;
}
