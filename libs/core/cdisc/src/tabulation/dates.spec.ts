import { asciiText } from './ascii-text';
import { isoDtc } from './iso-dtc';
import { sasDate } from './sas-date';
import { sasDatetime } from './sas-datetime';
import { studyDay } from './study-day';

describe('isoDtc', () => {
  it('writes date-times in UTC to the second without Z and keeps dates', () => {
    expect(isoDtc('2027-01-01T10:00:00Z')).toBe('2027-01-01T10:00:00');
    expect(isoDtc('2027-01-01T10:00:00.999Z')).toBe('2027-01-01T10:00:00');
    expect(isoDtc('2027-01-01T01:30:00+02:00')).toBe('2026-12-31T23:30:00');
    expect(isoDtc('2027-01-01T10:00Z')).toBe('2027-01-01T10:00:00');
    expect(isoDtc('2027-01-01')).toBe('2027-01-01');
    expect(isoDtc(null)).toBeNull();
  });

  it('takes a date-time without offset as UTC (a --DTC maps to itself)', () => {
    expect(isoDtc('2027-01-01T10:00:00')).toBe('2027-01-01T10:00:00');
  });

  it('rejects invalid dates', () => {
    expect(() => isoDtc('2027-02-30')).toThrow(RangeError);
    expect(() => isoDtc('01/02/2027')).toThrow(RangeError);
  });
});

describe('sasDate and sasDatetime', () => {
  it('counts days since 1960-01-01 (checked by hand)', () => {
    // 67 years × 365 + 17 leap days (1960, 1964, …, 2024) = 24472.
    expect(sasDate('2027-01-01')).toBe(24472);
    expect(sasDate('2027-01-01T23:59:59Z')).toBe(24472);
    expect(sasDate('1960-01-01')).toBe(0);
    expect(sasDate('1959-12-31')).toBe(-1);
    expect(sasDate('1960-03-01')).toBe(60); // 1960 is a leap year: 31 + 29
    expect(sasDate(null)).toBeNull();
  });

  it('counts seconds since 1960-01-01T00:00:00 UTC', () => {
    expect(sasDatetime('1960-01-01T00:00:00Z')).toBe(0);
    expect(sasDatetime('1960-01-02T00:00:01Z')).toBe(86401);
    expect(sasDatetime('2027-01-01T00:00:01Z')).toBe(24472 * 86400 + 1);
    expect(sasDatetime('2027-01-01T10:00:00.750Z')).toBe(24472 * 86400 + 36000);
    expect(sasDatetime('2027-01-01')).toBe(24472 * 86400);
    expect(sasDatetime(null)).toBeNull();
  });
});

describe('studyDay (no day 0)', () => {
  const rf = '2027-01-01T10:00:00';
  it('is 1 on the reference day, 2 the day after, -1 the day before', () => {
    expect(studyDay('2027-01-01T23:00:00', rf)).toBe(1);
    expect(studyDay('2027-01-01T00:00:00', rf)).toBe(1);
    expect(studyDay('2027-01-02', rf)).toBe(2);
    expect(studyDay('2026-12-31T23:59:59', rf)).toBe(-1);
    expect(studyDay('2026-12-30', rf)).toBe(-2);
    expect(studyDay('2027-04-01', rf)).toBe(91);
  });
  it('is null without either date', () => {
    expect(studyDay(null, rf)).toBeNull();
    expect(studyDay('2027-01-01', null)).toBeNull();
  });
});

describe('asciiText', () => {
  it('removes accents, replaces other non-ASCII, collapses space, cuts and nulls empty', () => {
    expect(asciiText('Überprüfung  –\n ok')).toBe('Uberprufung ? ok');
    expect(asciiText('x'.repeat(250))).toHaveLength(200);
    expect(asciiText('abc  def', 4)).toBe('abc');
    expect(asciiText('  ')).toBeNull();
    expect(asciiText(null)).toBeNull();
    expect(asciiText(undefined)).toBeNull();
  });
});
