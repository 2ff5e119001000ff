import type { FeatureFamily, FeatureValue, TextureAggregation } from './types';

/**
 * PyRadiomics CSV output as IBSI features.
 *
 * Sites that compute radiomics with PyRadiomics send its CSV; models take inputs by IBSI code. This
 * module maps PyRadiomics' feature columns (`<imageType>_<featureClass>_<FeatureName>`, e.g.
 * `original_glcm_JointEntropy`) to IBSI 1 features, converting values where the definitions differ
 * by an exact formula, and says why every other column has no IBSI equivalent.
 *
 * What a mapping does and does not promise: the IBSI *definition* of the feature is the same (after
 * the conversion). Whether the value equals this library's value for the same scan also depends on
 * the pre-processing (resampling, re-segmentation, discretisation), which PyRadiomics does its own
 * way (e.g. fixed-bin-width edges at multiples of the width from 0, corner-aligned resampling) and
 * the model card's `radiomics` settings must describe. Degenerate regions (one grey level, a single
 * voxel) get PyRadiomics' sentinel values (e.g. GLCM correlation 1) where IBSI leaves a feature
 * undefined; only kurtosis, whose conversion would otherwise move the sentinel, treats it specially.
 *
 * Assumptions: PyRadiomics ≥ 2 (population variance, `voxelArrayShift` 0 by default). The
 * aggregation of texture features follows each case's settings, read from its
 * `diagnostics_Configuration_Settings` column (and the `Original` entry of
 * `diagnostics_Configuration_EnabledImageTypes`), else from `assumedSettings`, else PyRadiomics'
 * defaults:
 * - GLCM and GLRLM: one matrix per direction (13 in 3D with `distances` [1]), features averaged over
 *   directions (`weightingNorm` None) = IBSI '3D, averaged'; `weightingNorm` 'no_weighting' (or an
 *   unknown norm, which PyRadiomics treats as such) sums the matrices = '3D, merged'; the
 *   distance-weighted norms ('manhattan', 'euclidean', 'infinity') have no IBSI equivalent.
 * - GLSZM, GLDM (IBSI NGLDM) and NGTDM: one matrix over the volume = IBSI '3D'.
 * - `force2D` (in-plane neighbourhoods, `force2Ddimension` 0 = axial slices) with matrices counted
 *   over all slices: '2.5D, direction-merged' / '2.5D, merged' for GLCM and GLRLM, '2.5D' for the
 *   others. Another `force2Ddimension` has no IBSI equivalent.
 */

/** PyRadiomics feature classes with an IBSI counterpart (`shape2D` has none). */
export type PyRadiomicsFeatureClass = 'firstorder' | 'shape' | 'glcm' | 'glrlm' | 'glszm' | 'gldm' | 'ngtdm';

/**
 * How a PyRadiomics value becomes the IBSI value:
 * - `identity`: the same definition;
 * - `excess-kurtosis`: IBSI = PyRadiomics − 3, except PyRadiomics' 0 for a flat region (a true
 *   kurtosis is ≥ 1), which stays 0 as in IBSI;
 * - `variance-from-standard-deviation`: IBSI intensity variance = PyRadiomics standard deviation²;
 * - `axis-length-sample-covariance`: IBSI = PyRadiomics × √(N/(N − 1)) with N the ROI's voxel count,
 *   because PyRadiomics' principal component analysis divides the covariance by N and IBSI's
 *   reference values need N − 1 (N < 2 gives NaN, as IBSI's axis lengths are then undefined).
 */
export type PyRadiomicsConversion =
  'identity' | 'excess-kurtosis' | 'variance-from-standard-deviation' | 'axis-length-sample-covariance';

/** An IBSI feature, named as this library's extractors name it. */
export interface IbsiFeature {
  readonly ibsi: string;
  readonly name: string;
  readonly family: FeatureFamily;
  /** Texture features: the aggregation under PyRadiomics' default settings. */
  readonly aggregation?: TextureAggregation;
}

/** One PyRadiomics feature (of the `original` image type) and the IBSI feature it gives. */
export interface PyRadiomicsIbsiMapping extends IbsiFeature {
  readonly featureClass: PyRadiomicsFeatureClass;
  /** PyRadiomics' feature name, e.g. `JointEntropy`. */
  readonly feature: string;
  readonly conversion: PyRadiomicsConversion;
  /** Further IBSI features with the same definition, reported with the same value. */
  readonly equivalents?: readonly IbsiFeature[];
  /** Used only when no other column of the case gives the same IBSI feature. */
  readonly fallback?: boolean;
  /** Present whenever the correspondence is not a plain 1:1 identity. */
  readonly note?: string;
}

/** The PyRadiomics settings that decide whether and how a feature maps to IBSI. */
export interface PyRadiomicsSettings {
  readonly force2D: boolean;
  readonly force2Ddimension: number;
  /** None (null): features averaged over directions; otherwise matrices merged (or weighted). */
  readonly weightingNorm: string | null;
  readonly distances: readonly number[];
  readonly symmetricalGLCM: boolean;
  readonly gldm_a: number;
  readonly voxelArrayShift: number;
  /** Shape features on the re-segmented mask (its voxel count converts the axis lengths). */
  readonly resegmentShape: boolean;
}

/** PyRadiomics' defaults (version ≥ 2) for {@link PyRadiomicsSettings}. */
export const PYRADIOMICS_DEFAULT_SETTINGS: PyRadiomicsSettings = Object.freeze({
  force2D: false,
  force2Ddimension: 0,
  weightingNorm: null,
  distances: Object.freeze([1]),
  symmetricalGLCM: true,
  gldm_a: 0,
  voxelArrayShift: 0,
  resegmentShape: false,
});

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const STATISTICS = 'intensity-statistics';
const HISTOGRAM = 'intensity-histogram';

function defaultAggregation(family: FeatureFamily): TextureAggregation | undefined {
  switch (family) {
    case 'glcm':
    case 'glrlm':
      return '3D, averaged';
    case 'glszm':
    case 'gldzm':
    case 'ngtdm':
    case 'ngldm':
      return '3D';
    default:
      return undefined;
  }
}

function ibsiFeature(family: FeatureFamily, ibsi: string, name: string): IbsiFeature {
  const aggregation = defaultAggregation(family);
  return aggregation ? { ibsi, name, family, aggregation } : { ibsi, name, family };
}

interface Extra {
  readonly conversion?: PyRadiomicsConversion;
  readonly equivalents?: readonly IbsiFeature[];
  readonly fallback?: boolean;
  readonly note?: string;
}

/** A row of the table: PyRadiomics class and name, IBSI family, code and name. */
type Row = readonly [PyRadiomicsFeatureClass, string, FeatureFamily, string, string, Extra?];

const NOTE_SHIFT =
  'PyRadiomics adds voxelArrayShift c to every intensity; identical to IBSI for c = 0 (the default), unmapped otherwise';
const NOTE_AXIS =
  "PyRadiomics' covariance divides by N, IBSI's by N − 1: IBSI = PyRadiomics × √(N/(N − 1)), N from the diagnostics voxel count";
