import { z } from 'zod';

/**
 * Free text that must contain something other than whitespace.
 *
 * A blank title or question would pass a plain length check yet leave reviewers nothing to read.
 */
export function text(maxLength: number) {
  return z
    .string()
    .max(maxLength, `Must be at most ${maxLength} characters long`)
    .regex(/\S/, 'Must not be empty or only whitespace');
}

/**
 * An error customiser that only replaces the message of a failed string format, so missing or
 * mistyped values keep the generic "Required"/"Expected a string" wording.
 */
export function formatMessage(message: string) {
  return (issue: { code?: string }): string | undefined =>
    issue.code === 'invalid_format' ? message : undefined;
}

/** An integer number of days, the unit of every protocol time window. */
export function days() {
  return z.number().int('Must be a whole number of days');
}

/**
 * Adds one issue per repeated value, at the repeat rather than the first occurrence, so the path
 * points at the entry an author most likely added by mistake.
 */
export function reportDuplicates<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  keyOf: (item: T) => string,
  pathOf: (index: number) => PropertyKey[],
  describe: (item: T) => string,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) {
      ctx.addIssue({ code: 'custom', path: pathOf(index), message: describe(item) });
    }
    seen.add(key);
  });
}

/**
 * Validates a `{ min?, max? }` range of positive numbers: at least one bound, and `min <= max`.
 * An empty range is rejected because it reads like a constraint but filters nothing.
 */
export function positiveRange(unitDescription: string) {
  const bound = z.number().positive(`Must be a positive number of ${unitDescription}`);
  return z
    .object({ min: bound.optional(), max: bound.optional() })
    .strict()
    .superRefine((range, ctx) => {
      if (range.min === undefined && range.max === undefined) {
        ctx.addIssue({ code: 'custom', path: [], message: 'Must set at least one of "min" or "max"' });
      } else if (
        range.min !== undefined &&
        range.max !== undefined &&
        // A non-positive max already has its own issue; comparing it would report it twice.
        range.max > 0 &&
        range.min > range.max
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['max'],
          message: `Must be greater than or equal to min (${range.min}); got ${range.max}`,
        });
      }
    });
}

/** A lowercase, hyphen-separated identifier that stays readable in URLs and audit logs. */
export const slugSchema = z
  .string()
  .max(64, 'Must be at most 64 characters long')
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Must be a slug of lowercase letters and digits separated by single hyphens, e.g. "age-18-or-over"',
  );

/**
 * A UCUM unit code (https://ucum.org), e.g. `mg/dL`, `U/L`, `mL/min/{1.73_m2}`.
 * Only the character set is checked here; the full grammar belongs to the unit conversion layer.
 */
export const ucumUnitSchema = z
  .string()
  .regex(
    /^[!-~]{1,50}$/,
    'Must be a UCUM unit code of 1 to 50 printable characters without spaces, e.g. mg/dL',
  );
