import { formatIssuePath, type ParseResult, type ValidationIssue } from '@prospect/domain';
import { z } from 'zod';
import { ModelError } from './model-error';

/** Free text that must contain something other than whitespace; every message names `field`. */
function text(field: string, maxLength: number) {
  return z
    .string({ error: (issue) => typeErrorMessage(field, 'text', issue.input) })
    .max(maxLength, `${field} must be at most ${maxLength} characters long`)
    .regex(/\S/, `${field} must not be empty or only whitespace`);
}

function typeErrorMessage(field: string, expected: string, input: unknown): string {
  return input === undefined ? `${field} is required (${expected})` : `${field} must be ${expected}`;
}

/** IBSI feature codes are four upper-case letters or digits, e.g. `GYBY` (joint maximum). */
const IBSI_CODE = /^[A-Z0-9]{4}$/;

/** The protocol's covariate names (`covariateSchema.name` in `@prospect/domain`). */
const COVARIATE_CODE = /^[a-z][a-z0-9_]{0,39}$/;

/** Model input names: the feature names a per-feature ONNX model uses as its input names. */
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,99}$/;

const radiomicsSourceSchema = z
  .object({
    kind: z.literal('radiomics'),
    ibsi: z
      .string({ error: (issue) => typeErrorMessage('source.ibsi', 'an IBSI feature code', issue.input) })
      .regex(
        IBSI_CODE,
        'source.ibsi must be an IBSI feature code: four upper-case letters or digits, e.g. "GYBY"',
      ),
    aggregation: text('source.aggregation', 100).optional(),
    family: text('source.family', 100).optional(),
  })
  .strict();

const finiteNumber = (field: string) =>
  z
    .number({
      // zod refuses NaN and ±Infinity as the wrong type; say what is wrong with them.
      error: (issue) =>
        typeof issue.input === 'number'
          ? `${field} must be a finite number`
          : typeErrorMessage(field, 'a number', issue.input),
    })
    .refine(Number.isFinite, `${field} must be a finite number`);

const covariateSourceSchema = z
  .object({
    kind: z.literal('covariate'),
    code: z
      .string({ error: (issue) => typeErrorMessage('source.code', 'a protocol covariate name', issue.input) })
      .regex(
        COVARIATE_CODE,
        'source.code must be a protocol covariate name: a lowercase letter followed by up to 39 lowercase letters, digits or "_"',
      ),
    /**
     * For coded covariates: the number fed to the model for each code (`{"female": 1, "male": 0}`,
     * `{"III": 3}`); a code not listed is refused at prediction time, never guessed. For booleans,
     * the keys are "true" and "false". Quantities are fed as they are (in the protocol's unit).
     */
    values: z
      .record(z.string().min(1).max(100), finiteNumber('source.values[code]'), {
        error: () => 'source.values must map each code to a number, e.g. {"female": 1, "male": 0}',
      })
      .optional(),
    /**
     * The pre-specified value fed when the covariate is missing (e.g. the training median). Without
     * it, a missing value stops the prediction with an open issue.
     */
    whenMissing: finiteNumber('source.whenMissing').optional(),
  })
  .strict();

/** Where a model input comes from: an IBSI radiomics feature or a protocol covariate. */
export const modelInputSourceSchema = z.discriminatedUnion(
  'kind',
  [radiomicsSourceSchema, covariateSourceSchema],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'source.kind must be "radiomics" (with an IBSI code) or "covariate" (with a protocol covariate code)'
        : typeErrorMessage('source', 'an object', issue.input),
  },
);

/** At most this many cut points (100 bins) in a training distribution. */
const MAX_DISTRIBUTION_EDGES = 99;
/** How far the proportions of a training distribution may sum from 1 (rounding). */
const PROPORTION_SUM_TOLERANCE = 1e-6;

/**
 * The distribution of one input in the model's training data, against which the platform measures
 * input shift at each trial site (standardised mean difference from `mean` and `sd`, population
 * stability index from the bins). The bins are (-∞, edges[0]], (edges[0], edges[1]], …,
 * (edges[k-2], +∞): `edges` are the k − 1 interior cut points (e.g. the training deciles) and
 * `proportions` the share of training rows in each of the k bins.
 */
