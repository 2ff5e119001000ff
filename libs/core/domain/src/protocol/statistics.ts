import { z } from 'zod';

/**
 * The probability cut-off above which (`>=`) a prediction counts as positive, strictly between 0
 * and 1 because 0 or 1 would classify every subject the same way.
 */
export const decisionThresholdSchema = z
  .number()
  .gt(0, 'Must be greater than 0 (a threshold of 0 calls every subject positive)')
  .lt(1, 'Must be less than 1 (a threshold of 1 calls every subject negative)');

/** The number of subjects the trial plans to enrol; a positive integer. */
export const plannedSampleSizeSchema = z
  .number()
  .int('Must be a whole number of subjects')
  .min(1, 'Must be at least 1 subject')
  .max(1_000_000, 'Must be at most 1000000 subjects');

/** The anticipated share of subjects in the positive class, strictly between 0 and 1. */
export const expectedPrevalenceSchema = z
  .number()
  .gt(0, 'Must be greater than 0')
  .lt(1, 'Must be less than 1');

/**
 * The primary hypothesis on discrimination: H0 `AUC <= nullValue` against H1
 * `AUC = alternativeValue`. `nullValue` starts at 0.5 (chance) and the alternative must be larger,
 * otherwise the trial could only "succeed" by showing the model is worse than claimed.
 */
export const primaryHypothesisSchema = z
  .object({
    metric: z.literal('auc'),
    nullValue: z
      .number()
      .min(0.5, 'Must be at least 0.5 (an AUC of 0.5 is chance)')
      .lt(1, 'Must be less than 1'),
    alternativeValue: z.number().lt(1, 'Must be less than 1 (an AUC of 1 is a perfect model)'),
  })
  .strict()
  .superRefine((hypothesis, ctx) => {
    // Comparing against an out-of-range null value would only repeat its own issue.
    const nullIsValid = hypothesis.nullValue >= 0.5 && hypothesis.nullValue < 1;
    if (nullIsValid && hypothesis.alternativeValue <= hypothesis.nullValue) {
      ctx.addIssue({
        code: 'custom',
        path: ['alternativeValue'],
        message: `Must be greater than nullValue (${hypothesis.nullValue}); got ${hypothesis.alternativeValue}`,
      });
    }
  });

/** The primary hypothesis; see {@link primaryHypothesisSchema}. */
export type PrimaryHypothesis = z.output<typeof primaryHypothesisSchema>;

/**
 * An alpha (or beta) spending function, discriminated by `type`:
 * - `obrien-fleming`, `pocock`: the Lan-DeMets approximations, no parameters.
 * - `hwang-shih-decani`: `gamma` in [-40, 40]; negative values spend conservatively early
 *   (gamma -4 is close to O'Brien-Fleming), positive values spend aggressively early.
 * - `power`: the Kim-DeMets power family `alpha * t^rho`, `rho > 0`.
 */
export const spendingFunctionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['obrien-fleming', 'pocock']) }).strict(),
  z
    .object({
      type: z.literal('hwang-shih-decani'),
      gamma: z.number().min(-40, 'Must be at least -40').max(40, 'Must be at most 40'),
    })
    .strict(),
  z.object({ type: z.literal('power'), rho: z.number().positive('Must be greater than 0') }).strict(),
]);

/** A spending function; see {@link spendingFunctionSchema}. */
export type SpendingFunction = z.output<typeof spendingFunctionSchema>;

/**
 * The futility rule, discriminated by `type`:
 * - `none`: no futility stopping.
 * - `non-binding-beta-spending`: futility bounds from spending `beta` (type II error, in (0, 0.5))
 *   with `spending`; non-binding, so ignoring them does not inflate alpha.
 * - `conditional-power`: recommend stopping when conditional power under H1 falls below
 *   `threshold`, in (0, 1).
 */
export const futilityRuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('non-binding-beta-spending'),
      beta: z.number().gt(0, 'Must be greater than 0').lt(0.5, 'Must be less than 0.5'),
      spending: spendingFunctionSchema,
    })
    .strict(),
  z
    .object({
      type: z.literal('conditional-power'),
      threshold: z.number().gt(0, 'Must be greater than 0').lt(1, 'Must be less than 1'),
    })
    .strict(),
]);

/** A futility rule; see {@link futilityRuleSchema}. */
export type FutilityRule = z.output<typeof futilityRuleSchema>;

const lookSchema = z
  .object({
    informationFraction: z
      .number()
      .gt(0, 'Must be greater than 0')
      .max(1, 'Must be at most 1 (1 is the final analysis)'),
  })
  .strict();

/** One planned analysis; see {@link interimPlanSchema}. */
export type InterimLook = z.output<typeof lookSchema>;

/**
 * The group-sequential plan, fixed before enrolment so interim looks cannot be added after seeing
 * data. `looks` lists 1 to 10 analyses by information fraction, strictly increasing, the last
 * being the final analysis at 1. `alpha` in (0, 0.5) is the overall type I error, `sided` 1 or 2.
 *
 * @example
 * interimPlanSchema.parse({
 *   looks: [{ informationFraction: 0.5 }, { informationFraction: 1 }],
 *   alpha: 0.025,
 *   sided: 1,
 *   spending: { type: 'obrien-fleming' },
 *   futility: { type: 'none' },
 * });
 */
export const interimPlanSchema = z
  .object({
    looks: z
      .array(lookSchema)
      .min(1, 'Must contain at least 1 look (the final analysis)')
      .max(10, 'Must contain at most 10 looks')
      .superRefine((looks, ctx) => {
        // Out-of-range fractions already have their own issue; ordering them would only add noise.
        const inRange = (look: { informationFraction: number }) =>
          look.informationFraction > 0 && look.informationFraction <= 1;
        looks.forEach((look, index) => {
          const previous = looks[index - 1];
          if (
            previous !== undefined &&
            inRange(previous) &&
            inRange(look) &&
            look.informationFraction <= previous.informationFraction
          ) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'informationFraction'],
              message:
                `Must be greater than the previous look's informationFraction ` +
                `(${previous.informationFraction}); looks must be strictly increasing`,
            });
          }
        });
        const last = looks[looks.length - 1];
        if (last !== undefined && inRange(last) && last.informationFraction !== 1) {
          ctx.addIssue({
            code: 'custom',
            path: [looks.length - 1, 'informationFraction'],
            message: `The last look is the final analysis and must have informationFraction 1; got ${last.informationFraction}`,
          });
        }
      }),
    alpha: z.number().gt(0, 'Must be greater than 0').lt(0.5, 'Must be less than 0.5'),
    sided: z.literal([1, 2], { error: 'Must be 1 (one-sided) or 2 (two-sided)' }),
    spending: spendingFunctionSchema,
    futility: futilityRuleSchema,
  })
  .strict()
  .superRefine((plan, ctx) => {
    // β-spending futility bounds are defined for one-sided tests (as in rpact): a two-sided test
    // has no single direction in which to be futile.
    if (plan.futility.type === 'non-binding-beta-spending' && plan.sided === 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['futility', 'type'],
        message:
          'Beta-spending futility needs a one-sided plan (sided 1); use conditional-power futility with a two-sided plan',
      });
    }
  });

/** The interim analysis plan; see {@link interimPlanSchema}. */
export type InterimPlan = z.output<typeof interimPlanSchema>;
