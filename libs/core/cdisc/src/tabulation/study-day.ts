import { sasDate } from './sas-date';

/**
 * SDTM study day (--DY) of a date relative to the reference start date RFSTDTC, by UTC calendar
 * date: the reference day is day 1, the day after is day 2, the day before is day −1; there is no
 * day 0. `null` when either date is missing.
 *
 * @throws {RangeError} if a date is not ISO 8601.
 */
export function studyDay(dtc: string | null, rfstdtc: string | null): number | null {
  const day = sasDate(dtc);
  const reference = sasDate(rfstdtc);
  if (day === null || reference === null) return null;
  const difference = day - reference;
  return difference >= 0 ? difference + 1 : difference;
}
