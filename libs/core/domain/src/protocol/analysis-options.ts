import { z } from 'zod';
import { text } from './primitives';

/**
 * A pre-registered subgroup analysis: performance is reported per value of a coded or boolean
 * protocol covariate (e.g. ISS stage, sex), as forest-plot data with a heterogeneity test.
 * Naming subgroups before enrolment keeps them from being chosen after seeing the results.
 */
export const subgroupSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Must be a lowercase snake_case identifier of at most 40 characters'),
    label: text(200),
    covariate: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Must name one of the protocol covariates (lowercase snake_case)'),
  })
  .strict();

/** A subgroup; see {@link subgroupSchema}. */
export type Subgroup = z.output<typeof subgroupSchema>;

/**
 * When a site's model inputs count as shifted from the model's training data. Defaults are the
 * conventional alarm levels: a standardised mean difference of 0.25 (Stuart 2010 calls
 * |SMD| > 0.25 a substantial imbalance) and a population stability index of 0.25 (the credit-risk
 * rule of thumb: above 0.25 a significant shift). Sites with fewer than `minimumSubjects` scored
 * subjects are reported but not flagged: a handful of scans say little about a scanner.
 */
export const inputShiftThresholdsSchema = z
  .object({
    smd: z.number().gt(0, 'Must be greater than 0').max(5, 'Must be at most 5').default(0.25),
    psi: z.number().gt(0, 'Must be greater than 0').max(10, 'Must be at most 10').default(0.25),
    minimumSubjects: z
      .number()
      .int('Must be a whole number of subjects')
      .min(2, 'Must be at least 2 subjects')
      .max(10_000, 'Must be at most 10000 subjects')
      .default(10),
  })
  .strict();

/** Input-shift thresholds with defaults applied; see {@link inputShiftThresholdsSchema}. */
export type InputShiftThresholds = z.output<typeof inputShiftThresholdsSchema>;
