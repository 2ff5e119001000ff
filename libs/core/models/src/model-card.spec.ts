import { assertModelCard, parseModelCard } from './model-card';
import { EXAMPLE_MODEL_CARD } from './examples';
import { ModelError } from './model-error';

function issuesOf(input: unknown) {
  const result = parseModelCard(input);
  return result.ok ? [] : result.issues;
}

describe('model card', () => {
  it('accepts the example card and a card with a label instead of an index', () => {
    expect(issuesOf(EXAMPLE_MODEL_CARD)).toEqual([]);
    const byLabel = {
      ...EXAMPLE_MODEL_CARD,
      output: { positiveClassLabel: 'mrd_negative', meaning: 'MRD negativity' },
    };
    expect(issuesOf(byLabel)).toEqual([]);
    expect(issuesOf({ ...EXAMPLE_MODEL_CARD, modelSha256: 'ab'.repeat(32) })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a missing name', { name: undefined }, 'name', /^name is required/],
    ['a blank intended use', { intendedUse: '  ' }, 'intendedUse', /^intendedUse must not be empty/],
    [
      'a threshold of 1',
      { defaultThreshold: 1 },
      'defaultThreshold',
      /^defaultThreshold must be strictly between 0 and 1$/,
    ],
    ['a threshold of 0', { defaultThreshold: 0 }, 'defaultThreshold', /strictly between 0 and 1/],
    [
      'a threshold given as text',
      { defaultThreshold: '0.5' },
      'defaultThreshold',
      /^defaultThreshold must be a number$/,
    ],
    [
      'an uppercase digest',
      { modelSha256: 'AB'.repeat(32) },
      'modelSha256',
      /^modelSha256 must be a SHA-256 digest/,
    ],
    ['no inputs', { inputs: [] }, 'inputs', /^inputs must list at least one model input$/],
    [
      'an AUC above 1',
      { preclinicalPerformance: { summary: 'x', metrics: { auc: 1.2 } } },
      'preclinicalPerformance.metrics.auc',
      /between 0 and 1/,
    ],
    [
      'a fractional sample size',
      { preclinicalPerformance: { summary: 'x', metrics: { n: 10.5 } } },
      'preclinicalPerformance.metrics.n',
      /whole number/,
    ],
    [
      'no positive class',
      { output: { meaning: 'MRD negativity' } },
      'output.positiveClassIndex',
      /required unless output.positiveClassLabel/,
    ],
    [
      'a positive class index of 2',
      { output: { positiveClassIndex: 2, meaning: 'x' } },
      'output.positiveClassIndex',
      /must be 0 or 1/,
    ],
    [
      'a missing endpoint meaning',
      { output: { positiveClassIndex: 1 } },
      'output.meaning',
      /^output.meaning is required/,
    ],
    ['an unknown property', { owner: 'someone' }, 'owner', /Unknown property "owner"/],
  ])('rejects %s, naming the field', (_name, changes, path, message) => {
    expect(issuesOf({ ...EXAMPLE_MODEL_CARD, ...changes })).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });

  it.each<[string, unknown, string, RegExp]>([
    [
      'a lowercase IBSI code',
      { name: 'f', source: { kind: 'radiomics', ibsi: 'gyby' } },
      'inputs[0].source.ibsi',
      /IBSI feature code/,
    ],
    [
      'a five-character IBSI code',
      { name: 'f', source: { kind: 'radiomics', ibsi: 'GYBYX' } },
      'inputs[0].source.ibsi',
      /four upper-case/,
    ],
    [
      'a covariate code with capitals',
      { name: 'f', source: { kind: 'covariate', code: 'Age' } },
      'inputs[0].source.code',
      /protocol covariate name/,
    ],
    [
      'an unknown source kind',
      { name: 'f', source: { kind: 'genomics', code: 'x' } },
      'inputs[0].source.kind',
      /"radiomics".*"covariate"/,
    ],
    [
      'an input name with spaces',
      { name: 'joint max', source: { kind: 'radiomics', ibsi: 'GYBY' } },
      'inputs[0].name',
      /^name must start with/,
    ],
  ])('rejects an input with %s', (_name, input, path, message) => {
    expect(issuesOf({ ...EXAMPLE_MODEL_CARD, inputs: [input] })).toEqual([
      { path, message: expect.stringMatching(message) },
    ]);
  });

  it('rejects repeated input names and repeated sources at the repeat', () => {
    const [first, second] = EXAMPLE_MODEL_CARD.inputs;
    const inputs = [first, { ...second, name: first?.name }, { ...first, name: 'copy' }];
    expect(issuesOf({ ...EXAMPLE_MODEL_CARD, inputs })).toEqual([
      {
        path: 'inputs[1].name',
        message: 'name "glcm_joint_max" is already used by inputs[0]; input names must be unique',
      },
      { path: 'inputs[2].source', message: expect.stringMatching(/repeats the source of inputs\[0\]/) },
    ]);
  });

  it('throws a ModelError listing every issue', () => {
    expect(() => assertModelCard({ ...EXAMPLE_MODEL_CARD, defaultThreshold: 2, version: '' })).toThrow(
      expect.objectContaining({
        code: 'invalid-model-card',
        message: expect.stringMatching(
          /^Invalid model card: version: .*; defaultThreshold: defaultThreshold must be strictly/,
        ),
      }),
    );
    expect(() => assertModelCard(null)).toThrow(ModelError);
    expect(assertModelCard(EXAMPLE_MODEL_CARD)).toEqual(EXAMPLE_MODEL_CARD);
  });
});

describe('model card: covariate encodings and radiomics settings', () => {
  const withInputs = (inputs: unknown[], extra: Record<string, unknown> = {}) => ({
    ...EXAMPLE_MODEL_CARD,
    inputs,
    ...extra,
  });

  it('accepts coded covariates with their numbers, a pre-specified missing value and the three discretisations', () => {
    const card = withInputs(
      [
        { name: 'sex', source: { kind: 'covariate', code: 'sex', values: { female: 1, male: 0 } } },
        { name: 'ldh', unit: 'U/L', source: { kind: 'covariate', code: 'ldh', whenMissing: 250 } },
        { name: 'mean', source: { kind: 'radiomics', ibsi: 'Q4LE' } },
      ],
      {
        radiomics: {
          resampledSpacingMm: [2, 2, 2],
          resegmentationRange: { min: -100 },
          maskThreshold: 0.5,
          roundIntensities: true,
          outlierFiltering: false,
          discretisation: { method: 'none' },
        },
      },
    );
    expect(issuesOf(card)).toEqual([]);
    for (const discretisation of [
      { method: 'fixed-bin-size', binWidth: 12.5 },
      { method: 'fixed-bin-number', binCount: 32 },
    ]) {
      expect(issuesOf({ ...card, radiomics: { discretisation } })).toEqual([]);
    }
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['radiomics inputs without settings', { radiomics: undefined }, 'radiomics', /radiomics is required/],
    [
      'an unknown method',
      { radiomics: { discretisation: { method: 'equal-width' } } },
      'radiomics.discretisation.method',
      /fixed-bin-size/,
    ],
    [
      'a zero bin width',
      { radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 0 } } },
      'radiomics.discretisation.binWidth',
      /greater than 0/,
    ],
    [
      'a fractional bin count',
      { radiomics: { discretisation: { method: 'fixed-bin-number', binCount: 2.5 } } },
      'radiomics.discretisation.binCount',
      /whole number/,
    ],
    [
      'two spacings',
      { radiomics: { resampledSpacingMm: [1, 1], discretisation: { method: 'none' } } },
      'radiomics.resampledSpacingMm',
      /three positive numbers/,
    ],
    [
      'a reference of the wrong length',
      { explanationReference: [1, 2] },
      'explanationReference',
      /one value per input: 4 inputs, 2 values/,
    ],
    [
      'an inverted range',
      { radiomics: { resegmentationRange: { min: 5, max: 1 }, discretisation: { method: 'none' } } },
      'radiomics.resegmentationRange',
      /below/,
    ],
  ])('refuses %s', (_label, change, path, message) => {
    const issues = issuesOf({ ...EXAMPLE_MODEL_CARD, ...change });
    expect(issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]),
    );
  });

  it('refuses a coded mapping to something that is not a number', () => {
    const issues = issuesOf(
      withInputs([{ name: 'sex', source: { kind: 'covariate', code: 'sex', values: { female: 'one' } } }], {
        radiomics: undefined,
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['inputs[0].source.values.female']);
  });
});