const NOTE_RATIO =
  "Same ratio of principal-component eigenvalues as IBSI (PyRadiomics' 'inverse of true elongation' wording is IBSI's definition); the covariance normalisation cancels";
const NOTE_NG =
  'Ng: PyRadiomics takes the highest grey level in the ROI, IBSI the number of bins; equal whenever the ROI reaches the highest bin';
const NOTE_FLAT = 'A single grey level gives PyRadiomics sentinel values (IBSI: undefined)';

const ROWS: readonly Row[] = [
  // First order: intensities of the (re-segmented) ROI; Entropy and Uniformity use the discretised ones.
  ['firstorder', 'Mean', STATISTICS, 'Q4LE', 'Mean intensity'],
  [
    'firstorder',
    'Variance',
    STATISTICS,
    'ECT3',
    'Intensity variance',
    {
      note: 'Population variance (÷ N) since PyRadiomics 2, as IBSI',
    },
  ],
  [
    'firstorder',
    'StandardDeviation',
    STATISTICS,
    'ECT3',
    'Intensity variance',
    {
      conversion: 'variance-from-standard-deviation',
      fallback: true,
      note: 'IBSI has no standard deviation: squared (population) standard deviation = intensity variance; Variance wins when both are present',
    },
  ],
  [
    'firstorder',
    'Skewness',
    STATISTICS,
    'KE2A',
    'Intensity skewness',
    {
      note: 'Both give 0 for a flat region',
    },
  ],
  [
    'firstorder',
    'Kurtosis',
    STATISTICS,
    'IPH6',
    '(Excess) intensity kurtosis',
    {
      conversion: 'excess-kurtosis',
      note: 'PyRadiomics reports kurtosis, IBSI excess kurtosis: IBSI = PyRadiomics − 3 (a flat region’s 0 stays 0)',
    },
  ],
  ['firstorder', 'Median', STATISTICS, 'Y12H', 'Median intensity'],
  ['firstorder', 'Minimum', STATISTICS, '1GSF', 'Minimum intensity'],
  [
    'firstorder',
    '10Percentile',
    STATISTICS,
    'QG58',
    '10th intensity percentile',
    {
      note: "numpy's linear interpolation, as this library's IBSI percentiles",
    },
  ],
  [
    'firstorder',
    '90Percentile',
    STATISTICS,
    '8DWT',
    '90th intensity percentile',
    {
      note: "numpy's linear interpolation, as this library's IBSI percentiles",
    },
  ],
  ['firstorder', 'Maximum', STATISTICS, '84IY', 'Maximum intensity'],
  [
    'firstorder',
    'InterquartileRange',
    STATISTICS,
    'SALO',
    'Intensity interquartile range',
    {
      note: "numpy's linear interpolation, as this library's IBSI percentiles",
    },
  ],
  ['firstorder', 'Range', STATISTICS, '2OJQ', 'Intensity range'],
  ['firstorder', 'MeanAbsoluteDeviation', STATISTICS, '4FUA', 'Intensity-based mean absolute deviation'],
  [
    'firstorder',
    'RobustMeanAbsoluteDeviation',
    STATISTICS,
    '1128',
    'Intensity-based robust mean absolute deviation',
  ],
  ['firstorder', 'Energy', STATISTICS, 'N8CA', 'Intensity-based energy', { note: NOTE_SHIFT }],
  ['firstorder', 'RootMeanSquared', STATISTICS, '5ZWQ', 'Root mean square intensity', { note: NOTE_SHIFT }],
  [
    'firstorder',
    'Entropy',
    HISTOGRAM,
    'TLU2',
    'Discretised intensity entropy',
    {
      note: 'Computed on the discretised intensities (binWidth/binCount): the IBSI intensity-histogram entropy, not a statistic of raw intensities',
    },
  ],
  [
    'firstorder',
    'Uniformity',
    HISTOGRAM,
    'BJ5W',
    'Discretised intensity uniformity',
    {
      equivalents: [ibsiFeature('ngldm', '5SPA', 'Normalised grey level non-uniformity')],
      note: "On the discretised intensities: IBSI intensity-histogram uniformity; also equals IBSI NGLDM normalised grey level non-uniformity (every voxel has a dependence count; PyRadiomics dropped GLDM's GLNN for this reason)",
    },
  ],

  // Shape: the marching-cubes mesh (vertices on edge midpoints) and voxel centres, as IBSI.
  [
    'shape',
    'MeshVolume',
    'morphology',
    'RNU0',
    'Volume (mesh)',
    {
      note: 'Signed tetrahedron volumes of the marching-cubes mesh, as IBSI (not the voxel-count volume)',
    },
  ],
  ['shape', 'VoxelVolume', 'morphology', 'YEKZ', 'Volume (voxel counting)'],
  ['shape', 'SurfaceArea', 'morphology', 'C0JK', 'Surface area (mesh)'],
  ['shape', 'SurfaceVolumeRatio', 'morphology', '2PR5', 'Surface to volume ratio'],
  ['shape', 'Sphericity', 'morphology', 'QCFX', 'Sphericity'],
  ['shape', 'Compactness1', 'morphology', 'SKGS', 'Compactness 1'],
  ['shape', 'Compactness2', 'morphology', 'BQWJ', 'Compactness 2'],
  ['shape', 'SphericalDisproportion', 'morphology', 'KRCK', 'Spherical disproportion'],
  ['shape', 'Maximum3DDiameter', 'morphology', 'L0JK', 'Maximum 3D diameter'],
  [
    'shape',
    'MajorAxisLength',
    'morphology',
    'TDIC',
    'Major axis length',
    {
      conversion: 'axis-length-sample-covariance',
      note: NOTE_AXIS,
    },
  ],
  [
    'shape',
    'MinorAxisLength',
    'morphology',
    'P9VJ',
    'Minor axis length',
    {
      conversion: 'axis-length-sample-covariance',
      note: NOTE_AXIS,
    },
  ],
  [
    'shape',
    'LeastAxisLength',
    'morphology',
    '7J51',
    'Least axis length',
    {
      conversion: 'axis-length-sample-covariance',
      note: NOTE_AXIS,
    },
  ],
  ['shape', 'Elongation', 'morphology', 'Q3CK', 'Elongation', { note: `√(λminor/λmajor). ${NOTE_RATIO}` }],
  ['shape', 'Flatness', 'morphology', 'N17B', 'Flatness', { note: `√(λleast/λmajor). ${NOTE_RATIO}` }],

  // GLCM: symmetric, Chebyshev distance 1.
  ['glcm', 'MaximumProbability', 'glcm', 'GYBY', 'Joint maximum'],
  ['glcm', 'JointAverage', 'glcm', '60VM', 'Joint average'],
  [
    'glcm',
    'SumSquares',
    'glcm',
    'UR99',
    'Joint variance',
    { note: 'PyRadiomics calls joint variance Sum of Squares' },
  ],
  ['glcm', 'JointEntropy', 'glcm', 'TU9B', 'Joint entropy'],
  [
    'glcm',
    'DifferenceAverage',
    'glcm',
    'TF7R',
    'Difference average',
    {
      equivalents: [ibsiFeature('glcm', '8S9J', 'Dissimilarity')],
      note: 'Also IBSI dissimilarity, which is mathematically equal (PyRadiomics removed Dissimilarity for this reason)',
    },
  ],
  ['glcm', 'DifferenceVariance', 'glcm', 'D3YU', 'Difference variance'],
  ['glcm', 'DifferenceEntropy', 'glcm', 'NTRS', 'Difference entropy'],
  ['glcm', 'SumAverage', 'glcm', 'ZGXS', 'Sum average'],
  ['glcm', 'SumEntropy', 'glcm', 'P6QZ', 'Sum entropy'],
  [
    'glcm',
    'JointEnergy',
    'glcm',
    '8ZQL',
    'Angular second moment',
    { note: 'PyRadiomics calls the angular second moment Joint Energy' },
  ],
  ['glcm', 'Contrast', 'glcm', 'ACUI', 'Contrast'],
  ['glcm', 'Id', 'glcm', 'IB1Z', 'Inverse difference'],
  ['glcm', 'Idn', 'glcm', 'NDRX', 'Normalised inverse difference', { note: NOTE_NG }],
  ['glcm', 'Idm', 'glcm', 'WF0Z', 'Inverse difference moment'],
  ['glcm', 'Idmn', 'glcm', '1QCO', 'Normalised inverse difference moment', { note: NOTE_NG }],
  ['glcm', 'InverseVariance', 'glcm', 'E8JP', 'Inverse variance'],
  ['glcm', 'Correlation', 'glcm', 'NI2N', 'Correlation', { note: `${NOTE_FLAT} (1 per direction)` }],
  ['glcm', 'Autocorrelation', 'glcm', 'QWB0', 'Autocorrelation'],
  [
    'glcm',
    'ClusterTendency',
    'glcm',
    'DG8W',
    'Cluster tendency',
    {
      equivalents: [ibsiFeature('glcm', 'OEEB', 'Sum variance')],
      note: 'Also IBSI sum variance, which is mathematically equal (PyRadiomics removed SumVariance for this reason)',
    },
  ],
  ['glcm', 'ClusterShade', 'glcm', '7NFM', 'Cluster shade'],
  ['glcm', 'ClusterProminence', 'glcm', 'AE86', 'Cluster prominence'],
  ['glcm', 'Imc1', 'glcm', 'R8DG', 'Information correlation 1', { note: `${NOTE_FLAT} (0 per direction)` }],
  ['glcm', 'Imc2', 'glcm', 'JN9H', 'Information correlation 2'],

  // GLRLM.
  ['glrlm', 'ShortRunEmphasis', 'glrlm', '22OV', 'Short runs emphasis'],
  ['glrlm', 'LongRunEmphasis', 'glrlm', 'W4KF', 'Long runs emphasis'],
  ['glrlm', 'LowGrayLevelRunEmphasis', 'glrlm', 'V3SW', 'Low grey level run emphasis'],
  ['glrlm', 'HighGrayLevelRunEmphasis', 'glrlm', 'G3QZ', 'High grey level run emphasis'],
  ['glrlm', 'ShortRunLowGrayLevelEmphasis', 'glrlm', 'HTZT', 'Short run low grey level emphasis'],
  ['glrlm', 'ShortRunHighGrayLevelEmphasis', 'glrlm', 'GD3A', 'Short run high grey level emphasis'],
  ['glrlm', 'LongRunLowGrayLevelEmphasis', 'glrlm', 'IVPO', 'Long run low grey level emphasis'],
  ['glrlm', 'LongRunHighGrayLevelEmphasis', 'glrlm', '3KUM', 'Long run high grey level emphasis'],
  ['glrlm', 'GrayLevelNonUniformity', 'glrlm', 'R5YN', 'Grey level non-uniformity'],
  ['glrlm', 'GrayLevelNonUniformityNormalized', 'glrlm', 'OVBL', 'Normalised grey level non-uniformity'],
  ['glrlm', 'RunLengthNonUniformity', 'glrlm', 'W92Y', 'Run length non-uniformity'],
  ['glrlm', 'RunLengthNonUniformityNormalized', 'glrlm', 'IC23', 'Normalised run length non-uniformity'],
  ['glrlm', 'RunPercentage', 'glrlm', '9ZK5', 'Run percentage'],
  ['glrlm', 'GrayLevelVariance', 'glrlm', '8CE5', 'Grey level variance'],
  ['glrlm', 'RunVariance', 'glrlm', 'SXLW', 'Run length variance'],
  ['glrlm', 'RunEntropy', 'glrlm', 'HJ9O', 'Run entropy'],

  // GLSZM: 26-connected zones in 3D (8-connected in-plane with force2D).
  ['glszm', 'SmallAreaEmphasis', 'glszm', 'P001', 'Small zone emphasis'],
  ['glszm', 'LargeAreaEmphasis', 'glszm', '48P8', 'Large zone emphasis'],
  ['glszm', 'LowGrayLevelZoneEmphasis', 'glszm', 'XMSY', 'Low grey level zone emphasis'],
  ['glszm', 'HighGrayLevelZoneEmphasis', 'glszm', '5GN9', 'High grey level zone emphasis'],
  ['glszm', 'SmallAreaLowGrayLevelEmphasis', 'glszm', '5RAI', 'Small zone low grey level emphasis'],
  ['glszm', 'SmallAreaHighGrayLevelEmphasis', 'glszm', 'HW1V', 'Small zone high grey level emphasis'],
  ['glszm', 'LargeAreaLowGrayLevelEmphasis', 'glszm', 'YH51', 'Large zone low grey level emphasis'],
  ['glszm', 'LargeAreaHighGrayLevelEmphasis', 'glszm', 'J17V', 'Large zone high grey level emphasis'],
  ['glszm', 'GrayLevelNonUniformity', 'glszm', 'JNSA', 'Grey level non-uniformity'],
  ['glszm', 'GrayLevelNonUniformityNormalized', 'glszm', 'Y1RO', 'Normalised grey level non-uniformity'],
  ['glszm', 'SizeZoneNonUniformity', 'glszm', '4JP3', 'Zone size non-uniformity'],
  ['glszm', 'SizeZoneNonUniformityNormalized', 'glszm', 'VB3A', 'Normalised zone size non-uniformity'],
  ['glszm', 'ZonePercentage', 'glszm', 'P30P', 'Zone percentage'],
  ['glszm', 'GrayLevelVariance', 'glszm', 'BYLV', 'Grey level variance'],
  ['glszm', 'ZoneVariance', 'glszm', '3NSA', 'Zone size variance'],
  ['glszm', 'ZoneEntropy', 'glszm', 'GU8N', 'Zone size entropy'],

  // GLDM = IBSI NGLDM with coarseness α = gldm_a and Chebyshev distance 1; a voxel's dependence
  // counts the voxel itself, as IBSI's.
  [
    'gldm',
    'SmallDependenceEmphasis',
    'ngldm',
    'SODN',
    'Low dependence emphasis',
    { note: 'PyRadiomics GLDM = IBSI NGLDM (α = 0)' },
  ],
  [
    'gldm',
    'LargeDependenceEmphasis',
    'ngldm',
    'IMOQ',
    'High dependence emphasis',
    { note: 'PyRadiomics GLDM = IBSI NGLDM (α = 0)' },
  ],
  ['gldm', 'LowGrayLevelEmphasis', 'ngldm', 'TL9H', 'Low grey level count emphasis'],
  ['gldm', 'HighGrayLevelEmphasis', 'ngldm', 'OAE7', 'High grey level count emphasis'],
  ['gldm', 'SmallDependenceLowGrayLevelEmphasis', 'ngldm', 'EQ3F', 'Low dependence low grey level emphasis'],
  [
    'gldm',
    'SmallDependenceHighGrayLevelEmphasis',
    'ngldm',
    'JA6D',
    'Low dependence high grey level emphasis',
  ],
  ['gldm', 'LargeDependenceLowGrayLevelEmphasis', 'ngldm', 'NBZI', 'High dependence low grey level emphasis'],
  [
    'gldm',
    'LargeDependenceHighGrayLevelEmphasis',
    'ngldm',
    '9QMG',
    'High dependence high grey level emphasis',
  ],
  ['gldm', 'GrayLevelNonUniformity', 'ngldm', 'FP8K', 'Grey level non-uniformity'],
  ['gldm', 'DependenceNonUniformity', 'ngldm', 'Z87G', 'Dependence count non-uniformity'],
  [
    'gldm',
    'DependenceNonUniformityNormalized',
    'ngldm',
    'OKJI',
    'Normalised dependence count non-uniformity',
  ],
  ['gldm', 'GrayLevelVariance', 'ngldm', '1PFV', 'Grey level variance'],
  ['gldm', 'DependenceVariance', 'ngldm', 'DNX2', 'Dependence count variance'],
  ['gldm', 'DependenceEntropy', 'ngldm', 'FCBV', 'Dependence count entropy'],

  // NGTDM: neighbours within Chebyshev distance 1 inside the ROI, the voxel itself excluded.
  ['ngtdm', 'Coarseness', 'ngtdm', 'QCDE', 'Coarseness', { note: 'Both give 10⁶ when Σ pᵢsᵢ = 0' }],
  ['ngtdm', 'Contrast', 'ngtdm', '65HE', 'Contrast'],
  ['ngtdm', 'Busyness', 'ngtdm', 'NQ30', 'Busyness'],
  ['ngtdm', 'Complexity', 'ngtdm', 'HDEZ', 'Complexity'],
  ['ngtdm', 'Strength', 'ngtdm', '1X9X', 'Strength'],
];

