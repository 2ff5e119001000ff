import { z } from 'zod';
import { codeListSchema } from './coding';
import { days, reportDuplicates, text, ucumUnitSchema } from './primitives';

/**
 * Where a covariate value comes from: computed patient age at treatment start, administrative
 * sex, or the most recent matching observation before treatment start.
 */
export const COVARIATE_SOURCES = ['patient-age', 'patient-sex', 'observation'] as const;

/** A covariate source from {@link COVARIATE_SOURCES}. */
export type CovariateSource = (typeof COVARIATE_SOURCES)[number];

/** The kind of value a covariate holds, which decides how it is encoded for the model. */
export const COVARIATE_VALUE_TYPES = ['quantity', 'coded', 'boolean'] as const;

/** A covariate value type from {@link COVARIATE_VALUE_TYPES}. */
export type CovariateValueType = (typeof COVARIATE_VALUE_TYPES)[number];

/** Why a source forces a value type: age is a number and sex is a code, whatever the author wrote. */
const FIXED_VALUE_TYPE: Partial<Record<CovariateSource, CovariateValueType>> = {
  'patient-age': 'quantity',
  'patient-sex': 'coded',
};

/**
 * One model input besides the image. `name` is the identifier the model sees, so it is a
 * lowercase snake_case identifier (`^[a-z][a-z0-9_]{0,39}$`) and unique within the protocol.
 *
 * Rules beyond the field types:
 * - `codes` is required when `source` is `observation` and not allowed otherwise.
 * - `lookbackDays` only applies to observations.
 * - `patient-age` must be a `quantity`, `patient-sex` must be `coded`.
 * - `unit` (UCUM) only applies to `quantity` values.
 * - `required: true` means a subject without the value cannot be scored.
 */
export const covariateSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        'Must be 1 to 40 characters: a lowercase letter followed by lowercase letters, digits or "_"',
      ),
    label: text(200),
    source: z.enum(COVARIATE_SOURCES),
    codes: codeListSchema.optional(),
    valueType: z.enum(COVARIATE_VALUE_TYPES),
    unit: ucumUnitSchema.optional(),
    lookbackDays: days().positive('Must be at least 1 day').optional(),
    required: z.boolean(),
  })
  .strict()
  .superRefine((covariate, ctx) => {
    if (covariate.source === 'observation' && covariate.codes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['codes'],
        message: 'Required when source is "observation": list the codes of the observation to read',
      });
    }
    if (covariate.source !== 'observation' && covariate.codes !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['codes'],
        message: `Not allowed when source is "${covariate.source}"; codes only apply to source "observation"`,
      });
    }
    if (covariate.source !== 'observation' && covariate.lookbackDays !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['lookbackDays'],
        message: `Not allowed when source is "${covariate.source}"; lookbackDays only applies to source "observation"`,
      });
    }
    const fixed = FIXED_VALUE_TYPE[covariate.source];
    if (fixed !== undefined && covariate.valueType !== fixed) {
      ctx.addIssue({
        code: 'custom',
        path: ['valueType'],
        message: `Must be "${fixed}" when source is "${covariate.source}"; got "${covariate.valueType}"`,
      });
    }
    if (covariate.unit !== undefined && covariate.valueType !== 'quantity') {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `Not allowed when valueType is "${covariate.valueType}"; units only apply to "quantity" values`,
      });
    }
  });

/** One covariate; see {@link covariateSchema}. */
export type Covariate = z.output<typeof covariateSchema>;

/** The covariates section: model inputs besides the image, with unique names. May be empty. */
export const covariatesSchema = z
  .array(covariateSchema)
  .max(100, 'Must contain at most 100 covariates')
  .superRefine((covariates, ctx) =>
    reportDuplicates(
      ctx,
      covariates,
      (covariate) => covariate.name,
      (index) => [index, 'name'],
      (covariate) => `Duplicate covariate name "${covariate.name}"; every covariate name must be unique`,
    ),
  );
