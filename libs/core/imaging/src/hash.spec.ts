import { createHash } from 'node:crypto';
import { dicomSeriesSha256, sha256Hex } from './hash';
import { imagingErrorOf } from './testing/expect-imaging-error';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector for "abc"', () => {
    expect(sha256Hex(bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes only the view, not the whole underlying buffer', () => {
    const buffer = bytes('xxabcxx');
    expect(sha256Hex(buffer.subarray(2, 5))).toBe(sha256Hex(bytes('abc')));
  });
});

describe('dicomSeriesSha256', () => {
  const files = [{ bytes: bytes('slice 1') }, { bytes: bytes('slice 2') }, { bytes: bytes('slice 3') }];

  it('is the SHA-256 of the sorted per-file digests, one per line', () => {
    const lines = files
      .map((file) => sha256Hex(file.bytes))
      .sort()
      .map((digest) => `${digest}\n`)
      .join('');
    expect(dicomSeriesSha256(files)).toBe(createHash('sha256').update(lines).digest('hex'));
  });

  it('does not depend on file order or names', () => {
    const renamed = [files[2], files[0], files[1]].map((file, i) => ({
      name: `x${i}`,
      bytes: file?.bytes ?? bytes(''),
    }));
    expect(dicomSeriesSha256(renamed)).toBe(dicomSeriesSha256(files));
  });

  it('changes when any byte changes, or a file is added or removed', () => {
    const reference = dicomSeriesSha256(files);
    expect(dicomSeriesSha256([...files.slice(0, 2), { bytes: bytes('slice 4') }])).not.toBe(reference);
    expect(dicomSeriesSha256(files.slice(0, 2))).not.toBe(reference);
    expect(dicomSeriesSha256([...files, { bytes: bytes('slice 1') }])).not.toBe(reference);
  });

  it('refuses an empty series', () => {
    imagingErrorOf(() => dicomSeriesSha256([]), 'no-images');
  });
});
