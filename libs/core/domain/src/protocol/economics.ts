import { z } from 'zod';
import { reportDuplicates, text } from './primitives';

/** The perspectives a cost-effectiveness analysis can take; decides which costs count. */
export const ECONOMIC_PERSPECTIVES = ['healthcare-payer', 'health-system', 'societal'] as const;

/** A perspective from {@link ECONOMIC_PERSPECTIVES}. */
export type EconomicPerspective = (typeof ECONOMIC_PERSPECTIVES)[number];

/** How health effects are measured: quality-adjusted life-years or (unweighted) life-years. */
export const EFFECT_MEASURES = ['qaly', 'life-years'] as const;

/** An effect measure from {@link EFFECT_MEASURES}. */
export type EffectMeasure = (typeof EFFECT_MEASURES)[number];

/**
 * The four decision pathways: the true class (responder or not, observed) crossed with the care
 * given (the standard pathway or the alternative offered to predicted non-responders).
 */
export const ECONOMIC_PATHWAYS = [
  'responder-standard',
  'responder-alternative',
  'non-responder-standard',
  'non-responder-alternative',
] as const;

/** A pathway name from {@link ECONOMIC_PATHWAYS}. */
export type EconomicPathwayName = (typeof ECONOMIC_PATHWAYS)[number];

const PARAMETER_NAME = /^[a-z][a-z0-9_]{0,39}$/;

const parameterName = (message: string) => z.string().regex(PARAMETER_NAME, message);

const referenceName = () =>
  parameterName('Must name a parameter (a lowercase snake_case identifier of at most 40 characters)');

const rate = () =>
  z
    .number()
    .min(0, 'Must be at least 0')
    .max(0.2, 'Must be at most 0.2 (20% a year); rates are fractions, e.g. 0.035 for 3.5%');

const positiveSd = () => z.number().positive('Must be greater than 0');

/**
 * The distribution of a parameter in probabilistic sensitivity analysis, discriminated by `type`,
 * parameterised by the mean (the parameter's `value`) and a standard deviation `sd`:
 * - `fixed`: not varied.
 * - `gamma`: for costs and other positive quantities; needs `value > 0`.
 * - `beta`: for probabilities and utilities in (0, 1); needs `value` in (0, 1) and
 *   `sd² < value · (1 − value)` (otherwise no beta distribution has that mean and sd).
 * - `lognormal`: for positive, right-skewed quantities (e.g. relative risks); needs `value > 0`.
 */
export const parameterDistributionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed') }).strict(),
  z.object({ type: z.literal('gamma'), sd: positiveSd() }).strict(),
  z.object({ type: z.literal('beta'), sd: positiveSd() }).strict(),
  z.object({ type: z.literal('lognormal'), sd: positiveSd() }).strict(),
]);

/** A parameter distribution; see {@link parameterDistributionSchema}. */
export type ParameterDistribution = z.output<typeof parameterDistributionSchema>;

/**
 * One model input: a cost, a utility, a duration in years or any other number the pathways refer
 * to by `name`. `value` is the base case (the mean of `distribution`); `low` and `high`, given
 * together or not at all, are the one-way sensitivity range around it.
 */