function mappingKey(featureClass: string, feature: string): string {
  return `${featureClass}_${feature}`;
}

/**
 * PyRadiomics feature (`<featureClass>_<FeatureName>`, image type `original`) → IBSI feature, for
 * every pair whose definitions coincide, exactly or by the stated conversion.
 */
export const PYRADIOMICS_TO_IBSI: Readonly<Record<string, PyRadiomicsIbsiMapping>> = Object.freeze(
  Object.fromEntries(
    ROWS.map(([featureClass, feature, family, ibsi, name, extra = {}]) => {
      const mapping: PyRadiomicsIbsiMapping = {
        ...ibsiFeature(family, ibsi, name),
        featureClass,
        feature,
        conversion: extra.conversion ?? 'identity',
        ...(extra.equivalents ? { equivalents: extra.equivalents } : {}),
        ...(extra.fallback ? { fallback: true } : {}),
        ...(extra.note ? { note: extra.note } : {}),
      };
      return [mappingKey(featureClass, feature), Object.freeze(mapping)];
    }),
  ),
);

/** PyRadiomics features (`<featureClass>_<FeatureName>`) with no IBSI 1 equivalent, and why. */
export const PYRADIOMICS_UNMAPPED: Readonly<Record<string, string>> = Object.freeze({
  firstorder_TotalEnergy:
    'Total Energy is Energy × voxel volume (PyRadiomics: not an IBSI feature); Energy maps to IBSI N8CA',
  shape_Maximum2DDiameterSlice: 'IBSI 1 has no 2D diameters (only the maximum 3D diameter)',
  shape_Maximum2DDiameterColumn: 'IBSI 1 has no 2D diameters (only the maximum 3D diameter)',
  shape_Maximum2DDiameterRow: 'IBSI 1 has no 2D diameters (only the maximum 3D diameter)',
  glcm_MCC: 'The maximal correlation coefficient is not an IBSI feature',
  glcm_Dissimilarity:
    'Deprecated in PyRadiomics (no value; equals DifferenceAverage, which maps to IBSI TF7R and 8S9J)',
  glcm_Homogeneity1: 'Deprecated in PyRadiomics (no value; equals Id, which maps to IBSI IB1Z)',
  glcm_Homogeneity2: 'Deprecated in PyRadiomics (no value; equals Idm, which maps to IBSI WF0Z)',
  glcm_SumVariance:
    'Removed from PyRadiomics (older versions computed it differently); ClusterTendency maps to IBSI sum variance OEEB',
  gldm_GrayLevelNonUniformityNormalized:
    'Deprecated in PyRadiomics (no value; equals firstorder Uniformity, which maps to IBSI 5SPA)',
  gldm_DependencePercentage:
    'Deprecated in PyRadiomics (no value; always 1, as IBSI dependence count percentage)',
});

