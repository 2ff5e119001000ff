import { EXAMPLE_MODEL_CARD } from './examples';
import type { ModelInput } from './model-card';
import { assembleModelInputs, type ExtractedFeature } from './model-inputs';

const FEATURES: ExtractedFeature[] = [
  { family: 'glcm', ibsi: 'GYBY', aggregation: '3D, merged', value: 0.51 },
  { family: 'glcm', ibsi: 'GYBY', aggregation: '3D, averaged', value: 0.49 },
  { family: 'intensity-statistics', ibsi: 'Q4LE', value: 612.5 },
  { family: 'morphology', ibsi: 'RNU0', value: 1834 },
];

describe('assembleModelInputs', () => {
  it('fills the inputs in the card order, naming each value’s origin', () => {
    const result = assembleModelInputs(EXAMPLE_MODEL_CARD, {
      features: FEATURES,
      covariates: { age: { valueType: 'quantity', value: 67, unit: 'a' } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.inputs.map((input) => [input.name, input.value, input.origin])).toEqual([
      ['glcm_joint_max', 0.51, 'feature'],
      ['mean_intensity', 612.5, 'feature'],
      ['volume', 1834, 'feature'],
      ['age', 67, 'quantity'],
    ]);
    expect([...result.vector]).toEqual([Math.fround(0.51), 612.5, 1834, 67]);
  });

  it('maps codes and booleans through the card, and uses the pre-specified value for a missing covariate', () => {
    const card: { inputs: ModelInput[] } = {
      inputs: [
        { name: 'sex', source: { kind: 'covariate', code: 'sex', values: { female: 1, male: 0 } } },
        {
          name: 'iss',
          source: { kind: 'covariate', code: 'iss_stage', values: { I: 1, II: 2, III: 3 } },
        },
        { name: 'ldh', source: { kind: 'covariate', code: 'ldh', whenMissing: 250 } },
        {
          name: 'hr',
          source: { kind: 'covariate', code: 'high_risk', values: { true: 1, false: 0 } },
        },
      ],
    };
    const result = assembleModelInputs(card, {
      features: [],
      covariates: {
        sex: { valueType: 'coded', coding: { code: 'female' } },
        iss_stage: { valueType: 'coded', coding: { system: 'http://prospect.example/codes', code: 'III' } },
        ldh: null,
        high_risk: { valueType: 'boolean', value: false },
      },
    });
    expect(result.ok && result.inputs.map((input) => [input.value, input.origin, input.recorded])).toEqual([
      [1, 'code', 'female'],
      [3, 'code', 'III'],
      [250, 'when-missing', undefined],
      [0, 'boolean', 'false'],
    ]);
  });

  it('lists every input it cannot fill, and returns no vector', () => {
    const card: { inputs: ModelInput[] } = {
      inputs: [
        { name: 'joint_max', source: { kind: 'radiomics', ibsi: 'GYBY' } },
        { name: 'absent', source: { kind: 'radiomics', ibsi: 'ZZZZ' } },
        { name: 'undefined', source: { kind: 'radiomics', ibsi: 'NAN0' } },
        { name: 'age', source: { kind: 'covariate', code: 'age' } },
        { name: 'sex', source: { kind: 'covariate', code: 'sex', values: { female: 1 } } },
        { name: 'iss', source: { kind: 'covariate', code: 'iss_stage' } },
      ],
    };
    const result = assembleModelInputs(card, {
      features: [...FEATURES, { ibsi: 'NAN0', value: null }],
      covariates: {
        sex: { valueType: 'coded', coding: { code: 'male' } },
        iss_stage: { valueType: 'coded', coding: { code: 'II' } },
      },
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          input: 'joint_max',
          reason: expect.stringMatching(/ambiguous: 2 aggregations.*3D, merged, 3D, averaged/),
        },
        { input: 'absent', reason: 'no radiomics feature ZZZZ was extracted' },
        { input: 'undefined', reason: 'NAN0 is undefined for this region of interest' },
        { input: 'age', reason: expect.stringMatching(/age is missing/) },
        { input: 'sex', reason: expect.stringMatching(/"male", which the model card does not map.*female/) },
        { input: 'iss', reason: expect.stringMatching(/gives no numbers for its values/) },
      ],
    });
  });
});
