import type { Covariate } from '@prospect/domain';
import type { Observation } from '@medplum/fhirtypes';
import { extractCovariates } from './covariates';
import type { PatientRecord } from './patient-record';
import { CODES, concept, fixtureTrial, LOCAL, observation, patient, record, UCUM } from './testing/factories';

const MYELOMA = fixtureTrial('myeloma').protocol.covariates;
const BREAST = fixtureTrial('breast').protocol.covariates;
const AT = '2026-03-10T08:00:00Z';

function covariate(name: string, covariates: readonly Covariate[] = MYELOMA): Covariate {
  const found = covariates.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no covariate ${name}`);
  return found;
}

const issStage = (overrides: Partial<Observation> = {}) =>
  observation({
    id: 'iss',
    code: concept(CODES.issStage),
    valueQuantity: undefined,
    valueCodeableConcept: concept(CODES.issStageII),
    effectiveDateTime: '2026-02-20',
    ...overrides,
  });

function extract(patientRecord: PatientRecord, covariates: readonly Covariate[] = MYELOMA, at = AT) {
  return extractCovariates(patientRecord, covariates, at);
}

describe('extractCovariates', () => {
  it('reads every myeloma covariate from a complete record', () => {
    const result = extract(
      record({
        observations: [
          issStage(),
          observation({ id: 'ldh' }),
          observation({
            id: 'cyto',
            code: concept(CODES.cytoRisk),
            valueQuantity: undefined,
            valueCodeableConcept: {
              coding: [{ system: LOCAL, code: 'high', display: 'High risk' }],
              text: 'high',
            },
            effectiveDateTime: '2026-01-05T09:00:00+01:00',
          }),
        ],
      }),
    );
    expect(result).toEqual({
      at: '2026-03-10T08:00:00.000Z',
      values: {
        age: {
          valueType: 'quantity',
          value: 65,
          unit: 'a',
          source: { resourceType: 'Patient', id: 'p1' },
          effectiveAt: '2026-03-10T08:00:00.000Z',
        },
        sex: {
          valueType: 'coded',
          coding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male' },
          source: { resourceType: 'Patient', id: 'p1' },
          effectiveAt: '2026-03-10T08:00:00.000Z',
        },
        iss_stage: {
          valueType: 'coded',
          coding: CODES.issStageII,
          source: { resourceType: 'Observation', id: 'iss' },
          effectiveAt: '2026-02-20T00:00:00.000Z',
        },
        ldh: {
          valueType: 'quantity',
          value: 250,
          unit: 'U/L',
          source: { resourceType: 'Observation', id: 'ldh' },
          effectiveAt: '2026-03-01T08:00:00.000Z',
        },
        cytogenetic_risk: {
          valueType: 'coded',
          coding: { system: LOCAL, code: 'high', display: 'High risk' },
          source: { resourceType: 'Observation', id: 'cyto' },
          effectiveAt: '2026-01-05T08:00:00.000Z',
        },
      },
      issues: [],
    });
  });

  it('keeps protocol order in the values', () => {
    expect(Object.keys(extract(record()).values)).toEqual([
      'age',
      'sex',
      'iss_stage',
      'ldh',
      'cytogenetic_risk',
    ]);
  });

  it('throws on an unreadable instant', () => {
    expect(() => extract(record(), MYELOMA, '2026-03-10T08:00')).toThrow(/Invalid at/);
  });

  describe('patient-age', () => {
    const age = [covariate('age')];

    it('counts the birthday on the day itself', () => {
      const result = extract(record({ patient: patient({ birthDate: '1961-03-10' }) }), age);
      expect(result.values['age']).toMatchObject({ value: 65 });
      const dayBefore = extract(record({ patient: patient({ birthDate: '1961-03-11' }) }), age);
      expect(dayBefore.values['age']).toMatchObject({ value: 64 });
    });

    it('uses the UTC date of a zoned instant', () => {
      const result = extract(
        record({ patient: patient({ birthDate: '1961-03-11' }) }),
        age,
        '2026-03-10T23:30:00-05:00',
      );
      expect(result.values['age']).toMatchObject({ value: 65, effectiveAt: '2026-03-11T04:30:00.000Z' });
    });

    it('reports a missing birth date of a required covariate', () => {
      const result = extract(record({ patient: patient({ birthDate: undefined }) }), age);
      expect(result.values['age']).toBeNull();
      expect(result.issues).toEqual([
        {
          code: 'covariate-missing',
          severity: 'blocking',
          message:
            'Required covariate "age" (Age at treatment start) has no value: Patient/p1 has no birth date.',
          subject: 'covariate:age',
        },
      ]);
    });

    it('reports a birth date after the instant', () => {
      const result = extract(record({ patient: patient({ birthDate: '2026-04-01' }) }), age);
      expect(result.issues[0]?.message).toContain(
        'Patient/p1 has a birth date that is unreadable or after 2026-03-10T08:00:00.000Z',
      );
    });

    it('uses a partial birth date only when it fixes the age', () => {
      expect(
        extract(record({ patient: patient({ birthDate: '1960-05' }) }), age).values['age'],
      ).toMatchObject({
        value: 65,
      });
      const ambiguous = extract(record({ patient: patient({ birthDate: '1960' }) }), age);
      expect(ambiguous.values['age']).toBeNull();
      expect(ambiguous.issues[0]?.message).toContain('partial birth date, so the age may be 65 or 66');
    });

    it('reports a protocol unit other than years as a unit mismatch', () => {
      const months: Covariate = { ...covariate('age'), unit: 'mo' };
      const result = extract(record(), [months]);
      expect(result.values['age']).toBeNull();
      expect(result.issues).toEqual([
        {
          code: 'covariate-unit-mismatch',
          severity: 'blocking',
          message:
            'Covariate "age" (Age at treatment start): ages are computed in years (a), but the protocol requires mo. ' +
            'Record the value in mo or correct the source.',
          subject: 'covariate:age',
        },
      ]);
    });

    it('accepts an age covariate without a unit', () => {
      const noUnit: Covariate = { ...covariate('age'), unit: undefined };
      expect(extract(record(), [noUnit]).values['age']).toMatchObject({ value: 65, unit: 'a' });
    });
  });

  describe('patient-sex', () => {
    it.each(['female', 'male', 'other', 'unknown'] as const)('reads gender %s', (gender) => {
      const result = extract(record({ patient: patient({ gender }) }), [covariate('sex')]);
      expect(result.values['sex']).toMatchObject({ coding: { code: gender } });
    });

    it('reports a missing gender', () => {
      const result = extract(record({ patient: patient({ gender: undefined }) }), [covariate('sex')]);
      expect(result.values['sex']).toBeNull();
      expect(result.issues[0]).toMatchObject({
        code: 'covariate-missing',
        message:
          'Required covariate "sex" (Administrative sex) has no value: Patient/p1 has no administrative gender.',
      });
    });
  });

  describe('observation, coded', () => {
    const iss = [covariate('iss_stage')];

    it('uses an observation exactly at the lookback limit', () => {
      expect(
        extract(record({ observations: [issStage({ effectiveDateTime: '2026-01-09' })] }), iss).values[
          'iss_stage'
        ],
      ).not.toBeNull();
    });

    it('reports a required value older than the lookback as missing', () => {
      const result = extract(record({ observations: [issStage({ effectiveDateTime: '2026-01-08' })] }), iss);
      expect(result.values['iss_stage']).toBeNull();
      expect(result.issues).toEqual([
        {
          code: 'covariate-missing',
          severity: 'blocking',
          message:
            'Required covariate "iss_stage" (ISS stage) has no value: no final, amended or corrected observation of ' +
            'International Staging System (ISS) stage for multiple myeloma with a coded value on or before ' +
            '2026-03-10T08:00:00.000Z within 60 days.',
          subject: 'covariate:iss_stage',
        },
      ]);
    });

    it('ignores an observation after the instant', () => {
      const result = extract(
        record({ observations: [issStage({ effectiveDateTime: '2026-03-10T09:00:00+00:00' })] }),
        iss,
      );
      expect(result.values['iss_stage']).toBeNull();
    });

    it('uses the first coding that has a system and code', () => {
      const result = extract(
        record({
          observations: [
            issStage({
              valueCodeableConcept: { coding: [{ display: 'II' }, { system: LOCAL, code: 'iss-II' }] },
            }),
          ],
        }),
        iss,
      );
      expect(result.values['iss_stage']).toMatchObject({ coding: { system: LOCAL, code: 'iss-II' } });
    });

    it('skips a text-only value', () => {
      const result = extract(
        record({ observations: [issStage({ valueCodeableConcept: { text: 'stage II' } })] }),
        iss,
      );
      expect(result.values['iss_stage']).toBeNull();
    });

    it('reads the breast receptor statuses', () => {
      const er = observation({
        id: 'er',
        code: concept(CODES.erStatus),
        valueQuantity: undefined,
        valueCodeableConcept: concept(CODES.positive),
      });
      const result = extract(record({ observations: [er] }), BREAST);
      expect(result.values['er_status']).toMatchObject({ coding: CODES.positive });
      expect(result.issues.map((issue) => issue.subject)).toEqual(['covariate:her2_status']);
    });
  });

  describe('observation, quantity', () => {
    const ldh = [covariate('ldh')];

    it('accepts the unit as the display unit only', () => {
      const result = extract(
        record({ observations: [observation({ valueQuantity: { value: 300, unit: 'U/L' } })] }),
        ldh,
      );
      expect(result.values['ldh']).toMatchObject({ value: 300, unit: 'U/L' });
    });

    it('reports a unit mismatch of an optional covariate as a warning and gives no value', () => {
      const result = extract(
        record({
          observations: [
            observation({ id: 'old', effectiveDateTime: '2026-02-20T08:00:00Z' }),
            observation({
              id: 'new',
              valueQuantity: { value: 4.2, unit: 'µkat/L', system: UCUM, code: 'ukat/L' },
            }),
          ],
        }),
        ldh,
      );
      expect(result.values['ldh']).toBeNull();
      expect(result.issues).toEqual([
        {
          code: 'covariate-unit-mismatch',
          severity: 'warning',
          message:
            'Covariate "ldh" (Serum lactate dehydrogenase): Observation/new from 2026-03-01T08:00:00.000Z is in ukat/L, ' +
            'but the protocol requires U/L. Record the value in U/L or correct the source.',
          subject: 'covariate:ldh',
        },
      ]);
    });

    it('blocks on a unit mismatch of a required covariate', () => {
      const required: Covariate = { ...covariate('ldh'), required: true };
      const result = extract(record({ observations: [observation({ valueQuantity: { value: 250 } })] }), [
        required,
      ]);
      expect(result.issues[0]).toMatchObject({ code: 'covariate-unit-mismatch', severity: 'blocking' });
      expect(result.issues[0]?.message).toContain('is in no unit');
    });

    it('gives an optional missing value as null without an issue', () => {
      const result = extract(
        record({ observations: [observation({ effectiveDateTime: '2026-02-09T08:00:00Z' })] }),
        ldh,
      );
      expect(result).toEqual({ at: '2026-03-10T08:00:00.000Z', values: { ldh: null }, issues: [] });
    });

    it('keeps the comparator of a censored value', () => {
      const result = extract(
        record({
          observations: [
            observation({ valueQuantity: { value: 100, comparator: '<', system: UCUM, code: 'U/L' } }),
          ],
        }),
        ldh,
      );
      expect(result.values['ldh']).toMatchObject({ value: 100, comparator: '<' });
    });

    it('uses the recorded unit when the protocol names none', () => {
      const anyUnit: Covariate = { ...covariate('ldh'), unit: undefined };
      const recorded = (valueQuantity: Observation['valueQuantity']) =>
        extract(record({ observations: [observation({ valueQuantity })] }), [anyUnit]).values['ldh'];
      expect(recorded({ value: 4, system: UCUM, code: 'ukat/L', unit: 'µkat/L' })).toMatchObject({
        unit: 'ukat/L',
      });
      expect(recorded({ value: 4, unit: 'µkat/L' })).toMatchObject({ unit: 'µkat/L' });
      expect(recorded({ value: 4 })).toMatchObject({ unit: null });
    });

    it('reads a percentage under the breast protocol', () => {
      const ki67 = observation({
        code: concept(CODES.ki67),
        valueQuantity: { value: 35, system: UCUM, code: '%' },
      });
      expect(
        extract(record({ observations: [ki67] }), [covariate('ki67_index', BREAST)]).values['ki67_index'],
      ).toMatchObject({
        value: 35,
        unit: '%',
      });
    });
  });

  describe('observation, boolean', () => {
    const priorTransplant: Covariate = {
      name: 'prior_asct',
      label: 'Prior autologous stem cell transplant',
      source: 'observation',
      codes: [{ system: LOCAL, code: 'prior-asct' }],
      valueType: 'boolean',
      required: false,
    };

    it.each([true, false])('reads %s', (value) => {
      const result = extract(
        record({
          observations: [
            observation({
              code: concept({ system: LOCAL, code: 'prior-asct' }),
              valueQuantity: undefined,
              valueBoolean: value,
            }),
          ],
        }),
        [priorTransplant],
      );
      expect(result.values['prior_asct']).toMatchObject({ valueType: 'boolean', value });
    });

    it('skips an observation without a boolean value', () => {
      const result = extract(
        record({ observations: [observation({ code: concept({ system: LOCAL, code: 'prior-asct' }) })] }),
        [priorTransplant],
      );
      expect(result.values['prior_asct']).toBeNull();
      expect(result.issues).toEqual([]);
    });
  });
});