const FEATURE_CLASSES: ReadonlySet<string> = new Set<PyRadiomicsFeatureClass>([
  'firstorder',
  'shape',
  'glcm',
  'glrlm',
  'glszm',
  'gldm',
  'ngtdm',
]);

// ---------------------------------------------------------------------------------------------
// Settings → aggregation
// ---------------------------------------------------------------------------------------------

type Resolution =
  | { readonly ok: true; readonly aggregation?: TextureAggregation }
  | { readonly ok: false; readonly reason: string };

/** The IBSI aggregation of a family under the settings, or why there is none. */
function aggregationUnder(family: FeatureFamily, settings: PyRadiomicsSettings): Resolution {
  const directional = family === 'glcm' || family === 'glrlm';
  if (!directional && defaultAggregation(family) === undefined) return { ok: true };
  if (settings.force2D && settings.force2Ddimension !== 0)
    return {
      ok: false,
      reason: `force2D with force2Ddimension ${settings.force2Ddimension}: IBSI 2D and 2.5D aggregation use axial slices (force2Ddimension 0)`,
    };
  const dimension = settings.force2D ? '2.5D' : '3D';
  if (!directional) return { ok: true, aggregation: dimension };
  const norm = settings.weightingNorm;
  if (norm === 'manhattan' || norm === 'euclidean' || norm === 'infinity')
    return {
      ok: false,
      reason: `weightingNorm '${norm}': distance-weighted merging of the direction matrices has no IBSI aggregation`,
    };
  if (norm === null)
    return { ok: true, aggregation: settings.force2D ? '2.5D, direction-merged' : '3D, averaged' };
  return { ok: true, aggregation: settings.force2D ? '2.5D, merged' : '3D, merged' };
}

