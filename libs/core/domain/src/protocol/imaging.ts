import { z } from 'zod';
import { codeListSchema } from './coding';
import { days, positiveRange, text } from './primitives';

/**
 * DICOM modality codes (attribute 0008,0060) a baseline study may have: MR, CT, PET (`PT`),
 * ultrasound, mammography and nuclear medicine.
 */
export const IMAGING_MODALITIES = ['MR', 'CT', 'PT', 'US', 'MG', 'NM'] as const;

/** A DICOM modality code from {@link IMAGING_MODALITIES}. */
export type ImagingModality = (typeof IMAGING_MODALITIES)[number];

/**
 * How to choose among several qualifying studies: the one closest to treatment start, or the first
 * one in the window. Fixed in the protocol so the choice cannot be made after seeing predictions.
 */
export const IMAGING_SELECTIONS = ['latest-before-treatment', 'earliest-in-window'] as const;

/** A study selection rule from {@link IMAGING_SELECTIONS}. */
export type ImagingSelection = (typeof IMAGING_SELECTIONS)[number];

const regexPatternSchema = z
  .string()
  .max(200, 'Must be at most 200 characters long')
  .superRefine((pattern, ctx) => {
    if (pattern.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'Must not be empty; an empty pattern would match every sequence',
      });
      return;
    }
    try {
      new RegExp(pattern, 'i');
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.addIssue({ code: 'custom', message: `Must be a valid regular expression: ${reason}` });
    }
  });

/**
 * Optional acquisition constraints a series must meet to be used as model input.
 * - `magneticFieldStrengthTesla`: DICOM Magnetic Field Strength (0018,0087) range.
 * - `sequenceNamePatterns`: regular expressions (no delimiters), matched case-insensitively against
 *   DICOM Sequence Name (0018,0024); a series qualifies if any pattern matches.
 * - `sliceThicknessMm`: DICOM Slice Thickness (0018,0050) range.
 * - `manufacturers`: matched case-insensitively against DICOM Manufacturer (0008,0070); a series
 *   qualifies if any entry is contained in it.
 */
export const acquisitionConstraintsSchema = z
  .object({
    magneticFieldStrengthTesla: positiveRange('tesla').optional(),
    sequenceNamePatterns: z
      .array(regexPatternSchema)
      .min(1, 'Must list at least one pattern when present')
      .optional(),
    sliceThicknessMm: positiveRange('millimetres').optional(),
    manufacturers: z.array(text(100)).min(1, 'Must list at least one manufacturer when present').optional(),
  })
  .strict();

/** Acquisition constraints; see {@link acquisitionConstraintsSchema}. */
export type AcquisitionConstraints = z.output<typeof acquisitionConstraintsSchema>;

/**
 * Which imaging study is the model input. A study qualifies when its date lies in
 * `[treatmentStart - windowDaysBeforeTreatment, treatmentStart - minDaysBeforeTreatment]`, its
 * modality is `modality`, its body site matches one of `bodySite`, and it meets `acquisition`.
 * Among qualifying studies `selection` picks one.
 *
 * `minDaysBeforeTreatment` defaults to 0 (a scan on the day treatment starts counts), and must be
 * smaller than the window so the window is never empty.
 */
export const baselineImagingSchema = z
  .object({
    modality: z.enum(IMAGING_MODALITIES),
    bodySite: codeListSchema,
    windowDaysBeforeTreatment: days().min(1, 'Must be at least 1 day').max(365, 'Must be at most 365 days'),
    minDaysBeforeTreatment: days().min(0, 'Must be 0 or more days').default(0),
    selection: z.enum(IMAGING_SELECTIONS),
    acquisition: acquisitionConstraintsSchema.optional(),
  })
  .strict()
  .superRefine((imaging, ctx) => {
    // A window below 1 day already has its own issue; comparing against it would only add noise.
    const windowIsValid = imaging.windowDaysBeforeTreatment >= 1;
    if (windowIsValid && imaging.minDaysBeforeTreatment >= imaging.windowDaysBeforeTreatment) {
      ctx.addIssue({
        code: 'custom',
        path: ['minDaysBeforeTreatment'],
        message:
          `Must be smaller than windowDaysBeforeTreatment (${imaging.windowDaysBeforeTreatment}); ` +
          `got ${imaging.minDaysBeforeTreatment}, which leaves no days in the imaging window`,
      });
    }
  });

/** The baseline imaging section; see {@link baselineImagingSchema}. */
export type BaselineImaging = z.output<typeof baselineImagingSchema>;
