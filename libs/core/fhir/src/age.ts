import type { FhirInstant } from './date-times';

/**
 * The completed years of age a patient may have at an instant: `min === max` when the birth date
 * is a full date or its missing day/month cannot change the answer.
 */
export interface AgeRange {
  readonly min: number;
  readonly max: number;
}

const BIRTH_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function completedYears(birth: [number, number, number], on: [number, number, number]): number {
  const [by, bm, bd] = birth;
  const [y, m, d] = on;
  const beforeBirthday = m < bm || (m === bm && d < bd);
  return y - by - (beforeBirthday ? 1 : 0);
}

/**
 * Completed years of age at `at`, from a FHIR `Patient.birthDate`.
 *
 * Definition: the number of birthdays reached on or before the UTC calendar date of `at`, so the
 * birthday itself counts (18 on the 18th birthday). Someone born on 29 February reaches their
 * birthday on 1 March in non-leap years. A partial birth date (`YYYY` or `YYYY-MM`) gives the range
 * of ages over every day it may stand for.
 *
 * @returns `null` when `birthDate` is missing, malformed or after `at`.
 * @example
 * ageInYears('2008-03-01', parseFhirDateTime('2026-03-01')!); // { min: 18, max: 18 }
 * ageInYears('1960', parseFhirDateTime('2026-03-01')!); // { min: 65, max: 66 }
 */
export function ageInYears(birthDate: string | undefined, at: FhirInstant): AgeRange | null {
  if (birthDate === undefined) return null;
  const match = BIRTH_DATE.exec(birthDate);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const day = match[3] === undefined ? null : Number(match[3]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (month !== null && day !== null && (day < 1 || day > daysInMonth(year, month))) return null;

  const earliest: [number, number, number] = [year, month ?? 1, day ?? 1];
  const lastMonth = month ?? 12;
  const latest: [number, number, number] = [year, lastMonth, day ?? daysInMonth(year, lastMonth)];
  const date = new Date(at.epochMs);
  const on: [number, number, number] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];

  const max = completedYears(earliest, on);
  if (max < 0) return null;
  return { min: Math.max(0, completedYears(latest, on)), max };
}
