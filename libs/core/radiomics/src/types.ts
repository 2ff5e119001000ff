/** x, y, z. */
export type Vec3 = readonly [number, number, number];

/**
 * A region of interest on a regular grid, x fastest: voxel (x, y, z) is index `x + nx * (y + ny * z)`.
 * Slices (for 2D and 2.5D aggregation) are planes of constant z.
 */
export interface RoiVolume {
  readonly dims: Vec3;
  /** Voxel size in millimetres along x, y, z. */
  readonly spacingMm: Vec3;
  /** Intensities of every voxel of the grid (after any rescale), not only the ROI's. */
  readonly image: Float32Array | Float64Array | Int16Array | Int32Array | Uint16Array | Uint8Array;
  /** 1 inside the region of interest, 0 outside; same length as `image`. */
  readonly mask: Uint8Array;
}

/**
 * The ROI after IBSI pre-processing (resampling, re-segmentation, discretisation): what every
 * feature family reads.
 */
export interface PreparedRoi {
  readonly dims: Vec3;
  readonly spacingMm: Vec3;
  /** Intensities of every voxel of the (resampled) grid. */
  readonly intensities: Float64Array;
  /** The ROI as delineated (after resampling): morphological features use it. */
  readonly morphologicalMask: Uint8Array;
  /** The ROI after re-segmentation: intensity and texture features use it. */
  readonly intensityMask: Uint8Array;
  /** Discretised grey levels 1..greyLevelCount inside `intensityMask`, 0 outside. */
  readonly levels: Int32Array;
  /** Number of grey levels Ng of the discretisation (levels may be absent from the ROI). */
  readonly greyLevelCount: number;
  /**
   * Intensity of the lower edge of bin 1 and the bin width, for fixed bin size (the intensity-volume
   * histogram needs them); undefined for fixed bin number or no discretisation.
   */
  readonly binning?: { readonly minimum: number; readonly width: number };
}

/** IBSI feature families, with their IBSI family codes. */
export const FEATURE_FAMILIES = {
  morphology: 'HCUG',
  'local-intensity': '9ST6',
  'intensity-statistics': 'UHIW',
  'intensity-histogram': 'ZVCW',
  'intensity-volume-histogram': 'P88C',
  glcm: 'LFYI',
  glrlm: 'TP0I',
  glszm: '9SAK',
  gldzm: 'VMDZ',
  ngtdm: 'IPET',
  ngldm: 'REK0',
} as const;
export type FeatureFamily = keyof typeof FEATURE_FAMILIES;

/**
 * IBSI aggregation methods. GLCM and GLRLM have six; GLSZM, GLDZM, NGTDM and NGLDM have three
 * ('2D', '2.5D', '3D'). Non-texture features have none.
 */
export const TEXTURE_AGGREGATIONS = [
  '2D, averaged',
  '2D, slice-merged',
  '2.5D, direction-merged',
  '2.5D, merged',
  '3D, averaged',
  '3D, merged',
  '2D',
  '2.5D',
  '3D',
] as const;
export type TextureAggregation = (typeof TEXTURE_AGGREGATIONS)[number];

/** One feature value, named as in the IBSI 1 reference manual. */
export interface FeatureValue {
  readonly family: FeatureFamily;
  /** The manual's feature name, e.g. `Joint maximum`. */
  readonly name: string;
  /** The manual's four-character feature code, e.g. `GYBY`. */
  readonly ibsi: string;
  /** Texture features only. */
  readonly aggregation?: TextureAggregation;
  /** NaN when the feature is undefined for this ROI (e.g. a zero variance denominator). */
  readonly value: number;
}
