import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BaselineImaging } from '@prospect/domain';
import { BaselineLinkEntity, requireEnrollment } from '@prospect/enrollment';
import type { BaselineLink } from '@prospect/fhir-mapping';
import {
  assertSameGrid,
  checkAcquisition,
  decodeDicomSeries,
  decodeNiftiImage,
  decodeNiftiMask,
  dicomSeriesSha256,
  type DicomSeriesHeader,
  type ImageGrid,
} from '@prospect/imaging';
import {
  type Actor,
  AuditService,
  BLOB_STORE,
  type BlobStore,
  conflict,
  jsonb,
  requireUserId,
  sha256Hex,
  unprocessable,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type AcquisitionDeviationRecord,
  BaselineImageEntity,
  StoredImageEntity,
  type StoredImageFile,
  type StoredImageGrid,
  type StudyCheck,
} from './entities';
import { imagingProblem } from './imaging-errors';

/** One uploaded file: its name as sent (for messages) and its bytes. */
export interface UploadedImageFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface BaselineImageUpload {
  /** The baseline series: its DICOM files, or one NIfTI file. */
  readonly image: readonly UploadedImageFile[];
  /** The region of interest, as a NIfTI mask on the image's grid. */
  readonly mask: UploadedImageFile;
  /** Why an earlier baseline image is replaced; required from the second upload on. */
  readonly reason?: string;
}

export interface TrialRef {
  readonly trialId: string;
  readonly trialCode: string;
}

/** What users see of an enrollment's baseline image. */
export interface BaselineImageView {
  id: string;
  subjectId: string;
  version: number;
  image: StoredImageView;
  mask: StoredImageView;
  studyCheck: StudyCheck;
  acquisitionDeviations: AcquisitionDeviationRecord[];
  reason: string | null;
  recordedAt: string;
  recordedBy: string;
}

export interface StoredImageView {
  sha256: string;
  format: 'dicom-series' | 'nifti';
  fileCount: number;
  byteSize: number;
  grid: StoredImageGrid;
  header: Record<string, unknown> | null;
}

interface DecodedImage {
  readonly format: 'dicom-series' | 'nifti';
  readonly sha256: string;
  readonly files: StoredImageFile[];
  readonly bytes: readonly Uint8Array[];
  readonly grid: ImageGrid;
  readonly header: DicomSeriesHeader | null;
}

const NIFTI_NAME = /\.nii(\.gz)?$/i;

/**
 * An enrollment's baseline image and mask: decoded and checked on upload (a DICOM series that is
 * complete and regular, or a NIfTI; a mask on the same grid; the series from the study the
 * baseline link selected; the acquisition against the protocol, deviations recorded, not
 * refused), stored once by content hash, and recorded as the next version.
 */
