import { parseProtocolContent } from '../validation';
import { protocolIssues, REMOVE, validProtocol } from '../testing/protocol-test-support';
import { PROTOCOL_SCHEMA_VERSION, protocolContentSchema } from './protocol-content';

const REQUIRED_SECTIONS: [string, RegExp][] = [
  ['schemaVersion', /^Must be 1/],
  ['eligibility', /^Required: expected an object$/],
  ['baselineImaging', /^Required: expected an object$/],
  ['treatmentStart', /^Required: expected an object$/],
  ['covariates', /^Required: expected a list$/],
  ['primaryEndpoint', /^Required: expected an object$/],
  ['decisionThreshold', /^Required: expected a number$/],
  ['plannedSampleSize', /^Required: expected a number$/],
  ['primaryHypothesis', /^Required: expected an object$/],
  ['interimPlan', /^Required: expected an object$/],
  ['model', /^Required: expected an object$/],
];

describe('protocolContentSchema', () => {
  it('accepts the reference protocol and returns it with defaults applied', () => {
    const result = parseProtocolContent(validProtocol());
    expect(result).toEqual({
      ok: true,
      value: {
        ...validProtocol(),
        baselineImaging: { ...validProtocol().baselineImaging, minDaysBeforeTreatment: 0 },
        subgroups: [],
        inputShift: { smd: 0.25, psi: 0.25, minimumSubjects: 10 },
      },
    });
  });

  describe('subgroups and input-shift thresholds', () => {
    const coded = {
      name: 'stage',
      label: 'Stage',
      source: 'observation',
      valueType: 'coded',
      required: true,
    };
    const withStage = (subgroups: unknown) => ({
      covariates: [
        ...validProtocol().covariates,
        { ...coded, codes: [{ system: 'http://example.org', code: 'stage' }] },
      ],
      subgroups,
    });

    it('accepts a subgroup over a coded covariate', () => {
      expect(protocolIssues(withStage([{ name: 'stage', label: 'Stage', covariate: 'stage' }]))).toEqual([]);
    });

    it('refuses a subgroup over a covariate the protocol does not define, naming the ones it does', () => {
      expect(protocolIssues(withStage([{ name: 'grade', label: 'Grade', covariate: 'grade' }]))).toEqual([
        {
          path: 'subgroups[0].covariate',
          message: 'Must name a protocol covariate; "grade" is not one (age, stage)',
        },
      ]);
    });

    it('refuses a subgroup over a quantity: subgroups need categories', () => {
      expect(protocolIssues(withStage([{ name: 'age', label: 'Age', covariate: 'age' }]))).toEqual([
        {
          path: 'subgroups[0].covariate',
          message:
            'Must name a coded or boolean covariate; "age" is a quantity (define categories as a coded covariate)',
        },
      ]);
    });

    it('refuses duplicate subgroup names', () => {
      const subgroup = { name: 'stage', label: 'Stage', covariate: 'stage' };
      expect(protocolIssues(withStage([subgroup, subgroup]))).toEqual([
        {
          path: 'subgroups[1].name',
          message: 'Duplicate subgroup name "stage"; each subgroup needs its own name',
        },
      ]);
    });

    it('fills input-shift defaults field by field and refuses non-positive thresholds', () => {
      const parsed = parseProtocolContent({ ...validProtocol(), inputShift: { smd: 0.1 } });
      expect(parsed.ok && parsed.value.inputShift).toEqual({ smd: 0.1, psi: 0.25, minimumSubjects: 10 });
      expect(protocolIssues({ inputShift: { psi: 0 } })).toEqual([
        { path: 'inputShift.psi', message: 'Must be greater than 0' },
      ]);
      expect(protocolIssues({ inputShift: { minimumSubjects: 1 } })).toEqual([
        { path: 'inputShift.minimumSubjects', message: 'Must be at least 2 subjects' },
      ]);
    });
  });

  it('is at schema version 1', () => {
    expect(PROTOCOL_SCHEMA_VERSION).toBe(1);
    expect(protocolContentSchema.safeParse(validProtocol()).success).toBe(true);
  });

  it.each(REQUIRED_SECTIONS)('requires %s', (section, message) => {
    expect(protocolIssues({ [section]: REMOVE })).toEqual([
      { path: section, message: expect.stringMatching(message) },
    ]);
  });

  it('rejects another schema version and says which one is supported', () => {
    expect(protocolIssues({ schemaVersion: 2 })).toEqual([
      {
        path: 'schemaVersion',
        message: 'Must be 1, the only protocol schema version this release understands',
      },
    ]);
  });

  it('rejects an unknown top-level property at its own path', () => {
    expect(protocolIssues({ primaryEndPoint: {} })).toEqual([
      {
        path: 'primaryEndPoint',
        message: 'Unknown property "primaryEndPoint" is not allowed here; remove it or correct its spelling',
      },
    ]);
  });

  it('reports each unknown property separately', () => {
    expect(protocolIssues({ a: 1, b: 2 }).map((issue) => issue.path)).toEqual(['a', 'b']);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'Expected an object, got null'],
    ['a list', [], 'Expected an object, got a list'],
    ['a string', '{}', 'Expected an object, got the string "{}"'],
    ['undefined', undefined, 'Required: expected an object'],
  ])('rejects %s as a whole with the empty path', (_name, input, message) => {
    expect(parseProtocolContent(input)).toEqual({ ok: false, issues: [{ path: '', message }] });
  });

  it('reports every problem at once, in document order', () => {
    const issues = protocolIssues({
      'eligibility.rules[0].kind': 'maybe',
      'baselineImaging.windowDaysBeforeTreatment': 0,
      decisionThreshold: 2,
      'interimPlan.looks[1].informationFraction': 0.4,
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      'eligibility.rules[0].kind',
      'baselineImaging.windowDaysBeforeTreatment',
      'decisionThreshold',
      'interimPlan.looks[1].informationFraction',
      'interimPlan.looks[1].informationFraction',
    ]);
  });
});