export const trainingDistributionSchema = z
  .object(
    {
      n: z
        .number({
          error: (issue) =>
            typeErrorMessage('trainingDistribution.n', 'a whole number of training rows', issue.input),
        })
        .int('trainingDistribution.n must be a whole number of training rows')
        .min(2, 'trainingDistribution.n must be at least 2 (a standard deviation needs two rows)'),
      mean: finiteNumber('trainingDistribution.mean'),
      sd: finiteNumber('trainingDistribution.sd').refine(
        (value) => value >= 0,
        'trainingDistribution.sd must be 0 or more',
      ),
      edges: z
        .array(finiteNumber('trainingDistribution.edges[i]'), {
          error: (issue) => typeErrorMessage('trainingDistribution.edges', 'a list of numbers', issue.input),
        })
        .min(1, 'trainingDistribution.edges must list at least one cut point (two bins)')
        .max(
          MAX_DISTRIBUTION_EDGES,
          `trainingDistribution.edges must list at most ${MAX_DISTRIBUTION_EDGES} cut points (${MAX_DISTRIBUTION_EDGES + 1} bins)`,
        ),
      proportions: z.array(
        finiteNumber('trainingDistribution.proportions[i]').refine(
          (value) => value >= 0 && value <= 1,
          'trainingDistribution.proportions[i] must be between 0 and 1',
        ),
        {
          error: (issue) =>
            typeErrorMessage('trainingDistribution.proportions', 'a list of numbers', issue.input),
        },
      ),
    },
    { error: (issue) => typeErrorMessage('trainingDistribution', 'an object', issue.input) },
  )
  .strict()
  .superRefine((distribution, ctx) => {
    const { edges, proportions } = distribution;
    if (!Array.isArray(edges) || !Array.isArray(proportions)) return;
    edges.forEach((edge, index) => {
      const previous = edges[index - 1];
      if (index > 0 && Number.isFinite(edge) && Number.isFinite(previous) && !(edge > (previous as number))) {
        ctx.addIssue({
          code: 'custom',
          path: ['edges', index],
          message: `trainingDistribution.edges must be strictly increasing: edges[${index}] (${edge}) is not above edges[${index - 1}] (${previous})`,
        });
      }
    });
    if (proportions.length !== edges.length + 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['proportions'],
        message: `trainingDistribution.proportions must have one share per bin, one more than the cut points: ${edges.length} edges make ${edges.length + 1} bins, but there are ${proportions.length} proportions`,
      });
      return;
    }
    if (!proportions.every(Number.isFinite)) return;
    const sum = proportions.reduce((total, share) => total + share, 0);
    if (Math.abs(sum - 1) > PROPORTION_SUM_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['proportions'],
        message: `trainingDistribution.proportions must sum to 1 (within ${PROPORTION_SUM_TOLERANCE}); they sum to ${sum}`,
      });
    }
  });

/** One model input, in the column order the model expects. */
export const modelInputSchema = z
  .object({
    name: z
      .string({ error: (issue) => typeErrorMessage('name', 'text', issue.input) })
      .regex(
        INPUT_NAME,
        'name must start with a letter or "_" and contain only letters, digits, "_", ".", ":" or "-" (at most 100 characters)',
      ),
    unit: text('unit', 50).optional(),
    source: modelInputSourceSchema,
    /** The input's distribution in the training data; see {@link trainingDistributionSchema}. */
    trainingDistribution: trainingDistributionSchema.optional(),
  })
  .strict();

const positiveClassLabelSchema = z.union([text('output.positiveClassLabel', 100), z.number().int()], {
  error: () => 'output.positiveClassLabel must be text or a whole number (the class label the model uses)',
});

/** How to read the model's output: which output, which class is the endpoint, what it means. */
export const modelOutputSemanticsSchema = z
  .object({
    outputName: text('output.outputName', 200).optional(),
    positiveClassIndex: z
      .union([z.literal(0), z.literal(1)], {
        error: () => 'output.positiveClassIndex must be 0 or 1 (the column of the positive class)',
      })
      .optional(),
    positiveClassLabel: positiveClassLabelSchema.optional(),
    meaning: text('output.meaning', 500),
  })
  .strict()
  .superRefine((output, ctx) => {
    if (output.positiveClassIndex === undefined && output.positiveClassLabel === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['positiveClassIndex'],
        message:
          'output.positiveClassIndex is required unless output.positiveClassLabel names the positive class',
      });
    }
  });

