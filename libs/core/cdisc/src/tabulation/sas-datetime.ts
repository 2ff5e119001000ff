import { isoDtc } from './iso-dtc';

const SAS_EPOCH_MS = Date.UTC(1960, 0, 1);

/**
 * SAS datetime value of an ISO 8601 date-time: whole seconds since 1960-01-01T00:00:00 UTC
 * (fractions of a second dropped, as in the --DTC values; a date alone counts from its midnight).
 * E.g. `2027-01-01T00:00:01Z` → 2114380801. `null` stays `null`.
 *
 * @throws {RangeError} if the text is not an ISO 8601 date or date-time.
 */
export function sasDatetime(value: string | null): number | null {
  const dtc = isoDtc(value);
  if (dtc === null) return null;
  const iso = dtc.length === 10 ? `${dtc}T00:00:00Z` : `${dtc}Z`;
  return (Date.parse(iso) - SAS_EPOCH_MS) / 1000;
}
