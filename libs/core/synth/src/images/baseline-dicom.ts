import type { Bundle, ImagingStudy, Patient } from '@medplum/fhirtypes';
import type { AcquisitionConstraints, TrialDefinition } from '@prospect/domain';
import type { PatientTruth } from '../cohort';
import type { Random } from '../random';
import { encodeDicomSeries, type DicomAcquisition, type DicomFile, type SOP_CLASS } from './dicom';
import type { Volume } from './lesion-volume';

/** Ways a synthetic series can break the protocol's acquisition constraints, one at a time. */
export const ACQUISITION_DEVIATIONS = [
  'magnetic-field-strength',
  'slice-thickness',
  'sequence-name',
  'manufacturer',
] as const;
export type AcquisitionDeviation = (typeof ACQUISITION_DEVIATIONS)[number];

/** Sequence names scanners write, by what protocols look for; the first that a protocol's patterns match is used. */
const SEQUENCE_NAMES = ['ep_b800', 'ep_b50_800_dwi', 'fl3d_dce', 'fl3d1_dce', 't1_vibe_dixon', 't2_tse'];
const SYNTHETIC_MANUFACTURER = 'Prospect Synthetic';
const OFF_PROTOCOL_MANUFACTURER = 'Unlisted Imaging Co';

export interface BaselineDicomOptions {
  readonly definition: TrialDefinition;
  /** The patient's baseline bundle: its Patient and the baseline ImagingStudy (by `truth`'s Study UID). */
  readonly bundle: Bundle;
  readonly truth: PatientTruth;
  /** The baseline image (the same voxels as the patient's NIfTI file). */
  readonly image: Volume<Int16Array>;
  /** Break this acquisition constraint of the protocol; it must be one the protocol sets. */
  readonly deviation?: AcquisitionDeviation;
}

export interface BaselineDicom {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly acquisition: DicomAcquisition;
  readonly deviation?: AcquisitionDeviation;
  readonly files: DicomFile[];
}

/**
 * The acquisition attributes a series of this trial would have if it followed the protocol:
 * the highest field strength in range (3 T when allowed), the slice thickness of the image or the
 * protocol's maximum if thinner, a sequence name its patterns accept, its first listed manufacturer.
 * @throws {Error} when none of the synthetic sequence names matches the protocol's patterns.
 */
export function conformingAcquisition(
  definition: TrialDefinition,
  image: Volume<Int16Array>,
): Required<Omit<DicomAcquisition, 'model'>> & { model: string } {
  const constraints: AcquisitionConstraints = definition.protocol.baselineImaging.acquisition ?? {};
  const field = constraints.magneticFieldStrengthTesla;
  const fieldStrength =
    [3, 1.5, 7].find((t) => (field?.min ?? 0) <= t && t <= (field?.max ?? Infinity)) ?? field?.min ?? 1.5;
  const thickness = constraints.sliceThicknessMm;
  const sliceThickness = Math.max(
    thickness?.min ?? 0,
    Math.min(image.spacingMm[2], thickness?.max ?? Infinity),
  );
  const patterns = (constraints.sequenceNamePatterns ?? []).map((pattern) => new RegExp(pattern, 'i'));
  const sequenceName = SEQUENCE_NAMES.find(
    (name) => patterns.length === 0 || patterns.some((pattern) => pattern.test(name)),
  );
  if (!sequenceName) {
    throw new Error(
      `no synthetic sequence name (${SEQUENCE_NAMES.join(', ')}) matches the protocol of ${definition.code}`,
    );
  }
  return {
    manufacturer: constraints.manufacturers?.[0] ?? SYNTHETIC_MANUFACTURER,
    model: 'SYNTHETIC',
    magneticFieldStrengthTesla: fieldStrength,
    sequenceName,
    sliceThicknessMm: sliceThickness,
  };
}