export const economicParameterSchema = z
  .object({
    name: parameterName('Must be a lowercase snake_case identifier of at most 40 characters'),
    label: text(200),
    value: z.number(),
    low: z.number().optional(),
    high: z.number().optional(),
    distribution: parameterDistributionSchema,
    unit: text(50).optional(),
  })
  .strict()
  .superRefine((parameter, ctx) => {
    const { value, low, high, distribution } = parameter;
    if ((low === undefined) !== (high === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [low === undefined ? 'low' : 'high'],
        message: 'Must give both low and high (the one-way sensitivity range) or neither',
      });
    }
    if (low !== undefined && low > value) {
      ctx.addIssue({
        code: 'custom',
        path: ['low'],
        message: `Must be at most value (${value}); got ${low}`,
      });
    }
    if (high !== undefined && high < value) {
      ctx.addIssue({
        code: 'custom',
        path: ['high'],
        message: `Must be at least value (${value}); got ${high}`,
      });
    }
    switch (distribution.type) {
      case 'fixed':
        break;
      case 'gamma':
      case 'lognormal':
        if (!(value > 0)) {
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `A ${distribution.type} distribution needs a value greater than 0; got ${value}`,
          });
        }
        break;
      case 'beta':
        if (!(value > 0 && value < 1)) {
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `A beta distribution needs a value between 0 and 1 (exclusive); got ${value}`,
          });
        } else if (distribution.sd > 0 && distribution.sd ** 2 >= value * (1 - value)) {
          ctx.addIssue({
            code: 'custom',
            path: ['distribution', 'sd'],
            message:
              `Must satisfy sd² < value·(1 − value) = ${Number((value * (1 - value)).toPrecision(6))} for a beta distribution ` +
              `with mean ${value}; got sd ${distribution.sd}`,
          });
        }
        break;
    }
  });

/** A model parameter; see {@link economicParameterSchema}. */
export type EconomicParameter = z.output<typeof economicParameterSchema>;

/**
 * A cost, by parameter name. One-off, at time 0 (undiscounted), unless `recurringYears` names a
 * parameter holding the number of years the cost recurs annually (then discounted like effects).
 */
export const costTermSchema = z
  .object({ parameter: referenceName(), recurringYears: referenceName().optional() })
  .strict();

/** A cost term; see {@link costTermSchema}. */
export type CostTerm = z.output<typeof costTermSchema>;

/**
 * A health effect: `utility` × the discounted number of `years` (both parameter names). For
 * life-years, point `utility` at a parameter fixed at 1.
 */
export const effectTermSchema = z.object({ utility: referenceName(), years: referenceName() }).strict();

/** An effect term; see {@link effectTermSchema}. */
export type EffectTerm = z.output<typeof effectTermSchema>;

/** The costs and effects one patient accrues on a pathway. */
export const economicPathwaySchema = z
  .object({
    costs: z.array(costTermSchema).max(50, 'Must list at most 50 cost terms'),
    effects: z.array(effectTermSchema).max(50, 'Must list at most 50 effect terms'),
  })
  .strict();

/** A pathway; see {@link economicPathwaySchema}. */
export type EconomicPathway = z.output<typeof economicPathwaySchema>;

const strictlyIncreasing = (values: readonly number[], ctx: z.RefinementCtx) => {
  values.forEach((value, index) => {
    const previous = values[index - 1];
    if (previous !== undefined && previous > 0 && value > 0 && value <= previous) {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `Must be greater than the previous threshold (${previous}); thresholds must be strictly increasing`,
      });
    }
  });
};

/**
 * The trial's health-economic analysis plan: a decision tree comparing standard of care with
 * model-guided care (everyone is tested; predicted non-responders get `alternativePathway`),
 * optionally also the alternative for everyone. Positive class = responder. Fixed in the protocol
 * before enrolment, so the cost-effectiveness analysis cannot be tuned to the results.
 *
 * Every parameter name a cost or effect term refers to must be defined in `parameters`; a
 * parameter used as a number of years must not be negative.
 */
