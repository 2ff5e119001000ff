import { intensityHistogramFeatures } from './intensity-histogram';
import { intensityStatisticsFeatures } from './intensity-statistics';
import { intensityVolumeHistogramFeatures } from './intensity-volume-histogram';
import { localIntensityFeatures } from './local-intensity';
import { morphologyFeatures } from './morphology';
import {
  discretise,
  maskBoundingBox,
  prepareRoi,
  validatePreprocessingSettings,
  type PreprocessingSettings,
} from './preprocessing';
import { ibsiPhantom, preparedIbsiPhantom } from './testing/ibsi-phantom';
import type { RoiVolume, Vec3 } from './types';

const NONE: PreprocessingSettings = { discretisation: { method: 'none' } };

function row(values: readonly number[], mask?: readonly number[]): RoiVolume {
  return {
    dims: [values.length, 1, 1],
    spacingMm: [1, 1, 1],
    image: Float64Array.from(values),
    mask: Uint8Array.from(mask ?? values.map(() => 1)),
  };
}

function levelsOf(
  values: readonly number[],
  settings: PreprocessingSettings,
  mask?: readonly number[],
): number[] {
  return Array.from(prepareRoi(row(values, mask), settings).levels);
}

describe('settings validation', () => {
  it.each<[string, PreprocessingSettings]>([
    ['binWidth must be positive', { discretisation: { method: 'fixed-bin-size', binWidth: 0 } }],
    ['binWidth must be positive', { discretisation: { method: 'fixed-bin-size', binWidth: NaN } }],
    [
      'binCount must be a positive integer',
      { discretisation: { method: 'fixed-bin-number', binCount: 2.5 } },
    ],
    ['binCount must be a positive integer', { discretisation: { method: 'fixed-bin-number', binCount: 0 } }],
    ['resampledSpacingMm must be three positive finite numbers', { ...NONE, resampledSpacingMm: [1, 0, 1] }],
    ['maskThreshold must be in (0, 1]', { ...NONE, maskThreshold: 0 }],
    ['maskThreshold must be in (0, 1]', { ...NONE, maskThreshold: 1.5 }],
    [
      'resegmentationRange.min must not exceed resegmentationRange.max',
      { ...NONE, resegmentationRange: { min: 3, max: 2 } },
    ],
    ['resegmentationRange.min must be a number', { ...NONE, resegmentationRange: { min: NaN } }],
    ['cropMarginMm must be zero or positive', { ...NONE, cropMarginMm: -1 }],
  ])('rejects with "%s"', (message, settings) => {
    expect(() => validatePreprocessingSettings(settings)).toThrow(new RangeError(message));
    expect(() => prepareRoi(row([1, 2]), settings)).toThrow(new RangeError(message));
  });

  it('accepts the IBSI configurations', () => {
    expect(() =>
      validatePreprocessingSettings({
        resampledSpacingMm: [2, 2, 2],
        roundIntensities: true,
        resegmentationRange: { min: -500, max: 400 },
        outlierFiltering: false,
        discretisation: { method: 'fixed-bin-size', binWidth: 25 },
      }),
    ).not.toThrow();
    expect(() =>
      validatePreprocessingSettings({
        resegmentationRange: { min: -1000 },
        discretisation: { method: 'fixed-bin-number', binCount: 32 },
      }),
    ).not.toThrow();
  });

  it('rejects inconsistent or empty ROIs', () => {
    expect(() => prepareRoi({ ...row([1, 2]), mask: Uint8Array.from([1]) }, NONE)).toThrow(
      new RangeError('roi.mask length must equal the product of roi.dims'),
    );
    expect(() => prepareRoi(row([1, 2], [0, 0]), NONE)).toThrow(new RangeError('roi.mask holds no voxel'));
    expect(() => prepareRoi(row([1, 2]), { ...NONE, resegmentationRange: { min: 5 } })).toThrow(
      new RangeError('resegmentationRange leaves no voxel in the intensity mask'),
    );
  });
});

