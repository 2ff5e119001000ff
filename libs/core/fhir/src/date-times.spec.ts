import {
  daysBetween,
  type FhirInstant,
  formatDays,
  formatInstant,
  medicationAdministrationTime,
  MS_PER_DAY,
  observationTime,
  parseFhirDateTime,
  procedureTime,
  requireInstant,
} from './date-times';
import { administration, observation, procedure } from './testing/factories';

function instant(value: string): FhirInstant {
  const parsed = parseFhirDateTime(value);
  if (parsed === null) throw new Error(`test value ${value} does not parse`);
  return parsed;
}

describe('parseFhirDateTime', () => {
  it.each<[string, string, 'day' | 'time']>([
    ['2026-03-01', '2026-03-01T00:00:00.000Z', 'day'],
    ['2026-03-01T10:15:30Z', '2026-03-01T10:15:30.000Z', 'time'],
    ['2026-03-01T23:30:00-05:00', '2026-03-02T04:30:00.000Z', 'time'],
    ['2026-03-02T01:00:00+02:00', '2026-03-01T23:00:00.000Z', 'time'],
    ['2026-03-01T10:00:00+00:00', '2026-03-01T10:00:00.000Z', 'time'],
    ['2026-03-01T10:00:00-00:00', '2026-03-01T10:00:00.000Z', 'time'],
    ['2026-03-01T12:00:00+14:00', '2026-02-28T22:00:00.000Z', 'time'],
    ['2026-03-01T12:00:00+05:45', '2026-03-01T06:15:00.000Z', 'time'],
    ['2026-03-01T10:00:00.5Z', '2026-03-01T10:00:00.500Z', 'time'],
    ['2026-03-01T10:00:00.123456789Z', '2026-03-01T10:00:00.123Z', 'time'],
    ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z', 'time'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z', 'day'],
    ['0050-06-01', '0050-06-01T00:00:00.000Z', 'day'],
  ])('reads %s as %s (%s)', (value, at, precision) => {
    const parsed = parseFhirDateTime(value);
    expect(parsed).toEqual({ at, epochMs: Date.parse(at), precision });
  });

  it.each([
    ['a year only', '2026'],
    ['a year and month', '2026-03'],
    ['a time without a zone', '2026-03-01T10:00:00'],
    ['a time without seconds', '2026-03-01T10:00Z'],
    ['an impossible day', '2026-02-30'],
    ['29 February in a common year', '2025-02-29'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-03-00'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['minute 60', '2026-03-01T10:60:00Z'],
    ['an offset beyond +14:00', '2026-03-01T10:00:00+14:30'],
    ['an offset with 60 minutes', '2026-03-01T10:00:00+01:60'],
    ['a space instead of T', '2026-03-01 10:00:00Z'],
    ['text', 'yesterday'],
    ['an empty string', ''],
  ])('rejects %s', (_name, value) => {
    expect(parseFhirDateTime(value)).toBeNull();
  });

  it('returns null for undefined', () => {
    expect(parseFhirDateTime(undefined)).toBeNull();
  });
});

describe('requireInstant', () => {
  it('returns the parsed instant', () => {
    expect(requireInstant('2026-03-01', 'evaluatedAt').at).toBe('2026-03-01T00:00:00.000Z');
  });

  it('throws a RangeError naming the argument', () => {
    expect(() => requireInstant('2026-03-01T10:00:00', 'evaluatedAt')).toThrow(RangeError);
    expect(() => requireInstant('soon', 'plannedStart')).toThrow(/Invalid plannedStart "soon"/);
  });
});

