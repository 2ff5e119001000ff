import { imagingErrorOf } from '../testing/expect-imaging-error';
import type { Vec3 } from '../volume';
import {
  nominalSliceSpacing,
  slicePositionToleranceMm,
  stackSlices,
  type PositionedSlice,
} from './slice-geometry';

const AXIAL = [1, 0, 0, 0, 1, 0]; // normal +z

function slicesAt(zs: readonly number[], shift: (k: number) => Vec3 = () => [0, 0, 0]): PositionedSlice[] {
  return zs.map((z, k) => {
    const [dx, dy, dz] = shift(k);
    return { name: `s${k}`, sopInstanceUid: `2.25.${k}`, position: [dx, dy, z + dz] };
  });
}

describe('slicePositionToleranceMm', () => {
  it('is 0.01 mm for thin slices and 1 % of the spacing for thick ones', () => {
    expect(slicePositionToleranceMm(0.5)).toBe(0.01);
    expect(slicePositionToleranceMm(1)).toBe(0.01);
    expect(slicePositionToleranceMm(5)).toBeCloseTo(0.05, 12);
  });
});

describe('nominalSliceSpacing', () => {
  it('is the gap of a regular stack, not a fraction of it', () => {
    expect(nominalSliceSpacing([2, 2, 2, 2])).toBe(2);
  });

  it('finds the spacing when most gaps miss slices', () => {
    expect(nominalSliceSpacing([6, 4])).toBe(2);
    expect(nominalSliceSpacing([3, 3, 6, 3])).toBe(3);
  });

  it('prefers one missing slice and one odd gap over a finer grid with many missing slices', () => {
    expect(nominalSliceSpacing([1, 1, 2, 1, 0.5, 1])).toBe(1);
    expect(nominalSliceSpacing([1, 1, 1, 10])).toBe(1);
  });

  it('refines the spacing to the median of the gaps it explains', () => {
    // 0.999 explains all four (6.003 ≈ 6 × 0.999: five missing slices), 1.004 only three; the gaps
    // per slice are then 1.004, 0.998, 0.999 and 1.0005, whose median is 0.99975.
    expect(nominalSliceSpacing([1.004, 0.998, 0.999, 6.003])).toBeCloseTo(0.99975, 12);
  });

  it('is not misled by one irregular gap', () => {
    expect(nominalSliceSpacing([3.5, 3.5, 4.5, 2.5, 3.5])).toBe(3.5);
  });
});

