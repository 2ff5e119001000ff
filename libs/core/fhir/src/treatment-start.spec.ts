import type { MedicationAdministration, Procedure } from '@medplum/fhirtypes';
import { administration, CODES, concept, fixtureTrial, procedure, record, RXNORM } from './testing/factories';
import {
  determineTreatmentStart,
  treatmentStartDateTime,
  treatmentStartIssues,
  TREATMENT_STARTED_STATUSES,
} from './treatment-start';

const MYELOMA = fixtureTrial('myeloma').protocol.treatmentStart;
const BREAST = fixtureTrial('breast').protocol.treatmentStart;

describe('determineTreatmentStart', () => {
  describe('without records', () => {
    it('is unknown without a planned date', () => {
      expect(determineTreatmentStart(record(), MYELOMA)).toEqual({ status: 'unknown' });
      expect(determineTreatmentStart(record(), MYELOMA, null)).toEqual({ status: 'unknown' });
      expect(determineTreatmentStart(record(), MYELOMA, '')).toEqual({ status: 'unknown' });
    });

    it('uses a date-only planned date as the start of that UTC day', () => {
      expect(determineTreatmentStart(record(), MYELOMA, '2026-03-10')).toEqual({
        status: 'planned',
        at: '2026-03-10T00:00:00.000Z',
        precision: 'day',
        source: null,
      });
    });

    it('converts a zoned planned date-time to UTC', () => {
      expect(determineTreatmentStart(record(), MYELOMA, '2026-03-01T23:30:00-05:00')).toEqual({
        status: 'planned',
        at: '2026-03-02T04:30:00.000Z',
        precision: 'time',
        source: null,
      });
    });

    it('throws on an unreadable planned date', () => {
      expect(() => determineTreatmentStart(record(), MYELOMA, '10/03/2026')).toThrow(/Invalid plannedStart/);
    });
  });

  describe('with records', () => {
    it('uses a matching administration', () => {
      const result = determineTreatmentStart(
        record({ medicationAdministrations: [administration()] }),
        MYELOMA,
      );
      expect(result).toEqual({
        status: 'actual',
        at: '2026-03-10T08:00:00.000Z',
        precision: 'time',
        source: { resourceType: 'MedicationAdministration', id: 'ma1' },
        candidates: 1,
      });
    });

    it('uses a matching procedure', () => {
      const result = determineTreatmentStart(record({ procedures: [procedure()] }), MYELOMA);
      expect(result).toMatchObject({
        status: 'actual',
        at: '2026-03-12T09:00:00.000Z',
        source: { resourceType: 'Procedure', id: 'pr1' },
      });
    });

    it('takes the earliest of administrations and procedures and counts every candidate', () => {
      const result = determineTreatmentStart(
        record({
          medicationAdministrations: [
            administration({ id: 'ma-late', effectiveDateTime: '2026-03-17T08:00:00Z' }),
            administration({ id: 'ma-first', effectiveDateTime: '2026-03-10T08:00:00Z' }),
          ],
          procedures: [procedure({ id: 'pr-early', performedDateTime: '2026-03-09T15:00:00Z' })],
        }),
        MYELOMA,
      );
      expect(result).toMatchObject({ status: 'actual', source: { id: 'pr-early' }, candidates: 3 });
    });

    it('replaces a planned date with an actual record, even a later one', () => {
      const result = determineTreatmentStart(
        record({
          medicationAdministrations: [administration({ effectiveDateTime: '2026-03-20T08:00:00Z' })],
        }),
        MYELOMA,
        '2026-03-10',
      );
      expect(result).toMatchObject({
        status: 'actual',
        at: '2026-03-20T08:00:00.000Z',
        source: { id: 'ma1' },
      });
    });

    it('compares zoned times on the UTC time line', () => {
      // 01:00 at UTC+2 on 10 March is 23:00 UTC on 9 March, before 23:30 UTC on 9 March.
      const result = determineTreatmentStart(
        record({
          medicationAdministrations: [
            administration({ id: 'a', effectiveDateTime: '2026-03-09T23:30:00Z' }),
            administration({ id: 'b', effectiveDateTime: '2026-03-10T01:00:00+02:00' }),
          ],
        }),
        MYELOMA,
      );
      expect(result).toMatchObject({ source: { id: 'b' }, at: '2026-03-09T23:00:00.000Z' });
    });

    it('reports day precision for a date-only administration', () => {
      const result = determineTreatmentStart(
        record({ medicationAdministrations: [administration({ effectiveDateTime: '2026-03-10' })] }),
        MYELOMA,
      );
      expect(result).toMatchObject({ at: '2026-03-10T00:00:00.000Z', precision: 'day' });
    });

    it('reads the start of an infusion period', () => {
      const result = determineTreatmentStart(
        record({
          medicationAdministrations: [
            administration({
              effectiveDateTime: undefined,
              effectivePeriod: { start: '2026-03-10T09:15:00+01:00', end: '2026-03-10T16:00:00+01:00' },
            }),
          ],
        }),
        MYELOMA,
      );
      expect(result).toMatchObject({ at: '2026-03-10T08:15:00.000Z' });
    });

    it('breaks ties at the same instant by resource type, then id, whatever the input order', () => {
      const at = '2026-03-10T08:00:00Z';
      const tied = record({
        medicationAdministrations: [
          administration({ id: 'ma-b', effectiveDateTime: at }),
          administration({ id: 'ma-a', effectiveDateTime: at }),
        ],
        procedures: [procedure({ id: 'pr-0', performedDateTime: at })],
      });
      expect(determineTreatmentStart(tied, MYELOMA)).toMatchObject({
        source: { resourceType: 'MedicationAdministration', id: 'ma-a' },
        candidates: 3,
      });
      const reversed = record({
        medicationAdministrations: [...tied.medicationAdministrations].reverse(),
        procedures: tied.procedures,
      });
      expect(determineTreatmentStart(reversed, MYELOMA)).toEqual(determineTreatmentStart(tied, MYELOMA));
    });
  });

  describe('statuses', () => {
    const administrationStatuses: [MedicationAdministration['status'], boolean][] = [
      ['completed', true],
      ['in-progress', true],
      ['on-hold', true],
      ['stopped', true],
      ['not-done', false],
      ['entered-in-error', false],
      ['unknown', false],
    ];
    it.each(administrationStatuses)('counts an administration with status %s: %s', (status, counted) => {
      const result = determineTreatmentStart(
        record({ medicationAdministrations: [administration({ status })] }),
        MYELOMA,
      );
      expect(result.status).toBe(counted ? 'actual' : 'unknown');
    });

    const procedureStatuses: [Procedure['status'], boolean][] = [
      ['completed', true],
      ['in-progress', true],
      ['on-hold', true],
      ['stopped', true],
      ['preparation', false],
      ['not-done', false],
      ['entered-in-error', false],
      ['unknown', false],
    ];
    it.each(procedureStatuses)('counts a procedure with status %s: %s', (status, counted) => {
      const result = determineTreatmentStart(record({ procedures: [procedure({ status })] }), MYELOMA);
      expect(result.status).toBe(counted ? 'actual' : 'unknown');
    });

    it('skips an entered-in-error record earlier than the real one', () => {
      const result = determineTreatmentStart(
        record({
          medicationAdministrations: [
            administration({
              id: 'wrong',
              status: 'entered-in-error',
              effectiveDateTime: '2026-03-01T08:00:00Z',
            }),
            administration({ id: 'right' }),
          ],
        }),
        MYELOMA,
      );
      expect(result).toMatchObject({ source: { id: 'right' }, candidates: 1 });
    });

    it('documents the counted statuses', () => {
      expect(TREATMENT_STARTED_STATUSES).toEqual(['in-progress', 'on-hold', 'stopped', 'completed']);
    });
  });

  describe('ignored records', () => {
    it.each<[string, MedicationAdministration]>([
      [
        'another drug',
        administration({ medicationCodeableConcept: concept({ system: RXNORM, code: '42347' }) }),
      ],
      [
        'the right code in another system',
        administration({
          medicationCodeableConcept: concept({ system: 'http://example.org/drugs', code: '1789941' }),
        }),
      ],
      [
        'a drug given only by reference',
        administration({
          medicationCodeableConcept: undefined,
          medicationReference: { reference: 'Medication/dara' },
        }),
      ],
      ['no time', administration({ effectiveDateTime: undefined })],
      ['a time without a zone', administration({ effectiveDateTime: '2026-03-10T08:00:00' })],
      ['no id', administration({ id: undefined })],
    ])('ignores an administration with %s', (_name, item) => {
      expect(determineTreatmentStart(record({ medicationAdministrations: [item] }), MYELOMA)).toEqual({
        status: 'unknown',
      });
    });

    it('ignores a procedure that is not chemotherapy', () => {
      const biopsy = procedure({ code: concept({ system: 'http://snomed.info/sct', code: '86273004' }) });
      expect(determineTreatmentStart(record({ procedures: [biopsy] }), MYELOMA).status).toBe('unknown');
    });

    it('does not match a procedure code listed only among medication codes', () => {
      const asProcedure = procedure({ code: concept(CODES.daratumumab) });
      expect(determineTreatmentStart(record({ procedures: [asProcedure] }), MYELOMA).status).toBe('unknown');
    });
  });

  it('uses any of the breast protocol drugs', () => {
    const paclitaxel = administration({ medicationCodeableConcept: concept(CODES.paclitaxel) });
    expect(determineTreatmentStart(record({ medicationAdministrations: [paclitaxel] }), BREAST).status).toBe(
      'actual',
    );
    expect(
      determineTreatmentStart(record({ medicationAdministrations: [administration()] }), BREAST).status,
    ).toBe('unknown');
  });
});

