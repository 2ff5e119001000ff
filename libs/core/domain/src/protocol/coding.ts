import { z } from 'zod';
import { formatMessage, reportDuplicates, text } from './primitives';

/**
 * A concept from a code system, shaped like a FHIR `Coding` so values copy across unchanged.
 *
 * `system` must be an absolute URI (e.g. `http://loinc.org`, `http://snomed.info/sct`,
 * `http://www.nlm.nih.gov/research/umls/rxnorm`) because the same code means different things in
 * different systems; local codes use an institution-owned URI.
 *
 * @example
 * codingSchema.parse({ system: 'http://loinc.org', code: '2532-0', display: 'LDH' });
 */
export const codingSchema = z
  .object({
    system: z.url({
      error: formatMessage('Must be an absolute URI naming the code system, e.g. http://loinc.org'),
    }),
    code: z
      .string()
      .max(100, 'Must be at most 100 characters long')
      .regex(/^\S(?:.*\S)?$/, 'Must not be empty or have leading or trailing whitespace'),
    display: text(500).optional(),
  })
  .strict();

/** A concept from a code system; see {@link codingSchema}. */
export type Coding = z.output<typeof codingSchema>;

/**
 * A list of codings with at least `minItems` entries. Repeating a system/code pair is rejected: it
 * is always an editing slip and would make "which code matched" ambiguous in audit output.
 */
export function codingArray(minItems: number) {
  return z
    .array(codingSchema)
    .min(minItems, `Must list at least ${minItems} coding${minItems === 1 ? '' : 's'}`)
    .max(100, 'Must list at most 100 codings')
    .superRefine((codings, ctx) =>
      reportDuplicates(
        ctx,
        codings,
        (coding) => `${coding.system}\u0000${coding.code}`,
        (index) => [index],
        (coding) =>
          `Duplicate coding ${coding.system} ${coding.code}; each system/code pair may appear only once`,
      ),
    );
}

/** A non-empty list of codings, any of which matches; duplicates are rejected. */
export const codeListSchema = codingArray(1);

/** A non-empty list of codings; see {@link codeListSchema}. */
export type CodeList = z.output<typeof codeListSchema>;
