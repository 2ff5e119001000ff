import type { Comparator, Criterion, EligibilityRule } from '@prospect/domain';
import type { Condition, Observation } from '@medplum/fhirtypes';
import { requireInstant } from './date-times';
import { eligibilityIssues, evaluateCriterion, evaluateEligibility, ruleFails } from './eligibility';
import type { PatientRecord } from './patient-record';
import {
  clinicalStatus,
  CODES,
  concept,
  condition,
  fixtureTrial,
  observation,
  patient,
  record,
  UCUM,
  verificationStatus,
} from './testing/factories';

const MYELOMA = fixtureTrial('myeloma').protocol.eligibility;
const BREAST = fixtureTrial('breast').protocol.eligibility;
const AT = '2026-03-01T09:00:00Z';

function criterionOf(rules: { rules: readonly EligibilityRule[] }, id: string): Criterion {
  const rule = rules.rules.find((item) => item.id === id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return rule.criterion;
}

function evaluate(patientRecord: PatientRecord, criterion: Criterion, at = AT) {
  return evaluateCriterion(patientRecord, criterion, requireInstant(at, 'at'));
}

const egfr = (overrides: Partial<Observation> = {}) =>
  observation({
    id: 'egfr',
    code: concept(CODES.egfr),
    effectiveDateTime: '2026-02-20T08:00:00Z',
    valueQuantity: { value: 25, system: UCUM, code: 'mL/min/{1.73_m2}' },
    ...overrides,
  });

describe('evaluateCriterion', () => {
  describe('age', () => {
    const adult = criterionOf(MYELOMA, 'adult');

    it('is met at 18 on the birthday itself', () => {
      expect(evaluate(record({ patient: patient({ birthDate: '2008-03-01' }) }), adult)).toEqual({
        result: 'met',
        reason: 'Age 18 at 2026-03-01T09:00:00.000Z is at least 18 years.',
        evidence: [{ resourceType: 'Patient', id: 'p1' }],
      });
    });

    it('is not met the day before the 18th birthday', () => {
      expect(evaluate(record({ patient: patient({ birthDate: '2008-03-02' }) }), adult)).toMatchObject({
        result: 'not-met',
        reason: 'Age 17 at 2026-03-01T09:00:00.000Z is not at least 18 years.',
      });
    });

    it.each<[string, number]>([
      ['1951-03-01', 75],
      ['1951-02-28', 75],
      ['1950-03-01', 76],
      ['2008-03-01', 18],
      ['2008-03-02', 17],
    ])('treats both bounds as inclusive (born %s, age %d)', (birthDate, age) => {
      const range: Criterion = { type: 'age', minYears: 18, maxYears: 75 };
      const result = evaluate(record({ patient: patient({ birthDate }) }), range);
      expect(result.result).toBe(age >= 18 && age <= 75 ? 'met' : 'not-met');
      expect(result.reason).toContain(`Age ${age} `);
    });

    it('supports a maximum only', () => {
      expect(evaluate(record(), { type: 'age', maxYears: 70 })).toMatchObject({
        result: 'met',
        reason: 'Age 65 at 2026-03-01T09:00:00.000Z is at most 70 years.',
      });
    });

    it('is unknown without a birth date', () => {
      expect(evaluate(record({ patient: patient({ birthDate: undefined }) }), adult)).toMatchObject({
        result: 'unknown',
        reason: 'Age at 2026-03-01T09:00:00.000Z cannot be computed: no birth date is recorded.',
      });
      expect(evaluate(record({ patient: patient({ birthDate: 'unknown' }) }), adult).reason).toContain(
        'the birth date is unreadable or later',
      );
    });

    it('decides a partial birth date only when every possible age agrees', () => {
      expect(evaluate(record({ patient: patient({ birthDate: '1960' }) }), adult).result).toBe('met');
      const borderline = evaluate(record({ patient: patient({ birthDate: '2008' }) }), adult);
      expect(borderline).toMatchObject({
        result: 'unknown',
        reason:
          'Age 17 or 18 (partial birth date) at 2026-03-01T09:00:00.000Z may or may not be at least 18 years.',
      });
      expect(evaluate(record({ patient: patient({ birthDate: '2009' }) }), adult).result).toBe('not-met');
    });
  });

  describe('sex', () => {
    const female = criterionOf(BREAST, 'female');

    it('is met for an allowed gender', () => {
      expect(evaluate(record({ patient: patient({ gender: 'female' }) }), female)).toEqual({
        result: 'met',
        reason: 'Administrative gender female is one of: female.',
        evidence: [{ resourceType: 'Patient', id: 'p1' }],
      });
    });

    it('is not met for another gender', () => {
      expect(evaluate(record(), female)).toMatchObject({
        result: 'not-met',
        reason: 'Administrative gender male is not one of: female.',
      });
    });

    it('is unknown when gender is not recorded', () => {
      expect(evaluate(record({ patient: patient({ gender: undefined }) }), female).result).toBe('unknown');
    });
  });

  describe('condition', () => {
    const myeloma = criterionOf(MYELOMA, 'multiple-myeloma');
    const withConditions = (...conditions: Condition[]) => evaluate(record({ conditions }), myeloma);

    it('is met by an active, confirmed diagnosis', () => {
      expect(withConditions(condition())).toEqual({
        result: 'met',
        reason: 'Condition/c1 records Multiple myeloma as present at 2026-03-01T09:00:00.000Z.',
        evidence: [{ resourceType: 'Condition', id: 'c1' }],
      });
    });

    it.each(['active', 'recurrence', 'relapse'])('is met with clinical status %s', (code) => {
      expect(withConditions(condition({ clinicalStatus: clinicalStatus(code) })).result).toBe('met');
    });

    it('is met by the ICD-10-GM code', () => {
      expect(withConditions(condition({ code: concept(CODES.myelomaIcd) })).result).toBe('met');
    });

    it('is met without a verification status and with a status coding that has no system', () => {
      expect(withConditions(condition({ verificationStatus: undefined })).result).toBe('met');
      expect(withConditions(condition({ clinicalStatus: { coding: [{ code: 'active' }] } })).result).toBe(
        'met',
      );
    });

    it.each(['inactive', 'remission', 'resolved'])(
      'is not met with clinical status %s and no abatement',
      (code) => {
        expect(withConditions(condition({ clinicalStatus: clinicalStatus(code) }))).toMatchObject({
          result: 'not-met',
          reason: expect.stringContaining(
            '(1 matching recorded as ended, refuted, in error or later)',
          ) as string,
        });
      },
    );

    it('is met when the condition ended after the instant, since it was present then', () => {
      const later = condition({
        clinicalStatus: clinicalStatus('remission'),
        abatementDateTime: '2026-09-01',
      });
      expect(withConditions(later).result).toBe('met');
      const periodLater = condition({
        clinicalStatus: clinicalStatus('resolved'),
        abatementPeriod: { start: '2026-03-02' },
      });
      expect(withConditions(periodLater).result).toBe('met');
      const before = condition({
        clinicalStatus: clinicalStatus('remission'),
        abatementDateTime: '2026-02-01',
      });
      expect(withConditions(before).result).toBe('not-met');
    });

    it.each(['entered-in-error', 'refuted'])('is not met when verification is %s', (code) => {
      expect(withConditions(condition({ verificationStatus: verificationStatus(code) })).result).toBe(
        'not-met',
      );
    });

    it.each(['unconfirmed', 'provisional', 'differential'])('is unknown when verification is %s', (code) => {
      expect(withConditions(condition({ verificationStatus: verificationStatus(code) }))).toMatchObject({
        result: 'unknown',
        evidence: [{ resourceType: 'Condition', id: 'c1' }],
      });
    });

    it('is unknown without a clinical status or with an unrecognised one', () => {
      expect(withConditions(condition({ clinicalStatus: undefined })).result).toBe('unknown');
      expect(withConditions(condition({ clinicalStatus: clinicalStatus('dormant') })).result).toBe('unknown');
    });

    it('prefers a confirmed diagnosis over a provisional one', () => {
      const provisional = condition({ id: 'c0', verificationStatus: verificationStatus('provisional') });
      expect(withConditions(provisional, condition({ id: 'c2' }))).toMatchObject({
        result: 'met',
        evidence: [{ resourceType: 'Condition', id: 'c2' }],
      });
    });

    it('ignores a diagnosis with onset after the instant', () => {
      expect(withConditions(condition({ onsetDateTime: '2026-03-05' })).result).toBe('not-met');
      expect(withConditions(condition({ onsetDateTime: '2026-03-01' })).result).toBe('met');
      expect(
        withConditions(condition({ onsetDateTime: undefined, onsetPeriod: { start: '2026-04-01' } })).result,
      ).toBe('not-met');
    });

    it('uses the recorded date when there is no onset', () => {
      expect(
        withConditions(condition({ onsetDateTime: undefined, recordedDate: '2026-03-02T08:00:00Z' })).result,
      ).toBe('not-met');
      expect(withConditions(condition({ onsetDateTime: undefined, recordedDate: '2026-02-02' })).result).toBe(
        'met',
      );
      expect(withConditions(condition({ onsetDateTime: undefined })).result).toBe('met');
    });

    it('is not met without a matching condition', () => {
      expect(withConditions()).toEqual({
        result: 'not-met',
        reason: 'No condition Multiple myeloma is recorded as present at 2026-03-01T09:00:00.000Z.',
        evidence: [],
      });
      expect(withConditions(condition({ code: concept(CODES.breastCancer) })).result).toBe('not-met');
      expect(withConditions(condition({ id: undefined })).result).toBe('not-met');
    });
  });

  describe('observation', () => {
    const renal = criterionOf(MYELOMA, 'severe-renal-impairment');
    const withObservations = (...observations: Observation[]) => evaluate(record({ observations }), renal);

    it('is met when the latest value satisfies the comparison', () => {
      expect(withObservations(egfr())).toEqual({
        result: 'met',
        reason: 'Observation/egfr from 2026-02-20T08:00:00.000Z: 25 mL/min/{1.73_m2}, which is < 30.',
        evidence: [{ resourceType: 'Observation', id: 'egfr' }],
      });
    });

    it('is not met when it does not', () => {
      expect(
        withObservations(egfr({ valueQuantity: { value: 45, system: UCUM, code: 'mL/min/{1.73_m2}' } })),
      ).toMatchObject({
        result: 'not-met',
        reason: 'Observation/egfr from 2026-02-20T08:00:00.000Z: 45 mL/min/{1.73_m2}, which is not < 30.',
      });
    });

    it('uses only the latest value', () => {
      const older = egfr({ id: 'older', effectiveDateTime: '2026-02-10T08:00:00Z' });
      const newer = egfr({ id: 'newer', valueQuantity: { value: 40, code: 'mL/min/{1.73_m2}' } });
      expect(withObservations(older, newer).result).toBe('not-met');
    });

    it.each<[Comparator, number, 'met' | 'not-met']>([
      ['<', 29.9, 'met'],
      ['<', 30, 'not-met'],
      ['<=', 30, 'met'],
      ['<=', 30.1, 'not-met'],
      ['>', 30.1, 'met'],
      ['>', 30, 'not-met'],
      ['>=', 30, 'met'],
      ['>=', 29.9, 'not-met'],
      ['=', 30, 'met'],
      ['=', 30.5, 'not-met'],
    ])('compares value %s 30 for %d: %s', (comparator, value, result) => {
      const criterion: Criterion = {
        type: 'observation',
        codes: [CODES.egfr],
        comparator,
        value: 30,
        unit: 'mL/min/{1.73_m2}',
      };
      const observations = [egfr({ valueQuantity: { value, code: 'mL/min/{1.73_m2}' } })];
      expect(evaluate(record({ observations }), criterion).result).toBe(result);
    });

    it('is unknown without an observation in the lookback', () => {
      expect(withObservations(egfr({ effectiveDateTime: '2026-02-01T08:00:00Z' }))).toEqual({
        result: 'unknown',
        reason:
          'No final, amended or corrected observation of Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] ' +
          'in Serum or Plasma by Creatinine-based formula (MDRD) with a numeric value on or before ' +
          '2026-03-01T09:00:00.000Z within 28 days.',
        evidence: [],
      });
    });

    it('uses an observation exactly at the lookback limit', () => {
      expect(withObservations(egfr({ effectiveDateTime: '2026-02-01T09:00:00Z' })).result).toBe('met');
      expect(withObservations(egfr({ effectiveDateTime: '2026-02-01' })).result).toBe('met');
      expect(withObservations(egfr({ effectiveDateTime: '2026-01-31' })).result).toBe('unknown');
    });

    it('ignores preliminary results', () => {
      expect(withObservations(egfr({ status: 'preliminary' })).result).toBe('unknown');
    });

    it('is unknown on a unit mismatch', () => {
      expect(withObservations(egfr({ valueQuantity: { value: 25, unit: 'mL/min' } }))).toMatchObject({
        result: 'unknown',
        reason:
          'Observation/egfr from 2026-02-20T08:00:00.000Z is in mL/min, but the rule requires mL/min/{1.73_m2}; compare by hand.',
      });
    });

    it('is unknown for a censored value', () => {
      expect(
        withObservations(egfr({ valueQuantity: { value: 15, comparator: '<', code: 'mL/min/{1.73_m2}' } })),
      ).toMatchObject({
        result: 'unknown',
        reason:
          'Observation/egfr from 2026-02-20T08:00:00.000Z is a censored value <15 mL/min/{1.73_m2}; decide by hand whether it is < 30.',
      });
    });

    it('accepts any unit and no lookback when the rule sets none', () => {
      const loose: Criterion = { type: 'observation', codes: [CODES.egfr], comparator: '<', value: 30 };
      const result = evaluate(
        record({ observations: [egfr({ effectiveDateTime: '2020-01-01', valueQuantity: { value: 20 } })] }),
        loose,
      );
      expect(result).toMatchObject({
        result: 'met',
        reason: 'Observation/egfr from 2020-01-01: 20, which is < 30.',
      });
    });
  });

  describe('manual', () => {
    it('is always unknown with the question as the reason', () => {
      expect(evaluate(record(), criterionOf(MYELOMA, 'mri-contraindication'))).toEqual({
        result: 'unknown',
        reason: 'Does the patient have a contraindication to MRI (e.g. a non-MR-conditional implant)?',
        evidence: [],
      });
    });
  });
});

describe('ruleFails', () => {
  it.each<['inclusion' | 'exclusion', 'met' | 'not-met' | 'unknown', boolean]>([
    ['inclusion', 'met', false],
    ['inclusion', 'not-met', true],
    ['inclusion', 'unknown', false],
    ['exclusion', 'met', true],
    ['exclusion', 'not-met', false],
    ['exclusion', 'unknown', false],
  ])('%s rule %s fails: %s', (kind, result, fails) => {
    expect(ruleFails({ kind, result })).toBe(fails);
  });
});

describe('evaluateEligibility', () => {
  const rule = (id: string, kind: 'inclusion' | 'exclusion', criterion: Criterion): EligibilityRule => ({
    id,
    description: id,
    kind,
    criterion,
  });
  const adult = rule('adult', 'inclusion', { type: 'age', minYears: 18 });
  const female = rule('female', 'inclusion', { type: 'sex', allowed: ['female'] });
  const elderly = rule('elderly', 'exclusion', { type: 'age', minYears: 80 });
  const male = rule('male', 'exclusion', { type: 'sex', allowed: ['male'] });
  const manual = rule('consent', 'inclusion', { type: 'manual', question: 'Has consent been given?' });

  it('passes when every inclusion is met and no exclusion is', () => {
    const result = evaluateEligibility(record(), { rules: [adult, elderly] }, AT);
    expect(result).toEqual({
      at: '2026-03-01T09:00:00.000Z',
      outcome: 'passed',
      rules: [
        {
          ruleId: 'adult',
          kind: 'inclusion',
          result: 'met',
          reason: 'Age 65 at 2026-03-01T09:00:00.000Z is at least 18 years.',
          evidence: [{ resourceType: 'Patient', id: 'p1' }],
        },
        {
          ruleId: 'elderly',
          kind: 'exclusion',
          result: 'not-met',
          reason: 'Age 65 at 2026-03-01T09:00:00.000Z is not at least 80 years.',
          evidence: [{ resourceType: 'Patient', id: 'p1' }],
        },
      ],
    });
    expect(eligibilityIssues(result)).toEqual([]);
  });

  it('fails when an inclusion rule is not met', () => {
    expect(evaluateEligibility(record(), { rules: [adult, female] }, AT).outcome).toBe('failed');
  });

  it('fails when an exclusion rule is met', () => {
    expect(evaluateEligibility(record(), { rules: [adult, male] }, AT).outcome).toBe('failed');
  });

  it('needs review when a rule is unknown and none fails', () => {
    expect(evaluateEligibility(record(), { rules: [adult, manual] }, AT).outcome).toBe('needs-review');
    const noBirthDate = record({ patient: patient({ birthDate: undefined }) });
    expect(evaluateEligibility(noBirthDate, { rules: [adult, elderly] }, AT).outcome).toBe('needs-review');
  });

  it('fails rather than needs review when both apply', () => {
    expect(evaluateEligibility(record(), { rules: [manual, female] }, AT).outcome).toBe('failed');
  });

  it('throws on an unreadable instant', () => {
    expect(() => evaluateEligibility(record(), { rules: [adult] }, '1 March')).toThrow(/Invalid at/);
  });

  it('needs review for a myeloma patient because of the manual MRI question', () => {
    const result = evaluateEligibility(
      record({
        conditions: [condition()],
        observations: [egfr({ valueQuantity: { value: 60, code: 'mL/min/{1.73_m2}' } })],
      }),
      MYELOMA,
      AT,
    );
    expect(result.outcome).toBe('needs-review');
    expect(result.rules.map((item) => [item.ruleId, item.result])).toEqual([
      ['adult', 'met'],
      ['multiple-myeloma', 'met'],
      ['severe-renal-impairment', 'not-met'],
      ['mri-contraindication', 'unknown'],
    ]);
    expect(eligibilityIssues(result)).toEqual([
      {
        code: 'eligibility-needs-review',
        severity: 'blocking',
        message:
          'Exclusion rule "mri-contraindication" needs review: Does the patient have a contraindication to MRI ' +
          '(e.g. a non-MR-conditional implant)?',
        subject: 'rule:mri-contraindication',
      },
    ]);
  });

  it('fails a myeloma patient with severe renal impairment, listing only the failing rule', () => {
    const result = evaluateEligibility(
      record({ conditions: [condition()], observations: [egfr()] }),
      MYELOMA,
      AT,
    );
    expect(result.outcome).toBe('failed');
    expect(eligibilityIssues(result)).toEqual([
      {
        code: 'eligibility-failed',
        severity: 'blocking',
        message:
          'Exclusion rule "severe-renal-impairment" applies: Observation/egfr from 2026-02-20T08:00:00.000Z: ' +
          '25 mL/min/{1.73_m2}, which is < 30.',
        subject: 'rule:severe-renal-impairment',
      },
    ]);
  });

  it('words a failed inclusion rule', () => {
    const result = evaluateEligibility(record(), BREAST, AT);
    expect(eligibilityIssues(result).map((issue) => issue.message)).toEqual([
      'Inclusion rule "female" is not met: Administrative gender male is not one of: female.',
      'Inclusion rule "breast-cancer" is not met: No condition Malignant neoplasm of breast or ' +
        'Breast, unspecified is recorded as present at 2026-03-01T09:00:00.000Z.',
    ]);
  });

  it('words an undecided inclusion rule', () => {
    const result = evaluateEligibility(
      record({ patient: patient({ birthDate: undefined }) }),
      { rules: [adult] },
      AT,
    );
    expect(eligibilityIssues(result)[0]?.message).toBe(
      'Inclusion rule "adult" needs review: Age at 2026-03-01T09:00:00.000Z cannot be computed: no birth date is recorded.',
    );
  });
});
