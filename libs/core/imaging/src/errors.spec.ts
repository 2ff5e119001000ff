import { IMAGING_ERROR_CODES, ImagingError, isImagingError } from './errors';

describe('ImagingError', () => {
  it('carries code, message and details, and is an Error', () => {
    const error = new ImagingError('missing-slice', 'One slice is missing.', { files: ['a.dcm'] });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ImagingError');
    expect(error.code).toBe('missing-slice');
    expect(error.details).toEqual({ files: ['a.dcm'] });
    expect(new ImagingError('empty-mask', 'Empty.').details).toEqual({});
  });

  it('has details that survive JSON unchanged', () => {
    const details = { files: ['a'], values: [{ value: '1', files: ['a'] }], n: 1, ok: true, none: null };
    const error = new ImagingError('inconsistent-series', 'x', details);
    expect(JSON.parse(JSON.stringify(error.details))).toEqual(details);
  });
});

describe('isImagingError', () => {
  it('recognises ImagingErrors, also from another realm, and nothing else', () => {
    expect(isImagingError(new ImagingError('no-images', 'x'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'ImagingError', code: 'grid-mismatch' });
    expect(isImagingError(foreign)).toBe(true);
    expect(isImagingError(Object.assign(new Error('x'), { name: 'ImagingError', code: 'nope' }))).toBe(false);
    expect(isImagingError(new Error('x'))).toBe(false);
    expect(isImagingError({ name: 'ImagingError', code: 'no-images' })).toBe(false);
    expect(isImagingError(undefined)).toBe(false);
  });

  it('lists each code once', () => {
    expect(new Set(IMAGING_ERROR_CODES).size).toBe(IMAGING_ERROR_CODES.length);
  });
});
