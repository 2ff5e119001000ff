// Test support, not exported from the library: one synthetic acquisition written as DICOM by
// `@prospect/synth`, with the options specs vary.
import { createRandom, encodeDicomSeries, type DicomSeriesOptions, type Volume } from '@prospect/synth';
import type { DicomInputFile } from '../dicom/read-file';

export const STUDY_UID = '2.25.100200300400500';
export const SERIES_UID = '2.25.600700800900100';
export const PATIENT_NAME = 'Synthetic^Patient';
export const PATIENT_ID = 'SYN-PRIVATE-0001';

/** A volume whose every voxel value tells its position: 1000·k + 30·j + i − 500. */
export function positionCodedVolume(
  dims: [number, number, number] = [7, 5, 6],
  spacingMm: [number, number, number] = [0.8, 0.9, 3.5],
): Volume<Int16Array> {
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = 1000 * k + 30 * j + i - 500;
  return { dims, spacingMm, data };
}

export function seriesOptions(overrides: Partial<DicomSeriesOptions> = {}): DicomSeriesOptions {
  return {
    volume: positionCodedVolume(),
    modality: 'MR',
    studyInstanceUid: STUDY_UID,
    seriesInstanceUid: SERIES_UID,
    seriesDescription: 't2_tse_tra',
    bodyPartExamined: 'BREAST',
    acquiredAt: '2026-03-01T09:30:00.000Z',
    patient: { name: PATIENT_NAME, id: PATIENT_ID, birthDate: '1960-02-29', sex: 'F' },
    acquisition: {
      manufacturer: 'Prospect Synthetic',
      model: 'Synth 3000',
      magneticFieldStrengthTesla: 3,
      sequenceName: '*tse2d1_15',
      sliceThicknessMm: 3,
    },
    ...overrides,
  };
}

/** The series as uploaded files named `slice-001.dcm`… in slice order. */
export function syntheticSeries(overrides: Partial<DicomSeriesOptions> = {}, seed = 'x'): DicomInputFile[] {
  return encodeDicomSeries(createRandom(seed), seriesOptions(overrides)).map((file) => ({
    name: `slice-${String(file.instanceNumber).padStart(3, '0')}.dcm`,
    bytes: file.bytes,
  }));
}

/** A deterministic permutation (Fisher–Yates with the synthetic generator). */
export function shuffled<T>(items: readonly T[], seed = 'shuffle'): T[] {
  const random = createRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
