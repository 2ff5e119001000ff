import { CountFeature, countMatrix, countMatrixFeatures } from './count-matrix';

describe('countMatrix', () => {
  it('keeps one column per distinct value, however large', () => {
    const matrix = countMatrix(
      Int32Array.from([1, 2, 2, 1]),
      Int32Array.from([1_000_000, 3, 3, 1]),
      0,
      4,
      2,
      1_000_007,
    );
    expect(Array.from(matrix.columnValues)).toEqual([1, 3, 1_000_000]);
    // Row 1: one at 1, one at 10^6; row 2: two at 3.
    expect(Array.from(matrix.counts)).toEqual([1, 0, 1, 0, 2, 0]);
  });

  it('computes the emphasis, non-uniformity, variance, entropy and energy features', () => {
    // Level 1: sizes 1 and 2; level 2: size 2 (three zones, 5 voxels).
    const features = countMatrixFeatures(
      countMatrix(Int32Array.from([1, 1, 2]), Int32Array.from([1, 2, 2]), 0, 3, 2, 5),
    );
    expect(features[CountFeature.ShortEmphasis]).toBeCloseTo((1 + 1 / 4 + 1 / 4) / 3, 12);
    expect(features[CountFeature.LongHighGreyLevelEmphasis]).toBeCloseTo((1 + 4 + 16) / 3, 12);
    expect(features[CountFeature.GreyLevelNonUniformity]).toBeCloseTo((4 + 1) / 3, 12);
    expect(features[CountFeature.NormalisedColumnNonUniformity]).toBeCloseTo((1 + 4) / 9, 12);
    expect(features[CountFeature.Percentage]).toBeCloseTo(3 / 5, 12);
    expect(features[CountFeature.GreyLevelVariance]).toBeCloseTo(2 / 9, 12);
    expect(features[CountFeature.ColumnVariance]).toBeCloseTo(2 / 9, 12);
    expect(features[CountFeature.Entropy]).toBeCloseTo(Math.log2(3), 12);
    expect(features[CountFeature.Energy]).toBeCloseTo(1 / 3, 12);
  });

  it('gives NaN for an empty matrix', () => {
    const features = countMatrixFeatures(countMatrix(new Int32Array(0), new Int32Array(0), 0, 0, 4, 0));
    for (const value of features) expect(value).toBeNaN();
  });
});