describe('stackSlices', () => {
  it('sorts by position along the normal and reports spacing, origin and axes', () => {
    const stack = stackSlices(slicesAt([4, 0, 6, 2]), AXIAL);
    expect(stack.order).toEqual([1, 3, 0, 2]);
    expect(stack.sliceSpacingMm).toBe(2);
    expect(stack.origin).toEqual([0, 0, 0]);
    expect(stack.rowDirection).toEqual([1, 0, 0]);
    expect(stack.columnDirection).toEqual([0, 1, 0]);
    expect(stack.normal).toEqual([0, 0, 1]);
  });

  it('sorts along the normal, which may point against z', () => {
    // Row +x, column −y: normal = x × (−y) = −z, so the highest z comes first.
    const stack = stackSlices(slicesAt([0, 2, 4]), [1, 0, 0, 0, -1, 0]);
    expect(stack.normal).toEqual([0, 0, -1]);
    expect(stack.order).toEqual([2, 1, 0]);
    expect(stack.origin).toEqual([0, 0, 4]);
  });

  it('normalises orientation vectors stored with a little rounding', () => {
    const stack = stackSlices(slicesAt([0, 1]), [1.0004, 0, 0, 0, 0.9996, 0]);
    expect(stack.rowDirection[0]).toBe(1);
    expect(stack.columnDirection[1]).toBe(1);
  });

  it('uses the spacing that puts the end slices exactly on the grid', () => {
    // Gaps 1.004, 0.998, 0.998: within 0.01 mm; the end-to-end spacing is 1.
    expect(stackSlices(slicesAt([0, 1.004, 2.002, 3]), AXIAL).sliceSpacingMm).toBe(1);
  });

  it('accepts a gap 0.0099 mm off and refuses one 0.0101 mm off (1 mm slices)', () => {
    expect(() => stackSlices(slicesAt([0, 1, 2.0099, 3, 4]), AXIAL)).not.toThrow();
    const error = imagingErrorOf(
      () => stackSlices(slicesAt([0, 1, 2.0101, 3, 4]), AXIAL),
      'inconsistent-spacing',
    );
    expect(error.details.files).toEqual(['s1', 's2', 's2', 's3']);
  });

  it('reports every missing position, and irregular gaps before missing ones', () => {
    const missing = imagingErrorOf(() => stackSlices(slicesAt([0, 1, 4, 5]), AXIAL), 'missing-slice');
    expect(missing.details.missingPositionsMm).toEqual([2, 3]);
    const both = imagingErrorOf(
      () => stackSlices(slicesAt([0, 1, 2, 4, 5, 5.5, 6.5]), AXIAL),
      'inconsistent-spacing',
    );
    expect(both.message).toContain("also 1 slice missing between 's2' and 's3' (expected at 3 mm)");
  });

  it('treats a gap of more than ten spacings as irregular, not as nine missing slices', () => {
    expect(
      imagingErrorOf(() => stackSlices(slicesAt([0, 1, 2, 3, 13]), AXIAL), 'missing-slice').details
        .missingSlices,
    ).toBe(9);
    imagingErrorOf(() => stackSlices(slicesAt([0, 1, 2, 3, 14]), AXIAL), 'inconsistent-spacing');
  });

  it('refuses positions closer than 0.01 mm as duplicates', () => {
    const error = imagingErrorOf(() => stackSlices(slicesAt([0, 1, 1.005, 2]), AXIAL), 'duplicate-slice');
    expect(error.details.files).toEqual(['s1', 's2']);
  });

  it('refuses an in-plane shift beyond the tolerance and accepts one within it', () => {
    expect(() =>
      stackSlices(
        slicesAt([0, 1, 2], (k) => [0.004 * k, 0, 0]),
        AXIAL,
      ),
    ).not.toThrow();
    const error = imagingErrorOf(
      () =>
        stackSlices(
          slicesAt([0, 1, 2], (k) => [0.02 * k, 0, 0]),
          AXIAL,
        ),
      'unsupported-geometry',
    );
    expect(error.details.files).toEqual(['s0', 's1']);
  });

  it('refuses orientations that are not perpendicular unit vectors', () => {
    imagingErrorOf(() => stackSlices(slicesAt([0, 1]), [1, 0, 0, 0.1, 1, 0]), 'unsupported-geometry');
    imagingErrorOf(() => stackSlices(slicesAt([0, 1]), [2, 0, 0, 0, 1, 0]), 'unsupported-geometry');
    imagingErrorOf(() => stackSlices(slicesAt([0, 1]), [0, 0, 0, 0, 0, 0]), 'unsupported-geometry');
  });

  it('takes a single slice spacing from the caller, and refuses without one', () => {
    expect(stackSlices(slicesAt([7]), AXIAL, 2.5).sliceSpacingMm).toBe(2.5);
    imagingErrorOf(() => stackSlices(slicesAt([7]), AXIAL), 'unsupported-geometry');
    imagingErrorOf(() => stackSlices(slicesAt([7]), AXIAL, 0), 'unsupported-geometry');
  });

  it('orders 2 000 slices in well under a second', () => {
    const zs = Array.from({ length: 2000 }, (_, k) => ((k * 7919) % 2000) * 0.5);
    const started = performance.now();
    const stack = stackSlices(slicesAt(zs), AXIAL);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stack.sliceSpacingMm).toBe(0.5);
  });
});