const positiveNumber = (field: string) =>
  finiteNumber(field).refine((value) => value > 0, `${field} must be greater than 0`);

/**
 * How the radiomics inputs were computed in training, so that the trial computes them the same way
 * (IBSI pre-processing, as `prepareRoi` of `@prospect/radiomics` applies it): optional resampling
 * (with the mask's partial-volume threshold and optional rounding), optional range re-segmentation
 * and outlier filtering, and the discretisation of grey levels.
 */
export const radiomicsSettingsSchema = z
  .object({
    resampledSpacingMm: z
      .tuple(
        [
          positiveNumber('radiomics.resampledSpacingMm[0]'),
          positiveNumber('radiomics.resampledSpacingMm[1]'),
          positiveNumber('radiomics.resampledSpacingMm[2]'),
        ],
        {
          error: () => 'radiomics.resampledSpacingMm must be three positive numbers (x, y, z in mm)',
        },
      )
      .optional(),
    maskThreshold: finiteNumber('radiomics.maskThreshold')
      .refine((value) => value > 0 && value <= 1, 'radiomics.maskThreshold must be in (0, 1]')
      .optional(),
    roundIntensities: z
      .boolean({ error: () => 'radiomics.roundIntensities must be true or false' })
      .optional(),
    resegmentationRange: z
      .object({
        min: finiteNumber('radiomics.resegmentationRange.min').optional(),
        max: finiteNumber('radiomics.resegmentationRange.max').optional(),
      })
      .strict()
      .refine(
        (range) => range.min === undefined || range.max === undefined || range.min < range.max,
        'radiomics.resegmentationRange.min must be below radiomics.resegmentationRange.max',
      )
      .optional(),
    outlierFiltering: z
      .boolean({ error: () => 'radiomics.outlierFiltering must be true or false' })
      .optional(),
    discretisation: z.discriminatedUnion(
      'method',
      [
        z
          .object({
            method: z.literal('fixed-bin-size'),
            binWidth: positiveNumber('radiomics.discretisation.binWidth'),
          })
          .strict(),
        z
          .object({
            method: z.literal('fixed-bin-number'),
            binCount: z
              .number({ error: () => 'radiomics.discretisation.binCount must be a whole number' })
              .int('radiomics.discretisation.binCount must be a whole number')
              .min(2, 'radiomics.discretisation.binCount must be at least 2')
              .max(4096, 'radiomics.discretisation.binCount must be at most 4096'),
          })
          .strict(),
        z.object({ method: z.literal('none') }).strict(),
      ],
      {
        error: () =>
          'radiomics.discretisation.method must be "fixed-bin-size" (with binWidth), "fixed-bin-number" (with binCount) or "none"',
      },
    ),
  })
  .strict();

/**
 * A model card: what the model is for, who it was trained on, how it performed before the trial,
 * its ordered inputs and how to read its output. The registry fills `modelSha256` with the digest
 * of the uploaded bytes.
 */
