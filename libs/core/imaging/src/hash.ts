import { createHash } from 'node:crypto';
import { ImagingError } from './errors';

/** SHA-256 of the bytes, as 64 lowercase hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A content hash of a DICOM series that depends only on the files' bytes, not on their order or
 * names: the SHA-256 of the text made of each file's SHA-256 (lowercase hex), sorted, each followed by
 * a line feed. To recompute it from a folder:
 * `sha256sum * | cut -d' ' -f1 | LC_ALL=C sort | sha256sum`.
 *
 * Every file given counts, including any the series decoder skips (a DICOMDIR): the hash identifies
 * the upload as received, so hash exactly the files that were stored.
 *
 * @throws {ImagingError} `no-images` for an empty list: there is nothing to identify.
 */
export function dicomSeriesSha256(files: readonly { readonly bytes: Uint8Array }[]): string {
  if (files.length === 0) throw new ImagingError('no-images', 'The series has no files to hash.');
  const digests = files.map((file) => sha256Hex(file.bytes)).sort();
  return createHash('sha256')
    .update(digests.map((digest) => `${digest}\n`).join(''))
    .digest('hex');
}
