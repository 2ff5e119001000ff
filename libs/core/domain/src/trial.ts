import { z } from 'zod';
import { protocolContentSchema } from './protocol/protocol-content';
import { reportDuplicates, text } from './protocol/primitives';

/** Disease areas a trial can target; `other` keeps the platform usable beyond the first two. */
export const INDICATIONS = ['multiple-myeloma', 'breast-cancer', 'other'] as const;

/** An indication from {@link INDICATIONS}. */
export type Indication = (typeof INDICATIONS)[number];

/**
 * Trial codes: 2 to 20 characters, an uppercase letter then uppercase letters, digits or `-`, not
 * ending in `-`. Upper case and no `_` keep codes unambiguous when spoken or printed on labels.
 *
 * @example
 * TRIAL_CODE_PATTERN.test('MM-RAD-01'); // true
 */
export const TRIAL_CODE_PATTERN = /^[A-Z][A-Z0-9-]{0,18}[A-Z0-9]$/;

/**
 * Site codes: 1 to 8 uppercase letters or digits. No `-`, so the last two parts of a subject ID
 * (site and sequence) can always be split off even though trial codes contain `-`.
 *
 * @example
 * SITE_CODE_PATTERN.test('HD01'); // true
 */
export const SITE_CODE_PATTERN = /^[A-Z0-9]{1,8}$/;

/** The largest subject sequence number per trial and site; IDs keep a fixed four-digit width. */
export const MAX_SUBJECT_SEQUENCE = 9999;

/** Whether `value` is a valid trial code (see {@link TRIAL_CODE_PATTERN}). */
export function isTrialCode(value: unknown): value is string {
  return typeof value === 'string' && TRIAL_CODE_PATTERN.test(value);
}

/** Whether `value` is a valid site code (see {@link SITE_CODE_PATTERN}). */
export function isSiteCode(value: unknown): value is string {
  return typeof value === 'string' && SITE_CODE_PATTERN.test(value);
}

/**
 * Builds the pseudonymous subject ID `<trial>-<site>-<nnnn>`, the sequence zero-padded to four
 * digits.
 *
 * The width is fixed rather than growing past 9999 so IDs sort correctly as text and match one
 * pattern on case report forms; a site enrolling more than 9999 subjects in one trial needs a
 * second site code.
 *
 * @param trialCode - a trial code matching {@link TRIAL_CODE_PATTERN}
 * @param siteCode - a site code matching {@link SITE_CODE_PATTERN}
 * @param sequence - the subject's 1-based enrolment number at the site, 1 to 9999
 * @throws {RangeError} if `trialCode` or `siteCode` is malformed, or `sequence` is not an integer
 *   from 1 to {@link MAX_SUBJECT_SEQUENCE}.
 * @example
 * formatSubjectId('MM-RAD-01', 'HD01', 7); // 'MM-RAD-01-HD01-0007'
 */
export function formatSubjectId(trialCode: string, siteCode: string, sequence: number): string {
  if (!isTrialCode(trialCode)) {
    throw new RangeError(
      `Invalid trial code ${JSON.stringify(trialCode)}: expected 2-20 characters, an uppercase letter ` +
        `followed by uppercase letters, digits or "-", not ending in "-"`,
    );
  }
  if (!isSiteCode(siteCode)) {
    throw new RangeError(
      `Invalid site code ${JSON.stringify(siteCode)}: expected 1-8 uppercase letters or digits`,
    );
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SUBJECT_SEQUENCE) {
    throw new RangeError(
      `Invalid subject sequence ${String(sequence)}: expected an integer from 1 to ${MAX_SUBJECT_SEQUENCE}`,
    );
  }
  return `${trialCode}-${siteCode}-${String(sequence).padStart(4, '0')}`;
}

/** A participating site: its code (see {@link SITE_CODE_PATTERN}) and display name. */
export const siteSchema = z
  .object({
    code: z.string().regex(SITE_CODE_PATTERN, 'Must be 1 to 8 uppercase letters or digits, e.g. "HD01"'),
    name: text(200),
  })
  .strict();

/** A participating site; see {@link siteSchema}. */
export type Site = z.output<typeof siteSchema>;

/**
 * A trial definition file: trial identity, participating sites and the first protocol version.
 * Site codes must be unique within the trial because they are part of every subject ID.
 *
 * Prefer {@link parseTrialDefinition}, which reports readable issues.
 */
export const trialDefinitionSchema = z
  .object({
    code: z
      .string()
      .regex(
        TRIAL_CODE_PATTERN,
        'Must be 2 to 20 characters: an uppercase letter followed by uppercase letters, digits or "-", ' +
          'not ending in "-", e.g. "MM-RAD-01"',
      ),
    title: text(200),
    indication: z.enum(INDICATIONS),
    sites: z
      .array(siteSchema)
      .min(1, 'Must list at least one site')
      .max(500, 'Must list at most 500 sites')
      .superRefine((sites, ctx) =>
        reportDuplicates(
          ctx,
          sites,
          (site) => site.code,
          (index) => [index, 'code'],
          (site) => `Duplicate site code "${site.code}"; every site code must be unique within the trial`,
        ),
      ),
    protocol: protocolContentSchema,
  })
  .strict();

/** A validated trial definition; see {@link trialDefinitionSchema}. */
export type TrialDefinition = z.output<typeof trialDefinitionSchema>;

/** A trial definition as written in a file, before protocol defaults apply. */
export type TrialDefinitionInput = z.input<typeof trialDefinitionSchema>;