/**
 * The patient's baseline series as DICOM files: the voxels of `image`, the Study and Series
 * Instance UIDs of the baseline ImagingStudy in the patient's FHIR bundle, the synthetic patient's
 * name, MRN, birth date and sex, and an acquisition that meets the protocol, or breaks exactly the
 * constraint named by `deviation`.
 *
 * @throws {Error} when the bundle lacks the Patient or the baseline ImagingStudy, or `deviation`
 *   names a constraint the protocol does not set.
 */
export function baselineDicomSeries(random: Random, options: BaselineDicomOptions): BaselineDicom {
  const { definition, bundle, truth, image, deviation } = options;
  const resources = (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
  const patient = resources.find((resource): resource is Patient => resource.resourceType === 'Patient');
  const studyIdentifier = `urn:oid:${truth.baselineStudyInstanceUid}`;
  const study = resources.find(
    (resource): resource is ImagingStudy =>
      resource.resourceType === 'ImagingStudy' &&
      (resource.identifier ?? []).some((identifier) => identifier.value === studyIdentifier),
  );
  const series = study?.series?.[0];
  if (!patient || !study || !series) {
    throw new Error(
      `bundle of ${truth.mrn} lacks its Patient or baseline ImagingStudy ${truth.baselineStudyInstanceUid}`,
    );
  }
  const modality = definition.protocol.baselineImaging.modality;
  if (modality !== 'MR' && modality !== 'CT') {
    throw new Error(`DICOM series are written for MR and CT, not ${modality}`);
  }
  const acquisition = deviate(conformingAcquisition(definition, image), definition, deviation);
  const name = patient.name?.[0];
  const files = encodeDicomSeries(random, {
    volume: image,
    modality: modality satisfies keyof typeof SOP_CLASS,
    studyInstanceUid: truth.baselineStudyInstanceUid,
    seriesInstanceUid: series.uid,
    seriesNumber: series.number ?? 1,
    seriesDescription: series.description ?? '',
    bodyPartExamined: definition.indication === 'breast-cancer' ? 'BREAST' : 'WHOLEBODY',
    acquiredAt: study.started ?? truth.treatmentStart,
    patient: {
      name: [name?.family ?? '', ...(name?.given ?? [])].join('^'),
      id: truth.mrn,
      ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
      sex: patient.gender === 'female' ? 'F' : patient.gender === 'male' ? 'M' : 'O',
    },
    acquisition,
  });
  return {
    studyInstanceUid: truth.baselineStudyInstanceUid,
    seriesInstanceUid: series.uid,
    acquisition,
    ...(deviation ? { deviation } : {}),
    files,
  };
}

function deviate(
  acquisition: ReturnType<typeof conformingAcquisition>,
  definition: TrialDefinition,
  deviation: AcquisitionDeviation | undefined,
): DicomAcquisition {
  if (!deviation) return acquisition;
  const constraints = definition.protocol.baselineImaging.acquisition ?? {};
  const missing = (): never => {
    throw new Error(`the protocol of ${definition.code} sets no constraint for a ${deviation} deviation`);
  };
  switch (deviation) {
    case 'magnetic-field-strength': {
      const range = constraints.magneticFieldStrengthTesla ?? missing();
      const below = range.min !== undefined && range.min > 0.5 ? range.min - 0.5 : undefined;
      return { ...acquisition, magneticFieldStrengthTesla: below ?? (range.max ?? 3) + 1.5 };
    }
    case 'slice-thickness': {
      const range = constraints.sliceThicknessMm ?? missing();
      return {
        ...acquisition,
        sliceThicknessMm: range.max !== undefined ? range.max + 2 : Math.max(0.5, (range.min ?? 1) / 2),
      };
    }
    case 'sequence-name': {
      const patterns = (constraints.sequenceNamePatterns ?? missing()).map(
        (pattern) => new RegExp(pattern, 'i'),
      );
      const name = ['t2_tse', 'localizer', 'scout'].find(
        (candidate) => !patterns.some((p) => p.test(candidate)),
      );
      return { ...acquisition, sequenceName: name ?? missing() };
    }
    case 'manufacturer':
      if (!constraints.manufacturers) missing();
      return { ...acquisition, manufacturer: OFF_PROTOCOL_MANUFACTURER };
  }
}
