import { z } from 'zod';
import { codeListSchema } from './coding';
import { days, text } from './primitives';

/**
 * When the endpoint is assessed, in days relative to treatment start (day 0): `[start, end]`,
 * inclusive. Outcomes recorded outside the window do not count, which keeps late, unplanned
 * assessments from quietly redefining the endpoint.
 */
export const assessmentWindowSchema = z
  .object({
    start: days().min(0, 'Must be 0 or more days after treatment start'),
    end: days().max(3650, 'Must be at most 3650 days after treatment start'),
  })
  .strict()
  .superRefine((window, ctx) => {
    // Only compare against a valid start, so a bad start is reported once.
    if (Number.isInteger(window.start) && window.start >= 0 && window.end <= window.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `Must be greater than start (${window.start}); got ${window.end}`,
      });
    }
  });

/** An assessment window; see {@link assessmentWindowSchema}. */
export type AssessmentWindow = z.output<typeof assessmentWindowSchema>;

/** Pathological complete response definitions: with or without residual in-situ disease allowed. */
export const PCR_DEFINITIONS = ['ypT0/is ypN0', 'ypT0 ypN0'] as const;

/** A pCR definition from {@link PCR_DEFINITIONS}. */
export type PcrDefinition = (typeof PCR_DEFINITIONS)[number];

const mrdEndpointSchema = z
  .object({
    type: z.literal('mrd'),
    assayCodes: codeListSchema,
    negativityThreshold: z
      .number()
      .positive('Must be greater than 0')
      .max(0.01, 'Must be at most 0.01 (1e-2); MRD thresholds are typically 1e-4 to 1e-6'),
    assessmentWindowDays: assessmentWindowSchema,
    positiveClass: z.literal('mrd-negative'),
  })
  .strict();

const pcrEndpointSchema = z
  .object({
    type: z.literal('pcr'),
    definition: z.enum(PCR_DEFINITIONS),
    pathologyCodes: codeListSchema,
    assessmentWindowDays: assessmentWindowSchema,
    positiveClass: z.literal('pcr'),
  })
  .strict();

const otherEndpointSchema = z
  .object({
    type: z.literal('other'),
    description: text(1000),
    codes: codeListSchema,
    assessmentWindowDays: assessmentWindowSchema,
    positiveClass: text(64),
  })
  .strict();

/**
 * The primary endpoint, i.e. the binary outcome the model predicts, discriminated by `type`:
 * - `mrd`: minimal residual disease negativity, an assay result matching `assayCodes` below
 *   `negativityThreshold` (e.g. `1e-5`, one tumour cell in 100 000).
 * - `pcr`: pathological complete response per `definition`, from pathology matching
 *   `pathologyCodes`.
 * - `other`: any other binary outcome, described in prose and coded by `codes`.
 *
 * `positiveClass` names the outcome that counts as positive when computing AUC and the confusion
 * matrix; it is fixed for `mrd` and `pcr` so the direction of the prediction cannot be flipped.
 */
export const primaryEndpointSchema = z.discriminatedUnion('type', [
  mrdEndpointSchema,
  pcrEndpointSchema,
  otherEndpointSchema,
]);

/** The primary endpoint; see {@link primaryEndpointSchema}. */
export type PrimaryEndpoint = z.output<typeof primaryEndpointSchema>;

/** The endpoint `type` values, for exhaustive handling. */
export type PrimaryEndpointType = PrimaryEndpoint['type'];