describe('daysBetween', () => {
  it('is fractional between two timed instants', () => {
    expect(daysBetween(instant('2026-03-10T12:00:00Z'), instant('2026-03-09T00:00:00Z'))).toBe(1.5);
  });

  it('is negative when the first instant is earlier', () => {
    expect(daysBetween(instant('2026-03-09T00:00:00Z'), instant('2026-03-10T00:00:00Z'))).toBe(-1);
  });

  it('converts offsets before subtracting', () => {
    // 23:30 at UTC-5 is 04:30 UTC the next day.
    expect(daysBetween(instant('2026-03-02T04:30:00Z'), instant('2026-03-01T23:30:00-05:00'))).toBe(0);
  });

  it('counts whole UTC calendar days when either side is date-only', () => {
    expect(daysBetween(instant('2026-03-10'), instant('2026-03-09T23:00:00Z'))).toBe(1);
    expect(daysBetween(instant('2026-03-10T23:59:59Z'), instant('2026-03-10'))).toBe(0);
    expect(daysBetween(instant('2026-03-10'), instant('2026-02-10'))).toBe(28);
    expect(daysBetween(instant('2026-03-10'), instant('2026-03-01T23:30:00-05:00'))).toBe(8);
  });

  it('is exact across a daylight-saving change, since UTC has none', () => {
    expect(daysBetween(instant('2026-03-30T00:00:00+02:00'), instant('2026-03-28T00:00:00+01:00'))).toBe(
      (2 * MS_PER_DAY - 3_600_000) / MS_PER_DAY,
    );
  });
});

describe('formatInstant and formatDays', () => {
  it('shows the date for day precision and the UTC instant otherwise', () => {
    expect(formatInstant(instant('2026-03-01'))).toBe('2026-03-01');
    expect(formatInstant(instant('2026-03-01T23:30:00-05:00'))).toBe('2026-03-02T04:30:00.000Z');
  });

  it('rounds days to two decimals', () => {
    expect(formatDays(1.23456)).toBe('1.23');
    expect(formatDays(28)).toBe('28');
    expect(formatDays(8.916666)).toBe('8.92');
  });
});

describe('observationTime', () => {
  it('reads effectiveDateTime', () => {
    expect(observationTime(observation({ effectiveDateTime: '2026-03-01' }))).toMatchObject({
      precision: 'day',
    });
  });

  it('reads effectiveInstant', () => {
    const read = observationTime(
      observation({ effectiveDateTime: undefined, effectiveInstant: '2026-03-01T10:00:00Z' }),
    );
    expect(read?.at).toBe('2026-03-01T10:00:00.000Z');
  });

  it('reads the start of effectivePeriod', () => {
    const read = observationTime(
      observation({
        effectiveDateTime: undefined,
        effectivePeriod: { start: '2026-02-01T06:00:00+01:00', end: '2026-02-02T06:00:00+01:00' },
      }),
    );
    expect(read?.at).toBe('2026-02-01T05:00:00.000Z');
  });

  it('does not read effectiveTiming or issued', () => {
    const read = observationTime(
      observation({
        effectiveDateTime: undefined,
        effectiveTiming: { event: ['2026-03-01T10:00:00Z'] },
        issued: '2026-03-02T10:00:00Z',
      }),
    );
    expect(read).toBeNull();
  });
});

describe('medicationAdministrationTime', () => {
  it('reads effectiveDateTime, else the start of effectivePeriod', () => {
    expect(medicationAdministrationTime(administration())?.at).toBe('2026-03-10T08:00:00.000Z');
    const period = administration({
      effectiveDateTime: undefined,
      effectivePeriod: { start: '2026-03-10T09:00:00+01:00', end: '2026-03-10T15:00:00+01:00' },
    });
    expect(medicationAdministrationTime(period)?.at).toBe('2026-03-10T08:00:00.000Z');
  });

  it('is null without a time', () => {
    expect(medicationAdministrationTime(administration({ effectiveDateTime: undefined }))).toBeNull();
  });
});

describe('procedureTime', () => {
  it('reads performedDateTime, else the start of performedPeriod', () => {
    expect(procedureTime(procedure({ performedDateTime: '2026-03-12' }))?.precision).toBe('day');
    const period = procedure({
      performedDateTime: undefined,
      performedPeriod: { start: '2026-03-12T07:00:00Z' },
    });
    expect(procedureTime(period)?.at).toBe('2026-03-12T07:00:00.000Z');
  });

  it('does not read performedString', () => {
    expect(
      procedureTime(procedure({ performedDateTime: undefined, performedString: 'early March' })),
    ).toBeNull();
  });
});
