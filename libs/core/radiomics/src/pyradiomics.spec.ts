import reference from '@prospect/fixtures/ibsi-digital-phantom/reference_values.json';
import { FAMILY_EXTRACTORS } from './extract';
import {
  PYRADIOMICS_DEFAULT_SETTINGS,
  PYRADIOMICS_TO_IBSI,
  PYRADIOMICS_UNMAPPED,
  PyRadiomicsCsvError,
  ibsiAggregationOf,
  parsePyRadiomicsCsv,
  type IbsiFeature,
  type PyRadiomicsIbsiMapping,
  type PyRadiomicsRow,
  type PyRadiomicsSettings,
} from './pyradiomics';
import { preparedIbsiPhantom } from './testing/ibsi-phantom';
import { FEATURE_FAMILIES, type FeatureFamily, type FeatureValue, type TextureAggregation } from './types';

const MAPPINGS: readonly PyRadiomicsIbsiMapping[] = Object.values(PYRADIOMICS_TO_IBSI);

/** Every IBSI feature the table gives: primaries and their equivalents. */
function targetsOf(mapping: PyRadiomicsIbsiMapping): readonly IbsiFeature[] {
  return [mapping, ...(mapping.equivalents ?? [])];
}

// ----- reference_values.json -----------------------------------------------------------------

interface RawFeature {
  readonly family_code: string;
  readonly feature: string;
  readonly ibsi_code: string | null;
  readonly digital_phantom: readonly { readonly aggregation: string | null }[];
}

const FAMILY_OF_CODE = new Map<string, FeatureFamily>(
  Object.entries(FEATURE_FAMILIES).map(([family, code]) => [code, family as FeatureFamily]),
);

/**
 * `reference_values.json` keeps the manual's reStructuredText codes: Small zone emphasis has none
 * there (P001, which the GLSZM features use). The shifted discretised percentiles (1PR8/GPMT) are
 * not mapped from PyRadiomics, so they need no erratum here.
 */
const CODE_ERRATA: Readonly<Record<string, string>> = { 'Small zone emphasis': 'P001' };

const REFERENCE_BY_CODE = new Map<string, RawFeature>();
for (const feature of reference.features as RawFeature[]) {
  const code = feature.ibsi_code ?? CODE_ERRATA[feature.feature];
  if (code !== undefined && !REFERENCE_BY_CODE.has(code)) REFERENCE_BY_CODE.set(code, feature);
}

