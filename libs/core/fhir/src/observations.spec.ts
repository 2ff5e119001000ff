import type { Observation } from '@medplum/fhirtypes';
import { requireInstant } from './date-times';
import { describeUnit, latestObservation, quantityUnitMatches, readQuantity } from './observations';
import { CODES, concept, observation, UCUM } from './testing/factories';

const AT = requireInstant('2026-03-10T08:00:00Z', 'at');

function latestId(observations: Observation[], lookbackDays?: number): string | undefined {
  return latestObservation(observations, { codes: [CODES.ldh], at: AT, lookbackDays }, readQuantity)
    ?.observation.id;
}

describe('latestObservation', () => {
  it('returns the observation, its value, time and age in days', () => {
    const found = latestObservation([observation()], { codes: [CODES.ldh], at: AT }, readQuantity);
    expect(found).toMatchObject({
      observation: { id: 'o1' },
      value: { value: 250, code: 'U/L' },
      time: { at: '2026-03-01T08:00:00.000Z', precision: 'time' },
      daysBefore: 9,
    });
  });

  it('picks the most recent', () => {
    expect(
      latestId([
        observation({ id: 'old', effectiveDateTime: '2026-02-20T08:00:00Z' }),
        observation({ id: 'new', effectiveDateTime: '2026-03-09T08:00:00Z' }),
        observation({ id: 'mid', effectiveDateTime: '2026-03-01T08:00:00Z' }),
      ]),
    ).toBe('new');
  });

  it.each<[Observation['status'], boolean]>([
    ['final', true],
    ['amended', true],
    ['corrected', true],
    ['preliminary', false],
    ['registered', false],
    ['cancelled', false],
    ['entered-in-error', false],
    ['unknown', false],
  ])('uses status %s: %s', (status, used) => {
    expect(latestId([observation({ status })])).toBe(used ? 'o1' : undefined);
  });

  it('skips a newer entered-in-error observation in favour of an older final one', () => {
    expect(
      latestId([
        observation({ id: 'old' }),
        observation({ id: 'wrong', status: 'entered-in-error', effectiveDateTime: '2026-03-09T08:00:00Z' }),
      ]),
    ).toBe('old');
  });

  it('includes an observation exactly at the instant and excludes one a second later', () => {
    expect(latestId([observation({ effectiveDateTime: '2026-03-10T08:00:00Z' })])).toBe('o1');
    expect(latestId([observation({ effectiveDateTime: '2026-03-10T08:00:01Z' })])).toBeUndefined();
  });

  it('includes a date-only observation on the same day as a timed instant', () => {
    expect(latestId([observation({ effectiveDateTime: '2026-03-10' })])).toBe('o1');
  });

  it('compares zoned times in UTC', () => {
    // 07:30 at UTC-1 is 08:30 UTC: after the instant.
    expect(latestId([observation({ effectiveDateTime: '2026-03-10T07:30:00-01:00' })])).toBeUndefined();
    // 09:30 at UTC+2 is 07:30 UTC: before it.
    expect(latestId([observation({ effectiveDateTime: '2026-03-10T09:30:00+02:00' })])).toBe('o1');
  });

  it('applies the lookback inclusively', () => {
    expect(latestId([observation({ effectiveDateTime: '2026-02-10T08:00:00Z' })], 28)).toBe('o1');
    expect(latestId([observation({ effectiveDateTime: '2026-02-10T07:59:59Z' })], 28)).toBeUndefined();
    expect(latestId([observation({ effectiveDateTime: '2026-02-10' })], 28)).toBe('o1');
    expect(latestId([observation({ effectiveDateTime: '2026-02-09' })], 28)).toBeUndefined();
    expect(latestId([observation({ effectiveDateTime: '2020-01-01' })])).toBe('o1');
  });

  it('skips observations without the needed value, so an older value is used', () => {
    expect(
      latestId([
        observation({ id: 'old' }),
        observation({
          id: 'absent',
          effectiveDateTime: '2026-03-09T08:00:00Z',
          valueQuantity: undefined,
          dataAbsentReason: concept({
            system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
            code: 'error',
          }),
        }),
      ]),
    ).toBe('old');
  });

  it('skips observations with another code, no time or no id', () => {
    expect(
      latestId([
        observation({ code: concept(CODES.egfr) }),
        observation({ effectiveDateTime: undefined }),
        observation({ id: undefined }),
      ]),
    ).toBeUndefined();
  });

  it('breaks ties on effective time by the later issued report, then the lowest id', () => {
    const same = { effectiveDateTime: '2026-03-01T08:00:00Z' };
    expect(
      latestId([
        observation({ id: 'a', ...same, issued: '2026-03-01T12:00:00Z' }),
        observation({ id: 'b', ...same, issued: '2026-03-02T12:00:00Z' }),
      ]),
    ).toBe('b');
    expect(latestId([observation({ id: 'z', ...same }), observation({ id: 'y', ...same })])).toBe('y');
  });
});

describe('quantityUnitMatches', () => {
  it.each<[string, Parameters<typeof quantityUnitMatches>[0], boolean]>([
    ['the UCUM code', { value: 1, system: UCUM, code: 'U/L' }, true],
    ['a code without a system', { value: 1, code: 'U/L' }, true],
    ['only the display unit', { value: 1, unit: 'U/L' }, true],
    ['a code in another system', { value: 1, system: 'http://example.org/units', code: 'U/L' }, false],
    ['another UCUM unit', { value: 1, system: UCUM, code: 'ukat/L', unit: 'µkat/L' }, false],
    ['another case', { value: 1, system: UCUM, code: 'u/l' }, false],
    ['no unit', { value: 1 }, false],
  ])('%s: %s', (_name, quantity, matches) => {
    expect(quantityUnitMatches(quantity, 'U/L')).toBe(matches);
  });
});

describe('describeUnit and readQuantity', () => {
  it('describes the recorded unit', () => {
    expect(describeUnit({ code: 'ukat/L', unit: 'µkat/L' })).toBe('ukat/L');
    expect(describeUnit({ unit: 'µkat/L' })).toBe('µkat/L');
    expect(describeUnit({})).toBe('no unit');
  });

  it('reads only numeric quantities', () => {
    expect(readQuantity(observation())).toMatchObject({ value: 250 });
    expect(readQuantity(observation({ valueQuantity: { unit: 'U/L' } }))).toBeNull();
    expect(readQuantity(observation({ valueQuantity: undefined, valueString: '250' }))).toBeNull();
  });
});
