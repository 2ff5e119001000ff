import { ageInYears } from './age';
import { requireInstant } from './date-times';

function ageAt(birthDate: string | undefined, at: string) {
  return ageInYears(birthDate, requireInstant(at, 'at'));
}

describe('ageInYears', () => {
  it('counts the birthday itself', () => {
    expect(ageAt('2008-03-01', '2026-03-01')).toEqual({ min: 18, max: 18 });
  });

  it('does not count a birthday not yet reached', () => {
    expect(ageAt('2008-03-02', '2026-03-01')).toEqual({ min: 17, max: 17 });
    expect(ageAt('2008-04-01', '2026-03-31T23:59:59Z')).toEqual({ min: 17, max: 17 });
  });

  it('uses the UTC calendar date of a zoned instant', () => {
    // 23:30 at UTC-5 on 1 March is already 2 March in UTC.
    expect(ageAt('2008-03-02', '2026-03-01T23:30:00-05:00')).toEqual({ min: 18, max: 18 });
    expect(ageAt('2008-03-02', '2026-03-02T00:30:00+02:00')).toEqual({ min: 17, max: 17 });
  });

  it('lets someone born on 29 February reach their birthday on 1 March in common years', () => {
    expect(ageAt('2008-02-29', '2026-02-28')).toEqual({ min: 17, max: 17 });
    expect(ageAt('2008-02-29', '2026-03-01')).toEqual({ min: 18, max: 18 });
    expect(ageAt('2008-02-29', '2028-02-29')).toEqual({ min: 20, max: 20 });
  });

  it('is 0 on the day of birth', () => {
    expect(ageAt('2026-03-01', '2026-03-01')).toEqual({ min: 0, max: 0 });
  });

  it('gives a range for a year-only birth date', () => {
    expect(ageAt('1960', '2026-03-01')).toEqual({ min: 65, max: 66 });
    expect(ageAt('1960', '2026-12-31')).toEqual({ min: 66, max: 66 });
  });

  it('gives one age for a year-month birth date when the month is already past', () => {
    expect(ageAt('1960-05', '2026-03-01')).toEqual({ min: 65, max: 65 });
    expect(ageAt('1960-05', '2026-05-15')).toEqual({ min: 65, max: 66 });
    // 1960 is a leap year: a February 1960 birth may fall on the 29th, not yet reached on 28 Feb 2026.
    expect(ageAt('1960-02', '2026-02-28')).toEqual({ min: 65, max: 66 });
    expect(ageAt('1960-02', '2026-03-01')).toEqual({ min: 66, max: 66 });
  });

  it('never gives a negative minimum for someone born in the same year', () => {
    expect(ageAt('2026', '2026-03-01')).toEqual({ min: 0, max: 0 });
  });

  it.each([
    ['missing', undefined],
    ['malformed', '04.05.1960'],
    ['month 13', '1960-13-01'],
    ['30 February', '1960-02-30'],
    ['after the instant', '2026-03-02'],
    ['a later year', '2027'],
  ])('is null for a birth date that is %s', (_name, birthDate) => {
    expect(ageAt(birthDate, '2026-03-01')).toBeNull();
  });
});
