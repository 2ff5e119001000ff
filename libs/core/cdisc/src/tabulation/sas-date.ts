import { isoDtc } from './iso-dtc';

const DAY_MS = 86_400_000;
const SAS_EPOCH_MS = Date.UTC(1960, 0, 1);

/**
 * SAS date value of an ISO 8601 date or date-time: whole days since 1960-01-01 of the UTC calendar
 * date (e.g. `2027-01-01` → 24472, `1959-12-31` → −1). `null` stays `null`.
 *
 * @throws {RangeError} if the text is not an ISO 8601 date or date-time.
 */
export function sasDate(value: string | null): number | null {
  const dtc = isoDtc(value);
  if (dtc === null) return null;
  return Math.round((Date.parse(`${dtc.slice(0, 10)}T00:00:00Z`) - SAS_EPOCH_MS) / DAY_MS);
}
