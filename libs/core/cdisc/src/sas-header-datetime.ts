const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function two(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Formats a date as the 16-character XPORT header timestamp `ddMMMyy:hh:mm:ss` (SAS DATETIME16.,
 * e.g. `15MAR24:09:30:00`) of SAS TS-140, in UTC so that output does not depend on the machine's
 * time zone. Throws a RangeError for an invalid Date.
 */
export function sasHeaderDatetime(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError('sasHeaderDatetime: invalid Date');
  return (
    `${two(date.getUTCDate())}${MONTHS[date.getUTCMonth()]}${two(date.getUTCFullYear() % 100)}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
  );
}