@Injectable()
export class BaselineImageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async attach(
    actor: Actor,
    trial: TrialRef,
    subjectId: string,
    upload: BaselineImageUpload,
  ): Promise<BaselineImageView> {
    const recordedBy = requireUserId(actor, 'A baseline image upload');
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const protocol = await this.trials.protocolInForce(trial.trialId);
    if (!protocol) {
      throw conflict('PROTOCOL_NOT_APPROVED', `Trial ${trial.trialCode} has no approved protocol in force.`);
    }
    const link = await this.latestLink(enrollment.id);
    const image = decodeImage(upload.image);
    const mask = decodeMask(upload.mask);
    try {
      assertSameGrid(image.grid, mask.grid);
    } catch (error) {
      throw imagingProblem(error, 'mask') ?? error;
    }
    const studyCheck = checkStudy(image.header, link.link);
    const deviations = acquisitionDeviations(image.header, protocol.content.baselineImaging);

    for (const bytes of [...image.bytes, ...mask.bytes]) await this.blobs.put(bytes);

    const saved = await this.dataSource.transaction(async (manager) => {
      // The enrollment row lock serialises versions of its baseline image.
      await manager.query('SELECT id FROM enrollment WHERE id = $1 FOR UPDATE', [enrollment.id]);
      const [{ next }] = (await manager.query(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM baseline_image WHERE enrollment_id = $1',
        [enrollment.id],
      )) as [{ next: number }];
      const reason = upload.reason?.trim() || null;
      if (next > 1 && !reason) {
        throw unprocessable(
          'REASON_REQUIRED',
          `Subject ${subjectId} already has a baseline image; say why it is replaced.`,
          [{ field: 'reason', reason: 'required when a baseline image is replaced' }],
        );
      }
      await this.storeImage(manager, image, recordedBy);
      await this.storeImage(manager, mask, recordedBy);
      const inserted = await manager.insert(BaselineImageEntity, {
        enrollmentId: enrollment.id,
        version: next,
        imageSha256: image.sha256,
        maskSha256: mask.sha256,
        studyCheck: jsonb(studyCheck),
        acquisitionDeviations: jsonb(deviations),
        deviationCount: deviations.length,
        reason,
        recordedBy,
      });
      const id = (inserted.identifiers[0] as { id: string }).id;
      await this.audit.record(manager, actor, {
        action: next === 1 ? 'imaging.baseline-attached' : 'imaging.baseline-replaced',
        entityType: 'baseline-image',
        entityId: id,
        trialId: trial.trialId,
        after: {
          subjectId,
          version: next,
          imageSha256: image.sha256,
          maskSha256: mask.sha256,
          format: image.format,
          studyCheck: studyCheck.result,
          acquisitionDeviations: deviations.map((deviation) => deviation.attribute),
        },
        ...(reason ? { reason } : {}),
      });
      return manager.findOneByOrFail(BaselineImageEntity, { id });
    });
    return this.view(saved, subjectId);
  }

  /** Every version of the enrollment's baseline image, oldest first. */
  async history(trial: TrialRef, subjectId: string): Promise<BaselineImageView[]> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const versions = await this.dataSource
      .getRepository(BaselineImageEntity)
      .find({ where: { enrollmentId: enrollment.id }, order: { version: 'ASC' } });
    return Promise.all(versions.map((version) => this.view(version, subjectId)));
  }

  /** The enrollment's current baseline image (its latest version), or null. */
  async current(enrollmentId: string): Promise<BaselineImageEntity | null> {
    return this.dataSource
      .getRepository(BaselineImageEntity)
      .findOne({ where: { enrollmentId }, order: { version: 'DESC' } });
  }

  private async storeImage(manager: EntityManager, image: DecodedImage, storedBy: string): Promise<void> {
    // Content-addressed: the same bytes uploaded again (for another version) are stored once.
    await manager
      .createQueryBuilder()
      .insert()
      .into(StoredImageEntity)
      .values({
        sha256: image.sha256,
        format: image.format,
        files: jsonb(image.files),
        fileCount: image.files.length,
        byteSize: image.files.reduce((sum, file) => sum + file.bytes, 0),
        grid: jsonb(gridOf(image.grid)),
        header: jsonb(image.header ? headerRecord(image.header) : null),
        storedBy,
      })
      .orIgnore()
      .execute();
  }

  private async view(entity: BaselineImageEntity, subjectId: string): Promise<BaselineImageView> {
    const images = await this.dataSource
      .getRepository(StoredImageEntity)
      .findBy([{ sha256: entity.imageSha256 }, { sha256: entity.maskSha256 }]);
    const stored = (sha256: string): StoredImageView => {
      const image = images.find((candidate) => candidate.sha256 === sha256);
      if (!image) throw new Error(`stored_image ${sha256} is missing`);
      return {
        sha256: image.sha256,
        format: image.format,
        fileCount: image.fileCount,
        byteSize: image.byteSize,
        grid: image.grid,
        header: image.header,
      };
    };
    return {
      id: entity.id,
      subjectId,
      version: entity.version,
      image: stored(entity.imageSha256),
      mask: stored(entity.maskSha256),
      studyCheck: entity.studyCheck,
      acquisitionDeviations: entity.acquisitionDeviations,
      reason: entity.reason,
      recordedAt: entity.recordedAt.toISOString(),
      recordedBy: entity.recordedBy,
    };
  }

  private async latestLink(enrollmentId: string): Promise<BaselineLinkEntity> {
    return this.dataSource
      .getRepository(BaselineLinkEntity)
      .findOneOrFail({ where: { enrollmentId }, order: { version: 'DESC' } });
  }
}

/** A NIfTI file (one file named .nii/.nii.gz, or starting like one) or the files of a DICOM series. */
function decodeImage(files: readonly UploadedImageFile[]): DecodedImage {
  if (files.length === 0) {
    throw unprocessable('IMAGE_REQUIRED', 'Upload the baseline image: its DICOM files, or one NIfTI file.', [
      { field: 'image', reason: 'required' },
    ]);
  }
  try {
    const [only] = files;
    if (files.length === 1 && only && (NIFTI_NAME.test(only.name) || looksLikeNifti(only.bytes))) {
      const decoded = decodeNiftiImage(only.bytes);
      const sha256 = sha256Hex(only.bytes);
      return {
        format: 'nifti',
        sha256,
        files: [{ sha256, bytes: only.bytes.byteLength }],
        bytes: [only.bytes],
        grid: decoded.volume,
        header: null,
      };
    }
    const decoded = decodeDicomSeries(files.map((file) => ({ name: file.name, bytes: file.bytes })));
    // Stored in slice order, so that the file list reads as the volume does.
    const slices = decoded.sliceFileIndexes.map((index) => files[index] as UploadedImageFile);
    return {
      format: 'dicom-series',
      sha256: dicomSeriesSha256(slices),
      files: slices.map((file) => ({ sha256: sha256Hex(file.bytes), bytes: file.bytes.byteLength })),
      bytes: slices.map((file) => file.bytes),
      grid: decoded.volume,
      header: decoded.header,
    };
  } catch (error) {
    throw imagingProblem(error, 'image') ?? error;
  }
}

