const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Converts an ISO 8601 date or date-time into an SDTM --DTC value in UTC: a date-time becomes
 * `YYYY-MM-DDThh:mm:ss` (converted to UTC if it carries an offset; fractions of a second are
 * dropped; no `Z` suffix — every --DTC of the package is UTC, as the reviewer's guide states) and a
 * date stays `YYYY-MM-DD`. A date-time without offset is taken as UTC (so --DTC values map to
 * themselves). `null` stays `null`.
 *
 * @throws {RangeError} if the text is not an ISO 8601 date or date-time.
 */
export function isoDtc(value: string | null): string | null {
  if (value === null) return null;
  if (DATE_ONLY.test(value)) {
    const time = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isFinite(time) || new Date(time).toISOString().slice(0, 10) !== value) {
      throw new RangeError(`isoDtc: invalid date ${JSON.stringify(value)}`);
    }
    return value;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) {
    throw new RangeError(`isoDtc: ${JSON.stringify(value)} is not an ISO 8601 date-time `);
  }
  const time = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  if (!Number.isFinite(time)) throw new RangeError(`isoDtc: invalid date-time ${JSON.stringify(value)}`);
  const date = new Date(time);
  return (
    `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}` +
    `T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}
