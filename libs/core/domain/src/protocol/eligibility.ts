import { z } from 'zod';
import { codeListSchema } from './coding';
import { days, reportDuplicates, slugSchema, text, ucumUnitSchema } from './primitives';

/** Administrative sex values, matching FHIR `AdministrativeGender` so EHR data needs no mapping. */
export const SEX_VALUES = ['female', 'male', 'other', 'unknown'] as const;

/** An administrative sex value from {@link SEX_VALUES}. */
export type Sex = (typeof SEX_VALUES)[number];

/** Comparators for observation criteria: `value <comparator> threshold`. */
export const COMPARATORS = ['<', '<=', '>', '>=', '='] as const;

/** A comparator from {@link COMPARATORS}. */
export type Comparator = (typeof COMPARATORS)[number];

/** Whether a rule admits (`inclusion`) or excludes (`exclusion`) the patients it matches. */
export const RULE_KINDS = ['inclusion', 'exclusion'] as const;

/** A rule kind from {@link RULE_KINDS}. */
export type RuleKind = (typeof RULE_KINDS)[number];

const ageCriterionSchema = z
  .object({
    type: z.literal('age'),
    minYears: z.number().min(0, 'Must be at least 0 years').max(150, 'Must be at most 150 years').optional(),
    maxYears: z.number().min(0, 'Must be at least 0 years').max(150, 'Must be at most 150 years').optional(),
  })
  .strict()
  .superRefine((criterion, ctx) => {
    if (criterion.minYears === undefined && criterion.maxYears === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'An age criterion must set minYears, maxYears or both',
      });
    } else if (
      criterion.minYears !== undefined &&
      criterion.maxYears !== undefined &&
      // An out-of-range minYears already has its own issue; comparing it would report it twice.
      criterion.minYears <= 150 &&
      criterion.minYears > criterion.maxYears
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxYears'],
        message: `Must be greater than or equal to minYears (${criterion.minYears}); got ${criterion.maxYears}`,
      });
    }
  });

const sexCriterionSchema = z
  .object({
    type: z.literal('sex'),
    allowed: z
      .array(z.enum(SEX_VALUES))
      .min(1, 'Must allow at least one sex')
      .superRefine((values, ctx) =>
        reportDuplicates(
          ctx,
          values,
          (value) => value,
          (index) => [index],
          (value) => `Duplicate value "${value}"; list each sex once`,
        ),
      ),
  })
  .strict();

const conditionCriterionSchema = z.object({ type: z.literal('condition'), codes: codeListSchema }).strict();

const observationCriterionSchema = z
  .object({
    type: z.literal('observation'),
    codes: codeListSchema,
    comparator: z.enum(COMPARATORS),
    value: z.number(),
    unit: ucumUnitSchema.optional(),
    lookbackDays: days().positive('Must be at least 1 day').optional(),
  })
  .strict();

const manualCriterionSchema = z.object({ type: z.literal('manual'), question: text(500) }).strict();

/**
 * What an eligibility rule tests, discriminated by `type`:
 * - `age`: age at screening within `[minYears, maxYears]` (at least one bound).
 * - `sex`: administrative sex is one of `allowed`.
 * - `condition`: a recorded condition matches one of `codes`.
 * - `observation`: the most recent observation matching `codes` (within `lookbackDays` before
 *   screening, if set) satisfies `value <comparator> value`, in `unit` if given.
 * - `manual`: a yes/no `question` a coordinator answers; never decided automatically, so it always
 *   evaluates to "needs review".
 */
export const criterionSchema = z.discriminatedUnion('type', [
  ageCriterionSchema,
  sexCriterionSchema,
  conditionCriterionSchema,
  observationCriterionSchema,
  manualCriterionSchema,
]);

/** What an eligibility rule tests; see {@link criterionSchema}. */
export type Criterion = z.output<typeof criterionSchema>;

/** The criterion `type` values, for exhaustive handling in evaluators and editors. */
export type CriterionType = Criterion['type'];

/**
 * One eligibility rule. `id` is a slug, stable across protocol versions, so eligibility decisions
 * recorded against a rule stay traceable after the wording changes.
 */
export const eligibilityRuleSchema = z
  .object({
    id: slugSchema,
    description: text(500),
    kind: z.enum(RULE_KINDS),
    criterion: criterionSchema,
  })
  .strict();

/** One eligibility rule; see {@link eligibilityRuleSchema}. */
export type EligibilityRule = z.output<typeof eligibilityRuleSchema>;

/**
 * The eligibility section: a patient is eligible when every inclusion rule matches and no
 * exclusion rule matches. At least one rule is required, since a trial without eligibility
 * criteria is almost certainly an incomplete protocol.
 */
export const eligibilitySchema = z
  .object({
    rules: z
      .array(eligibilityRuleSchema)
      .min(1, 'Must contain at least one eligibility rule')
      .max(200, 'Must contain at most 200 eligibility rules')
      .superRefine((rules, ctx) =>
        reportDuplicates(
          ctx,
          rules,
          (rule) => rule.id,
          (index) => [index, 'id'],
          (rule) => `Duplicate rule id "${rule.id}"; every rule id must be unique`,
        ),
      ),
  })
  .strict();

/** The eligibility section; see {@link eligibilitySchema}. */
export type Eligibility = z.output<typeof eligibilitySchema>;