describe('discretisation', () => {
  it('fixed bin number: ⌊Ng (X − min)/(max − min)⌋ + 1, the maximum in bin Ng', () => {
    expect(
      levelsOf([0, 1, 2, 3, 4], { discretisation: { method: 'fixed-bin-number', binCount: 4 } }),
    ).toEqual([1, 2, 3, 4, 4]);
    expect(levelsOf([1, 2.5, 3, 7], { discretisation: { method: 'fixed-bin-number', binCount: 3 } })).toEqual(
      [1, 1, 2, 3],
    );
    const prepared = prepareRoi(row([1, 2.5, 3, 7]), {
      discretisation: { method: 'fixed-bin-number', binCount: 3 },
    });
    expect(prepared.greyLevelCount).toBe(3);
    expect(prepared.binning).toBeUndefined();
    // A constant ROI has no width: level 1.
    expect(levelsOf([5, 5], { discretisation: { method: 'fixed-bin-number', binCount: 8 } })).toEqual([1, 1]);
  });

  it('fixed bin size: from the ROI minimum, or from the re-segmentation range, with its binning', () => {
    const fromMinimum = prepareRoi(row([-3, -1, 0, 2.4, 5]), {
      discretisation: { method: 'fixed-bin-size', binWidth: 2.5 },
    });
    expect(Array.from(fromMinimum.levels)).toEqual([1, 1, 2, 3, 4]);
    expect(fromMinimum.greyLevelCount).toBe(4);
    expect(fromMinimum.binning).toEqual({ minimum: -3, width: 2.5 });
    const fromRange = prepareRoi(row([-3, -1, 0, 2.4, 5]), {
      resegmentationRange: { min: -5, max: 10 },
      discretisation: { method: 'fixed-bin-size', binWidth: 2.5 },
    });
    expect(Array.from(fromRange.levels)).toEqual([1, 2, 3, 3, 5]);
    // The range's upper bound sets Ng: ⌊15 / 2.5⌋ + 1.
    expect(fromRange.greyLevelCount).toBe(7);
    expect(fromRange.binning).toEqual({ minimum: -5, width: 2.5 });
  });

  it('none: integer intensities ≥ 1 are the levels', () => {
    const prepared = prepareRoi(row([3, 1, 6]), NONE);
    expect(Array.from(prepared.levels)).toEqual([3, 1, 6]);
    expect(prepared.greyLevelCount).toBe(6);
    expect(() => prepareRoi(row([1, 2.5]), NONE)).toThrow(
      new RangeError('discretisation none needs integer intensities in the ROI'),
    );
    expect(() => prepareRoi(row([0, 2]), NONE)).toThrow(
      new RangeError('discretisation none needs intensities ≥ 1 in the ROI'),
    );
  });

  it('leaves voxels outside the intensity mask at level 0', () => {
    const result = discretise(Float64Array.from([9, 1, 2]), Uint8Array.from([0, 1, 1]), {
      method: 'fixed-bin-number',
      binCount: 2,
    });
    expect(Array.from(result.levels)).toEqual([0, 1, 2]);
  });
});

describe('re-segmentation', () => {
  it('removes voxels outside the range from the intensity mask only', () => {
    const prepared = prepareRoi(row([-1000, 10, 20, 3000]), {
      resegmentationRange: { min: -500, max: 400 },
      discretisation: { method: 'fixed-bin-size', binWidth: 25 },
    });
    expect(Array.from(prepared.morphologicalMask)).toEqual([1, 1, 1, 1]);
    expect(Array.from(prepared.intensityMask)).toEqual([0, 1, 1, 0]);
    expect(Array.from(prepared.levels)).toEqual([0, 21, 21, 0]);
  });

  it('keeps an open-ended range', () => {
    const prepared = prepareRoi(row([1, 2, 3]), { ...NONE, resegmentationRange: { min: 2 } });
    expect(Array.from(prepared.intensityMask)).toEqual([0, 1, 1]);
  });

  it('filters outliers beyond mean ± 3 SD', () => {
    const values = [...new Array<number>(20).fill(10), 1000];
    const prepared = prepareRoi(row(values), { ...NONE, outlierFiltering: true });
    expect(Array.from(prepared.intensityMask)).toEqual([...new Array<number>(20).fill(1), 0]);
    expect(Array.from(prepared.morphologicalMask)).toEqual(new Array<number>(21).fill(1));
  });
});