function distancesReason(settings: PyRadiomicsSettings): string | undefined {
  const { distances } = settings;
  return distances.length === 1 && distances[0] === 1
    ? undefined
    : `distances [${distances.join(', ')}]: IBSI texture matrices use Chebyshev distance 1 (distances [1])`;
}

/** Why the settings make a PyRadiomics feature differ from its IBSI feature, if they do. */
function settingsReason(mapping: PyRadiomicsIbsiMapping, settings: PyRadiomicsSettings): string | undefined {
  switch (mapping.featureClass) {
    case 'firstorder':
      return (mapping.feature === 'Energy' || mapping.feature === 'RootMeanSquared') &&
        settings.voxelArrayShift !== 0
        ? `voxelArrayShift ${settings.voxelArrayShift} adds a constant to every intensity: IBSI has no shift (needs voxelArrayShift 0)`
        : undefined;
    case 'shape':
    case 'glrlm':
    case 'glszm':
      return undefined;
    case 'glcm':
      return settings.symmetricalGLCM
        ? distancesReason(settings)
        : 'symmetricalGLCM False: IBSI co-occurrence matrices are symmetric';
    case 'gldm':
      return (
        distancesReason(settings) ??
        (settings.gldm_a === 0
          ? undefined
          : `gldm_a ${settings.gldm_a}: the IBSI NGLDM features here use coarseness α = 0`)
      );
    case 'ngtdm':
      return distancesReason(settings);
  }
}

/**
 * The IBSI aggregation of a mapped PyRadiomics feature under the given settings (undefined for
 * non-texture features), or why the feature has no IBSI equivalent under them.
 */
export function ibsiAggregationOf(
  mapping: PyRadiomicsIbsiMapping,
  settings: PyRadiomicsSettings = PYRADIOMICS_DEFAULT_SETTINGS,
): { readonly aggregation?: TextureAggregation } | { readonly unmapped: string } {
  const reason = settingsReason(mapping, settings);
  if (reason !== undefined) return { unmapped: reason };
  const resolution = aggregationUnder(mapping.family, settings);
  if (!resolution.ok) return { unmapped: resolution.reason };
  return resolution.aggregation ? { aggregation: resolution.aggregation } : {};
}

// ---------------------------------------------------------------------------------------------
// Errors and results
// ---------------------------------------------------------------------------------------------

/**
 * A PyRadiomics CSV that cannot be read: `row` is the 1-based CSV record (the header is row 1;
 * blank lines count), `column` the header name of the field (`#n` for the n-th field where there is
 * no header name; in the transposed layout, the feature name of the row).
 */
export class PyRadiomicsCsvError extends Error {
  readonly row: number;
  readonly column: string;

  constructor(row: number, column: string, problem: string) {
    super(`PyRadiomics CSV row ${row}, column ${JSON.stringify(column)}: ${problem}`);
    this.name = 'PyRadiomicsCsvError';
    this.row = row;
    this.column = column;
  }
}

/** One case (segmentation) of a PyRadiomics CSV, as IBSI features. */
export interface PyRadiomicsRow {
  /** The case's value in the id column (see {@link PyRadiomicsCsv.idColumn}); absent if empty. */
  readonly id?: string;
  /** The case's CSV row (transposed layout: its first data row). */
  readonly row: number;
  /** The settings the mapping used, and where they came from. */
  readonly settings: PyRadiomicsSettings;
  readonly settingsSource: 'diagnostics' | 'assumed' | 'default';
  /** In column order; each IBSI feature (code and aggregation) at most once. */
  readonly features: FeatureValue[];
}

/** A column with no IBSI equivalent. */
export interface PyRadiomicsUnmappedColumn {
  readonly column: string;
  readonly reason: string;
  /** Only when the reason holds for some cases only (their settings): their CSV rows. */
  readonly rows?: readonly number[];
}

export interface PyRadiomicsCsv {
  readonly rows: PyRadiomicsRow[];
  /**
   * Columns that look like features but have no IBSI equivalent, and columns that are neither
   * features nor PyRadiomics metadata (Image, Mask, Label, Label_channel, diagnostics_*, the id).
   */
  readonly unmappedColumns: PyRadiomicsUnmappedColumn[];
  /** The column the ids come from: the first of `id`, `case`, `image` (any case) in the header. */
  readonly idColumn?: string;
  /** `wide`: a header and one row per case; `transposed`: one case as `feature,value` rows. */
  readonly layout: 'wide' | 'transposed';
}

export interface PyRadiomicsCsvOptions {
  /**
   * Settings for cases without a `diagnostics_Configuration_Settings` value (PyRadiomics'
   * `additionalInfo` off); missing ones are PyRadiomics' defaults.
   */
  readonly assumedSettings?: Partial<PyRadiomicsSettings>;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)
// ---------------------------------------------------------------------------------------------

interface CsvRecord {
  readonly fields: string[];
  /** 1-based record number. */
  readonly row: number;
}

function fieldName(header: readonly string[] | undefined, index: number): string {
  const name = header?.[index];
  return name === undefined || name === '' ? `#${index + 1}` : name;
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '\n' || (c === '\r' && text[k + 1] !== '\n')) count++;
  }
  return count;
}

/**
 * RFC 4180 records: comma-separated fields, CRLF, LF or CR between records, fields in double quotes
 * when they hold commas, quotes (doubled) or line breaks; a leading UTF-8 BOM is dropped. Blank
 * lines are records of one empty field.
 */
function csvRecords(input: string): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  const n = text.length;
  if (n === 0) return records;
  let fields: string[] = [];
  let row = 1;
  let line = 1;
  let i = 0;
  const fail = (problem: string): never => {
    throw new PyRadiomicsCsvError(
      row,
      fieldName(row === 1 ? undefined : records[0]?.fields, fields.length),
      problem,
    );
  };
  for (;;) {
    let value: string;
    if (text[i] === '"') {
      const openedOn = line;
      let j = i + 1;
      value = '';
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) fail(`unterminated quoted field (opened on line ${openedOn})`);
        const chunk = text.slice(j, quote);
        value += chunk;
        line += lineBreaks(chunk);
        if (text[quote + 1] === '"') {
          value += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        fail(`unexpected ${JSON.stringify(next)} after a closing quote (line ${line})`);
    } else {
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === ',' || c === '\n' || c === '\r') break;
        j++;
      }
      value = text.slice(i, j);
      if (value.includes('"'))
        fail(`a quote inside an unquoted field (line ${line}): quote the whole field and double its quotes`);
      i = j;
    }
    fields.push(value);
    const c = text[i];
    if (c === ',') {
      i++;
      if (i < n) continue;
      fields.push('');
    }
    records.push({ fields, row });
    fields = [];
    if (i >= n) break;
    i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    row++;
    line++;
    if (i >= n) break;
  }
  return records;
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0]?.trim() === '';
}