function decodeMask(file: UploadedImageFile): DecodedImage {
  try {
    const decoded = decodeNiftiMask(file.bytes);
    const sha256 = sha256Hex(file.bytes);
    return {
      format: 'nifti',
      sha256,
      files: [{ sha256, bytes: file.bytes.byteLength }],
      bytes: [file.bytes],
      grid: decoded.mask,
      header: null,
    };
  } catch (error) {
    throw imagingProblem(error, 'mask') ?? error;
  }
}

/** NIfTI-1 files have `sizeof_hdr` 348 at byte 0 (either byte order), or are gzip streams. */
function looksLikeNifti(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return true;
  if (bytes.length < 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
  return view.getInt32(0, true) === 348 || view.getInt32(0, false) === 348;
}

/**
 * The uploaded series must come from the study the baseline link selected (and one of its linked
 * series), or the image is not the baseline the protocol defines. NIfTI carries no UIDs: recorded
 * as not verifiable.
 */
function checkStudy(header: DicomSeriesHeader | null, link: BaselineLink): StudyCheck {
  const selected = link.imaging.selected;
  if (!header) {
    return {
      result: 'not-verifiable',
      linkedStudyInstanceUid: selected?.studyInstanceUid ?? null,
      seriesStudyInstanceUid: null,
      seriesInstanceUid: null,
    };
  }
  if (!selected) {
    throw unprocessable(
      'NO_BASELINE_STUDY_LINKED',
      'The baseline link has no imaging study selected; resolve its imaging issue (and re-sync) before uploading the series.',
      [
        {
          field: 'image',
          reason: `series of study ${header.studyInstanceUid}, but no baseline study is linked`,
        },
      ],
    );
  }
  if (header.studyInstanceUid !== selected.studyInstanceUid) {
    throw unprocessable(
      'WRONG_STUDY',
      `The series belongs to study ${header.studyInstanceUid}; the baseline link selected study ${selected.studyInstanceUid}.`,
      [{ field: 'image', reason: 'Study Instance UID (0020,000D) differs from the linked baseline study' }],
    );
  }
  if (
    selected.seriesInstanceUids.length > 0 &&
    !selected.seriesInstanceUids.includes(header.seriesInstanceUid)
  ) {
    throw unprocessable(
      'WRONG_SERIES',
      `Series ${header.seriesInstanceUid} is not one the baseline link selected (${selected.seriesInstanceUids.join(', ')}).`,
      [{ field: 'image', reason: 'Series Instance UID (0020,000E) is not among the linked series' }],
    );
  }
  return {
    result: 'matches',
    linkedStudyInstanceUid: selected.studyInstanceUid,
    seriesStudyInstanceUid: header.studyInstanceUid,
    seriesInstanceUid: header.seriesInstanceUid,
  };
}

/** The protocol's acquisition check; a NIfTI has no header, so every constrained attribute is unconfirmed. */
function acquisitionDeviations(
  header: DicomSeriesHeader | null,
  baselineImaging: BaselineImaging,
): AcquisitionDeviationRecord[] {
  if (header) return checkAcquisition(header, baselineImaging).map((deviation) => ({ ...deviation }));
  return checkAcquisition({ modality: '' }, baselineImaging).map((deviation) => ({
    ...deviation,
    found: null,
    message: `Not verifiable from a NIfTI file, which carries no DICOM header: the protocol requires ${deviation.attribute} ${deviation.dicomTag} to be ${deviation.expected}.`,
  }));
}

function gridOf(grid: ImageGrid): StoredImageGrid {
  return {
    dims: [grid.dims[0], grid.dims[1], grid.dims[2]],
    spacingMm: [grid.spacingMm[0], grid.spacingMm[1], grid.spacingMm[2]],
    origin: [grid.origin[0], grid.origin[1], grid.origin[2]],
    direction: [...grid.direction],
  };
}

/** The acquisition attributes kept with the image: no patient identifiers (the header has none). */
function headerRecord(header: DicomSeriesHeader): Record<string, unknown> {
  const { sopInstanceUids, ...rest } = header;
  return { ...rest, instances: sopInstanceUids.length };
}
