import type { Coding, ExampleTrialName, PrimaryEndpoint } from '@prospect/domain';
import type { DiagnosticReport, Observation, ObservationComponent, Resource } from '@medplum/fhirtypes';
import { generateCohort, NO_MESS, withStableIds } from '@prospect/synth';
import { deriveOutcome, MRD_SENSITIVITY_COMPONENT_CODES, type OutcomeDerivation } from './outcomes';
import { concept, fixtureTrial, LOCAL, SNOMED, UCUM } from './testing/factories';

type EndpointOf<T extends PrimaryEndpoint['type']> = Extract<PrimaryEndpoint, { type: T }>;

function endpointOf<T extends PrimaryEndpoint['type']>(name: ExampleTrialName, type: T): EndpointOf<T> {
  const endpoint = fixtureTrial(name).protocol.primaryEndpoint;
  if (endpoint.type !== type) throw new Error(`the ${name} trial has a ${endpoint.type} endpoint`);
  return endpoint as EndpointOf<T>;
}

/** MRD negativity below 1e-5 in days 90–210. */
const MRD = endpointOf('myeloma', 'mrd');
/** pCR as ypT0/is ypN0 in days 120–300. */
const PCR = endpointOf('breast', 'pcr');
const STRICT_PCR: EndpointOf<'pcr'> = { ...PCR, definition: 'ypT0 ypN0' };
const RESPONSE: Coding = { system: LOCAL, code: 'response' };
const OTHER: EndpointOf<'other'> = {
  type: 'other',
  description: 'Complete metabolic response on PET-CT',
  codes: [RESPONSE],
  assessmentWindowDays: { start: 30, end: 60 },
  positiveClass: 'cmr',
};

const ASSAY = MRD.assayCodes[0] as Coding;
const TUMOUR = PCR.pathologyCodes[0] as Coding;
const NODES = PCR.pathologyCodes[1] as Coding;
const TNM = 'http://prospect.example/codes/tnm';
const NEGATIVE: Coding = { system: SNOMED, code: '260385009', display: 'Negative' };
const POSITIVE: Coding = { system: SNOMED, code: '10828004', display: 'Positive' };

const START = '2026-01-05T08:00:00Z';

/** `n` days after 2026-01-05 at `time` (UTC). */
function day(n: number, time = '12:00:00'): string {
  return `${new Date(Date.UTC(2026, 0, 5 + n)).toISOString().slice(0, 10)}T${time}Z`;
}

function sensitivity(value: number): ObservationComponent {
  return {
    code: concept(MRD_SENSITIVITY_COMPONENT_CODES[0] as Coding),
    valueQuantity: { value, unit: '1', system: UCUM, code: '1' },
  };
}

/** A final, negative MRD result on day 120 at a sensitivity of 1e-5; override any field. */
function mrd(overrides: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id: 'mrd1',
    status: 'final',
    code: concept(ASSAY),
    effectiveDateTime: day(120),
    valueCodeableConcept: concept(NEGATIVE),
    component: [sensitivity(1e-5)],
    ...overrides,
  };
}

/** A measured residual-disease fraction instead of a coded result. */
function measured(value: number, overrides: Partial<Observation> = {}, unit = '1'): Observation {
  return mrd({
    valueCodeableConcept: undefined,
    valueQuantity: { value, system: UCUM, code: unit },
    ...overrides,
  });
}

/** A final pathology finding (ypT or ypN) on day 150. */
function finding(id: string, code: Coding, value: string, overrides: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: concept(code),
    effectiveDateTime: day(150),
    valueCodeableConcept: concept({ system: TNM, code: value, display: value }),
    ...overrides,
  };
}

/** A final surgical pathology report on day 150 with the given results. */
function report(
  id: string,
  results: readonly string[],
  overrides: Partial<DiagnosticReport> = {},
): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    id,
    status: 'final',
    code: concept({ system: 'http://loinc.org', code: '60568-3', display: 'Pathology Synoptic report' }),
    effectiveDateTime: day(150),
    result: results.map((reference) => ({ reference })),
    ...overrides,
  };
}