// ---------------------------------------------------------------------------------------------
// Python literals (diagnostics_Configuration_Settings is a dict's repr)
// ---------------------------------------------------------------------------------------------

/** A Python literal as PyRadiomics writes settings: dict, list, tuple, str, number, bool, None. */
export type PythonLiteral =
  null | boolean | number | string | readonly PythonLiteral[] | { readonly [key: string]: PythonLiteral };

const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
};

/** Parses the repr of a Python literal (also JSON). Throws a message on bad syntax. */
function parsePythonLiteral(text: string): PythonLiteral {
  let i = 0;
  const fail = (expected: string): never => {
    throw new Error(`expected ${expected} at character ${i + 1}`);
  };
  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const value = (): PythonLiteral => {
    skipSpace();
    const c = text[i];
    if (c === '{') return dict();
    if (c === '[') return sequence(']');
    if (c === '(') return sequence(')');
    if (c === "'" || c === '"') return string();
    if ((c === 'u' || c === 'U') && (text[i + 1] === "'" || text[i + 1] === '"')) {
      i++;
      return string();
    }
    const word = /^(?:True|False|None|true|false|null|nan|inf|-inf)\b/.exec(text.slice(i))?.[0];
    if (word !== undefined) {
      i += word.length;
      if (word === 'True' || word === 'true') return true;
      if (word === 'False' || word === 'false') return false;
      if (word === 'nan') return NaN;
      if (word === 'inf') return Infinity;
      if (word === '-inf') return -Infinity;
      return null;
    }
    const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i))?.[0];
    if (number !== undefined) {
      i += number.length;
      return Number(number);
    }
    return fail('a value');
  };
  const string = (): string => {
    const quote = text[i];
    i++;
    let out = '';
    while (i < text.length && text[i] !== quote) {
      const c = text[i] as string;
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const e = text[i + 1] ?? '';
      const simple = STRING_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === 'x' || e === 'u') {
        const length = e === 'x' ? 2 : 4;
        const hex = text.slice(i + 2, i + 2 + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) fail('a hexadecimal escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2 + length;
      } else {
        out += c;
        i++;
      }
    }
    if (i >= text.length) fail('a closing quote');
    i++;
    return out;
  };
  const sequence = (close: string): PythonLiteral[] => {
    i++;
    const items: PythonLiteral[] = [];
    for (;;) {
      skipSpace();
      if (text[i] === close) {
        i++;
        return items;
      }
      items.push(value());
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail(`',' or '${close}'`);
    }
  };
  const dict = (): { [key: string]: PythonLiteral } => {
    i++;
    const out: { [key: string]: PythonLiteral } = {};
    for (;;) {
      skipSpace();
      if (text[i] === '}') {
        i++;
        return out;
      }
      const key = value();
      if (typeof key !== 'string' && typeof key !== 'number') fail('a string or number key');
      skipSpace();
      if (text[i] !== ':') fail("':'");
      i++;
      out[String(key)] = value();
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail("',' or '}'");
    }
  };
  const result = value();
  skipSpace();
  if (i < text.length) fail('the end');
  return result;
}

function isDict(value: PythonLiteral | undefined): value is { readonly [key: string]: PythonLiteral } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const VERSION_COLUMN = 'diagnostics_Versions_PyRadiomics';
const SETTINGS_COLUMN = 'diagnostics_Configuration_Settings';
const IMAGE_TYPES_COLUMN = 'diagnostics_Configuration_EnabledImageTypes';

