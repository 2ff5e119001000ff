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

describe('model card: training distributions of the inputs', () => {
  const DISTRIBUTION = {
    n: 8,
    mean: 5,
    sd: 2.14,
    edges: [3.4, 4, 4.5, 5, 6.2, 7.6],
    proportions: [0.125, 0.375, 0, 0.25, 0, 0.125, 0.125],
  };
  const withDistribution = (trainingDistribution: unknown) => {
    const [first, ...rest] = EXAMPLE_MODEL_CARD.inputs;
    return { ...EXAMPLE_MODEL_CARD, inputs: [{ ...first, trainingDistribution }, ...rest] };
  };

  it('accepts a distribution, two bins, 100 bins, a constant input and shares summing to 1 within 1e-6', () => {
    expect(issuesOf(withDistribution(DISTRIBUTION))).toEqual([]);
    expect(issuesOf(withDistribution({ n: 2, mean: 66, sd: 0, edges: [66], proportions: [1, 0] }))).toEqual(
      [],
    );
    const edges = Array.from({ length: 99 }, (_, index) => index / 10);
    expect(
      issuesOf(withDistribution({ ...DISTRIBUTION, edges, proportions: new Array(100).fill(0.01) })),
    ).toEqual([]);
    expect(
      issuesOf(
        withDistribution({ ...DISTRIBUTION, proportions: [0.125, 0.375, 0, 0.25, 0, 0.125, 0.1250005] }),
      ),
    ).toEqual([]);
    const parsed = parseModelCard(withDistribution(DISTRIBUTION));
    expect(parsed.ok && parsed.value.inputs[0]?.trainingDistribution).toEqual(DISTRIBUTION);
  });

  const AT = 'inputs[0].trainingDistribution';
  it.each<[string, unknown, string, RegExp]>([
    ['a list', [1, 2], AT, /^trainingDistribution must be an object$/],
    ['a missing n', { ...DISTRIBUTION, n: undefined }, `${AT}.n`, /^trainingDistribution.n is required/],
    ['an n of 1', { ...DISTRIBUTION, n: 1 }, `${AT}.n`, /^trainingDistribution.n must be at least 2/],
    [
      'a fractional n',
      { ...DISTRIBUTION, n: 8.5 },
      `${AT}.n`,
      /^trainingDistribution.n must be a whole number/,
    ],
    ['an n given as text', { ...DISTRIBUTION, n: '8' }, `${AT}.n`, /^trainingDistribution.n must be a whole/],
    [
      'a missing mean',
      { ...DISTRIBUTION, mean: undefined },
      `${AT}.mean`,
      /^trainingDistribution.mean is required/,
    ],
    [
      'an infinite mean',
      { ...DISTRIBUTION, mean: Infinity },
      `${AT}.mean`,
      /^trainingDistribution.mean must be a finite number$/,
    ],
    [
      'a NaN SD',
      { ...DISTRIBUTION, sd: Number.NaN },
      `${AT}.sd`,
      /^trainingDistribution.sd must be a finite number$/,
    ],
    ['a negative SD', { ...DISTRIBUTION, sd: -1 }, `${AT}.sd`, /^trainingDistribution.sd must be 0 or more$/],
    [
      'missing edges',
      { ...DISTRIBUTION, edges: undefined },
      `${AT}.edges`,
      /^trainingDistribution.edges is required/,
    ],
    [
      'no edges',
      { ...DISTRIBUTION, edges: [], proportions: [1] },
      `${AT}.edges`,
      /^trainingDistribution.edges must list at least one cut point/,
    ],
    [
      '100 edges',
      {
        ...DISTRIBUTION,
        edges: Array.from({ length: 100 }, (_, index) => index),
        proportions: [...new Array(100).fill(0.01), 0],
      },
      `${AT}.edges`,
      /^trainingDistribution.edges must list at most 99 cut points \(100 bins\)$/,
    ],
    [
      'an edge given as text',
      { ...DISTRIBUTION, edges: [3.4, '4', 4.5, 5, 6.2, 7.6] },
      `${AT}.edges[1]`,
      /^trainingDistribution.edges\[i\] must be a number$/,
    ],
    [
      'an infinite edge',
      { ...DISTRIBUTION, edges: [3.4, 4, 4.5, 5, 6.2, -Infinity] },
      `${AT}.edges[5]`,
      /^trainingDistribution.edges\[i\] must be a finite number$/,
    ],
    [
      'a repeated edge',
      { ...DISTRIBUTION, edges: [3.4, 4, 4, 5, 6.2, 7.6] },
      `${AT}.edges[2]`,
      /^trainingDistribution.edges must be strictly increasing: edges\[2\] \(4\) is not above edges\[1\] \(4\)$/,
    ],
    [
      'a decreasing edge',
      { ...DISTRIBUTION, edges: [3.4, 4, 4.5, 5, 7.6, 6.2] },
      `${AT}.edges[5]`,
      /strictly increasing: edges\[5\] \(6.2\) is not above edges\[4\] \(7.6\)/,
    ],
    [
      'missing proportions',
      { ...DISTRIBUTION, proportions: undefined },
      `${AT}.proportions`,
      /^trainingDistribution.proportions is required/,
    ],
    [
      'one proportion too few',
      { ...DISTRIBUTION, proportions: [0.125, 0.375, 0, 0.25, 0, 0.25] },
      `${AT}.proportions`,
      /^trainingDistribution.proportions must have one share per bin.*: 6 edges make 7 bins, but there are 6 proportions$/,
    ],
    [
      'a proportion above 1',
      { ...DISTRIBUTION, proportions: [1.5, -0.5, 0, 0, 0, 0, 0] },
      `${AT}.proportions[0]`,
      /^trainingDistribution.proportions\[i\] must be between 0 and 1$/,
    ],
    [
      'a proportion given as text',
      { ...DISTRIBUTION, proportions: [0.125, 0.375, 0, 0.25, 0, 0.125, '0.125'] },
      `${AT}.proportions[6]`,
      /^trainingDistribution.proportions\[i\] must be a number$/,
    ],
    [
      'proportions that do not sum to 1',
      { ...DISTRIBUTION, proportions: [0.125, 0.375, 0, 0.25, 0, 0.125, 0.126] },
      `${AT}.proportions`,
      /^trainingDistribution.proportions must sum to 1 \(within 0.000001\); they sum to 1.001/,
    ],
    ['an unknown property', { ...DISTRIBUTION, median: 5 }, `${AT}.median`, /Unknown property "median"/],
  ])('refuses %s, naming the field', (_label, distribution, path, message) => {
    expect(issuesOf(withDistribution(distribution))).toEqual(
      expect.arrayContaining([{ path, message: expect.stringMatching(message) }]),
    );
  });

  it('reports a problem once, at its field', () => {
    expect(issuesOf(withDistribution({ ...DISTRIBUTION, sd: -1 }))).toHaveLength(1);
    expect(issuesOf(withDistribution({ ...DISTRIBUTION, edges: [3.4, 4, 4, 5, 6.2, 7.6] }))).toHaveLength(1);
  });
});