/** A report with a ypT and a ypN finding. */
function pathology(tumour: string, nodes: string, overrides: Partial<DiagnosticReport> = {}): Resource[] {
  return [
    finding('t1', TUMOUR, tumour),
    finding('n1', NODES, nodes),
    report('r1', ['Observation/t1', 'Observation/n1'], overrides),
  ];
}

function observed(result: OutcomeDerivation) {
  if (result.status !== 'observed') throw new Error(`expected observed, got ${JSON.stringify(result)}`);
  return result.outcome;
}

describe('deriveOutcome', () => {
  describe('treatment start and assessment window', () => {
    it.each(['2026-13-01', '2026-01', 'soon', '2026-01-05T08:00:00'])(
      'throws a TypeError naming treatmentStart for %p',
      (start) => {
        expect(() => deriveOutcome(MRD, start, [])).toThrow(TypeError);
        expect(() => deriveOutcome(MRD, start, [])).toThrow(/treatmentStart/);
      },
    );

    it('is not available without records, and skips unrelated resources silently', () => {
      const unrelated: Resource[] = [
        { resourceType: 'Patient', id: 'p1' },
        mrd({ id: 'ldh', code: concept({ system: 'http://loinc.org', code: '2532-0' }) }),
        report('labs', [], {
          code: concept({ system: 'http://loinc.org', code: '24323-8' }),
          conclusion: 'Normal',
        }),
      ];
      expect(deriveOutcome(MRD, START, [])).toEqual({ status: 'not-available', ignored: [] });
      expect(deriveOutcome(MRD, START, unrelated)).toEqual({ status: 'not-available', ignored: [] });
      expect(deriveOutcome(PCR, START, unrelated)).toEqual({ status: 'not-available', ignored: [] });
    });

    it('reports the assessment time as a UTC instant and the study day', () => {
      const outcome = observed(
        deriveOutcome(MRD, START, [mrd({ effectiveDateTime: '2026-05-05T09:30:00+02:00' })]),
      );
      expect(outcome).toEqual({
        value: true,
        assessedAt: '2026-05-05T07:30:00.000Z',
        studyDay: 119,
        evidence: ['Observation/mrd1'],
        detail: 'MRD negative (sensitivity 1e-5)',
      });
    });

    it.each([
      ['the first instant of day start', day(90, '08:00:00'), 90],
      ['the last instant of day end', day(211, '07:59:59'), 210],
    ])('counts %s (timed start: whole elapsed days)', (_, at, studyDay) => {
      expect(observed(deriveOutcome(MRD, START, [mrd({ effectiveDateTime: at })])).studyDay).toBe(studyDay);
    });

    it.each([
      ['day start - 1', day(90, '07:59:59'), 89],
      ['day end + 1', day(211, '08:00:00'), 211],
    ])('ignores %s as outside the window', (_, at, studyDay) => {
      expect(deriveOutcome(MRD, START, [mrd({ effectiveDateTime: at })])).toEqual({
        status: 'not-available',
        ignored: [
          {
            reference: 'Observation/mrd1',
            reason: `outside the assessment window (day ${studyDay}; window 90–210)`,
          },
        ],
      });
    });

    it('counts calendar days when treatment start is date-only', () => {
      const derive = (at: string) => deriveOutcome(MRD, '2026-01-05', [mrd({ effectiveDateTime: at })]);
      expect(observed(derive(day(90, '00:00:00'))).studyDay).toBe(90);
      expect(observed(derive(day(210, '23:59:59'))).studyDay).toBe(210);
      expect(observed(derive(day(210).slice(0, 10))).studyDay).toBe(210);
      expect(derive(day(89, '23:59:59')).status).toBe('not-available');
      expect(derive(day(211, '00:00:00')).ignored[0]?.reason).toBe(
        'outside the assessment window (day 211; window 90–210)',
      );
    });

    it('counts calendar days when the assessment is date-only and the start is timed', () => {
      const start = '2026-01-05T20:00:00Z';
      const result = deriveOutcome(MRD, start, [mrd({ effectiveDateTime: day(90).slice(0, 10) })]);
      expect(observed(result)).toMatchObject({
        studyDay: 90,
        assessedAt: `${day(90).slice(0, 10)}T00:00:00.000Z`,
      });
    });

    it('reads effectivePeriod.start and effectiveInstant', () => {
      const period = mrd({
        effectiveDateTime: undefined,
        effectivePeriod: { start: day(100), end: day(101) },
      });
      const instant = mrd({ effectiveDateTime: undefined, effectiveInstant: day(110) });
      expect(observed(deriveOutcome(MRD, START, [period])).assessedAt).toBe(`${day(100).slice(0, -1)}.000Z`);
      expect(observed(deriveOutcome(MRD, START, [instant])).studyDay).toBe(110);
    });

    it('ignores a result without a readable effective time', () => {
      for (const effectiveDateTime of [undefined, '2026-05', 'next week']) {
        expect(deriveOutcome(MRD, START, [mrd({ effectiveDateTime })]).ignored).toEqual([
          { reference: 'Observation/mrd1', reason: 'has no readable effective time' },
        ]);
      }
    });

    it('ignores a result without an id, since it cannot be cited', () => {
      expect(deriveOutcome(MRD, START, [mrd({ id: undefined })]).ignored).toEqual([
        { reference: 'Observation/(no id)', reason: 'has no id, so it cannot be cited as evidence' },
      ]);
    });
  });

  describe('statuses', () => {
    it.each(['preliminary', 'registered', 'cancelled', 'entered-in-error', 'unknown'] as const)(
      'ignores a %s result with a reason',
      (status) => {
        expect(deriveOutcome(MRD, START, [mrd({ status })])).toEqual({
          status: 'not-available',
          ignored: [
            {
              reference: 'Observation/mrd1',
              reason: `status is ${status}; only final, amended or corrected results count`,
            },
          ],
        });
      },
    );

    it.each(['final', 'amended', 'corrected'] as const)('counts a %s result', (status) => {
      expect(observed(deriveOutcome(MRD, START, [mrd({ status })])).value).toBe(true);
    });

    it('counts an appended pathology report: final, with an addendum', () => {
      const result = deriveOutcome(PCR, START, pathology('ypT0', 'ypN0', { status: 'appended' }));
      expect(result.status).toBe('observed');
    });

    it('ignores a preliminary pathology report together with its findings', () => {
      const result = deriveOutcome(PCR, START, pathology('ypT0', 'ypN0', { status: 'preliminary' }));
      expect(result).toEqual({
        status: 'not-available',
        ignored: [
          {
            reference: 'DiagnosticReport/r1',
            reason: 'status is preliminary; only final, appended, amended or corrected reports count',
          },
        ],
      });
    });
  });

  describe('several assessments', () => {
    it('takes the earliest when all agree', () => {
      const result = deriveOutcome(MRD, START, [
        mrd({ id: 'late', effectiveDateTime: day(200) }),
        mrd({ id: 'early', effectiveDateTime: day(100) }),
      ]);
      expect(result.status).toBe('observed');
      expect(observed(result).evidence).toEqual(['Observation/early']);
      expect(result.status === 'observed' && result.candidates.map((item) => item.studyDay)).toEqual([
        100, 200,
      ]);
    });

    it('is conflicting when they disagree, with candidates by time', () => {
      const result = deriveOutcome(MRD, START, [
        mrd({ id: 'late', effectiveDateTime: day(200), valueCodeableConcept: concept(POSITIVE) }),
        mrd({ id: 'early', effectiveDateTime: day(100) }),
      ]);
      expect(result).toEqual({
        status: 'conflicting',
        candidates: [
          expect.objectContaining({ value: true, evidence: ['Observation/early'], studyDay: 100 }),
          expect.objectContaining({ value: false, evidence: ['Observation/late'], studyDay: 200 }),
        ],
        ignored: [],
      });
    });

    it('lists ignored records sorted by reference', () => {
      const result = deriveOutcome(MRD, START, [
        mrd({ id: 'b', status: 'preliminary' }),
        mrd({ id: 'a', effectiveDateTime: day(10) }),
        mrd({ id: 'c' }),
      ]);
      expect(result.ignored.map((item) => item.reference)).toEqual(['Observation/a', 'Observation/b']);
      expect(observed(result).evidence).toEqual(['Observation/c']);
    });
  });

  describe('MRD', () => {
    it('counts a negative at the threshold sensitivity or finer', () => {
      expect(observed(deriveOutcome(MRD, START, [mrd()]))).toMatchObject({
        value: true,
        detail: 'MRD negative (sensitivity 1e-5)',
      });
      expect(observed(deriveOutcome(MRD, START, [mrd({ component: [sensitivity(1e-6)] })])).detail).toBe(
        'MRD negative (sensitivity 1e-6)',
      );
    });

    it('ignores a negative without a recorded sensitivity', () => {
      const result = deriveOutcome(MRD, START, [mrd({ component: undefined })]);
      expect(result.status).toBe('not-available');
      expect(result.ignored[0]?.reason).toMatch(/negative without an assay sensitivity .* threshold 1e-5/);
    });

    it('ignores a negative at a sensitivity coarser than the threshold', () => {
      const result = deriveOutcome(MRD, START, [mrd({ component: [sensitivity(1e-4)] })]);
      expect(result.status).toBe('not-available');
      expect(result.ignored[0]?.reason).toBe(
        'is negative at an assay sensitivity of 1e-4, coarser than the protocol threshold 1e-5, so it ' +
          'cannot establish negativity at the threshold',
      );
    });

    it('counts a positive whatever the sensitivity', () => {
      for (const component of [undefined, [sensitivity(1e-4)], [sensitivity(1e-6)]]) {
        const outcome = observed(
          deriveOutcome(MRD, START, [mrd({ component, valueCodeableConcept: concept(POSITIVE) })]),
        );
        expect(outcome.value).toBe(false);
      }
      expect(
        observed(
          deriveOutcome(MRD, START, [mrd({ component: undefined, valueCodeableConcept: concept(POSITIVE) })]),
        ).detail,
      ).toBe('MRD positive');
    });

    it.each([
      [{ coding: [{ system: SNOMED, code: '260415000', display: 'Not detected' }] }, true],
      [{ coding: [{ system: SNOMED, code: '260373001', display: 'Detected' }] }, false],
      [{ coding: [{ system: LOCAL, code: 'NEGATIVE' }] }, true],
      [{ coding: [{ system: LOCAL, code: 'x', display: 'Not Detected' }] }, true],
      [{ coding: [{ system: LOCAL, code: 'y', display: 'detected' }] }, false],
      [{ text: 'Negative' }, true],
      [{ text: ' positive ' }, false],
    ])('reads the coded result %j as negative=%p', (valueCodeableConcept, negative) => {
      expect(observed(deriveOutcome(MRD, START, [mrd({ valueCodeableConcept })])).value).toBe(negative);
    });

    it('ignores a coded result that reads both ways', () => {
      const valueCodeableConcept = { ...concept(NEGATIVE), text: 'Positive' };
      expect(deriveOutcome(MRD, START, [mrd({ valueCodeableConcept })]).ignored[0]?.reason).toBe(
        'has a coded result that reads both negative and positive',
      );
    });

    it('ignores a result without a readable value', () => {
      const noValue = mrd({ valueCodeableConcept: undefined });
      const unknownCode = mrd({ valueCodeableConcept: concept({ system: LOCAL, code: 'indeterminate' }) });
      for (const observation of [noValue, unknownCode]) {
        expect(deriveOutcome(MRD, START, [observation]).ignored[0]?.reason).toMatch(
          /^has no readable result/,
        );
      }
    });

    it('reads a measured residual-disease fraction: negative iff below the threshold', () => {
      expect(observed(deriveOutcome(MRD, START, [measured(3e-6)]))).toMatchObject({
        value: true,
        detail: 'MRD negative (residual disease 3e-6 < threshold 1e-5) (sensitivity 1e-5)',
      });
      expect(observed(deriveOutcome(MRD, START, [measured(2e-5)])).value).toBe(false);
      expect(observed(deriveOutcome(MRD, START, [measured(1e-5)]))).toMatchObject({
        value: false,
        detail: 'MRD positive (residual disease 1e-5 ≥ threshold 1e-5)',
      });
      expect(observed(deriveOutcome(MRD, START, [measured(3e-6, { component: undefined })])).value).toBe(
        true,
      );
    });

    it('reads percentages and rejects other units', () => {
      expect(observed(deriveOutcome(MRD, START, [measured(0.0001, {}, '%')])).value).toBe(true);
      expect(observed(deriveOutcome(MRD, START, [measured(0.01, {}, '%')])).value).toBe(false);
      expect(deriveOutcome(MRD, START, [measured(3, {}, 'cells')]).ignored[0]?.reason).toMatch(
        /not a fraction \(unit cells/,
      );
    });

    it('reads censored fractions only when the bound settles the side of the threshold', () => {
      const censored = (comparator: '<' | '<=' | '>' | '>=', value: number) =>
        mrd({
          valueCodeableConcept: undefined,
          valueQuantity: { comparator, value, system: UCUM, code: '1' },
          component: undefined,
        });
      expect(observed(deriveOutcome(MRD, START, [censored('<', 1e-5)])).value).toBe(true);
      expect(observed(deriveOutcome(MRD, START, [censored('<=', 1e-6)])).value).toBe(true);
      expect(observed(deriveOutcome(MRD, START, [censored('>', 1e-3)])).value).toBe(false);
      expect(observed(deriveOutcome(MRD, START, [censored('>=', 1e-5)])).value).toBe(false);
      for (const unsettled of [censored('<', 1e-4), censored('<=', 1e-5), censored('>', 1e-6)]) {
        expect(deriveOutcome(MRD, START, [unsettled]).ignored[0]?.reason).toMatch(/does not settle/);
      }
    });

    it('needs the sensitivity for a measured 0, and never accepts a coarse one for a negative', () => {
      expect(deriveOutcome(MRD, START, [measured(0, { component: undefined })]).ignored[0]?.reason).toMatch(
        /residual disease 0 without an assay sensitivity/,
      );
      expect(
        observed(deriveOutcome(MRD, START, [measured(0, { component: [sensitivity(1e-6)] })])).value,
      ).toBe(true);
      expect(
        deriveOutcome(MRD, START, [measured(3e-6, { component: [sensitivity(1e-4)] })]).ignored[0]?.reason,
      ).toMatch(/coarser than the protocol threshold/);
    });

    it('ignores an unreadable sensitivity component', () => {
      const component = [{ ...sensitivity(1e-5), valueQuantity: undefined }];
      expect(deriveOutcome(MRD, START, [mrd({ component })]).ignored[0]?.reason).toBe(
        'has an assay sensitivity component without a readable fraction',
      );
    });
  });

  describe('pCR', () => {
    it('reads a report of ypT0 ypN0 as pCR, citing the report and its findings', () => {
      expect(observed(deriveOutcome(PCR, START, pathology('ypT0', 'ypN0')))).toEqual({
        value: true,
        assessedAt: `${day(150).slice(0, -1)}.000Z`,
        studyDay: 150,
        evidence: ['DiagnosticReport/r1', 'Observation/n1', 'Observation/t1'],
        detail: 'ypT0 ypN0',
      });
    });

    it.each([
      ['ypT0', 'ypN0', true, true],
      ['ypTis', 'ypN0', true, false],
      ['ypT1c', 'ypN0', false, false],
      ['ypT1mi', 'ypN0', false, false],
      ['ypT0', 'ypN1a', false, false],
      ['ypT0', 'ypN1mi', false, false],
      ['ypTis', 'ypN0(i-)', true, false],
      ['ypT0', 'ypN0(i-)', true, true],
      ['ypT0', 'ypN0(mol-)', true, true],
      ['ypT0', 'ypN0 (i-) (sn)', true, true],
      ['ypT0', 'ypN0(i+)', false, false],
      ['ypT0', 'ypN0(mol+)', false, false],
      ['T0', 'N0', true, true],
      ['Tis', 'N0', true, false],
      ['ypTis (DCIS)', 'ypN0', true, false],
    ])('%s %s is pCR %p under ypT0/is ypN0 and %p under ypT0 ypN0', (tumour, nodes, loose, strict) => {
      expect(observed(deriveOutcome(PCR, START, pathology(tumour, nodes))).value).toBe(loose);
      expect(observed(deriveOutcome(STRICT_PCR, START, pathology(tumour, nodes))).value).toBe(strict);
    });

    it('names the normalised stages in the detail', () => {
      expect(observed(deriveOutcome(PCR, START, pathology('TIS', 'ypN0 (i+)'))).detail).toBe(
        'ypTis ypN0(i+)',
      );
    });

    it('reads codes, displays, text and valueString', () => {
      const fromString = [
        finding('t1', TUMOUR, '', { valueCodeableConcept: undefined, valueString: 'ypT0' }),
        finding('n1', NODES, '', { valueCodeableConcept: { text: 'ypN0' } }),
        report('r1', ['Observation/t1', 'Observation/n1']),
      ];
      expect(observed(deriveOutcome(PCR, START, fromString)).value).toBe(true);
      const snomedDisplay = [
        finding('t1', TUMOUR, '', {
          valueCodeableConcept: concept({
            system: SNOMED,
            code: '1228884006',
            display: 'AJCC ypT0 (qualifier value)',
          }),
        }),
        finding('n1', NODES, 'ypN0'),
        report('r1', ['Observation/t1', 'Observation/n1']),
      ];
      expect(observed(deriveOutcome(PCR, START, snomedDisplay)).detail).toBe('ypT0 ypN0');
    });

    it('does not take pT or cT for post-neoadjuvant pathology', () => {
      for (const tumour of ['pT0', 'cT0']) {
        expect(deriveOutcome(PCR, START, pathology(tumour, 'ypN0')).ignored).toEqual([
          {
            reference: 'DiagnosticReport/r1',
            reason: 'has no readable ypT finding (unreadable: Observation/t1 (ypT))',
          },
        ]);
      }
    });

    it('ignores a report missing ypN or ypT', () => {
      const tumourOnly = [finding('t1', TUMOUR, 'ypT0'), report('r1', ['Observation/t1'])];
      expect(deriveOutcome(PCR, START, tumourOnly)).toEqual({
        status: 'not-available',
        ignored: [{ reference: 'DiagnosticReport/r1', reason: 'has no readable ypN finding' }],
      });
      const nodesOnly = [finding('n1', NODES, 'ypN0'), report('r1', ['Observation/n1'])];
      expect(deriveOutcome(PCR, START, nodesOnly).ignored[0]?.reason).toBe('has no readable ypT finding');
    });

    it('ignores unassessable and contradictory staging', () => {
      expect(deriveOutcome(PCR, START, pathology('ypTX', 'ypN0')).ignored[0]?.reason).toBe(
        'has ypTX: the primary tumour could not be assessed',
      );
      expect(deriveOutcome(PCR, START, pathology('ypT0', 'ypNX')).ignored[0]?.reason).toBe(
        'has ypNX: the regional lymph nodes could not be assessed',
      );
      const contradictory = [
        ...pathology('ypT0', 'ypN0').slice(0, 2),
        finding('t2', TUMOUR, 'ypT2'),
        report('r1', ['Observation/t1', 'Observation/n1', 'Observation/t2']),
      ];
      expect(deriveOutcome(PCR, START, contradictory).ignored[0]?.reason).toBe(
        'has contradictory ypT findings (ypT0, ypT2)',
      );
    });

    it('reads the conclusion of a report without findings', () => {
      expect(
        observed(
          deriveOutcome(PCR, START, [
            report('r1', [], { conclusion: 'Breast and axilla: ypT0 ypN0 (0/14).' }),
          ]),
        ),
      ).toMatchObject({
        value: true,
        evidence: ['DiagnosticReport/r1'],
        detail: 'ypT0 ypN0 (from the report conclusion)',
      });
      expect(
        observed(deriveOutcome(PCR, START, [report('r1', [], { conclusion: 'ypT2 ypN1a' })])).value,
      ).toBe(false);
    });

    it('fills a missing finding from the conclusion', () => {
      const resources = [
        finding('t1', TUMOUR, 'ypTis'),
        report('r1', ['Observation/t1'], { conclusion: 'ypTis ypN0(sn)' }),
      ];
      expect(observed(deriveOutcome(PCR, START, resources))).toMatchObject({
        value: true,
        evidence: ['DiagnosticReport/r1', 'Observation/t1'],
        detail: 'ypTis ypN0(sn) (from the report conclusion)',
      });
    });

    it('requires the yp prefix in free-text conclusions', () => {
      const resources = [report('r1', [], { conclusion: 'T0 N0 after Tx', code: concept(TUMOUR) })];
      expect(deriveOutcome(PCR, START, resources).ignored).toEqual([
        { reference: 'DiagnosticReport/r1', reason: 'has no readable ypT or ypN finding' },
      ]);
    });

    it('resolves contained, absolute and versioned result references', () => {
      const contained = report('r1', ['#t', '#n'], {
        contained: [finding('t', TUMOUR, 'ypT0'), finding('n', NODES, 'ypN0')],
      });
      expect(observed(deriveOutcome(PCR, START, [contained]))).toMatchObject({
        value: true,
        evidence: ['DiagnosticReport/r1'],
      });
      const absolute = [
        finding('t1', TUMOUR, 'ypT0'),
        finding('n1', NODES, 'ypN0'),
        report('r1', ['https://fhir.example.org/fhir/Observation/t1', 'Observation/n1/_history/2']),
      ];
      expect(observed(deriveOutcome(PCR, START, absolute)).evidence).toEqual([
        'DiagnosticReport/r1',
        'Observation/n1',
        'Observation/t1',
      ]);
    });

    it('dates a report by issued when it has no effective time', () => {
      const resources = pathology('ypT0', 'ypN0', { effectiveDateTime: undefined, issued: day(153) });
      expect(observed(deriveOutcome(PCR, START, resources)).studyDay).toBe(153);
      const undated = pathology('ypT0', 'ypN0', { effectiveDateTime: undefined });
      expect(deriveOutcome(PCR, START, undated).ignored).toEqual([
        { reference: 'DiagnosticReport/r1', reason: 'has no readable effective or issued time' },
      ]);
    });

    it('ignores a report outside the window', () => {
      const resources = pathology('ypT0', 'ypN0', { effectiveDateTime: day(301, '08:00:00') });
      expect(deriveOutcome(PCR, START, resources)).toEqual({
        status: 'not-available',
        ignored: [
          {
            reference: 'DiagnosticReport/r1',
            reason: 'outside the assessment window (day 301; window 120–300)',
          },
        ],
      });
    });

    it('ignores a finding that is not final, leaving the report incomplete', () => {
      const resources = [
        finding('t1', TUMOUR, 'ypT0'),
        finding('n1', NODES, 'ypN0', { status: 'preliminary' }),
        report('r1', ['Observation/t1', 'Observation/n1']),
      ];
      expect(deriveOutcome(PCR, START, resources).ignored).toEqual([
        { reference: 'DiagnosticReport/r1', reason: 'has no readable ypN finding' },
        {
          reference: 'Observation/n1',
          reason: 'status is preliminary; only final, amended or corrected results count',
        },
      ]);
    });

    it('groups findings outside any report by UTC day', () => {
      const sameDay = [
        finding('t1', TUMOUR, 'ypT0', { effectiveDateTime: day(150, '09:00:00') }),
        finding('n1', NODES, 'ypN0', { effectiveDateTime: day(150, '11:00:00') }),
      ];
      expect(observed(deriveOutcome(PCR, START, sameDay))).toEqual({
        value: true,
        assessedAt: `${day(150, '09:00:00').slice(0, -1)}.000Z`,
        studyDay: 150,
        evidence: ['Observation/n1', 'Observation/t1'],
        detail: 'ypT0 ypN0',
      });
      const otherDays = [
        finding('t1', TUMOUR, 'ypT0', { effectiveDateTime: day(150) }),
        finding('n1', NODES, 'ypN0', { effectiveDateTime: day(151) }),
      ];
      expect(deriveOutcome(PCR, START, otherDays)).toEqual({
        status: 'not-available',
        ignored: [
          { reference: 'Observation/n1', reason: 'has no readable ypT finding' },
          { reference: 'Observation/t1', reason: 'has no readable ypN finding' },
        ],
      });
    });

    it('checks status and window of findings outside any report one by one', () => {
      const resources = [
        finding('t1', TUMOUR, 'ypT0', { status: 'entered-in-error' }),
        finding('n1', NODES, 'ypN0', { effectiveDateTime: day(100) }),
      ];
      expect(deriveOutcome(PCR, START, resources).ignored).toEqual([
        { reference: 'Observation/n1', reason: 'outside the assessment window (day 100; window 120–300)' },
        {
          reference: 'Observation/t1',
          reason: 'status is entered-in-error; only final, amended or corrected results count',
        },
      ]);
    });

    it('is conflicting when two reports disagree', () => {
      const resources = [
        ...pathology('ypT0', 'ypN0'),
        finding('t2', TUMOUR, 'ypT1a', { effectiveDateTime: day(180) }),
        finding('n2', NODES, 'ypN0', { effectiveDateTime: day(180) }),
        report('r2', ['Observation/t2', 'Observation/n2'], { effectiveDateTime: day(180) }),
      ];
      const result = deriveOutcome(PCR, START, resources);
      expect(result.status).toBe('conflicting');
      expect(result.status === 'conflicting' && result.candidates.map((item) => item.detail)).toEqual([
        'ypT0 ypN0',
        'ypT1a ypN0',
      ]);
    });
  });

  describe('other endpoints', () => {
    const response = (overrides: Partial<Observation>): Observation => ({
      resourceType: 'Observation',
      id: 'resp',
      status: 'final',
      code: concept(RESPONSE),
      effectiveDateTime: day(45),
      ...overrides,
    });

    it('reads valueBoolean', () => {
      expect(observed(deriveOutcome(OTHER, START, [response({ valueBoolean: true })]))).toMatchObject({
        value: true,
        detail: 'cmr',
      });
      expect(observed(deriveOutcome(OTHER, START, [response({ valueBoolean: false })]))).toMatchObject({
        value: false,
        detail: 'not cmr',
      });
    });

    it('reads a code equal to the positive class as true and any other code as false', () => {
      const cmr = concept({ system: LOCAL, code: 'cmr', display: 'Complete metabolic response' });
      const pmr = concept({ system: LOCAL, code: 'pmr', display: 'Partial metabolic response' });
      expect(observed(deriveOutcome(OTHER, START, [response({ valueCodeableConcept: cmr })]))).toMatchObject({
        value: true,
        detail: 'Complete metabolic response',
      });
      expect(observed(deriveOutcome(OTHER, START, [response({ valueCodeableConcept: pmr })]))).toMatchObject({
        value: false,
        detail: 'Partial metabolic response (not cmr)',
      });
    });

    it('ignores a result without a boolean or coded value, and skips other codes', () => {
      expect(deriveOutcome(OTHER, START, [response({ valueString: 'CMR' })]).ignored).toEqual([
        { reference: 'Observation/resp', reason: 'has no boolean or coded value' },
      ]);
      const unrelated = response({ code: concept(ASSAY), valueBoolean: true });
      expect(deriveOutcome(OTHER, START, [unrelated])).toEqual({ status: 'not-available', ignored: [] });
    });

    it('applies the window', () => {
      expect(
        deriveOutcome(OTHER, START, [response({ valueBoolean: true, effectiveDateTime: day(61) })]).ignored,
      ).toEqual([
        { reference: 'Observation/resp', reason: 'outside the assessment window (day 61; window 30–60)' },
      ]);
    });
  });

  describe('synthetic cohorts', () => {
    it.each(['myeloma', 'breast'] as const)('derives every %s outcome as generated', (name) => {
      const definition = fixtureTrial(name);
      const cohort = generateCohort({ definition, patients: 80, seed: `outcomes-${name}`, mess: NO_MESS });
      const derived = cohort.outcomeBundles.map((bundle, index) => {
        // As the server stores the transaction: ids assigned, urn:uuid references resolved.
        const resources = (withStableIds(bundle).entry ?? []).flatMap((entry) =>
          entry.resource === undefined ? [] : [entry.resource],
        );
        const truth = cohort.truth[index];
        if (truth === undefined) throw new Error(`no truth for patient ${index}`);
        const result = deriveOutcome(definition.protocol.primaryEndpoint, truth.treatmentStart, resources);
        return { value: observed(result).value, responder: truth.responder, ignored: result.ignored };
      });
      expect(derived.every((item) => item.value === item.responder)).toBe(true);
      expect(derived.every((item) => item.ignored.length === 0)).toBe(true);
      // Both classes occur, so the check covers both directions.
      expect(new Set(derived.map((item) => item.value))).toEqual(new Set([true, false]));
    });
  });
});
