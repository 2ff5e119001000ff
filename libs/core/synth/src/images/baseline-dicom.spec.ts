import type { Bundle, ImagingStudy, Patient } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS, type TrialDefinition } from '@prospect/domain';
import { parseDicom, type DataSet } from 'dicom-parser';
import { generateCohort, type PatientTruth } from '../cohort';
import { createRandom } from '../random';
import { ACQUISITION_DEVIATIONS, baselineDicomSeries, conformingAcquisition } from './baseline-dicom';
import type { DicomFile } from './dicom';
import { synthesizeBaselineImage } from './lesion-volume';

/** The protocol's acquisition constraints, checked here from the DICOM headers as a reader would. */
function brokenConstraints(definition: TrialDefinition, dataSet: DataSet): string[] {
  const c = definition.protocol.baselineImaging.acquisition ?? {};
  const broken: string[] = [];
  const inRange = (value: number | undefined, range: { min?: number; max?: number } | undefined): boolean =>
    value !== undefined &&
    (range?.min === undefined || value >= range.min) &&
    (range?.max === undefined || value <= range.max);
  if (
    c.magneticFieldStrengthTesla &&
    !inRange(dataSet.floatString('x00180087'), c.magneticFieldStrengthTesla)
  )
    broken.push('magnetic-field-strength');
  if (c.sliceThicknessMm && !inRange(dataSet.floatString('x00180050'), c.sliceThicknessMm))
    broken.push('slice-thickness');
  const sequence = dataSet.string('x00180024') ?? '';
  if (c.sequenceNamePatterns && !c.sequenceNamePatterns.some((p) => new RegExp(p, 'i').test(sequence)))
    broken.push('sequence-name');
  const manufacturer = (dataSet.string('x00080070') ?? '').toLowerCase();
  if (c.manufacturers && !c.manufacturers.some((m) => manufacturer.includes(m.toLowerCase())))
    broken.push('manufacturer');
  return broken;
}

describe.each([
  ['myeloma', EXAMPLE_TRIALS.myeloma],
  ['breast', EXAMPLE_TRIALS.breast],
])('baselineDicomSeries (%s)', (_name, definition) => {
  const cohort = generateCohort({ definition, patients: 3, seed: `dicom-${definition.code}` });
  const truth = cohort.truth[0] as PatientTruth;
  const bundle = cohort.baselineBundles[0] as Bundle;
  const image = synthesizeBaselineImage(createRandom('img'), { imagingMarker: truth.imagingMarker }).image;

  it('carries the baseline ImagingStudy UIDs and the synthetic patient, and meets the protocol', () => {
    const series = baselineDicomSeries(createRandom('s'), { definition, bundle, truth, image });
    const resources = (bundle.entry ?? []).map((entry) => entry.resource);
    const patient = resources.find((r): r is Patient => r?.resourceType === 'Patient') as Patient;
    const study = resources.find(
      (r): r is ImagingStudy =>
        r?.resourceType === 'ImagingStudy' &&
        r.identifier?.[0]?.value === `urn:oid:${truth.baselineStudyInstanceUid}`,
    ) as ImagingStudy;
    expect(series.files).toHaveLength(image.dims[2]);
    expect(series.files).toHaveLength(study.numberOfInstances as number);
    for (const file of series.files) {
      const dataSet = parseDicom(file.bytes);
      expect(dataSet.string('x0020000d')).toBe(truth.baselineStudyInstanceUid);
      expect(dataSet.string('x0020000e')).toBe(study.series?.[0]?.uid);
      expect(dataSet.string('x00100020')).toBe(truth.mrn);
      expect(dataSet.string('x00100010')).toBe(
        `${patient.name?.[0]?.family}^${patient.name?.[0]?.given?.join('^')}`,
      );
      expect(dataSet.string('x00100030')).toBe(patient.birthDate?.replaceAll('-', ''));
      expect(dataSet.string('x00080060')).toBe(definition.protocol.baselineImaging.modality);
      expect(dataSet.string('x00080020')).toBe(study.started?.slice(0, 10).replaceAll('-', ''));
      expect(brokenConstraints(definition, dataSet)).toEqual([]);
    }
    expect(series.deviation).toBeUndefined();
  });

  const settable = ACQUISITION_DEVIATIONS.filter((deviation) =>
    deviation === 'magnetic-field-strength'
      ? definition.protocol.baselineImaging.acquisition?.magneticFieldStrengthTesla
      : deviation === 'slice-thickness'
        ? definition.protocol.baselineImaging.acquisition?.sliceThicknessMm
        : deviation === 'sequence-name'
          ? definition.protocol.baselineImaging.acquisition?.sequenceNamePatterns
          : definition.protocol.baselineImaging.acquisition?.manufacturers,
  );

  it.each(settable)('breaks exactly the %s constraint when asked', (deviation) => {
    const series = baselineDicomSeries(createRandom('s'), { definition, bundle, truth, image, deviation });
    expect(series.deviation).toBe(deviation);
    expect(brokenConstraints(definition, parseDicom((series.files[0] as DicomFile).bytes))).toEqual([
      deviation,
    ]);
  });

  it('refuses a deviation from a constraint the protocol does not set', () => {
    const unset = ACQUISITION_DEVIATIONS.filter((d) => !settable.includes(d));
    for (const deviation of unset) {
      expect(() =>
        baselineDicomSeries(createRandom('s'), { definition, bundle, truth, image, deviation }),
      ).toThrow(/sets no constraint/);
    }
  });

  it('refuses a bundle without the baseline study', () => {
    const other = { ...truth, baselineStudyInstanceUid: '2.25.42' };
    expect(() => baselineDicomSeries(createRandom('s'), { definition, bundle, truth: other, image })).toThrow(
      /lacks its Patient or baseline ImagingStudy/,
    );
  });
});

describe('conformingAcquisition', () => {
  it('picks 3 T, the image slice thickness capped by the protocol, and an accepted sequence', () => {
    const image = synthesizeBaselineImage(createRandom('img'), { imagingMarker: 0 }).image;
    expect(conformingAcquisition(EXAMPLE_TRIALS.myeloma, image)).toMatchObject({
      magneticFieldStrengthTesla: 3,
      sliceThicknessMm: 4,
      sequenceName: 'ep_b800',
      manufacturer: 'Prospect Synthetic',
    });
    expect(conformingAcquisition(EXAMPLE_TRIALS.breast, image)).toMatchObject({
      magneticFieldStrengthTesla: 3,
      sliceThicknessMm: 3,
      sequenceName: 'fl3d_dce',
      manufacturer: 'Siemens',
    });
  });
});