/** The manual's name without its reStructuredText markup (`10\ :sup:`th`` → `10th`). */
function plainName(name: string): string {
  return name.replace(/\\ :sup:`([^`]*)`/g, '$1');
}

// ----- CSV helpers ---------------------------------------------------------------------------

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(rows: readonly (readonly string[])[], eol = '\n'): string {
  return rows.map((row) => row.map(field).join(',')).join(eol) + eol;
}

function csvError(text: string): PyRadiomicsCsvError {
  try {
    parsePyRadiomicsCsv(text);
  } catch (error) {
    if (error instanceof PyRadiomicsCsvError) return error;
    throw error;
  }
  throw new Error('parsePyRadiomicsCsv did not throw');
}

function featureOf(
  row: PyRadiomicsRow | undefined,
  ibsi: string,
  aggregation?: TextureAggregation,
): FeatureValue {
  const found = row?.features.find((feature) => feature.ibsi === ibsi && feature.aggregation === aggregation);
  if (!found) throw new Error(`no ${ibsi} (${aggregation ?? 'no aggregation'})`);
  return found;
}

/** PyRadiomics' settings dict as it writes it (Python repr) in diagnostics_Configuration_Settings. */
function settingsRepr(overrides: Readonly<Record<string, string>> = {}): string {
  const entries: Record<string, string> = {
    minimumROIDimensions: '2',
    minimumROISize: 'None',
    normalize: 'False',
    normalizeScale: '1',
    removeOutliers: 'None',
    resampledPixelSpacing: 'None',
    interpolator: "'sitkBSpline'",
    preCrop: 'False',
    padDistance: '5',
    distances: '[1]',
    force2D: 'False',
    force2Ddimension: '0',
    resegmentRange: 'None',
    label: '1',
    additionalInfo: 'True',
    binWidth: '25',
    ...overrides,
  };
  return `{${Object.entries(entries)
    .map(([key, value]) => `'${key}': ${value}`)
    .join(', ')}}`;
}

const DIAGNOSTICS_HEADER = [
  'diagnostics_Versions_PyRadiomics',
  'diagnostics_Versions_Numpy',
  'diagnostics_Versions_SimpleITK',
  'diagnostics_Versions_PyWavelet',
  'diagnostics_Versions_Python',
  'diagnostics_Configuration_Settings',
  'diagnostics_Configuration_EnabledImageTypes',
  'diagnostics_Image-original_Hash',
  'diagnostics_Image-original_Dimensionality',
  'diagnostics_Image-original_Spacing',
  'diagnostics_Image-original_Size',
  'diagnostics_Image-original_Mean',
  'diagnostics_Image-original_Minimum',
  'diagnostics_Image-original_Maximum',
  'diagnostics_Mask-original_Hash',
  'diagnostics_Mask-original_Spacing',
  'diagnostics_Mask-original_Size',
  'diagnostics_Mask-original_BoundingBox',
  'diagnostics_Mask-original_VoxelNum',
  'diagnostics_Mask-original_VolumeNum',
  'diagnostics_Mask-original_CenterOfMassIndex',
  'diagnostics_Mask-original_CenterOfMass',
];

function diagnostics(voxels: number, settings = settingsRepr()): string[] {
  return [
    'v3.1.0',
    '1.26.4',
    '2.3.1',
    '1.6.0',
    '3.11.9',
    settings,
    "{'Original': {}, 'Wavelet': {}, 'LoG': {'sigma': [1.0, 3.0]}}",
    '6b0e1bd3cd1e8ae6b3e4f1c40e3f5f8ba6ad3ef2',
    '3D',
    '(0.9765625, 0.9765625, 2.5)',
    '(512, 512, 120)',
    '-712.4401',
    '-1024.0',
    '3071.0',
    '0d8a7b2c1f2e3d4c5b6a79880a1b2c3d4e5f6a7b',
    '(0.9765625, 0.9765625, 2.5)',
    '(512, 512, 120)',
    '(231, 250, 58, 41, 37, 12)',
    String(voxels),
    '1',
    '(251.3, 268.1, 63.7)',
    '(45.2, -12.8, -101.5)',
  ];
}

// ----- The table -----------------------------------------------------------------------------

describe('PYRADIOMICS_TO_IBSI', () => {
  it('maps 106 PyRadiomics features: 101 identities and 5 exact conversions', () => {
    expect(MAPPINGS).toHaveLength(106);
    expect(MAPPINGS.filter((m) => m.conversion === 'identity')).toHaveLength(101);
    expect(
      MAPPINGS.filter((m) => m.conversion !== 'identity')
        .map((m) => `${m.featureClass}_${m.feature}: ${m.conversion}`)
        .sort(),
    ).toEqual([
      'firstorder_Kurtosis: excess-kurtosis',
      'firstorder_StandardDeviation: variance-from-standard-deviation',
      'shape_LeastAxisLength: axis-length-sample-covariance',
      'shape_MajorAxisLength: axis-length-sample-covariance',
      'shape_MinorAxisLength: axis-length-sample-covariance',
    ]);
    for (const [key, mapping] of Object.entries(PYRADIOMICS_TO_IBSI))
      expect(key).toBe(`${mapping.featureClass}_${mapping.feature}`);
    for (const key of Object.keys(PYRADIOMICS_UNMAPPED)) expect(PYRADIOMICS_TO_IBSI[key]).toBeUndefined();
  });

  it('carries a note on every entry that is not a plain 1:1 identity', () => {
    const withoutNote = MAPPINGS.filter(
      (m) => (m.conversion !== 'identity' || m.equivalents || m.fallback) && !m.note,
    ).map((m) => m.feature);
    expect(withoutNote).toEqual([]);
    expect(PYRADIOMICS_TO_IBSI['firstorder_Kurtosis']?.note).toMatch(/− 3/);
    expect(PYRADIOMICS_TO_IBSI['shape_MajorAxisLength']?.note).toMatch(/N − 1/);
  });

  it('gives every IBSI code, family, name and default aggregation as reference_values.json has them', () => {
    for (const target of MAPPINGS.flatMap(targetsOf)) {
      const raw = REFERENCE_BY_CODE.get(target.ibsi);
      expect({ ibsi: target.ibsi, found: raw !== undefined }).toEqual({ ibsi: target.ibsi, found: true });
      if (!raw) continue;
      expect({
        ibsi: target.ibsi,
        family: FAMILY_OF_CODE.get(raw.family_code),
        name: plainName(raw.feature),
      }).toEqual({
        ibsi: target.ibsi,
        family: target.family,
        name: target.name,
      });
      const aggregations = raw.digital_phantom.map((value) => value.aggregation);
      expect(aggregations).toContain(target.aggregation ?? null);
    }
  });

  it('covers every GLCM, GLRLM, GLSZM and NGTDM feature of the manual, and NGLDM but two', () => {
    const mapped = new Set(MAPPINGS.flatMap(targetsOf).map((target) => target.ibsi));
    const missing = [...REFERENCE_BY_CODE.entries()]
      .filter(([, raw]) => ['LFYI', 'TP0I', '9SAK', 'IPET', 'REK0'].includes(raw.family_code))
      .filter(([code]) => !mapped.has(code))
      .map(([code, raw]) => `${code} ${raw.feature}`);
    // PyRadiomics drops dependence count percentage (always 1) and has no dependence count energy.
    expect(missing.sort()).toEqual(['6XV8 Dependence count percentage', 'CAS9 Dependence count energy']);
  });

  it('gives each IBSI feature (code and aggregation) from one primary PyRadiomics feature, besides the fallback', () => {
    const primaries = MAPPINGS.filter((m) => !m.fallback).map((m) => `${m.ibsi} ${m.aggregation ?? ''}`);
    expect(new Set(primaries).size).toBe(primaries.length);
  });

  it('resolves the aggregation from the settings', () => {
    const glcm = PYRADIOMICS_TO_IBSI['glcm_JointEntropy'];
    const glszm = PYRADIOMICS_TO_IBSI['glszm_ZoneEntropy'];
    const gldm = PYRADIOMICS_TO_IBSI['gldm_DependenceEntropy'];
    const mean = PYRADIOMICS_TO_IBSI['firstorder_Mean'];
    if (!glcm || !glszm || !gldm || !mean) throw new Error('missing mappings');
    const under = (overrides: Partial<PyRadiomicsSettings>) => ({
      ...PYRADIOMICS_DEFAULT_SETTINGS,
      ...overrides,
    });
    expect(ibsiAggregationOf(glcm)).toEqual({ aggregation: '3D, averaged' });
    expect(ibsiAggregationOf(glcm, under({ weightingNorm: 'no_weighting' }))).toEqual({
      aggregation: '3D, merged',
    });
    expect(ibsiAggregationOf(glcm, under({ force2D: true }))).toEqual({
      aggregation: '2.5D, direction-merged',
    });
    expect(ibsiAggregationOf(glcm, under({ force2D: true, weightingNorm: 'no_weighting' }))).toEqual({
      aggregation: '2.5D, merged',
    });
    expect(ibsiAggregationOf(glcm, under({ weightingNorm: 'euclidean' }))).toEqual({
      unmapped: expect.stringMatching(/weightingNorm 'euclidean'/) as string,
    });
    expect(ibsiAggregationOf(glszm)).toEqual({ aggregation: '3D' });
    expect(ibsiAggregationOf(glszm, under({ force2D: true }))).toEqual({ aggregation: '2.5D' });
    expect(ibsiAggregationOf(glszm, under({ force2D: true, force2Ddimension: 1 }))).toEqual({
      unmapped: expect.stringMatching(/force2Ddimension 1/) as string,
    });
    expect(ibsiAggregationOf(gldm, under({ gldm_a: 1 }))).toEqual({
      unmapped: expect.stringMatching(/gldm_a 1/) as string,
    });
    expect(ibsiAggregationOf(gldm, under({ distances: [1, 2] }))).toEqual({
      unmapped: expect.stringMatching(/distances \[1, 2\]/) as string,
    });
    expect(ibsiAggregationOf(glcm, under({ symmetricalGLCM: false }))).toEqual({
      unmapped: expect.stringMatching(/symmetric/) as string,
    });
    expect(ibsiAggregationOf(mean, under({ force2D: true }))).toEqual({});
  });

  it('gives aggregations that exist in the manual for the features under force2D and merging', () => {
    const variants: Partial<PyRadiomicsSettings>[] = [
      { weightingNorm: 'no_weighting' },
      { force2D: true },
      { force2D: true, weightingNorm: 'no_weighting' },
    ];
    for (const overrides of variants) {
      for (const mapping of MAPPINGS) {
        const resolved = ibsiAggregationOf(mapping, { ...PYRADIOMICS_DEFAULT_SETTINGS, ...overrides });
        if ('unmapped' in resolved || !resolved.aggregation) continue;
        const raw = REFERENCE_BY_CODE.get(mapping.ibsi);
        expect(raw?.digital_phantom.map((value) => value.aggregation)).toContain(resolved.aggregation);
      }
    }
  });
});

// ----- Round trip through this library's extractors --------------------------------------------

describe('parsePyRadiomicsCsv on values of the IBSI digital phantom', () => {
  const roi = preparedIbsiPhantom();
  const voxels = roi.morphologicalMask.reduce((sum, inside) => sum + inside, 0);
  const families = new Set<FeatureFamily>(MAPPINGS.flatMap(targetsOf).map((target) => target.family));
  const computed = FAMILY_EXTRACTORS.filter(([family]) => families.has(family)).flatMap(([, extract]) =>
    extract(roi),
  );
  const libraryValue = (target: IbsiFeature): FeatureValue => {
    const found = computed.find(
      (feature) =>
        feature.ibsi === target.ibsi &&
        feature.family === target.family &&
        feature.aggregation === target.aggregation,
    );
    if (!found) throw new Error(`the library computes no ${target.ibsi} (${target.aggregation ?? '-'})`);
    return found;
  };

  /** What PyRadiomics would report for the library's IBSI value (the conversions inverted). */
  const pyradiomicsValue = (mapping: PyRadiomicsIbsiMapping): number => {
    const value = libraryValue(mapping).value;
    switch (mapping.conversion) {
      case 'identity':
        return value;
      case 'excess-kurtosis':
        return value === 0 ? 0 : value + 3;
      case 'variance-from-standard-deviation':
        return Math.sqrt(value);
      case 'axis-length-sample-covariance':
        return value / Math.sqrt(voxels / (voxels - 1));
    }
  };

  const header = [
    'Image',
    'Mask',
    ...DIAGNOSTICS_HEADER,
    ...MAPPINGS.map((m) => `original_${m.featureClass}_${m.feature}`),
  ];
  const values = [
    'phantom.nii.gz',
    'mask.nii.gz',
    ...diagnostics(voxels),
    ...MAPPINGS.map((m) => String(pyradiomicsValue(m))),
  ];
  const parsed = parsePyRadiomicsCsv(csv([header, values]));
  const row = parsed.rows[0];

  it('reads the one case, with its image as id and every column mapped', () => {
    expect(voxels).toBe(74);
    expect(parsed.layout).toBe('wide');
    expect(parsed.idColumn).toBe('Image');
    expect(parsed.rows).toHaveLength(1);
    expect(row?.id).toBe('phantom.nii.gz');
    expect(row?.settingsSource).toBe('diagnostics');
    expect(parsed.unmappedColumns).toEqual([]);
  });

  it("gives this library's value, name and family for every IBSI feature", () => {
    const targets = MAPPINGS.filter((m) => !m.fallback).flatMap(targetsOf);
    expect(row?.features).toHaveLength(targets.length);
    for (const target of targets) {
      const expected = libraryValue(target);
      const actual = featureOf(row, target.ibsi, target.aggregation);
      expect({ ibsi: target.ibsi, name: actual.name, family: actual.family }).toEqual({
        ibsi: target.ibsi,
        name: expected.name,
        family: expected.family,
      });
      if (Number.isNaN(expected.value)) expect(actual.value).toBeNaN();
      else expect(actual.value).toBeCloseTo(expected.value, 10);
    }
  });
});

// ----- A realistic batch file ----------------------------------------------------------------

describe('parsePyRadiomicsCsv on a batch file', () => {
  const header = [
    'ID',
    'Image',
    'Mask',
    'Reader',
    ...DIAGNOSTICS_HEADER,
    'original_shape_MajorAxisLength',
    'original_shape_Elongation',
    'original_shape_Maximum2DDiameterSlice',
    'original_firstorder_Kurtosis',
    'original_firstorder_Variance',
    'original_firstorder_TotalEnergy',
    'original_firstorder_Uniformity',
    'original_glcm_ClusterTendency',
    'original_glcm_MCC',
    'original_glszm_SmallAreaEmphasis',
    'original_gldm_DependenceEntropy',
    'wavelet-LLH_firstorder_Mean',
    'log-sigma-1-0-mm-3D_glcm_Contrast',
  ];
  const rows = [
    [
      'case-001',
      'C:\\data\\case 1, baseline\\image.nrrd',
      'C:\\data\\case 1, baseline\\mask.nrrd',
      'Dr "A" Smith',
      ...diagnostics(5),
      '40',
      '0.8',
      '31.2',
      '4.5',
      '100',
      '123456789.5',
      '0.25',
      '7.25',
      '0.6',
      '0.5',
      'nan',
      '12',
      '3',
    ],
    [
      'case-002',
      '/data/case2/image.nrrd',
      '/data/case2/mask.nrrd',
      '',
      ...diagnostics(1200),
      '55.5',
      '0.7',
      '40.1',
      '0',
      '0.0',
      '0',
      '1',
      '0',
      '1',
      '1.0',
      '0',
      '-3.5e+02',
      '1E-3',
    ],
  ];
  const text = `\uFEFF${csv([header, ...rows], '\r\n')}`;
  const parsed = parsePyRadiomicsCsv(text);
  const [first, second] = parsed.rows;

  it('reads the cases (BOM, CRLF, quoted fields with commas, quotes and dict settings) with their ids', () => {
    expect(parsed.layout).toBe('wide');
    expect(parsed.idColumn).toBe('ID');
    expect(parsed.rows.map((row) => [row.id, row.row, row.settingsSource])).toEqual([
      ['case-001', 2, 'diagnostics'],
      ['case-002', 3, 'diagnostics'],
    ]);
    expect(first?.settings).toEqual(PYRADIOMICS_DEFAULT_SETTINGS);
  });

  it('converts kurtosis to excess kurtosis, keeping the flat-region 0', () => {
    expect(featureOf(first, 'IPH6')).toEqual({
      family: 'intensity-statistics',
      name: '(Excess) intensity kurtosis',
      ibsi: 'IPH6',
      value: 1.5,
    });
    expect(featureOf(second, 'IPH6').value).toBe(0);
    expect(featureOf(first, 'ECT3').value).toBe(100);
  });

  it("converts the axis lengths with the case's voxel count", () => {
    expect(featureOf(first, 'TDIC').value).toBeCloseTo(40 * Math.sqrt(5 / 4), 12);
    expect(featureOf(second, 'TDIC').value).toBeCloseTo(55.5 * Math.sqrt(1200 / 1199), 12);
    expect(featureOf(first, 'Q3CK').value).toBe(0.8);
  });

  it('reports the IBSI equivalents with the aggregation of their family', () => {
    expect(featureOf(first, 'DG8W', '3D, averaged')).toEqual({
      family: 'glcm',
      name: 'Cluster tendency',
      ibsi: 'DG8W',
      aggregation: '3D, averaged',
      value: 7.25,
    });
    expect(featureOf(first, 'OEEB', '3D, averaged').value).toBe(7.25);
    expect(featureOf(first, 'BJ5W').family).toBe('intensity-histogram');
    expect(featureOf(first, '5SPA', '3D')).toMatchObject({ family: 'ngldm', value: 0.25 });
    expect(featureOf(first, 'P001', '3D')).toMatchObject({ name: 'Small zone emphasis', value: 0.5 });
    expect(featureOf(first, 'FCBV', '3D').value).toBeNaN();
  });

  it('lists the columns without IBSI equivalent, with the reason', () => {
    expect(parsed.unmappedColumns).toEqual([
      { column: 'Reader', reason: expect.stringMatching(/not a PyRadiomics feature column/) as string },
      {
        column: 'original_shape_Maximum2DDiameterSlice',
        reason: expect.stringMatching(/no 2D diameters/) as string,
      },
      { column: 'original_firstorder_TotalEnergy', reason: expect.stringMatching(/voxel volume/) as string },
      {
        column: 'original_glcm_MCC',
        reason: expect.stringMatching(/maximal correlation coefficient/) as string,
      },
      {
        column: 'wavelet-LLH_firstorder_Mean',
        reason: expect.stringMatching(/filtered image type 'wavelet-LLH'/) as string,
      },
      {
        column: 'log-sigma-1-0-mm-3D_glcm_Contrast',
        reason: expect.stringMatching(/filtered image type 'log-sigma-1-0-mm-3D'/) as string,
      },
    ]);
    for (const row of parsed.rows) expect(row.features.some((f) => f.ibsi === 'Q4LE')).toBe(false);
  });

  it('reports unmapped columns even without data rows', () => {
    const empty = parsePyRadiomicsCsv(csv([header]));
    expect(empty.rows).toEqual([]);
    expect(empty.unmappedColumns.map((u) => u.column)).toContain('wavelet-LLH_firstorder_Mean');
  });
});

// ----- Settings ------------------------------------------------------------------------------

describe('parsePyRadiomicsCsv with non-default settings', () => {
  const header = [
    'Image',
    'diagnostics_Configuration_Settings',
    'diagnostics_Mask-original_VoxelNum',
    'original_firstorder_Energy',
    'original_glcm_Contrast',
    'original_glrlm_RunEntropy',
    'original_glszm_ZoneEntropy',
    'original_gldm_DependenceEntropy',
    'original_ngtdm_Busyness',
  ];
  const values = ['100', '2', '3', '4', '5', '6'];

  it('reads 2.5D and merged aggregations per case', () => {
    const parsed = parsePyRadiomicsCsv(
      csv([
        header,
        ['a', settingsRepr({ force2D: 'True' }), '10', ...values],
        ['b', settingsRepr({ weightingNorm: "'no_weighting'" }), '10', ...values],
      ]),
    );
    const [a, b] = parsed.rows;
    expect(a?.features.map((f) => [f.ibsi, f.aggregation])).toEqual([
      ['N8CA', undefined],
      ['ACUI', '2.5D, direction-merged'],
      ['HJ9O', '2.5D, direction-merged'],
      ['GU8N', '2.5D'],
      ['FCBV', '2.5D'],
      ['NQ30', '2.5D'],
    ]);
    expect(b?.features.map((f) => [f.ibsi, f.aggregation])).toEqual([
      ['N8CA', undefined],
      ['ACUI', '3D, merged'],
      ['HJ9O', '3D, merged'],
      ['GU8N', '3D'],
      ['FCBV', '3D'],
      ['NQ30', '3D'],
    ]);
    expect(parsed.unmappedColumns).toEqual([]);
  });

  it('leaves features unmapped for the cases whose settings have no IBSI equivalent, naming those rows', () => {
    const parsed = parsePyRadiomicsCsv(
      csv([
        header,
        ['a', settingsRepr(), '10', ...values],
        [
          'b',
          settingsRepr({
            weightingNorm: "'euclidean'",
            distances: '[1, 2]',
            voxelArrayShift: '2000',
            gldm_a: '1',
          }),
          '10',
          ...values,
        ],
      ]),
    );
    const [a, b] = parsed.rows;
    expect(a?.features).toHaveLength(6);
    expect(b?.features.map((f) => [f.ibsi, f.aggregation])).toEqual([['GU8N', '3D']]);
    expect(b?.settings).toMatchObject({
      weightingNorm: 'euclidean',
      distances: [1, 2],
      voxelArrayShift: 2000,
      gldm_a: 1,
    });
    expect(parsed.unmappedColumns).toEqual([
      {
        column: 'original_firstorder_Energy',
        reason: expect.stringMatching(/voxelArrayShift 2000/) as string,
        rows: [3],
      },
      {
        column: 'original_glcm_Contrast',
        reason: expect.stringMatching(/distances \[1, 2\]/) as string,
        rows: [3],
      },
      {
        column: 'original_glrlm_RunEntropy',
        reason: expect.stringMatching(/weightingNorm 'euclidean'/) as string,
        rows: [3],
      },
      {
        column: 'original_gldm_DependenceEntropy',
        reason: expect.stringMatching(/distances \[1, 2\]/) as string,
        rows: [3],
      },
      {
        column: 'original_ngtdm_Busyness',
        reason: expect.stringMatching(/distances \[1, 2\]/) as string,
        rows: [3],
      },
    ]);
  });

  it("takes the Original image type's own settings over the general ones", () => {
    const parsed = parsePyRadiomicsCsv(
      csv([
        [
          'Image',
          'diagnostics_Configuration_Settings',
          'diagnostics_Configuration_EnabledImageTypes',
          'original_glszm_ZoneEntropy',
        ],
        ['a', settingsRepr(), "{'Original': {'force2D': True}, 'Wavelet': {}}", '1.5'],
      ]),
    );
    expect(parsed.rows[0]?.features).toEqual([
      { family: 'glszm', name: 'Zone size entropy', ibsi: 'GU8N', aggregation: '2.5D', value: 1.5 },
    ]);
  });

  it('uses the assumed settings, else the defaults, when the file has no settings', () => {
    const text = csv([
      ['case', 'original_glcm_Contrast'],
      ['x', '2'],
    ]);
    const assumed = parsePyRadiomicsCsv(text, {
      assumedSettings: { force2D: true, weightingNorm: undefined },
    });
    expect(assumed.idColumn).toBe('case');
    expect(assumed.rows[0]).toMatchObject({ id: 'x', settingsSource: 'assumed' });
    expect(assumed.rows[0]?.features[0]?.aggregation).toBe('2.5D, direction-merged');
    const defaults = parsePyRadiomicsCsv(text);
    expect(defaults.rows[0]?.settingsSource).toBe('default');
    expect(defaults.rows[0]?.features[0]?.aggregation).toBe('3D, averaged');
  });

  it('takes the voxel count of the resampled (or re-segmented, for resegmentShape) mask', () => {
    const parsed = parsePyRadiomicsCsv(
      csv([
        [
          'Image',
          'diagnostics_Configuration_Settings',
          'diagnostics_Mask-original_VoxelNum',
          'diagnostics_Mask-interpolated_VoxelNum',
          'diagnostics_Mask-resegmented_VoxelNum',
          'original_shape_LeastAxisLength',
        ],
        ['a', settingsRepr(), '100', '10', '4', '3'],
        ['b', settingsRepr({ resegmentShape: 'True' }), '100', '10', '4', '3'],
      ]),
    );
    expect(featureOf(parsed.rows[0], '7J51').value).toBeCloseTo(3 * Math.sqrt(10 / 9), 12);
    expect(featureOf(parsed.rows[1], '7J51').value).toBeCloseTo(3 * Math.sqrt(4 / 3), 12);
  });

  it('leaves the axis lengths unmapped without a voxel count, and NaN for a single voxel', () => {
    const parsed = parsePyRadiomicsCsv(
      csv([
        [
          'Image',
          'diagnostics_Mask-original_VoxelNum',
          'original_shape_MinorAxisLength',
          'original_shape_Flatness',
        ],
        ['a', '', '0', '0.5'],
        ['b', '1', '0', '0.5'],
      ]),
    );
    expect(parsed.rows[0]?.features.map((f) => f.ibsi)).toEqual(['N17B']);
    expect(featureOf(parsed.rows[1], 'P9VJ').value).toBeNaN();
    expect(parsed.unmappedColumns).toEqual([
      {
        column: 'original_shape_MinorAxisLength',
        reason: expect.stringMatching(/voxel count/) as string,
        rows: [2],
      },
    ]);
  });
});

// ----- Layouts, ids, duplicates ----------------------------------------------------------------

describe('parsePyRadiomicsCsv layouts', () => {
  it('reads the transposed single-case layout with a Feature,Value header', () => {
    const parsed = parsePyRadiomicsCsv(
      csv([
        ['Feature', 'Value'],
        ['Image', 'ct.nrrd'],
        ['diagnostics_Configuration_Settings', settingsRepr({ force2D: 'True' })],
        ['original_firstorder_Kurtosis', '3.25'],
        ['original_glcm_Idmn', '0.9'],
        ['wavelet-HHH_glcm_Idmn', '0.1'],
      ]),
    );
    expect(parsed.layout).toBe('transposed');
    expect(parsed.idColumn).toBe('Image');
    expect(parsed.rows).toEqual([
      {
        id: 'ct.nrrd',
        row: 2,
        settings: { ...PYRADIOMICS_DEFAULT_SETTINGS, force2D: true },
        settingsSource: 'diagnostics',
        features: [
          { family: 'intensity-statistics', name: '(Excess) intensity kurtosis', ibsi: 'IPH6', value: 0.25 },
          {
            family: 'glcm',
            name: 'Normalised inverse difference moment',
            ibsi: '1QCO',
            aggregation: '2.5D, direction-merged',
            value: 0.9,
          },
        ],
      },
    ]);
    expect(parsed.unmappedColumns.map((u) => u.column)).toEqual(['wavelet-HHH_glcm_Idmn']);
  });

  it('reads the transposed layout without a header, and as pandas writes a Series', () => {
    const headerless = parsePyRadiomicsCsv('original_firstorder_Mean,12.5\noriginal_firstorder_Median,12\n');
    expect(headerless.layout).toBe('transposed');
    expect(headerless.rows[0]?.row).toBe(1);
    expect(headerless.rows[0]?.features.map((f) => [f.ibsi, f.value])).toEqual([
      ['Q4LE', 12.5],
      ['Y12H', 12],
    ]);
    const series = parsePyRadiomicsCsv(',0\noriginal_firstorder_Mean,12.5\n');
    expect(series.layout).toBe('transposed');
    expect(series.rows[0]?.features.map((f) => f.ibsi)).toEqual(['Q4LE']);
  });

  it('reads a two-column wide file as wide', () => {
    const parsed = parsePyRadiomicsCsv('Image,original_firstorder_Mean\na.nrrd,1\nb.nrrd,2\n');
    expect(parsed.layout).toBe('wide');
    expect(parsed.rows.map((row) => [row.id, row.features[0]?.value])).toEqual([
      ['a.nrrd', 1],
      ['b.nrrd', 2],
    ]);
  });

  it('has no id without an id, case or image column', () => {
    const parsed = parsePyRadiomicsCsv('original_firstorder_Mean,original_firstorder_Median\n1,2\n');
    expect(parsed.idColumn).toBeUndefined();
    expect(parsed.rows[0]?.id).toBeUndefined();
  });

  it('takes a standard deviation as the variance only when there is no variance column', () => {
    const alone = parsePyRadiomicsCsv('id,original_firstorder_StandardDeviation\nx,3\n');
    expect(featureOf(alone.rows[0], 'ECT3').value).toBe(9);
    const both = parsePyRadiomicsCsv(
      'id,original_firstorder_StandardDeviation,original_firstorder_Variance\nx,3,9.5\n',
    );
    expect(both.rows[0]?.features).toEqual([
      { family: 'intensity-statistics', name: 'Intensity variance', ibsi: 'ECT3', value: 9.5 },
    ]);
  });

  it('reads LF files, quoted line breaks, blank lines, nan and inf', () => {
    const text =
      'Image,Reader,original_firstorder_Mean,original_firstorder_Skewness\n"a\nb",x,nan,-inf\n\nc,y,"1.5",+2e-3\n';
    const parsed = parsePyRadiomicsCsv(text);
    expect(parsed.rows.map((row) => row.id)).toEqual(['a\nb', 'c']);
    expect(parsed.rows.map((row) => row.row)).toEqual([2, 4]);
    expect(featureOf(parsed.rows[0], 'Q4LE').value).toBeNaN();
    expect(featureOf(parsed.rows[0], 'KE2A').value).toBe(-Infinity);
    expect(featureOf(parsed.rows[1], 'KE2A').value).toBe(0.002);
  });
});

// ----- Malformed files -------------------------------------------------------------------------

describe('parsePyRadiomicsCsv errors', () => {
  it('names the row and column of an unterminated quote', () => {
    const error = csvError('Image,original_firstorder_Mean\na,1\n"b,2\nc,3\n');
    expect([error.row, error.column]).toEqual([3, 'Image']);
    expect(error.message).toMatch(/unterminated quoted field \(opened on line 3\)/);
    expect(error.name).toBe('PyRadiomicsCsvError');
  });

  it('names the row and column of a quote inside an unquoted field or after a closing quote', () => {
    expect(csvError('Image,original_firstorder_Mean\na,1\nb,2"\n')).toMatchObject({
      row: 3,
      column: 'original_firstorder_Mean',
    });
    expect(csvError('Image,original_firstorder_Mean\n"a"b,1\n')).toMatchObject({ row: 2, column: 'Image' });
  });

  it('names the row and the first missing or extra column of a ragged row', () => {
    const text = 'Image,original_firstorder_Mean,original_firstorder_Median\na,1,2\nb,1\n';
    const fewer = csvError(text);
    expect([fewer.row, fewer.column]).toEqual([3, 'original_firstorder_Median']);
    expect(fewer.message).toMatch(/has 2 fields, the header has 3/);
    const more = csvError('Image,original_firstorder_Mean\r\na,1,2\r\n');
    expect([more.row, more.column]).toEqual([2, '#3']);
  });

  it('names the row and column of a non-numeric or empty feature value', () => {
    const text = csv([
      ['ID', 'original_firstorder_Mean', 'original_glcm_Contrast'],
      ['p1', '1', '2'],
      ['p2', '1', '1,5'],
    ]);
    const error = csvError(text);
    expect([error.row, error.column]).toEqual([3, 'original_glcm_Contrast']);
    expect(error.message).toBe(
      'PyRadiomics CSV row 3, column "original_glcm_Contrast": "1,5" is not a number',
    );
    const empty = csvError('ID,original_firstorder_Mean\np1,\n');
    expect([empty.row, empty.column]).toEqual([2, 'original_firstorder_Mean']);
    expect(empty.message).toMatch(/empty/);
    const transposed = csvError(
      'Feature,Value\noriginal_firstorder_Mean,1\noriginal_firstorder_Median,high\n',
    );
    expect([transposed.row, transposed.column]).toEqual([3, 'original_firstorder_Median']);
  });

  it('does not read the cells of unmapped columns', () => {
    const parsed = parsePyRadiomicsCsv('ID,wavelet-LLH_firstorder_Mean,original_glcm_MCC\np1,n/a,?\n');
    expect(parsed.rows[0]?.features).toEqual([]);
  });

  it('rejects duplicate columns, unreadable settings and voxel counts, PyRadiomics 1, empty and non-comma files', () => {
    expect(csvError('ID,original_firstorder_Mean,original_firstorder_Mean\np,1,2\n')).toMatchObject({
      row: 1,
      column: 'original_firstorder_Mean',
    });
    const settings = csvError(
      csv([
        ['ID', 'diagnostics_Configuration_Settings', 'original_glcm_Contrast'],
        ['p', "{'force2D': True, 'distances': [1,", '1'],
      ]),
    );
    expect([settings.row, settings.column]).toEqual([2, 'diagnostics_Configuration_Settings']);
    expect(settings.message).toMatch(/unreadable PyRadiomics settings/);
    const badType = csvError(
      csv([
        ['ID', 'diagnostics_Configuration_Settings', 'original_glcm_Contrast'],
        ['p', "{'force2D': 'yes'}", '1'],
      ]),
    );
    expect(badType.message).toMatch(/force2D must be True or False/);
    const count = csvError(
      'ID,diagnostics_Mask-original_VoxelNum,original_shape_MajorAxisLength\np,12.5,3\n',
    );
    expect([count.row, count.column]).toEqual([2, 'diagnostics_Mask-original_VoxelNum']);
    const old = csvError('ID,diagnostics_Versions_PyRadiomics,original_firstorder_Variance\np,v1.3.0,2\n');
    expect([old.row, old.column]).toEqual([2, 'diagnostics_Versions_PyRadiomics']);
    expect(old.message).toMatch(/before version 2/);
    expect(csvError('')).toMatchObject({ row: 1, column: '#1' });
    expect(csvError('\uFEFF')).toMatchObject({ row: 1 });
    expect(csvError('ID;original_firstorder_Mean\np;1\n').message).toMatch(/separated by commas/);
  });
});
