import { protocolContentSchema } from './protocol/protocol-content';
import { trialDefinitionSchema } from './trial';
import {
  formatIssuePath,
  parseProtocolContent,
  parseTrialDefinition,
  protocolContentJsonSchema,
  trialDefinitionJsonSchema,
} from './validation';
import { validProtocol } from './testing/protocol-test-support';

describe('formatIssuePath', () => {
  it.each<[PropertyKey[], string]>([
    [[], ''],
    [['decisionThreshold'], 'decisionThreshold'],
    [['interimPlan', 'looks', 1, 'informationFraction'], 'interimPlan.looks[1].informationFraction'],
    [[0], '[0]'],
    [[0, 'code'], '[0].code'],
    [['sites', 0, 'site name'], 'sites[0]["site name"]'],
    [['a', '1b'], 'a["1b"]'],
    [['$ref', '_x'], '$ref._x'],
    [[Symbol('s')], '["Symbol(s)"]'],
  ])('renders %p as %p', (path, expected) => {
    expect(formatIssuePath(path)).toBe(expected);
  });
});

describe('parse results', () => {
  it('returns the value on success', () => {
    const result = parseProtocolContent(validProtocol());
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.primaryEndpoint.type).toBe('mrd');
  });

  it('does not throw on hostile input', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => parseProtocolContent(cyclic)).not.toThrow();
    expect(() => parseTrialDefinition(Object.create(null))).not.toThrow();
  });

  it('does not mutate its input', () => {
    const input = validProtocol();
    const before = JSON.stringify(input);
    parseProtocolContent(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('returns every issue as a path and a message', () => {
    const result = parseTrialDefinition({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([
      'code',
      'title',
      'indication',
      'sites',
      'protocol',
    ]);
  });
});

describe('JSON Schema', () => {
  const TOP_LEVEL = Object.keys(protocolContentSchema.shape);

  it('describes protocol content with every top-level property', () => {
    const schema = protocolContentJsonSchema();
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {})).toEqual(TOP_LEVEL);
    expect(TOP_LEVEL).toEqual([
      'schemaVersion',
      'eligibility',
      'baselineImaging',
      'treatmentStart',
      'covariates',
      'primaryEndpoint',
      'decisionThreshold',
      'plannedSampleSize',
      'expectedPrevalence',
      'primaryHypothesis',
      'interimPlan',
      'model',
      'subgroups',
      'inputShift',
      'healthEconomics',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('marks everything but the optional properties as required', () => {
    expect(protocolContentJsonSchema().required).toEqual(
      TOP_LEVEL.filter(
        (key) => !['expectedPrevalence', 'subgroups', 'inputShift', 'healthEconomics'].includes(key),
      ),
    );
  });

  it('uses the OpenAPI 3.0 dialect', () => {
    const schema = protocolContentJsonSchema();
    expect(schema.$schema).toBeUndefined();
    expect(schema.properties?.['model']).toMatchObject({ nullable: true, type: 'object' });
  });

  it('describes the input, where defaulted properties are optional', () => {
    const imaging = protocolContentJsonSchema().properties?.['baselineImaging'];
    expect(imaging).toMatchObject({ properties: { minDaysBeforeTreatment: { default: 0 } } });
    expect(typeof imaging === 'object' && imaging.required).not.toContain('minDaysBeforeTreatment');
  });

  it('returns a fresh object each call', () => {
    const first = protocolContentJsonSchema();
    first.title = 'changed';
    expect(protocolContentJsonSchema().title).toBeUndefined();
  });

  it('describes trial definitions with the protocol nested', () => {
    const schema = trialDefinitionJsonSchema();
    expect(Object.keys(schema.properties ?? {})).toEqual(Object.keys(trialDefinitionSchema.shape));
    expect(schema.properties?.['protocol']).toMatchObject({ properties: { schemaVersion: { enum: [1] } } });
  });
});
