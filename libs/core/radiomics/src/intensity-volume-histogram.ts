import { greyLevelHistogram } from './intensity-histogram';
import type { FeatureValue, PreparedRoi } from './types';

const FAMILY = 'intensity-volume-histogram';

/**
 * IBSI 1 intensity-volume histogram features (P88C) with digital-phantom reference values: V10, V90,
 * I10, I90, V10 − V90, I10 − I90. (The area under the IVH curve has none and is not computed.)
 *
 * The IVH is evaluated at every grey level 1..Ng (absent levels included):
 * - with fixed bin size (`roi.binning` set) the levels stand for their bin centres
 *   minimum + (level − 0.5) · width, the range is G = [first centre, centre of level Ng] and w_d is
 *   the bin width ("continuous calibrated intensities");
 * - otherwise the levels are the intensities (fixed bin number, arbitrary units; or no
 *   discretisation of integer intensities): G = [1, Ng], w_d = 1.
 *
 * ν(i) is the fraction of voxels with intensity ≥ i and γ(i) = (i − min G) / (max G − min G).
 * V_x is ν at the lowest i with γ(i) ≥ x; I_x is the lowest i with ν(i) ≤ x (max G + w_d when even
 * the highest level fills more than x of the volume). Comparisons are done in integers (counts and
 * level indices), so fractions such as 10 % are exact. NaN when Ng = 1 (γ is undefined) or the
 * intensity mask is empty.
 */
export function intensityVolumeHistogramFeatures(roi: PreparedRoi): FeatureValue[] {
  const ng = roi.greyLevelCount;
  const counts = greyLevelHistogram(roi);
  // atLeast[level] = voxels with grey level ≥ level, for level 1..Ng + 1.
  const atLeast = new Float64Array(ng + 2);
  for (let level = ng; level >= 1; level--)
    atLeast[level] = (atLeast[level + 1] as number) + (counts[level] as number);
  const total = atLeast[1] as number;
  const width = roi.binning?.width ?? 1;
  const first = roi.binning ? roi.binning.minimum + 0.5 * roi.binning.width : 1;
  const intensityOf = (level: number): number => first + (level - 1) * width;

  const defined = ng >= 2 && total > 0;
  /** ν at the lowest level with γ ≥ percent %. */
  const volumeAt = (percent: number): number => {
    if (!defined) return NaN;
    // γ(level) = (level − 1) / (Ng − 1) ≥ percent / 100.
    const level = 1 + Math.ceil((percent * (ng - 1)) / 100);
    return (atLeast[level] as number) / total;
  };
  /** The intensity of the lowest level with ν ≤ percent %. */
  const intensityAt = (percent: number): number => {
    if (!defined) return NaN;
    let level = 1;
    while (level <= ng && (atLeast[level] as number) * 100 > percent * total) level++;
    return intensityOf(level);
  };
  const v10 = volumeAt(10);
  const v90 = volumeAt(90);
  const i10 = intensityAt(10);
  const i90 = intensityAt(90);
  const feature = (name: string, ibsi: string, value: number): FeatureValue => ({
    family: FAMILY,
    name,
    ibsi,
    value,
  });
  return [
    feature('Volume at intensity fraction (V10)', 'BC2M', v10),
    feature('Volume at intensity fraction (V90)', 'BC2M', v90),
    feature('Intensity at volume fraction (I10)', 'GBPN', i10),
    feature('Intensity at volume fraction (I90)', 'GBPN', i90),
    feature('Volume fraction difference between intensity fractions (V10 − V90)', 'DDTU', v10 - v90),
    feature('Intensity fraction difference between volume fractions (I10 − I90)', 'CNV2', i10 - i90),
  ];
}
