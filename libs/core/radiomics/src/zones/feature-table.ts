import type { FeatureFamily, FeatureValue } from '../types';

/** The aggregations of the GLSZM, GLDZM, NGTDM and NGLDM, in output order. */
export const ZONE_AGGREGATIONS = ['2D', '2.5D', '3D'] as const;
export type ZoneAggregation = (typeof ZONE_AGGREGATIONS)[number];

/** A feature's name in the IBSI 1 manual, its code, and its index in the computed value vectors. */
export interface FeatureSpec {
  readonly name: string;
  readonly ibsi: string;
  readonly index: number;
}

/**
 * The mean, feature by feature, of per-slice feature vectors (IBSI '2D': features computed per slice,
 * then averaged over the slices that have any). All NaN when there are none.
 */
export function averageOverSlices(perSlice: readonly Float64Array[], featureCount: number): Float64Array {
  const mean = new Float64Array(featureCount);
  if (perSlice.length === 0) return mean.fill(Number.NaN);
  for (const values of perSlice)
    for (let f = 0; f < featureCount; f++) mean[f] = (mean[f] as number) + (values[f] as number);
  for (let f = 0; f < featureCount; f++) mean[f] = (mean[f] as number) / perSlice.length;
  return mean;
}

/**
 * The FeatureValues of one family: for each aggregation in {@link ZONE_AGGREGATIONS} order, every
 * feature of `specs`, its value at `spec.index` of that aggregation's vector.
 */
export function featureValues(
  family: FeatureFamily,
  specs: readonly FeatureSpec[],
  values: Readonly<Record<ZoneAggregation, Float64Array>>,
): FeatureValue[] {
  return ZONE_AGGREGATIONS.flatMap((aggregation) =>
    specs.map((spec) => ({
      family,
      name: spec.name,
      ibsi: spec.ibsi,
      aggregation,
      value: values[aggregation][spec.index] as number,
    })),
  );
}
