import type { Random } from './random';

/**
 * A DICOM UID under the `2.25` root (ISO/IEC 9834-8: a UUID as one decimal integer), which needs no
 * registered organisation root and is at most 44 characters (DICOM allows 64).
 */
export function dicomUid(random: Random): string {
  return `2.25.${random.bits128().toString(10)}`;
}
