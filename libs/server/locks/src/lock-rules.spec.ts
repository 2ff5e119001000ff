import { startedBy, treatmentStartKnownOf } from './locks.service';

describe('startedBy: a lock is refused once treatment has actually started', () => {
  const at = '2026-03-10T09:00:00.000Z';

  it('counts an actual start at or before the lock time, never a planned or unknown one', () => {
    const actual = (start: string) => ({
      at: start,
      status: 'actual' as const,
      source: 'MedicationAdministration/1',
    });
    expect(startedBy(actual('2026-03-10T08:59:59.999Z'), at)).toBe(true);
    expect(startedBy(actual(at), at)).toBe(true);
    expect(startedBy(actual('2026-03-10T09:00:00.001Z'), at)).toBe(false);
    expect(startedBy({ at: '2026-03-01', status: 'planned', source: null }, at)).toBe(false);
    expect(startedBy({ at: null, status: 'unknown', source: null }, at)).toBe(false);
  });

  it('reads a date-only start as 00:00 UTC of its day, so a lock later that day is refused', () => {
    const dayOnly = { at: '2026-03-10', status: 'actual' as const, source: 'Procedure/7' };
    expect(startedBy(dayOnly, at)).toBe(true);
    expect(startedBy(dayOnly, '2026-03-09T23:59:59.999Z')).toBe(false);
  });
});

describe('treatmentStartKnownOf: what the log records about treatment start', () => {
  it('keeps the FHIR source of an actual start and the precision of its date', () => {
    expect(
      treatmentStartKnownOf({
        treatmentStart: {
          status: 'actual',
          at: '2026-03-10T08:30:00.000Z',
          precision: 'time',
          source: { resourceType: 'MedicationAdministration', id: 'ma-1' },
          candidates: 2,
        },
      }),
    ).toEqual({ at: '2026-03-10T08:30:00.000Z', status: 'actual', source: 'MedicationAdministration/ma-1' });
    expect(
      treatmentStartKnownOf({
        treatmentStart: {
          status: 'actual',
          at: '2026-03-10T00:00:00.000Z',
          precision: 'day',
          source: { resourceType: 'Procedure', id: 'p-9' },
          candidates: 1,
        },
      }),
    ).toEqual({ at: '2026-03-10', status: 'actual', source: 'Procedure/p-9' });
  });

  it('records a planned start without a FHIR source, and an unknown one without a date', () => {
    expect(
      treatmentStartKnownOf({
        treatmentStart: { status: 'planned', at: '2026-03-12T00:00:00.000Z', precision: 'day', source: null },
      }),
    ).toEqual({ at: '2026-03-12', status: 'planned', source: null });
    expect(treatmentStartKnownOf({ treatmentStart: { status: 'unknown' } })).toEqual({
      at: null,
      status: 'unknown',
      source: null,
    });
  });
});
