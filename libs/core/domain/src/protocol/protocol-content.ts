import { z } from 'zod';
import { inputShiftThresholdsSchema, subgroupSchema } from './analysis-options';
import { covariatesSchema } from './covariates';
import { healthEconomicsPlanSchema } from './economics';
import { eligibilitySchema } from './eligibility';
import { primaryEndpointSchema } from './endpoint';
import { baselineImagingSchema } from './imaging';
import { modelReferenceSchema } from './model';
import {
  decisionThresholdSchema,
  expectedPrevalenceSchema,
  interimPlanSchema,
  plannedSampleSizeSchema,
  primaryHypothesisSchema,
} from './statistics';
import { treatmentStartSchema } from './treatment';

/**
 * The protocol content format version. Bumped on any incompatible change so stored, approved
 * protocols keep being read with the rules they were approved under.
 */
export const PROTOCOL_SCHEMA_VERSION = 1;

/**
 * The content of one protocol version: everything fixed before enrolment that decides who is
 * enrolled, which image and covariates the model sees, what the outcome is and how the trial is
 * analysed. Every object is strict, so a misspelt property is an error rather than silently
 * ignored: an ignored rule in an approved protocol cannot be fixed later.
 *
 * Prefer {@link parseProtocolContent}, which reports readable issues, over calling `parse` directly.
 */
export const protocolContentSchema = z
  .object({
    schemaVersion: z.literal(PROTOCOL_SCHEMA_VERSION, {
      error: `Must be ${PROTOCOL_SCHEMA_VERSION}, the only protocol schema version this release understands`,
    }),
    eligibility: eligibilitySchema,
    baselineImaging: baselineImagingSchema,
    treatmentStart: treatmentStartSchema,
    covariates: covariatesSchema,
    primaryEndpoint: primaryEndpointSchema,
    decisionThreshold: decisionThresholdSchema,
    plannedSampleSize: plannedSampleSizeSchema,
    expectedPrevalence: expectedPrevalenceSchema.optional(),
    primaryHypothesis: primaryHypothesisSchema,
    interimPlan: interimPlanSchema,
    model: modelReferenceSchema.nullable(),
    /** Pre-registered subgroups, each over a coded or boolean covariate; none by default. */
    subgroups: z.array(subgroupSchema).max(20, 'Must name at most 20 subgroups').default([]),
    /** When a site's inputs count as shifted from training; conventional defaults. */
    inputShift: inputShiftThresholdsSchema.default({ smd: 0.25, psi: 0.25, minimumSubjects: 10 }),
    /** The health-economic analysis plan, when the trial assesses cost-effectiveness. */
    healthEconomics: healthEconomicsPlanSchema.optional(),
  })
  .strict()
  .superRefine((protocol, ctx) => {
    const covariates = new Map(protocol.covariates.map((covariate) => [covariate.name, covariate]));
    const seen = new Set<string>();
    protocol.subgroups.forEach((subgroup, index) => {
      if (seen.has(subgroup.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['subgroups', index, 'name'],
          message: `Duplicate subgroup name "${subgroup.name}"; each subgroup needs its own name`,
        });
      }
      seen.add(subgroup.name);
      const covariate = covariates.get(subgroup.covariate);
      if (!covariate) {
        ctx.addIssue({
          code: 'custom',
          path: ['subgroups', index, 'covariate'],
          message: `Must name a protocol covariate; "${subgroup.covariate}" is not one (${[...covariates.keys()].join(', ') || 'none defined'})`,
        });
      } else if (covariate.valueType === 'quantity') {
        ctx.addIssue({
          code: 'custom',
          path: ['subgroups', index, 'covariate'],
          message: `Must name a coded or boolean covariate; "${subgroup.covariate}" is a quantity (define categories as a coded covariate)`,
        });
      }
    });
  });

/** Validated protocol content, with defaults applied; see {@link protocolContentSchema}. */
export type ProtocolContent = z.output<typeof protocolContentSchema>;

/** Protocol content as written in a file, before defaults (e.g. `minDaysBeforeTreatment`) apply. */
export type ProtocolContentInput = z.input<typeof protocolContentSchema>;
