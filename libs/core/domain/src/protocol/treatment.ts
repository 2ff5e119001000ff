import { z } from 'zod';
import { codingArray } from './coding';

/**
 * What marks treatment start (day 0 for imaging and endpoint windows): the earliest
 * MedicationAdministration matching `medicationCodes` or Procedure matching `procedureCodes`,
 * whichever comes first. Either list may be empty, but not both, since then day 0 is undefined.
 */
export const treatmentStartSchema = z
  .object({
    medicationCodes: codingArray(0),
    procedureCodes: codingArray(0),
  })
  .strict()
  .superRefine((treatment, ctx) => {
    if (treatment.medicationCodes.length === 0 && treatment.procedureCodes.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'Must list at least one coding in medicationCodes or procedureCodes to define treatment start',
      });
    }
  });

/** The treatment start section; see {@link treatmentStartSchema}. */
export type TreatmentStart = z.output<typeof treatmentStartSchema>;
