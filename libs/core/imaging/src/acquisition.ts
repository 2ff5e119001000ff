import type { BaselineImaging } from '@prospect/domain';
import { formatNumber } from './format';
import type { DicomSeriesHeader } from './dicom/header';

/** The acquisition attributes a protocol can constrain. */
export type AcquisitionAttribute =
  'modality' | 'magneticFieldStrength' | 'sequenceName' | 'sliceThickness' | 'manufacturer';

/** One way a series does not meet the protocol. */
export interface AcquisitionDeviation {
  readonly attribute: AcquisitionAttribute;
  /** The DICOM tag of the attribute, `(gggg,eeee)`. */
  readonly dicomTag: string;
  /** What the protocol asks for, in words: `MR`, `between 1.5 and 3 T`, `matching /^t2/i`. */
  readonly expected: string;
  /** What the series records; null when it does not record the attribute. */
  readonly found: string | number | null;
  /** One sentence for the trial coordinator. */
  readonly message: string;
}

/** The header values the check reads. */
export type AcquisitionHeader = Pick<
  DicomSeriesHeader,
  'modality' | 'magneticFieldStrengthTesla' | 'sequenceName' | 'sliceThicknessMm' | 'manufacturer'
>;

/** The protocol constraints the check reads. */
export type AcquisitionProtocol = Pick<BaselineImaging, 'modality' | 'acquisition'>;

const TAGS = {
  modality: '(0008,0060)',
  magneticFieldStrength: '(0018,0087)',
  sequenceName: '(0018,0024)',
  sliceThickness: '(0018,0050)',
  manufacturer: '(0008,0070)',
} as const satisfies Record<AcquisitionAttribute, string>;

const NAMES: Record<AcquisitionAttribute, string> = {
  modality: 'Modality',
  magneticFieldStrength: 'Magnetic field strength',
  sequenceName: 'Sequence name',
  sliceThickness: 'Slice thickness',
  manufacturer: 'Manufacturer',
};

/**
 * Checks a series header against the protocol's baseline imaging: modality, and when the protocol
 * sets them, field strength and slice thickness (inclusive ranges), sequence name (any pattern
 * matches, case-insensitive regular expressions) and manufacturer (any entry is a case-insensitive
 * substring). A constrained attribute the series does not record is a deviation ("not recorded"): a
 * protocol requirement cannot be confirmed from a missing value.
 *
 * @returns The deviations, in the order above; empty when the series conforms.
 * @throws {SyntaxError} for a sequence name pattern that is not a regular expression (the protocol
 *   schema refuses those, so this is a programming error, not a deviation of the series).
 */
export function checkAcquisition(
  header: AcquisitionHeader,
  protocol: AcquisitionProtocol,
): AcquisitionDeviation[] {
  const deviations: AcquisitionDeviation[] = [];
  const deviation = (
    attribute: AcquisitionAttribute,
    expected: string,
    found: string | number | undefined,
  ) => {
    const name = NAMES[attribute];
    deviations.push({
      attribute,
      dicomTag: TAGS[attribute],
      expected,
      found: found ?? null,
      message:
        found === undefined
          ? `${name} ${TAGS[attribute]} is not recorded in the series; the protocol requires ${expected}.`
          : `${name} ${TAGS[attribute]} is ${typeof found === 'number' ? formatNumber(found) : `'${found}'`}; ` +
            `the protocol requires ${expected}.`,
    });
  };

  if (header.modality.toUpperCase() !== protocol.modality) {
    deviation('modality', protocol.modality, header.modality);
  }
  const acquisition = protocol.acquisition;
  if (acquisition === undefined) return deviations;

  const { magneticFieldStrengthTesla, sliceThicknessMm, sequenceNamePatterns, manufacturers } = acquisition;
  if (magneticFieldStrengthTesla !== undefined) {
    const found = header.magneticFieldStrengthTesla;
    if (found === undefined || !inRange(found, magneticFieldStrengthTesla)) {
      deviation('magneticFieldStrength', describeRange(magneticFieldStrengthTesla, 'T'), found);
    }
  }
  if (sequenceNamePatterns !== undefined) {
    const found = header.sequenceName;
    const patterns = sequenceNamePatterns.map((pattern) => new RegExp(pattern, 'i'));
    if (found === undefined || !patterns.some((pattern) => pattern.test(found))) {
      deviation('sequenceName', describeAlternatives(patterns.map(String), 'matching'), found);
    }
  }
  if (sliceThicknessMm !== undefined) {
    const found = header.sliceThicknessMm;
    if (found === undefined || !inRange(found, sliceThicknessMm)) {
      deviation('sliceThickness', describeRange(sliceThicknessMm, 'mm'), found);
    }
  }
  if (manufacturers !== undefined) {
    const found = header.manufacturer;
    const haystack = found?.toLowerCase();
    if (haystack === undefined || !manufacturers.some((entry) => haystack.includes(entry.toLowerCase()))) {
      deviation(
        'manufacturer',
        describeAlternatives(
          manufacturers.map((entry) => `'${entry}'`),
          'containing',
        ),
        found,
      );
    }
  }
  return deviations;
}

interface Range {
  readonly min?: number;
  readonly max?: number;
}

function inRange(value: number, range: Range): boolean {
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}

function describeRange(range: Range, unit: string): string {
  const { min, max } = range;
  if (min !== undefined && max !== undefined) return `between ${min} and ${max} ${unit}`;
  if (min !== undefined) return `at least ${min} ${unit}`;
  return `at most ${max ?? '?'} ${unit}`;
}

function describeAlternatives(items: readonly string[], verb: string): string {
  return items.length === 1
    ? `a value ${verb} ${items[0] ?? ''}`
    : `a value ${verb} one of ${items.join(', ')}`;
}
