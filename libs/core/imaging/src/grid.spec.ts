import { assertSameGrid, compareGrids, DEFAULT_GRID_TOLERANCE } from './grid';
import { imagingErrorOf } from './testing/expect-imaging-error';
import type { ImageGrid } from './volume';

const image: ImageGrid = {
  dims: [48, 48, 24],
  spacingMm: [0.8, 0.9, 3.5],
  origin: [-120.5, 30.25, 12],
  direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
};

describe('compareGrids', () => {
  it('finds no difference between a grid and itself', () => {
    expect(compareGrids(image, image)).toEqual([]);
  });

  it('ignores float32 rounding of a grid stored in NIfTI', () => {
    const f = Math.fround;
    const rounded: ImageGrid = {
      ...image,
      spacingMm: [f(0.8), f(0.9), f(3.5)],
      origin: [f(-120.5000001), f(30.25), f(12)],
      direction: image.direction.map(f),
    };
    expect(compareGrids(image, rounded)).toEqual([]);
  });

  it('reports different dims with both sizes', () => {
    const [difference] = compareGrids(image, { ...image, dims: [48, 48, 23] });
    expect(difference).toEqual({
      attribute: 'dims',
      expected: [48, 48, 24],
      found: [48, 48, 23],
      difference: 1,
      tolerance: 0,
      message: 'size in voxels differs: image 48×48×24, mask 48×48×23',
    });
  });

  it('reports different spacing with values and tolerance, just beyond the tolerance', () => {
    expect(compareGrids(image, { ...image, spacingMm: [0.8, 0.9, 3.5 * (1 + 0.9e-4)] })).toEqual([]);
    const [difference] = compareGrids(image, { ...image, spacingMm: [0.8, 0.9, 3.5 * (1 + 1.1e-4)] });
    expect(difference?.attribute).toBe('spacingMm');
    expect(difference?.message).toMatch(
      /^voxel size differs: image \(0\.8, 0\.9, 3\.5\), mask \(0\.8, 0\.9, 3\.5004\) mm/,
    );
    expect(difference?.tolerance).toBe(DEFAULT_GRID_TOLERANCE.spacingRelative);
  });

  it('reports a shifted origin with the distance, both positions and the tolerance in mm', () => {
    // Tolerance: a thousandth of the smallest voxel side, 0.0008 mm.
    expect(compareGrids(image, { ...image, origin: [-120.5, 30.25, 12.0007] })).toEqual([]);
    const [difference] = compareGrids(image, { ...image, origin: [-120.5, 30.25, 15.5] });
    expect(difference?.message).toBe(
      'position differs by 3.5 mm: first voxel of the image at (-120.5, 30.25, 12), mask at (-120.5, 30.25, 15.5) ' +
        '(LPS mm, tolerance 0.0008 mm)',
    );
    expect(difference?.difference).toBeCloseTo(3.5, 12);
  });

  it('reports a flipped direction', () => {
    const [difference] = compareGrids(image, { ...image, direction: [1, 0, 0, 0, -1, 0, 0, 0, 1] });
    expect(difference?.attribute).toBe('direction');
    expect(difference?.difference).toBe(2);
    expect(difference?.message).toContain('may be flipped or rotated');
  });

  it('reports every difference at once, with custom labels and tolerance', () => {
    const other: ImageGrid = {
      dims: [1, 1, 1],
      spacingMm: [1, 1, 1],
      origin: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const differences = compareGrids(image, other, DEFAULT_GRID_TOLERANCE, {
      reference: 'CT',
      other: 'RTSTRUCT',
    });
    expect(differences.map((d) => d.attribute)).toEqual(['dims', 'spacingMm', 'origin', 'direction']);
    expect(differences[0]?.message).toBe('size in voxels differs: CT 48×48×24, RTSTRUCT 1×1×1');
    const loose = { spacingRelative: 1, originVoxelFraction: 1000, directionCosine: 2 };
    expect(compareGrids(image, { ...other, dims: image.dims }, loose)).toEqual([]);
  });

  it('treats NaN in a grid as a difference, never as a match', () => {
    expect(compareGrids(image, { ...image, origin: [Number.NaN, 0, 0] }).map((d) => d.attribute)).toEqual([
      'origin',
    ]);
    expect(compareGrids(image, { ...image, direction: [1, 0, 0] }).map((d) => d.attribute)).toEqual([
      'direction',
    ]);
  });
});

describe('assertSameGrid', () => {
  it('passes for the same grid', () => {
    expect(() => assertSameGrid(image, image)).not.toThrow();
  });

  it('throws grid-mismatch saying how the grids differ', () => {
    const error = imagingErrorOf(
      () => assertSameGrid(image, { ...image, dims: [48, 48, 23], origin: [-120.5, 30.25, 15.5] }),
      'grid-mismatch',
    );
    expect(error.message).toContain(
      "The mask does not lie on the image's voxel grid: size in voxels differs: image 48×48×24, mask 48×48×23; position differs by 3.5 mm",
    );
    expect(error.details.differences).toEqual([
      expect.objectContaining({ attribute: 'dims', expected: [48, 48, 24], found: [48, 48, 23] }),
      expect.objectContaining({ attribute: 'origin', tolerance: expect.closeTo(0.0008, 12) }),
    ]);
  });
});
