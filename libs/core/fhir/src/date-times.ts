import type { MedicationAdministration, Observation, Period, Procedure } from '@medplum/fhirtypes';

/** Milliseconds in one day; UTC has no daylight-saving days, so every day has exactly this many. */
export const MS_PER_DAY = 86_400_000;

/**
 * How precisely a FHIR date-time was recorded: `time` for a full date-time with a time zone,
 * `day` for a date without time (`2026-03-01`).
 */
export type DateTimePrecision = 'day' | 'time';

/**
 * A FHIR `dateTime`/`instant` read as a point on the UTC time line.
 *
 * - `at`: ISO 8601 in UTC with milliseconds, e.g. `2026-03-02T04:30:00.000Z`.
 * - `epochMs`: the same instant in milliseconds since 1970-01-01T00:00:00Z, for arithmetic.
 * - `precision`: `day` when the source had no time; `at` is then the start of that day in UTC.
 */
export interface FhirInstant {
  readonly at: string;
  readonly epochMs: number;
  readonly precision: DateTimePrecision;
}

// FHIR dateTime (https://hl7.org/fhir/R4/datatypes.html#dateTime) restricted to day precision or
// finer: a time needs seconds and a zone ("If hours and minutes are specified, a time zone SHALL
// be populated"). Year-only and year-month values are left out: they cannot be placed on a
// day-granular window without guessing the day.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2})))?$/;

/** `Date.UTC` maps years 0–99 to 1900–1999; setting the full year avoids that. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

/**
 * Reads a FHIR `date`, `dateTime` or `instant` string as a UTC instant.
 *
 * Definition: `YYYY-MM-DD` is the start of that day in UTC with precision `day`;
 * `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)` is converted to UTC using its offset, with precision
 * `time` (fractions beyond milliseconds are truncated). Anything else yields `null`: year-only or
 * year-month values, a time without a zone (the spec forbids it and the local zone is unknowable
 * here), impossible calendar dates (`2026-02-30`) and out-of-range hours, minutes or offsets.
 *
 * @example
 * parseFhirDateTime('2026-03-01T23:30:00-05:00'); // { at: '2026-03-02T04:30:00.000Z', precision: 'time', ... }
 * parseFhirDateTime('2026-03-01'); // { at: '2026-03-01T00:00:00.000Z', precision: 'day', ... }
 * parseFhirDateTime('2026-03'); // null
 */
export function parseFhirDateTime(value: string | undefined): FhirInstant | null {
  if (value === undefined) return null;
  const match = DATE_TIME.exec(value);
  if (match === null) return null;
  const [, y, mo, d, h, mi, s, fraction, zone, sign, zh, zm] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const dayStart = utcMs(year, month, day);
  const check = new Date(dayStart);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (h === undefined || mi === undefined || s === undefined || zone === undefined) {
    return { at: new Date(dayStart).toISOString(), epochMs: dayStart, precision: 'day' };
  }
  const hour = Number(h);
  const minute = Number(mi);
  // 60 is a leap second; JavaScript time has none, so it rolls into the next minute.
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 60) return null;
  const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const offsetHours = Number(zh);
    const offsetMins = Number(zm);
    if (offsetHours > 14 || offsetMins > 59 || (offsetHours === 14 && offsetMins > 0)) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const epochMs = utcMs(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { at: new Date(epochMs).toISOString(), epochMs, precision: 'time' };
}

/**
 * Like {@link parseFhirDateTime} for arguments a caller must supply correctly (evaluation times,
 * planned dates), where a bad value is a programming error rather than messy source data.
 *
 * @throws {RangeError} when `value` is not a FHIR date or dateTime with day precision or finer.
 * @example
 * requireInstant('2026-03-01T10:00:00Z', 'evaluatedAt').at; // '2026-03-01T10:00:00.000Z'
 */
