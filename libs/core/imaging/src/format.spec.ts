import { formatDims, formatMm, formatNumber, formatVector, listFiles, plural } from './format';

describe('listFiles', () => {
  it('quotes names and joins them as a sentence', () => {
    expect(listFiles([])).toBe('');
    expect(listFiles(['a'])).toBe("'a'");
    expect(listFiles(['a', 'b'])).toBe("'a' and 'b'");
    expect(listFiles(['a', 'b', 'c'])).toBe("'a', 'b' and 'c'");
  });

  it('summarises beyond the limit', () => {
    expect(listFiles(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe("'a', 'b', 'c', 'd', 'e' and 2 more");
    expect(listFiles(['a', 'b', 'c'], 2)).toBe("'a', 'b' and 1 more");
  });
});

describe('number formatting', () => {
  it('rounds without trailing zeros or negative zero', () => {
    expect(formatMm(2.5)).toBe('2.5');
    expect(formatMm(0.012345)).toBe('0.0123');
    expect(formatMm(-0.00001)).toBe('0');
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatVector([1, -2.5, 1e-9])).toBe('(1, -2.5, 0)');
    expect(formatDims([48, 48, 24])).toBe('48×48×24');
  });

  it('pluralises', () => {
    expect(plural(1, 'slice')).toBe('1 slice');
    expect(plural(0, 'slice')).toBe('0 slices');
    expect(plural(2, 'series', 'series')).toBe('2 series');
  });
});