describe('treatmentStartIssues', () => {
  it('raises nothing for an actual start', () => {
    const actual = determineTreatmentStart(
      record({ medicationAdministrations: [administration()] }),
      MYELOMA,
    );
    expect(treatmentStartIssues(actual, MYELOMA)).toEqual([]);
  });

  it('warns that a planned start is provisional', () => {
    const planned = determineTreatmentStart(record(), MYELOMA, '2026-03-10');
    expect(treatmentStartIssues(planned, MYELOMA)).toEqual([
      {
        code: 'treatment-start-planned',
        severity: 'warning',
        message:
          'Treatment start is the planned date 2026-03-10: no administration or procedure of daratumumab or ' +
          'Chemotherapy is recorded yet, so the baseline link is provisional.',
      },
    ]);
  });

  it('shows a timed planned start in UTC', () => {
    const planned = determineTreatmentStart(record(), MYELOMA, '2026-03-10T09:00:00+01:00');
    expect(treatmentStartIssues(planned, MYELOMA)[0]?.message).toContain('2026-03-10T08:00:00.000Z');
  });

  it('blocks on an unknown start', () => {
    expect(treatmentStartIssues({ status: 'unknown' }, MYELOMA)).toEqual([
      {
        code: 'treatment-start-unknown',
        severity: 'blocking',
        message:
          'Treatment start is unknown: no administration or procedure of daratumumab or Chemotherapy is ' +
          'recorded and no planned date was given, so the baseline imaging window cannot be computed.',
      },
    ]);
  });
});

describe('treatmentStartDateTime', () => {
  it('gives a date for a date-only start, the instant otherwise, and null when unknown', () => {
    expect(treatmentStartDateTime(determineTreatmentStart(record(), MYELOMA, '2026-03-10'))).toBe(
      '2026-03-10',
    );
    expect(
      treatmentStartDateTime(
        determineTreatmentStart(record({ medicationAdministrations: [administration()] }), MYELOMA),
      ),
    ).toBe('2026-03-10T08:00:00.000Z');
    expect(treatmentStartDateTime({ status: 'unknown' })).toBeNull();
  });
});