export const healthEconomicsPlanSchema = z
  .object({
    perspective: z.enum(ECONOMIC_PERSPECTIVES),
    timeHorizonYears: z.number().gt(0, 'Must be greater than 0 years').max(100, 'Must be at most 100 years'),
    discountRates: z.object({ costs: rate(), effects: rate() }).strict(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'Must be an ISO 4217 currency code of three capital letters, e.g. EUR'),
    priceYear: z
      .number()
      .int('Must be a whole year')
      .min(1990, 'Must be 1990 or later')
      .max(2100, 'Must be 2100 or earlier'),
    effectMeasure: z.enum(EFFECT_MEASURES),
    /** What predicted non-responders get instead of the standard pathway. */
    alternativePathway: text(500),
    includeTreatAllAlternative: z.boolean().default(false),
    /** Willingness-to-pay thresholds per effect unit, for net monetary benefit. */
    willingnessToPay: z
      .array(z.number().positive('Must be greater than 0'))
      .min(1, 'Must list at least 1 threshold')
      .max(20, 'Must list at most 20 thresholds')
      .superRefine(strictlyIncreasing),
    /** The grid of willingness-to-pay values for the cost-effectiveness acceptability curve. */
    wtpGrid: z
      .object({
        from: z.number().min(0, 'Must be at least 0'),
        to: z.number(),
        points: z
          .number()
          .int('Must be a whole number of points')
          .min(2, 'Must be at least 2 points')
          .max(1000, 'Must be at most 1000 points'),
      })
      .strict()
      .superRefine((grid, ctx) => {
        if (grid.from >= 0 && !(grid.to > grid.from)) {
          ctx.addIssue({
            code: 'custom',
            path: ['to'],
            message: `Must be greater than from (${grid.from}); got ${grid.to}`,
          });
        }
      }),
    /** The population affected by the decision, for the population EVPI. */
    population: z
      .object({
        patientsPerYear: z.number().gt(0, 'Must be greater than 0'),
        years: z.number().gt(0, 'Must be greater than 0 years').max(100, 'Must be at most 100 years'),
      })
      .strict(),
    parameters: z
      .array(economicParameterSchema)
      .min(1, 'Must define at least 1 parameter')
      .max(200, 'Must define at most 200 parameters')
      .superRefine((parameters, ctx) =>
        reportDuplicates(
          ctx,
          parameters,
          (parameter) => parameter.name,
          (index) => [index, 'name'],
          (parameter) => `Duplicate parameter name "${parameter.name}"; each parameter needs its own name`,
        ),
      ),
    /** Costs per patient tested in the model-guided strategy (imaging, running the model). */
    testCosts: z.array(costTermSchema).max(50, 'Must list at most 50 cost terms'),
    pathways: z
      .object({
        'responder-standard': economicPathwaySchema,
        'responder-alternative': economicPathwaySchema,
        'non-responder-standard': economicPathwaySchema,
        'non-responder-alternative': economicPathwaySchema,
      })
      .strict(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    // A malformed name already has its own issue; every reference to it would only add noise.
    if (plan.parameters.some((parameter) => !PARAMETER_NAME.test(parameter.name))) return;
    const parameters = new Map(plan.parameters.map((parameter) => [parameter.name, parameter]));
    const known = [...parameters.keys()].join(', ') || 'none defined';
    const check = (name: string, path: PropertyKey[], years: boolean) => {
      const parameter = parameters.get(name);
      if (!parameter) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `Must name a defined parameter; "${name}" is not one (${known})`,
        });
      } else if (
        years &&
        // gamma, beta and lognormal values are positive or already have their own issue.
        ((parameter.distribution.type === 'fixed' && parameter.value < 0) || (parameter.low ?? 0) < 0)
      ) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `Parameter "${name}" is used as a number of years, so its value and low must not be negative`,
        });
      }
    };
    const checkCosts = (costs: readonly CostTerm[], path: PropertyKey[]) =>
      costs.forEach((term, index) => {
        check(term.parameter, [...path, index, 'parameter'], false);
        if (term.recurringYears !== undefined) {
          check(term.recurringYears, [...path, index, 'recurringYears'], true);
        }
      });
    checkCosts(plan.testCosts, ['testCosts']);
    for (const name of ECONOMIC_PATHWAYS) {
      const pathway = plan.pathways[name];
      checkCosts(pathway.costs, ['pathways', name, 'costs']);
      pathway.effects.forEach((term, index) => {
        check(term.utility, ['pathways', name, 'effects', index, 'utility'], false);
        check(term.years, ['pathways', name, 'effects', index, 'years'], true);
      });
    }
  });

/** A health-economic analysis plan, with defaults applied; see {@link healthEconomicsPlanSchema}. */
export type HealthEconomicsPlan = z.output<typeof healthEconomicsPlanSchema>;

/** A health-economic analysis plan as written, before defaults apply. */
export type HealthEconomicsPlanInput = z.input<typeof healthEconomicsPlanSchema>;