describe('resampling (align grid centres, trilinear)', () => {
  it('resamples a 2×2×2 ramp to 1 mm: grid positions −0.25, 0.25, 0.75, 1.25, edge values extrapolated', () => {
    const image: number[] = [];
    for (let z = 0; z < 2; z++)
      for (let y = 0; y < 2; y++) for (let x = 0; x < 2; x++) image.push(x + 2 * y + 4 * z);
    const prepared = prepareRoi(
      {
        dims: [2, 2, 2],
        spacingMm: [2, 2, 2],
        image: Float64Array.from(image),
        mask: new Uint8Array(8).fill(1),
      },
      { ...NONE, discretisation: { method: 'fixed-bin-number', binCount: 4 }, resampledSpacingMm: [1, 1, 1] },
    );
    expect(prepared.dims).toEqual([4, 4, 4]);
    expect(prepared.spacingMm).toEqual([1, 1, 1]);
    const clamped = [0, 0.25, 0.75, 1];
    for (let z = 0; z < 4; z++)
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++)
          expect(prepared.intensities[x + 4 * (y + 4 * z)]).toBeCloseTo(
            (clamped[x] as number) + 2 * (clamped[y] as number) + 4 * (clamped[z] as number),
            12,
          );
    expect(Array.from(prepared.morphologicalMask).every((inside) => inside === 1)).toBe(true);
  });

  it('interpolates the mask trilinearly and keeps fractions ≥ 0.5', () => {
    // 4 voxels of 2 mm → 8 of 1 mm at −0.25, 0.25, …, 3.25: mask fractions 0, .25, .75, .75, .25, 0, 0, 0.
    const prepared = prepareRoi(
      {
        dims: [4, 1, 1],
        spacingMm: [2, 1, 1],
        image: Float64Array.from([0, 10, 20, 30]),
        mask: Uint8Array.from([0, 1, 0, 0]),
      },
      { ...NONE, discretisation: { method: 'fixed-bin-number', binCount: 2 }, resampledSpacingMm: [1, 1, 1] },
    );
    expect(prepared.dims).toEqual([8, 1, 1]);
    expect(Array.from(prepared.morphologicalMask)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect(prepared.intensities[2]).toBeCloseTo(7.5, 12);
    expect(prepared.intensities[3]).toBeCloseTo(12.5, 12);
    expect(() =>
      prepareRoi(
        {
          dims: [4, 1, 1],
          spacingMm: [2, 1, 1],
          image: Float64Array.from([0, 10, 20, 30]),
          mask: Uint8Array.from([0, 1, 0, 0]),
        },
        { ...NONE, resampledSpacingMm: [1, 1, 1], maskThreshold: 0.8 },
      ),
    ).toThrow(new RangeError('resampledSpacingMm and maskThreshold leave no voxel in the ROI'));
  });

  it('rounds intensities when asked (CT)', () => {
    const prepared = prepareRoi(
      {
        dims: [2, 1, 1],
        spacingMm: [3, 1, 1],
        image: Int16Array.from([0, 1]),
        mask: Uint8Array.from([1, 1]),
      },
      {
        discretisation: { method: 'fixed-bin-number', binCount: 2 },
        resampledSpacingMm: [1, 1, 1],
        roundIntensities: true,
      },
    );
    // 6 voxels at −1/3, 0, 1/3, 2/3, 1, 4/3 (original grid units), clamped to [0, 1], rounded.
    expect(Array.from(prepared.intensities)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('preserves the volume of a resampled sphere', () => {
    const dims: Vec3 = [40, 40, 20];
    const mask = new Uint8Array(40 * 40 * 20);
    const image = new Float64Array(mask.length);
    for (let z = 0, index = 0; z < 20; z++)
      for (let y = 0; y < 40; y++)
        for (let x = 0; x < 40; x++, index++) {
          mask[index] = (x - 19.5) ** 2 + (y - 19.5) ** 2 + ((z - 9.5) * 2) ** 2 <= 15 * 15 ? 1 : 0;
          image[index] = 100;
        }
    const roi: RoiVolume = { dims, spacingMm: [1, 1, 2], image, mask };
    const original = prepareRoi(roi, { discretisation: { method: 'fixed-bin-number', binCount: 2 } });
    const resampled = prepareRoi(roi, {
      discretisation: { method: 'fixed-bin-number', binCount: 2 },
      resampledSpacingMm: [1.5, 1.5, 1.5],
    });
    // (A small autocorrelation sample: only the volume is read.)
    const volume = (prepared: typeof original): number =>
      morphologyFeatures(prepared, { autocorrelationExactLimit: 64 }).find(
        (feature) => feature.ibsi === 'RNU0',
      )?.value ?? NaN;
    expect(Math.abs(volume(resampled) / volume(original) - 1)).toBeLessThan(0.05);
    expect(Math.abs(volume(original) / ((4 / 3) * Math.PI * 15 ** 3) - 1)).toBeLessThan(0.03);
  });
});

describe('cropping', () => {
  it('crops to the bounding box plus the margin without changing the features', () => {
    const dims: Vec3 = [60, 50, 30];
    const image = new Float64Array(60 * 50 * 30);
    const mask = new Uint8Array(image.length);
    for (let z = 0, index = 0; z < 30; z++)
      for (let y = 0; y < 50; y++)
        for (let x = 0; x < 60; x++, index++) {
          image[index] = Math.round(50 + 40 * Math.sin(x / 3) * Math.cos(y / 4) + z);
          mask[index] = (x - 30) ** 2 + (y - 25) ** 2 + (z - 15) ** 2 <= 36 ? 1 : 0;
        }
    const roi: RoiVolume = { dims, spacingMm: [1, 1, 1], image, mask };
    expect(maskBoundingBox(mask, dims)).toEqual([24, 36, 19, 31, 9, 21]);
    const settings: PreprocessingSettings = { discretisation: { method: 'fixed-bin-size', binWidth: 5 } };
    const cropped = prepareRoi(roi, settings);
    expect(cropped.dims).toEqual([33, 33, 30]);
    const uncropped = prepareRoi(roi, { ...settings, cropMarginMm: 1000 });
    expect(uncropped.dims).toEqual(dims);
    for (const family of [
      morphologyFeatures,
      localIntensityFeatures,
      intensityStatisticsFeatures,
      intensityHistogramFeatures,
      intensityVolumeHistogramFeatures,
    ]) {
      const reference = family(uncropped);
      family(cropped).forEach((feature, k) => {
        const other = reference[k];
        expect(other?.ibsi).toBe(feature.ibsi);
        expect(Math.abs(feature.value - (other?.value ?? NaN))).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(feature.value)),
        );
      });
    }
  });
});

describe('the IBSI digital phantom', () => {
  it('prepares as the manual prescribes: no discretisation, or bins of 1 from 0.5', () => {
    const expected = preparedIbsiPhantom();
    const none = prepareRoi(ibsiPhantom(), NONE);
    expect(none.dims).toEqual(expected.dims);
    expect(Array.from(none.levels)).toEqual(Array.from(expected.levels));
    expect(none.greyLevelCount).toBe(6);
    const bins = prepareRoi(ibsiPhantom(), {
      resegmentationRange: { min: 0.5 },
      discretisation: { method: 'fixed-bin-size', binWidth: 1 },
    });
    expect(Array.from(bins.levels)).toEqual(Array.from(expected.levels));
    expect(bins.greyLevelCount).toBe(6);
    expect(bins.binning).toEqual({ minimum: 0.5, width: 1 });
    expect(intensityVolumeHistogramFeatures(bins)).toEqual(intensityVolumeHistogramFeatures(expected));
    const fixedBinNumber = prepareRoi(ibsiPhantom(), {
      discretisation: { method: 'fixed-bin-number', binCount: 6 },
    });
    expect(Array.from(fixedBinNumber.levels)).toEqual(Array.from(expected.levels));
  });
});