/** The mapping-relevant settings of a settings dict, over PyRadiomics' defaults. */
function settingsFrom(
  values: { readonly [key: string]: PythonLiteral },
  bad: (problem: string) => never,
): PyRadiomicsSettings {
  const boolean = (key: keyof PyRadiomicsSettings, fallback: boolean): boolean => {
    const v = values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    return bad(`setting ${key} must be True or False, not ${JSON.stringify(v)}`);
  };
  const number = (key: keyof PyRadiomicsSettings, fallback: number): number => {
    const v = values[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return bad(`setting ${key} must be a number, not ${JSON.stringify(v)}`);
  };
  const defaults = PYRADIOMICS_DEFAULT_SETTINGS;
  const norm = values['weightingNorm'];
  if (norm !== undefined && norm !== null && typeof norm !== 'string')
    bad(`setting weightingNorm must be None or a string, not ${JSON.stringify(norm)}`);
  const rawDistances = values['distances'];
  let distances: readonly number[] = defaults.distances;
  if (typeof rawDistances === 'number') distances = [rawDistances];
  else if (Array.isArray(rawDistances)) {
    if (!rawDistances.every((d) => typeof d === 'number'))
      bad(`setting distances must be numbers, not ${JSON.stringify(rawDistances)}`);
    distances = rawDistances as readonly number[];
  } else if (rawDistances !== undefined && rawDistances !== null)
    bad(`setting distances must be a list of numbers, not ${JSON.stringify(rawDistances)}`);
  return {
    force2D: boolean('force2D', defaults.force2D),
    force2Ddimension: number('force2Ddimension', defaults.force2Ddimension),
    weightingNorm: typeof norm === 'string' ? norm : null,
    distances,
    symmetricalGLCM: boolean('symmetricalGLCM', defaults.symmetricalGLCM),
    gldm_a: number('gldm_a', defaults.gldm_a),
    voxelArrayShift: number('voxelArrayShift', defaults.voxelArrayShift),
    resegmentShape: boolean('resegmentShape', defaults.resegmentShape),
  };
}

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

const METADATA_COLUMNS: ReadonlySet<string> = new Set(['image', 'mask', 'label', 'label_channel']);
const ID_COLUMNS = ['id', 'case', 'image'] as const;
const FEATURE_COLUMN = /^([^_\s]+)_([^_\s]+)_([^_\s]+)$/;

type ColumnPlan =
  | { readonly kind: 'metadata' }
  | { readonly kind: 'feature'; readonly mapping: PyRadiomicsIbsiMapping }
  | { readonly kind: 'unmapped'; readonly reason: string };

function planColumn(column: string, idColumn: string | undefined): ColumnPlan {
  if (column === idColumn || column.startsWith('diagnostics_') || METADATA_COLUMNS.has(column.toLowerCase()))
    return { kind: 'metadata' };
  const parts = FEATURE_COLUMN.exec(column);
  if (!parts) {
    return {
      kind: 'unmapped',
      reason:
        column.trim() === ''
          ? 'an unnamed column'
          : 'not a PyRadiomics feature column (<imageType>_<featureClass>_<FeatureName>) nor PyRadiomics metadata',
    };
  }
  const [, imageType = '', featureClass = '', feature = ''] = parts;
  if (imageType !== 'original')
    return {
      kind: 'unmapped',
      reason: `filtered image type '${imageType}': IBSI 1 defines features of the original image only`,
    };
  if (featureClass === 'shape2D')
    return { kind: 'unmapped', reason: 'PyRadiomics 2D shape: IBSI 1 morphology is 3D only' };
  if (!FEATURE_CLASSES.has(featureClass))
    return { kind: 'unmapped', reason: `unknown PyRadiomics feature class '${featureClass}'` };
  const key = mappingKey(featureClass, feature);
  const mapping = PYRADIOMICS_TO_IBSI[key];
  if (mapping) return { kind: 'feature', mapping };
  return {
    kind: 'unmapped',
    reason: PYRADIOMICS_UNMAPPED[key] ?? `unknown PyRadiomics ${featureClass} feature '${feature}'`,
  };
}

/** The first header (any case) of `id`, `case`, `image`. */
function idColumnOf(names: readonly string[]): string | undefined {
  for (const candidate of ID_COLUMNS) {
    const found = names.find((name) => name.trim().toLowerCase() === candidate);
    if (found !== undefined) return found;
  }
  return undefined;
}

function isPyRadiomicsKey(name: string): boolean {
  if (name.startsWith('diagnostics_')) return true;
  const parts = FEATURE_COLUMN.exec(name);
  return parts !== null && (FEATURE_CLASSES.has(parts[2] ?? '') || parts[2] === 'shape2D');
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number as Python writes it (including nan, inf, -inf); undefined if the text is none. */
function numberOf(text: string): number | undefined {
  const t = text.trim();
  if (DECIMAL.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

function convert(conversion: PyRadiomicsConversion, value: number, voxels: number): number {
  switch (conversion) {
    case 'identity':
      return value;
    case 'excess-kurtosis':
      return value === 0 ? 0 : value - 3;
    case 'variance-from-standard-deviation':
      return value * value;
    case 'axis-length-sample-covariance':
      return voxels >= 2 ? value * Math.sqrt(voxels / (voxels - 1)) : NaN;
  }
}

/** The voxel-count diagnostics, most processed mask first (shape uses the last mask it is given). */
const VOXEL_COUNT_COLUMNS = [
  'diagnostics_Mask-interpolated_VoxelNum',
  'diagnostics_Mask-corrected_VoxelNum',
  'diagnostics_Mask-original_VoxelNum',
] as const;
const RESEGMENTED_VOXEL_COUNT = 'diagnostics_Mask-resegmented_VoxelNum';

interface Cell {
  readonly column: string;
  readonly value: string;
  readonly row: number;
}

interface Case {
  readonly row: number;
  readonly cells: readonly Cell[];
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

function duplicateCheck(names: readonly string[], rowOf: (index: number) => number): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name === '') return;
    if (seen.has(name)) throw new PyRadiomicsCsvError(rowOf(index), name, 'appears twice');
    seen.add(name);
  });
}

/** Wide (header + one row per case) or transposed (one case, `feature,value` rows). */
function casesOf(records: readonly CsvRecord[]): {
  readonly layout: 'wide' | 'transposed';
  readonly columns: readonly string[];
  readonly cases: Case[];
} {
  const [header, ...rest] = records;
  if (!header) throw new PyRadiomicsCsvError(1, '#1', 'the file is empty (no header row)');
  const names = header.fields.map((name) => name.trim());
  if (names.length === 1 && /[;\t]/.test(header.fields[0] ?? ''))
    throw new PyRadiomicsCsvError(1, '#1', 'fields must be separated by commas (found ; or tab)');
  const data = rest.filter((record) => !isBlank(record));

  const first = names[0] ?? '';
  const second = names[1] ?? '';
  const transposed =
    names.length === 2 &&
    !isPyRadiomicsKey(second) &&
    (isPyRadiomicsKey(first) || data.some((record) => isPyRadiomicsKey(record.fields[0]?.trim() ?? '')));

  if (transposed) {
    const body = isPyRadiomicsKey(first) ? [header, ...data] : data;
    const cells = body.map((record) => {
      if (record.fields.length !== 2)
        throw new PyRadiomicsCsvError(
          record.row,
          record.fields[0]?.trim() || '#1',
          `has ${record.fields.length} fields, the transposed (feature,value) layout has 2`,
        );
      return { column: (record.fields[0] ?? '').trim(), value: record.fields[1] ?? '', row: record.row };
    });
    duplicateCheck(
      cells.map((cell) => cell.column),
      (index) => cells[index]?.row ?? 1,
    );
    return {
      layout: 'transposed',
      columns: cells.map((cell) => cell.column),
      cases: cells.length > 0 ? [{ row: cells[0]?.row ?? 1, cells }] : [],
    };
  }

  duplicateCheck(names, () => header.row);
  const cases = data.map((record): Case => {
    if (record.fields.length !== names.length) {
      const fewer = record.fields.length < names.length;
      throw new PyRadiomicsCsvError(
        record.row,
        fieldName(names, fewer ? record.fields.length : names.length),
        `has ${record.fields.length} fields, the header has ${names.length}`,
      );
    }
    return {
      row: record.row,
      cells: names.map((column, index) => ({ column, value: record.fields[index] ?? '', row: record.row })),
    };
  });
  return { layout: 'wide', columns: names, cases };
}

function resolvedSettings(
  cells: ReadonlyMap<string, Cell>,
  options: PyRadiomicsCsvOptions,
  cache: Map<string, PyRadiomicsSettings>,
): { readonly settings: PyRadiomicsSettings; readonly source: PyRadiomicsRow['settingsSource'] } {
  const settingsCell = cells.get(SETTINGS_COLUMN);
  if (!settingsCell || settingsCell.value.trim() === '') {
    if (options.assumedSettings) {
      const given = Object.entries(options.assumedSettings).filter(([, value]) => value !== undefined);
      return {
        settings: { ...PYRADIOMICS_DEFAULT_SETTINGS, ...Object.fromEntries(given) },
        source: 'assumed',
      };
    }
    return { settings: PYRADIOMICS_DEFAULT_SETTINGS, source: 'default' };
  }
  const imageTypesCell = cells.get(IMAGE_TYPES_COLUMN);
  const key = `${settingsCell.value}\u0000${imageTypesCell?.value ?? ''}`;
  const cached = cache.get(key);
  if (cached) return { settings: cached, source: 'diagnostics' };

  const read = (cell: Cell): PythonLiteral => {
    try {
      return parsePythonLiteral(cell.value);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new PyRadiomicsCsvError(cell.row, cell.column, `unreadable PyRadiomics settings (${message})`);
    }
  };
  const general = read(settingsCell);
  if (!isDict(general))
    throw new PyRadiomicsCsvError(
      settingsCell.row,
      settingsCell.column,
      'PyRadiomics settings must be a dict',
    );
  let merged: { readonly [key: string]: PythonLiteral } = general;
  let settingsOrigin: Cell = settingsCell;
  if (imageTypesCell && imageTypesCell.value.trim() !== '') {
    const imageTypes = read(imageTypesCell);
    const original = isDict(imageTypes) ? imageTypes['Original'] : undefined;
    if (isDict(original) && Object.keys(original).length > 0) {
      merged = { ...general, ...original };
      settingsOrigin = imageTypesCell;
    }
  }
  const settings = settingsFrom(merged, (problem) => {
    throw new PyRadiomicsCsvError(settingsOrigin.row, settingsOrigin.column, problem);
  });
  cache.set(key, settings);
  return { settings, source: 'diagnostics' };
}

/** The ROI voxel count the shape features were computed on, if the diagnostics give it. */
function voxelCountOf(cells: ReadonlyMap<string, Cell>, settings: PyRadiomicsSettings): number | undefined {
  const columns = settings.resegmentShape
    ? [RESEGMENTED_VOXEL_COUNT, ...VOXEL_COUNT_COLUMNS]
    : VOXEL_COUNT_COLUMNS;
  for (const column of columns) {
    const cell = cells.get(column);
    if (!cell || cell.value.trim() === '') continue;
    const count = numberOf(cell.value);
    if (count === undefined || !Number.isInteger(count) || count < 0)
      throw new PyRadiomicsCsvError(
        cell.row,
        cell.column,
        `${JSON.stringify(cell.value)} is not a voxel count (a whole number)`,
      );
    return count;
  }
  return undefined;
}

const NO_VOXEL_COUNT =
  "needs the ROI voxel count (a diagnostics_Mask-…_VoxelNum column) to convert PyRadiomics' population-covariance axis length to IBSI's";

/**
 * Reads PyRadiomics CSV output (RFC 4180; UTF-8 BOM, CRLF or LF) as IBSI features, one row per case.
 *
 * Layouts: the batch output — a header row (`Image`, `Mask`, any copied input columns,
 * `diagnostics_*`, then `<imageType>_<featureClass>_<FeatureName>` feature columns) and one row per
 * case — and the transposed single-case output of two columns (`feature,value` rows, with or
 * without a header row such as `Feature,Value`). The id of a case is its value in the first column
 * named `id`, `case` or `image` (any case), in that order of preference.
 *
 * Every cell of a mapped feature column must be a number (`nan`, `inf` and `-inf` as Python writes
 * them are accepted); an empty or other value throws a {@link PyRadiomicsCsvError} naming its row and
 * column, as do malformed CSV (unterminated quotes, ragged rows, a quote inside an unquoted field),
 * duplicate columns, and unreadable settings. Filtered image types (`wavelet-*`, `log-sigma-*`, …),
 * PyRadiomics features without an IBSI equivalent (under the case's settings) and columns that are
 * neither features nor metadata are listed in `unmappedColumns` with the reason; their cells are not
 * read.
 */
export function parsePyRadiomicsCsv(text: string, options: PyRadiomicsCsvOptions = {}): PyRadiomicsCsv {
  const { layout, columns, cases } = casesOf(csvRecords(text));
  const idColumn = idColumnOf(columns);
  const plans = new Map<string, ColumnPlan>();
  const planOf = (column: string): ColumnPlan => {
    let plan = plans.get(column);
    if (!plan) {
      plan = planColumn(column, idColumn);
      plans.set(column, plan);
    }
    return plan;
  };
  // column → reason → case rows
  const unmapped = new Map<string, Map<string, number[]>>();
  const markUnmapped = (column: string, reason: string, row: number): void => {
    let reasons = unmapped.get(column);
    if (!reasons) {
      reasons = new Map();
      unmapped.set(column, reasons);
    }
    const rows = reasons.get(reason);
    if (rows) rows.push(row);
    else reasons.set(reason, [row]);
  };
  const settingsCache = new Map<string, PyRadiomicsSettings>();

  const rows = cases.map((one): PyRadiomicsRow => {
    const byColumn = new Map(one.cells.map((cell) => [cell.column, cell]));
    const version = byColumn.get(VERSION_COLUMN);
    const major = version ? /^v?(\d+)\./.exec(version.value.trim())?.[1] : undefined;
    if (version && major !== undefined && Number(major) < 2)
      throw new PyRadiomicsCsvError(
        version.row,
        version.column,
        `PyRadiomics ${version.value.trim()}: before version 2 the variance divided by N − 1 and voxelArrayShift defaulted to 2000 (not IBSI); extract with PyRadiomics 2 or later`,
      );
    const { settings, source } = resolvedSettings(byColumn, options, settingsCache);
    let voxels: number | undefined | null = null;
    // IBSI code + aggregation → rank (0 direct, 1 equivalent, 2 fallback) and value
    const chosen = new Map<string, { rank: number; feature: FeatureValue }>();
    const offer = (
      target: IbsiFeature,
      aggregation: TextureAggregation | undefined,
      rank: number,
      value: number,
    ) => {
      const key = `${target.ibsi}\u0000${aggregation ?? ''}`;
      const existing = chosen.get(key);
      if (existing && existing.rank <= rank) return;
      const feature: FeatureValue = aggregation
        ? { family: target.family, name: target.name, ibsi: target.ibsi, aggregation, value }
        : { family: target.family, name: target.name, ibsi: target.ibsi, value };
      chosen.set(key, { rank, feature });
    };

    for (const cell of one.cells) {
      const plan = planOf(cell.column);
      if (plan.kind === 'metadata') continue;
      if (plan.kind === 'unmapped') continue;
      const { mapping } = plan;
      const resolved = ibsiAggregationOf(mapping, settings);
      if ('unmapped' in resolved) {
        markUnmapped(cell.column, resolved.unmapped, one.row);
        continue;
      }
      if (mapping.conversion === 'axis-length-sample-covariance') {
        if (voxels === null) voxels = voxelCountOf(byColumn, settings);
        if (voxels === undefined) {
          markUnmapped(cell.column, NO_VOXEL_COUNT, one.row);
          continue;
        }
      }
      const raw = numberOf(cell.value);
      if (raw === undefined)
        throw new PyRadiomicsCsvError(
          cell.row,
          cell.column,
          cell.value.trim() === ''
            ? 'the value is empty (a PyRadiomics feature value is expected)'
            : `${JSON.stringify(cell.value)} is not a number`,
        );
      const value = convert(mapping.conversion, raw, voxels ?? 0);
      offer(mapping, resolved.aggregation, mapping.fallback ? 2 : 0, value);
      for (const equivalent of mapping.equivalents ?? []) {
        const aggregation = aggregationUnder(equivalent.family, settings);
        if (aggregation.ok) offer(equivalent, aggregation.aggregation, 1, value);
      }
    }

    const idValue = idColumn === undefined ? undefined : byColumn.get(idColumn)?.value.trim();
    return {
      ...(idValue ? { id: idValue } : {}),
      row: one.row,
      settings,
      settingsSource: source,
      features: [...chosen.values()].map((entry) => entry.feature),
    };
  });

  // Reasons of the column itself, whatever the cases; reasons of some cases' settings, with their rows.
  const unmappedColumns: PyRadiomicsUnmappedColumn[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) continue;
    seen.add(column);
    const plan = planOf(column);
    if (plan.kind === 'unmapped') {
      unmappedColumns.push({ column, reason: plan.reason });
      continue;
    }
    for (const [reason, caseRows] of unmapped.get(column) ?? [])
      unmappedColumns.push(
        caseRows.length === rows.length ? { column, reason } : { column, reason, rows: caseRows },
      );
  }
  return { rows, unmappedColumns, ...(idColumn === undefined ? {} : { idColumn }), layout };
}
