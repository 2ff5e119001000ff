/**
 * Trains the demonstration model of each example trial on a synthetic cohort and writes it, as
 * ONNX built from TypeScript, with its model card, into `libs/core/models/src/demo/`; then pins
 * each model by SHA-256 in its example trial definition (`libs/core/domain/src/examples/*.json`).
 *
 *   npm run demo-models:train
 *
 * Deterministic: the same code gives the same bytes (a test checks the committed files against
 * the protocols; re-running this script must leave `git status` clean).
 * The models are demonstrations on synthetic data, not clinical models.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS, type ExampleTrialName, type TrialDefinition } from '@prospect/domain';
import { linkBaseline } from '@prospect/fhir-mapping';
import { groupByPatient } from '@prospect/fhir-server';
import {
  assembleModelInputs,
  buildLogisticRegressionOnnx,
  type CovariateInput,
  encodeOnnxModel,
  fitLogisticRegression,
  logisticModelOf,
  type ModelCard,
  type ModelInput,
  parseModelCard,
  type TrainingDistribution,
} from '@prospect/models';
import { extractFeatures, type PreprocessingSettings } from '@prospect/radiomics';
import { referenceDistribution } from '@prospect/stats';
import {
  createRandom,
  generateCohort,
  NO_MESS,
  synthesizeBaselineImage,
  withStableIds,
} from '@prospect/synth';

const ROOT = join(__dirname, '..', '..');
const OUTPUT = join(ROOT, 'libs/core/models/src/demo/demo-models.generated.ts');
const PATIENTS = 400;
const TRAINING = 300;
const SETTINGS: PreprocessingSettings = { discretisation: { method: 'fixed-bin-size', binWidth: 25 } };

interface Plan {
  readonly file: string;
  readonly meaning: string;
  readonly intendedUse: string;
  readonly covariates: ModelInput[];
}

const RADIOMICS_INPUTS: ModelInput[] = [
  { name: 'mean_intensity', source: { kind: 'radiomics', ibsi: 'Q4LE', family: 'intensity-statistics' } },
  {
    name: 'glcm_joint_entropy',
    source: { kind: 'radiomics', ibsi: 'TU9B', aggregation: '3D, merged', family: 'glcm' },
  },
];

const PLANS: Record<ExampleTrialName, Plan> = {
  myeloma: {
    file: 'myeloma-mrd.json',
    meaning: 'MRD negativity (NGS, sensitivity 10^-5) after induction',
    intendedUse:
      'Demonstration only: predicts MRD negativity after induction in newly diagnosed multiple myeloma from baseline whole-body MRI radiomics and clinical covariates, to exercise the prospective validation of MM-RAD-01 on synthetic data. Not for clinical use.',
    covariates: [
      { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
      {
        name: 'iss_stage',
        source: { kind: 'covariate', code: 'iss_stage', values: { 'iss-1': 1, 'iss-2': 2, 'iss-3': 3 } },
      },
      { name: 'ldh', unit: 'U/L', source: { kind: 'covariate', code: 'ldh' } },
    ],
  },
  breast: {
    file: 'breast-pcr.json',
    meaning: 'Pathological complete response (ypT0/is ypN0) at surgery',
    intendedUse:
      'Demonstration only: predicts pathological complete response to neoadjuvant therapy in breast cancer from baseline breast MRI radiomics and clinical covariates, to exercise the prospective validation of BC-PCR-02 on synthetic data. Not for clinical use.',
    covariates: [
      { name: 'age', unit: 'a', source: { kind: 'covariate', code: 'age' } },
      {
        name: 'er_positive',
        source: { kind: 'covariate', code: 'er_status', values: { 'LA6576-8': 1, 'LA6577-6': 0 } },
      },
      { name: 'ki67_index', unit: '%', source: { kind: 'covariate', code: 'ki67_index' } },
    ],
  },
};

/** Mann–Whitney AUC with ties counted one half. */
function auc(scores: readonly number[], outcomes: readonly boolean[]): number {
  let concordant = 0;
  let pairs = 0;
  scores.forEach((positive, i) => {
    if (!outcomes[i]) return;
    scores.forEach((negative, j) => {
      if (outcomes[j]) return;
      pairs++;
      concordant += positive > negative ? 1 : positive === negative ? 0.5 : 0;
    });
  });
  return concordant / pairs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function train(name: ExampleTrialName, definition: TrialDefinition, plan: Plan) {
  const seed = `demo-model/${name}`;
  const cohort = generateCohort({ definition, patients: PATIENTS, seed, mess: NO_MESS });
  const imageRandom = createRandom(`${seed}/images`);
  const draftInputs = [...RADIOMICS_INPUTS, ...plan.covariates];
  const rows: { values: number[] | null; missing: Record<string, true>; responder: boolean }[] = [];
  const quantityValues = new Map<string, number[]>();
  const records: {
    features: ReturnType<typeof extractFeatures>['features'];
    covariates: Record<string, CovariateInput | null>;
  }[] = [];
  cohort.baselineBundles.forEach((bundle: Bundle, index) => {
    const truth = cohort.truth[index];
    if (!truth) throw new Error('cohort without truth');
    const stable = withStableIds(bundle);
    const record = [
      ...groupByPatient({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: (stable.entry ?? []).map((entry) => ({ resource: entry.resource })),
      }).values(),
    ][0];
    if (!record) throw new Error(`no patient record for ${truth.mrn}`);
    const link = linkBaseline(record, definition.protocol, { evaluatedAt: truth.treatmentStart });
    const covariates = link.covariates.values as Record<string, CovariateInput | null>;
    const { image, mask } = synthesizeBaselineImage(imageRandom.fork(truth.mrn), {
      imagingMarker: truth.imagingMarker,
    });
    const { features } = extractFeatures(
      { dims: image.dims, spacingMm: image.spacingMm, image: image.data, mask: mask.data },
      SETTINGS,
      { families: ['intensity-statistics', 'glcm'] },
    );
    records.push({ features, covariates });
    for (const input of plan.covariates) {
      const value = input.source.kind === 'covariate' ? covariates[input.source.code] : null;
      if (value?.valueType === 'quantity' && index < TRAINING) {
        const list = quantityValues.get(input.name) ?? [];
        list.push(value.value);
        quantityValues.set(input.name, list);
      }
    }
    rows.push({ values: null, missing: {}, responder: truth.responder });
  });
  // A missing optional quantity is fed the training median: stated in the card, never guessed later.
  const inputs: ModelInput[] = draftInputs.map((input) =>
    input.source.kind === 'covariate' && quantityValues.has(input.name) && !input.source.values
      ? { ...input, source: { ...input.source, whenMissing: median(quantityValues.get(input.name) ?? []) } }
      : input,
  );
  records.forEach((record, index) => {
    const assembled = assembleModelInputs({ inputs }, record);
    if (!assembled.ok) {
      throw new Error(
        `patient ${index + 1}: ${assembled.problems.map((problem) => `${problem.input}: ${problem.reason}`).join('; ')}`,
      );
    }
    (rows[index] as { values: number[] | null }).values = assembled.inputs.map((input) =>
      Math.fround(input.value),
    );
  });
  const x = rows.map((row) => row.values as number[]);
  const y = rows.map((row) => (row.responder ? 1 : 0));
  const fit = fitLogisticRegression(x.slice(0, TRAINING), y.slice(0, TRAINING), { l2: 1, standardize: true });
  if (!fit.converged) throw new Error(`${name}: the fit did not converge`);
  const parameters = logisticModelOf(fit);
  // The linear predictor on the original scale orders patients as the probability does.
  const logit = (row: readonly number[]): number =>
    row.reduce((sum, value, j) => sum + value * (fit.coefficients[j] as number), fit.intercept);
  const validation = x.slice(TRAINING).map(logit);
  const validationAuc = auc(
    validation,
    rows.slice(TRAINING).map((row) => row.responder),
  );
  const trainingAuc = auc(
    x.slice(0, TRAINING).map(logit),
    rows.slice(0, TRAINING).map((row) => row.responder),
  );
  const bytes = encodeOnnxModel(
    buildLogisticRegressionOnnx(parameters, {
      graphName: `${definition.code}_demo`,
      docString: `Demonstration logistic regression for ${definition.code}, trained on synthetic data (seed ${seed}).`,
    }),
  );
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Each input's distribution over the training rows, as the model is fed it: the reference the
  // platform measures input shift by site against (standardised mean difference, PSI on the deciles).
  const trainingRows = x.slice(0, TRAINING);
  const described: ModelInput[] = inputs.map((input, j) => ({
    ...input,
    trainingDistribution: trainingDistribution(trainingRows.map((row) => row[j] as number)),
  }));
  const card: ModelCard = {
    name: `${definition.code.toLowerCase()}-demo`,
    version: '1.0.0',
    intendedUse: plan.intendedUse,
    trainingPopulation: `${TRAINING} synthetic patients of ${definition.code} from prospect's generator (seed "${seed}", signal strength 1, no record mess); baseline images synthesised per patient.`,
    preclinicalPerformance: {
      summary: `L2-penalised (λ = 1, standardised inputs) logistic regression. AUC ${validationAuc.toFixed(3)} on ${PATIENTS - TRAINING} held-out synthetic patients (${trainingAuc.toFixed(3)} in training).`,
      metrics: { auc: Number(validationAuc.toFixed(4)), n: PATIENTS - TRAINING },
    },
    inputs: described,
    output: { positiveClassIndex: 1, meaning: plan.meaning },
    defaultThreshold: definition.protocol.decisionThreshold,
    radiomics: { discretisation: { method: 'fixed-bin-size', binWidth: 25 } },
    explanationReference: fit.featureMeans.map((mean) => Number(mean.toPrecision(8))),
  };
  const parsed = parseModelCard(card);
  if (!parsed.ok) throw new Error(`${name}: invalid card: ${JSON.stringify(parsed.issues)}`);
  return { bytes, sha256, card, validationAuc, trainingAuc, fit };
}

function main(): void {
  const models: Record<string, unknown> = {};
  for (const name of Object.keys(PLANS) as ExampleTrialName[]) {
    const plan = PLANS[name];
    const trained = train(name, EXAMPLE_TRIALS[name], plan);
    models[name] = {
      sha256: trained.sha256,
      onnxBase64: Buffer.from(trained.bytes).toString('base64'),
      card: trained.card,
    };
    // Pin the model in the example trial definition.
    const path = join(ROOT, 'libs/core/domain/src/examples', plan.file);
    // Only the protocol's "model" member changes; the rest of the file keeps its layout.
    const text = readFileSync(path, 'utf8');
    const pinned = JSON.stringify({
      name: trained.card.name,
      version: trained.card.version,
      sha256: trained.sha256,
    });
    const updated = text.replace(/"model": (null|\{[^}]*\})/, `"model": ${pinned}`);
    if (updated === text && !text.includes(`"model": ${pinned}`))
      throw new Error(`${plan.file}: no "model" member to pin`);
    writeFileSync(path, updated);
    console.log(
      `${name}: ${trained.sha256} (${trained.bytes.byteLength} bytes), AUC ${trained.validationAuc.toFixed(3)} held out, ${trained.trainingAuc.toFixed(3)} training, ${trained.fit.iterations} IRLS iterations`,
    );
  }
  writeFileSync(
    OUTPUT,
    [
      '// Generated by tools/demo-models/train-demo-models.ts (npm run demo-models:train). Do not edit.',
      "import type { ModelCard } from '../model-card';",
      '',
      '/** A demonstration model: ONNX bytes (base64), their SHA-256 and the model card. */',
      'export interface DemoModel {',
      '  readonly sha256: string;',
      '  readonly onnxBase64: string;',
      '  readonly card: ModelCard;',
      '}',
      '',
      `export const DEMO_MODELS: Readonly<Record<'myeloma' | 'breast', DemoModel>> = ${JSON.stringify(models, null, 2)};`,
      '',
    ].join('\n'),
  );
}

main();

/**
 * One input's distribution over the training rows, in the card's field order. Rounded to ten
 * significant digits (eslint's no-loss-of-precision refuses some 17-digit doubles); the shares are
 * counted with the rounded cut points, so the card stays consistent.
 */
function trainingDistribution(values: readonly number[]): TrainingDistribution {
  const { n, mean, sd, edges, proportions } = referenceDistribution(values, 10, { significantDigits: 10 });
  return { n, mean, sd, edges: [...edges], proportions: [...proportions] };
}
