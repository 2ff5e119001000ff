import { isImagingError } from '@prospect/imaging';
import { type DomainError, unprocessable } from '@prospect/platform';

/** An imaging decode or check failure as a 422 naming the upload field, the file and the reason. */
export function imagingProblem(error: unknown, field: 'image' | 'mask'): DomainError | null {
  if (!isImagingError(error)) return null;
  return unprocessable(`IMAGING_${error.code.toUpperCase().replaceAll('-', '_')}`, error.message, [
    { field, reason: error.message },
  ]);
}
