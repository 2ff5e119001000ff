// Test support: runs a function that must throw an ImagingError and returns it for further checks.
import { ImagingError, type ImagingErrorCode } from '../errors';

export function imagingErrorOf(run: () => unknown, code: ImagingErrorCode): ImagingError {
  let caught: unknown;
  try {
    run();
  } catch (error: unknown) {
    caught = error;
  }
  if (!(caught instanceof ImagingError)) {
    throw new Error(
      `expected an ImagingError '${code}', got ${caught === undefined ? 'no error' : String(caught)}`,
    );
  }
  if (caught.code !== code) {
    throw new Error(`expected ImagingError '${code}', got '${caught.code}': ${caught.message}`);
  }
  return caught;
}
