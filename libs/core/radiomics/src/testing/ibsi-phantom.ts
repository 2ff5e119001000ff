import phantom from '@prospect/fixtures/ibsi-digital-phantom/phantom-voxels.json';
import reference from '@prospect/fixtures/ibsi-digital-phantom/reference_values.json';
import type { FeatureValue, PreparedRoi, RoiVolume, TextureAggregation } from '../types';

/** The IBSI digital phantom (5×4×4 voxels of 2 mm, grey levels 1–6 in the ROI) as a RoiVolume. */
export function ibsiPhantom(): RoiVolume {
  return {
    dims: phantom.dims as [number, number, number],
    spacingMm: phantom.spacingMm as [number, number, number],
    image: Float64Array.from(phantom.image),
    mask: Uint8Array.from(phantom.mask),
  };
}

/**
 * The phantom as IBSI prescribes for its reference values: no resampling, no re-segmentation, no
 * discretisation (the grey levels 1–6 are the levels; Ng = 6).
 */
export function preparedIbsiPhantom(): PreparedRoi {
  const roi = ibsiPhantom();
  const intensities = Float64Array.from(roi.image);
  const levels = new Int32Array(intensities.length);
  roi.mask.forEach((inside, index) => {
    levels[index] = inside ? (intensities[index] as number) : 0;
  });
  return {
    dims: roi.dims,
    spacingMm: roi.spacingMm,
    intensities,
    morphologicalMask: roi.mask,
    intensityMask: roi.mask,
    levels,
    greyLevelCount: 6,
    binning: { minimum: 0.5, width: 1 },
  };
}

export interface ReferenceValue {
  readonly family: string;
  readonly feature: string;
  readonly ibsi: string | null;
  readonly aggregation: TextureAggregation | null;
  readonly value: number;
  readonly valueText: string;
  /** The manual's tolerance; null where it lists none (compare to the printed 3 significant digits). */
  readonly tolerance: number | null;
  readonly consensus: string;
}

interface RawFeature {
  family: string;
  feature: string;
  ibsi_code: string | null;
  digital_phantom: {
    aggregation: string | null;
    value: number;
    value_text: string;
    tolerance: number | null;
    consensus: string;
  }[];
}

/** Every consensus value of the IBSI 1 manual for the digital phantom (`reference_values.json`). */
export const IBSI_PHANTOM_REFERENCE: readonly ReferenceValue[] = (reference.features as RawFeature[]).flatMap(
  (feature) =>
    feature.digital_phantom.map((value) => ({
      family: feature.family,
      feature: feature.feature,
      ibsi: feature.ibsi_code || null,
      aggregation: value.aggregation as TextureAggregation | null,
      value: value.value,
      valueText: value.value_text,
      tolerance: value.tolerance,
      consensus: value.consensus,
    })),
);

/**
 * The reference values of one manual family (its name as in `reference_values.json`, e.g.
 * `Grey level co-occurrence based features`).
 */
export function referenceValuesOf(family: string): ReferenceValue[] {
  return IBSI_PHANTOM_REFERENCE.filter((value) => value.family === family);
}

/**
 * Whether a computed value matches a reference value: within the manual's tolerance, or, where it
 * lists none, equal when rounded to the printed significant digits.
 */
export function matchesReference(computed: number, reference: ReferenceValue): boolean {
  if (reference.tolerance !== null)
    return Math.abs(computed - reference.value) <= reference.tolerance + 1e-12;
  const digits = significantDigits(reference.valueText);
  return Number(computed.toPrecision(digits)) === Number(reference.value.toPrecision(digits));
}

/**
 * Significant digits of a value as the manual prints it: plain (`0.0121`, `556`) or in its
 * reStructuredText math (`:math:\`-\`\\ 0.0121`, `:math:\`1.49 \\times 10^{3}\``).
 */
export function significantDigits(text: string): number {
  const mantissa = /(\d+(?:\.\d+)?)(?:\s*\\times\s*10\^\{-?\d+\})?`?\s*$/.exec(text)?.[1];
  if (mantissa === undefined) throw new Error(`unreadable reference value text ${JSON.stringify(text)}`);
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  return Math.max(1, digits.length);
}

/** The computed value for a reference value (by IBSI code, or name when the manual gives no code, and aggregation). */
export function computedFor(
  features: readonly FeatureValue[],
  reference: ReferenceValue,
): FeatureValue | undefined {
  return features.find(
    (feature) =>
      (reference.ibsi ? feature.ibsi === reference.ibsi : feature.name === reference.feature) &&
      (feature.aggregation ?? null) === reference.aggregation,
  );
}
