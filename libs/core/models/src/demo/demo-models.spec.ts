import { createHash } from 'node:crypto';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { parseModelCard } from '../model-card';
import { decodeOnnxModel, describeModelSignature } from '../onnx-graph';
import { planInputs } from '../model-outputs';
import { DEMO_MODELS, demoModelBytes } from './index';

describe.each(Object.entries(DEMO_MODELS))('demonstration model of %s', (name, model) => {
  const trial = EXAMPLE_TRIALS[name as keyof typeof EXAMPLE_TRIALS];
  const bytes = demoModelBytes(model);

  it('is the file its example trial pins by SHA-256', () => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(sha256).toBe(model.sha256);
    expect(trial.protocol.model).toEqual({ name: model.card.name, version: model.card.version, sha256 });
  });

  it('has a valid card whose inputs the model takes and whose covariates the protocol names', () => {
    const card = parseModelCard(model.card);
    expect(card.ok).toBe(true);
    const signature = describeModelSignature(decodeOnnxModel(bytes));
    expect(() => planInputs(signature, model.card)).not.toThrow();
    const protocolCovariates = trial.protocol.covariates.map((covariate) => covariate.name);
    for (const input of model.card.inputs) {
      if (input.source.kind === 'covariate') expect(protocolCovariates).toContain(input.source.code);
    }
    expect(model.card.defaultThreshold).toBe(trial.protocol.decisionThreshold);
    expect(model.card.explanationReference).toHaveLength(model.card.inputs.length);
    expect(model.card.preclinicalPerformance.metrics?.auc).toBeGreaterThan(0.6);
  });
});
