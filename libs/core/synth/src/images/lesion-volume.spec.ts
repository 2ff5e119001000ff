import { createRandom } from '../random';
import { encodeNifti1 } from './nifti';
import { synthesizeBaselineImage, type BaselineImage } from './lesion-volume';

/** Byte equality without Jest's element-by-element diffing, which is slow on volumes. */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  order.forEach(({ index }, rank) => (result[index] = rank));
  return result;
}

const spearman = (xs: readonly number[], ys: readonly number[]) => pearson(ranks(xs), ranks(ys));

/** Mean and SD inside the mask, and the mean outside it. */
function stats({ image, mask }: BaselineImage) {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let backgroundSum = 0;
  for (let i = 0; i < image.data.length; i++) {
    const value = image.data[i] as number;
    if (mask.data[i]) {
      n++;
      sum += value;
      sumSq += value * value;
    } else backgroundSum += value;
  }
  const mean = sum / n;
  return {
    lesionMean: mean,
    lesionSd: Math.sqrt((sumSq - n * mean * mean) / (n - 1)),
    backgroundMean: backgroundSum / (image.data.length - n),
  };
}

describe('synthesizeBaselineImage', () => {
  it('is deterministic for a random stream and defaults to 48 × 48 × 24 at 2 × 2 × 4 mm', () => {
    const first = synthesizeBaselineImage(createRandom('img').fork('patient-0'), { imagingMarker: 0.3 });
    const again = synthesizeBaselineImage(createRandom('img').fork('patient-0'), { imagingMarker: 0.3 });
    const other = synthesizeBaselineImage(createRandom('img').fork('patient-1'), { imagingMarker: 0.3 });
    expect(first.image.dims).toEqual([48, 48, 24]);
    expect(first.image.spacingMm).toEqual([2, 2, 4]);
    expect(first.mask.dims).toEqual([48, 48, 24]);
    expect(first.image.data.length).toBe(48 * 48 * 24);
    expect(sameBytes(encodeNifti1(again.image), encodeNifti1(first.image))).toBe(true);
    expect(sameBytes(encodeNifti1(again.mask), encodeNifti1(first.mask))).toBe(true);
    expect(again.lesionVoxels).toBe(first.lesionVoxels);
    expect(sameBytes(other.image.data, first.image.data)).toBe(false);
  });

  it('changes only the lesion when only the marker changes', () => {
    const low = synthesizeBaselineImage(createRandom('img').fork('p'), { imagingMarker: -1 });
    const high = synthesizeBaselineImage(createRandom('img').fork('p'), { imagingMarker: 1 });
    expect(sameBytes(high.mask.data, low.mask.data)).toBe(true);
    const changedOutside = low.image.data.filter((v, i) => !low.mask.data[i] && high.image.data[i] !== v);
    expect(changedOutside.length).toBe(0);
    expect(stats(high).lesionMean).toBeGreaterThan(stats(low).lesionMean);
  });

  it('masks lesionVoxels voxels, an ellipsoid fully inside the volume, over plausible intensities', () => {
    const random = createRandom('bounds');
    for (let p = 0; p < 24; p++) {
      const dims: [number, number, number] = p % 4 ? [21, 24, 6] : [48, 48, 24];
      const result = synthesizeBaselineImage(random.fork(`p-${p}`), { imagingMarker: random.normal(), dims });
      const [nx, ny, nz] = dims;
      let ones = 0;
      let notBinary = 0;
      const min = [nx, ny, nz];
      const max = [-1, -1, -1];
      result.mask.data.forEach((value, index) => {
        if (value > 1) notBinary++;
        if (!value) return;
        ones++;
        const xyz = [index % nx, Math.floor(index / nx) % ny, Math.floor(index / (nx * ny))];
        xyz.forEach((c, axis) => {
          min[axis] = Math.min(min[axis] as number, c);
          max[axis] = Math.max(max[axis] as number, c);
        });
      });
      expect(notBinary).toBe(0);
      expect(ones).toBe(result.lesionVoxels);
      expect(min.every((c) => c >= 1)).toBe(true);
      expect(max.every((c, axis) => c <= (dims[axis] as number) - 2)).toBe(true);
      // In-plane radii 4–9 voxels: the lesion spans 7–19 voxels in x and y.
      for (const axis of [0, 1]) {
        const span = (max[axis] as number) - (min[axis] as number) + 1;
        expect(span).toBeGreaterThanOrEqual(7);
        expect(span).toBeLessThanOrEqual(19);
      }
      const { backgroundMean } = stats(result);
      expect(backgroundMean).toBeGreaterThan(380);
      expect(backgroundMean).toBeLessThan(520);
    }
  });

  it('rejects a non-finite marker, too small a grid and bad spacing', () => {
    const random = createRandom('bad');
    expect(() => synthesizeBaselineImage(random, { imagingMarker: Number.NaN })).toThrow(RangeError);
    expect(() => synthesizeBaselineImage(random, { imagingMarker: 0, dims: [20, 48, 24] })).toThrow(
      RangeError,
    );
    expect(() => synthesizeBaselineImage(random, { imagingMarker: 0, dims: [48, 48, 5] })).toThrow(
      RangeError,
    );
    expect(() => synthesizeBaselineImage(random, { imagingMarker: 0, spacingMm: [2, -2, 4] })).toThrow(
      RangeError,
    );
  });

  it('carries the marker in lesion intensity (up) and texture (down), not in the background', () => {
    // A smaller grid than the default keeps 300 patients fast; the lesion model does not depend on it.
    const dims: [number, number, number] = [28, 28, 10];
    const cohort = createRandom('radiomics-signal');
    const markers: number[] = [];
    const lesionMeans: number[] = [];
    const lesionSds: number[] = [];
    const backgroundMeans: number[] = [];
    for (let p = 0; p < 300; p++) {
      const imagingMarker = cohort.normal();
      const s = stats(synthesizeBaselineImage(cohort.fork(`patient-${p}`), { imagingMarker, dims }));
      markers.push(imagingMarker);
      lesionMeans.push(s.lesionMean);
      lesionSds.push(s.lesionSd);
      backgroundMeans.push(s.backgroundMean);
    }
    const r = {
      meanPearson: pearson(markers, lesionMeans),
      meanSpearman: spearman(markers, lesionMeans),
      sdPearson: pearson(markers, lesionSds),
      sdSpearman: spearman(markers, lesionSds),
      backgroundPearson: pearson(markers, backgroundMeans),
      backgroundSpearman: spearman(markers, backgroundMeans),
    };
    expect(r.meanPearson).toBeGreaterThan(0.6);
    expect(r.meanSpearman).toBeGreaterThan(0.6);
    // Real but imperfect: the marker does not determine the image.
    expect(r.meanPearson).toBeLessThan(0.95);
    expect(r.sdPearson).toBeLessThan(-0.6);
    expect(r.sdSpearman).toBeLessThan(-0.6);
    expect(Math.abs(r.backgroundPearson)).toBeLessThan(0.2);
    expect(Math.abs(r.backgroundSpearman)).toBeLessThan(0.2);
  });
});