export function requireInstant(value: string, name: string): FhirInstant {
  const instant = parseFhirDateTime(value);
  if (instant === null) {
    throw new RangeError(
      `Invalid ${name} ${JSON.stringify(value)}: expected a date (YYYY-MM-DD) or a date-time with a ` +
        `time zone (YYYY-MM-DDThh:mm:ssZ or ±hh:mm)`,
    );
  }
  return instant;
}

/**
 * Days from `earlier` to `later` (positive when `later` is later).
 *
 * Definition: `(later - earlier) / 86 400 000 ms`, a fractional number of days, when both have
 * time precision. When either has only day precision, both are first truncated to the start of
 * their UTC day, so the result is a whole number of calendar days; this keeps a date-only record
 * from looking 10 hours earlier than a same-day timed one.
 *
 * @example
 * daysBetween(parseFhirDateTime('2026-03-10T12:00:00Z')!, parseFhirDateTime('2026-03-09T00:00:00Z')!); // 1.5
 * daysBetween(parseFhirDateTime('2026-03-10')!, parseFhirDateTime('2026-03-09T23:00:00Z')!); // 1
 */
export function daysBetween(later: FhirInstant, earlier: FhirInstant): number {
  if (later.precision === 'day' || earlier.precision === 'day') {
    return (startOfUtcDay(later.epochMs) - startOfUtcDay(earlier.epochMs)) / MS_PER_DAY;
  }
  return (later.epochMs - earlier.epochMs) / MS_PER_DAY;
}

function startOfUtcDay(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY) * MS_PER_DAY;
}

/**
 * An instant for messages: `YYYY-MM-DD` for day precision, otherwise the full UTC ISO string.
 *
 * @example
 * formatInstant(parseFhirDateTime('2026-03-01')!); // '2026-03-01'
 */
export function formatInstant(instant: FhirInstant): string {
  return instant.precision === 'day' ? instant.at.slice(0, 10) : instant.at;
}

/**
 * A day count for messages, rounded to at most two decimals.
 *
 * @example
 * formatDays(1.23456); // '1.23'
 */
export function formatDays(days: number): string {
  return String(Math.round(days * 100) / 100);
}

/** The start of a period, the moment an event that spans time began. */
function periodStart(period: Period | undefined): string | undefined {
  return period?.start;
}

/**
 * When an Observation was clinically relevant: `effectiveDateTime`, else `effectiveInstant`, else
 * `effectivePeriod.start`. `effectiveTiming` is not read (it describes a schedule, not one time),
 * and `issued` is not a substitute: it is when the result was released, not when it was taken.
 *
 * @returns `null` when no readable effective time is present (see {@link parseFhirDateTime}).
 * @example
 * observationTime({ resourceType: 'Observation', status: 'final', code: {}, effectiveDateTime: '2026-03-01' })?.precision; // 'day'
 */
export function observationTime(observation: Observation): FhirInstant | null {
  return parseFhirDateTime(
    observation.effectiveDateTime ?? observation.effectiveInstant ?? periodStart(observation.effectivePeriod),
  );
}

/**
 * When a MedicationAdministration happened: `effectiveDateTime`, else `effectivePeriod.start`
 * (an infusion starts when the drug first enters the patient).
 *
 * @returns `null` when neither is present or readable.
 * @example
 * medicationAdministrationTime(administration)?.at; // '2026-03-10T08:00:00.000Z'
 */
export function medicationAdministrationTime(administration: MedicationAdministration): FhirInstant | null {
  return parseFhirDateTime(administration.effectiveDateTime ?? periodStart(administration.effectivePeriod));
}

/**
 * When a Procedure was performed: `performedDateTime`, else `performedPeriod.start`.
 * `performedString`, `performedAge` and `performedRange` are not read: they cannot be placed on
 * the time line without guessing.
 *
 * @returns `null` when neither is present or readable.
 * @example
 * procedureTime(procedure)?.at; // '2026-03-10T00:00:00.000Z'
 */
export function procedureTime(procedure: Procedure): FhirInstant | null {
  return parseFhirDateTime(procedure.performedDateTime ?? periodStart(procedure.performedPeriod));
}
