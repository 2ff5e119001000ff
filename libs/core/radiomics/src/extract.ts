import { gldzmFeatures } from './gldzm';
import { glcmFeatures } from './glcm';
import { glrlmFeatures } from './glrlm';
import { glszmFeatures } from './glszm';
import { intensityHistogramFeatures } from './intensity-histogram';
import { intensityStatisticsFeatures } from './intensity-statistics';
import { intensityVolumeHistogramFeatures } from './intensity-volume-histogram';
import { localIntensityFeatures } from './local-intensity';
import { morphologyFeatures } from './morphology';
import { ngldmFeatures } from './ngldm';
import { ngtdmFeatures } from './ngtdm';
import { prepareRoi, type PreprocessingSettings } from './preprocessing';
import type { FeatureFamily, FeatureValue, PreparedRoi, RoiVolume } from './types';

/** Every family, in the IBSI manual's order: the order of the extracted features. */
export const FAMILY_EXTRACTORS: readonly (readonly [FeatureFamily, (roi: PreparedRoi) => FeatureValue[]])[] =
  [
    ['morphology', (roi) => morphologyFeatures(roi)],
    ['local-intensity', localIntensityFeatures],
    ['intensity-statistics', intensityStatisticsFeatures],
    ['intensity-histogram', intensityHistogramFeatures],
    ['intensity-volume-histogram', intensityVolumeHistogramFeatures],
    ['glcm', (roi) => glcmFeatures(roi)],
    ['glrlm', (roi) => glrlmFeatures(roi)],
    ['glszm', glszmFeatures],
    ['gldzm', gldzmFeatures],
    ['ngtdm', ngtdmFeatures],
    ['ngldm', ngldmFeatures],
  ];

export interface ExtractionOptions {
  /** Only these families (default: all). */
  readonly families?: readonly FeatureFamily[];
  /** Milliseconds for the timings; `performance.now` unless given. Features never depend on it. */
  readonly clock?: () => number;
}

export interface Extraction {
  readonly features: FeatureValue[];
  /** Voxels in the intensity mask after pre-processing, and the number of grey levels. */
  readonly roi: {
    readonly voxels: number;
    readonly morphologicalVoxels: number;
    readonly greyLevels: number;
  };
  /** Time spent in pre-processing and in each family, in milliseconds. */
  readonly timings: readonly { readonly step: 'preprocessing' | FeatureFamily; readonly ms: number }[];
}

/**
 * IBSI radiomics of one region of interest: pre-processing (`prepareRoi`), then every feature family
 * with every aggregation IBSI defines, in the manual's order. Deterministic: the same volume, mask
 * and settings give the same values, bit for bit.
 *
 * @throws {RangeError} for invalid settings or an empty region of interest (after re-segmentation).
 */
export function extractFeatures(
  volume: RoiVolume,
  settings: PreprocessingSettings,
  options: ExtractionOptions = {},
): Extraction {
  const clock = options.clock ?? (() => performance.now());
  const timings: { step: 'preprocessing' | FeatureFamily; ms: number }[] = [];
  let started = clock();
  const roi = prepareRoi(volume, settings);
  timings.push({ step: 'preprocessing', ms: clock() - started });
  const voxels = count(roi.intensityMask);
  if (voxels === 0) {
    throw new RangeError(
      'the region of interest is empty after pre-processing (re-segmentation removed every voxel)',
    );
  }
  const features: FeatureValue[] = [];
  const wanted = options.families ? new Set(options.families) : null;
  for (const [family, extract] of FAMILY_EXTRACTORS) {
    if (wanted && !wanted.has(family)) continue;
    started = clock();
    features.push(...extract(roi));
    timings.push({ step: family, ms: clock() - started });
  }
  return {
    features,
    roi: { voxels, morphologicalVoxels: count(roi.morphologicalMask), greyLevels: roi.greyLevelCount },
    timings,
  };
}

function count(mask: Uint8Array): number {
  let total = 0;
  for (let index = 0; index < mask.length; index++) if (mask[index]) total++;
  return total;
}
