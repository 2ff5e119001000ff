import { type ModelCard } from './model-card';

/**
 * An example card of a four-input radiomics + covariate model predicting MRD negativity, for demos,
 * the CLI and tests. `exampleModelCard(n)` keeps the first n inputs (1 ≤ n ≤ 4).
 */
export const EXAMPLE_MODEL_CARD: ModelCard = {
  name: 'mm-mrd-wbmri',
  version: '1.0.0',
  intendedUse:
    'Predict minimal residual disease (MRD) negativity after induction in newly diagnosed multiple myeloma from baseline whole-body MRI radiomics and age; research use within the trial only.',
  trainingPopulation:
    'Retrospective cohort of adults with newly diagnosed multiple myeloma at two centres (synthetic example).',
  preclinicalPerformance: {
    summary: 'Internal validation by bootstrap (synthetic example).',
    metrics: { auc: 0.74, n: 212 },
  },
  inputs: [
    {
      name: 'glcm_joint_max',
      source: { kind: 'radiomics', ibsi: 'GYBY', aggregation: '3D, merged', family: 'glcm' },
    },
    { name: 'mean_intensity', source: { kind: 'radiomics', ibsi: 'Q4LE', family: 'intensity-statistics' } },
    { name: 'volume', unit: 'mm3', source: { kind: 'radiomics', ibsi: 'RNU0', family: 'morphology' } },
    { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
  ],
  output: { positiveClassIndex: 1, meaning: 'MRD negativity (< 10^-5) after induction' },
  radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 25 } },
  defaultThreshold: 0.5,
};

/** {@link EXAMPLE_MODEL_CARD} with its first `inputCount` inputs and any overrides. */
export function exampleModelCard(inputCount = 4, overrides: Partial<ModelCard> = {}): ModelCard {
  if (!Number.isInteger(inputCount) || inputCount < 1 || inputCount > EXAMPLE_MODEL_CARD.inputs.length) {
    throw new RangeError(`inputCount must be 1 to ${EXAMPLE_MODEL_CARD.inputs.length}, got ${inputCount}`);
  }
  return { ...EXAMPLE_MODEL_CARD, inputs: EXAMPLE_MODEL_CARD.inputs.slice(0, inputCount), ...overrides };
}