export const modelCardSchema = z
  .object({
    name: text('name', 200),
    version: text('version', 100),
    intendedUse: text('intendedUse', 2000),
    trainingPopulation: text('trainingPopulation', 2000),
    preclinicalPerformance: z
      .object(
        {
          summary: text('preclinicalPerformance.summary', 4000),
          metrics: z
            .object({
              auc: z
                .number({ error: () => 'preclinicalPerformance.metrics.auc must be a number' })
                .min(0, 'preclinicalPerformance.metrics.auc must be between 0 and 1')
                .max(1, 'preclinicalPerformance.metrics.auc must be between 0 and 1')
                .optional(),
              n: z
                .number({ error: () => 'preclinicalPerformance.metrics.n must be a number' })
                .int('preclinicalPerformance.metrics.n must be a whole number of patients')
                .positive('preclinicalPerformance.metrics.n must be at least 1')
                .optional(),
            })
            .strict()
            .optional(),
        },
        { error: (issue) => typeErrorMessage('preclinicalPerformance', 'an object', issue.input) },
      )
      .strict(),
    inputs: z
      .array(modelInputSchema, { error: (issue) => typeErrorMessage('inputs', 'a list', issue.input) })
      .min(1, 'inputs must list at least one model input'),
    output: modelOutputSemanticsSchema,
    /** Required when any input is a radiomics feature. */
    radiomics: radiomicsSettingsSchema.optional(),
    /**
     * The reference input each prediction is explained against (e.g. the training means), in the
     * order of `inputs`: contributions say how each input moved the prediction away from the
     * model's output at this reference. Without it, predictions carry no explanation.
     */
    explanationReference: z
      .array(finiteNumber('explanationReference[i]'), {
        error: () => 'explanationReference must be a list of numbers, one per input',
      })
      .optional(),
    defaultThreshold: z
      .number({ error: (issue) => typeErrorMessage('defaultThreshold', 'a number', issue.input) })
      .gt(0, 'defaultThreshold must be strictly between 0 and 1')
      .lt(1, 'defaultThreshold must be strictly between 0 and 1'),
    modelSha256: z
      .string({ error: () => 'modelSha256 must be text' })
      .regex(
        /^[0-9a-f]{64}$/,
        'modelSha256 must be a SHA-256 digest: exactly 64 lowercase hexadecimal characters',
      )
      .optional(),
  })
  .strict()
  .superRefine((card, ctx) => {
    const names = new Map<string, number>();
    const sources = new Map<string, number>();
    card.inputs.forEach((input, index) => {
      const sameName = names.get(input.name);
      if (sameName !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['inputs', index, 'name'],
          message: `name "${input.name}" is already used by inputs[${sameName}]; input names must be unique`,
        });
      } else names.set(input.name, index);
      const key = sourceKey(input.source);
      const sameSource = sources.get(key);
      if (sameSource !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['inputs', index, 'source'],
          message: `source repeats the source of inputs[${sameSource}]; each input must read a different value`,
        });
      } else sources.set(key, index);
    });
    if (card.explanationReference && card.explanationReference.length !== card.inputs.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['explanationReference'],
        message: `explanationReference must have one value per input: ${card.inputs.length} inputs, ${card.explanationReference.length} values`,
      });
    }
    if (!card.radiomics && card.inputs.some((input) => input.source.kind === 'radiomics')) {
      ctx.addIssue({
        code: 'custom',
        path: ['radiomics'],
        message:
          'radiomics is required when an input is a radiomics feature: state the discretisation (and any resampling) used in training',
      });
    }
  });

/** IBSI radiomics settings of a model card; see {@link radiomicsSettingsSchema}. */
export type RadiomicsSettings = z.output<typeof radiomicsSettingsSchema>;

function sourceKey(source: ModelInputSource): string {
  return source.kind === 'radiomics'
    ? `radiomics|${source.ibsi}|${source.aggregation ?? ''}|${source.family ?? ''}`
    : `covariate|${source.code}`;
}

/** A validated model card; see {@link modelCardSchema}. */
export type ModelCard = z.output<typeof modelCardSchema>;
/** One input of a model card. */
export type ModelInput = z.output<typeof modelInputSchema>;
/** Where a model input comes from. */
export type ModelInputSource = z.output<typeof modelInputSourceSchema>;
/** The training distribution of one input of a model card. */
export type TrainingDistribution = z.output<typeof trainingDistributionSchema>;
/** The output semantics of a model card. */
export type ModelOutputSemantics = z.output<typeof modelOutputSemanticsSchema>;

function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue): ValidationIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatIssuePath([...issue.path, key]),
          message: `Unknown property "${key}" is not allowed in a model card; remove it or correct its spelling`,
        }))
      : [{ path: formatIssuePath(issue.path), message: issue.message }],
  );
}

/**
 * Validates an untrusted model card (e.g. parsed JSON). Never throws for invalid input: returns
 * every issue with its path (`inputs[2].source.ibsi`) and a message naming the field.
 *
 * @example
 * const result = parseModelCard(JSON.parse(text));
 * if (!result.ok) for (const issue of result.issues) report(`${issue.path}: ${issue.message}`);
 */
export function parseModelCard(input: unknown): ParseResult<ModelCard> {
  const result = modelCardSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error) };
}

/**
 * Validates a model card and returns it, or throws.
 *
 * @throws {ModelError} `invalid-model-card`, listing every issue as `path: message`.
 */
export function assertModelCard(input: unknown): ModelCard {
  const result = parseModelCard(input);
  if (result.ok) return result.value;
  const lines = result.issues.map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
  throw new ModelError('invalid-model-card', `Invalid model card: ${lines.join('; ')}`);
}
