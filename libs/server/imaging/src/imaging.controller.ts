import { Body, Controller, Get, HttpCode, Param, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { TrialRole } from '@prospect/domain';
import { SyncJobDto, SyncRequestDto, type SyncJobView } from '@prospect/enrollment';
import {
  Access,
  type Actor,
  badRequest,
  CurrentActor,
  CurrentTrial,
  type TrialAccess,
} from '@prospect/platform';
import { BaselineImageService, type BaselineImageView } from './baseline-image.service';
import { BaselineImageDto, PredictionDto } from './imaging.dto';
import { PredictionService, type PredictionView } from './prediction.service';

interface ImageUpload {
  image?: Express.Multer.File[];
  mask?: Express.Multer.File[];
}

/** Roles that may see prediction values: the DMC (unblinded) and regulatory staff. */
const UNBLINDED: readonly TrialRole[] = ['dmc', 'regulatory'];

@ApiTags('imaging')
@Controller('trials/:trialCode')
export class ImagingController {
  constructor(
    private readonly images: BaselineImageService,
    private readonly predictions: PredictionService,
  ) {}

  @Post('enrollments/:subjectId/baseline-image')
  @Access.trial(['coordinator'])
  @UseInterceptors(
    FileFieldsInterceptor([
      { name: 'image', maxCount: 100_000 },
      { name: 'mask', maxCount: 1 },
    ]),
  )
  @ApiOperation({
    summary:
      'Upload the baseline image (DICOM series files, or one NIfTI) and its lesion mask (NIfTI): decoded, checked against the linked study and the protocol’s acquisition rules, stored by SHA-256',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['image', 'mask'],
      properties: {
        image: {
          type: 'array',
          items: { type: 'string', format: 'binary' },
          description: 'DICOM files or one .nii/.nii.gz',
        },
        mask: {
          type: 'string',
          format: 'binary',
          description: 'The region of interest as NIfTI (.nii/.nii.gz)',
        },
        reason: { type: 'string', description: 'Why an earlier baseline image is replaced (required then)' },
      },
    },
  })
  @ApiCreatedResponse({ type: BaselineImageDto })
  attach(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
    @UploadedFiles() files: ImageUpload | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<BaselineImageView> {
    const image = files?.image ?? [];
    const mask = files?.mask?.[0];
    if (image.length === 0 || !mask) {
      throw badRequest(
        'IMAGE_AND_MASK_REQUIRED',
        'Upload the image files as "image" and the mask as "mask".',
        [
          ...(image.length === 0
            ? [{ field: 'image', reason: 'required: the DICOM files, or one NIfTI file' }]
            : []),
          ...(!mask ? [{ field: 'mask', reason: 'required: the region of interest as NIfTI' }] : []),
        ],
      );
    }
    const reason = body?.['reason'];
    if (
      reason !== undefined &&
      (typeof reason !== 'string' || reason.length > 2000 || reason.includes('\u0000'))
    ) {
      throw badRequest('INVALID_REASON', 'The reason must be text of at most 2000 characters.', [
        { field: 'reason', reason: 'text, at most 2000 characters' },
      ]);
    }
    const asFile = (file: Express.Multer.File) => ({
      name: file.originalname,
      bytes: new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength),
    });
    return this.images.attach(actor, trial, subjectId, {
      image: image.map(asFile),
      mask: asFile(mask),
      ...(typeof reason === 'string' ? { reason } : {}),
    });
  }

  @Get('enrollments/:subjectId/baseline-images')
  @Access.trial(['coordinator', 'monitor'])
  @ApiOperation({ summary: 'Every version of the enrollment’s baseline image, with its checks' })
  @ApiOkResponse({ type: [BaselineImageDto] })
  baselineImages(
    @CurrentTrial() trial: TrialAccess,
    @Param('subjectId') subjectId: string,
  ): Promise<BaselineImageView[]> {
    return this.images.history(trial, subjectId);
  }

  @Post('predictions')
  @HttpCode(202)
  @Access.trial(['coordinator'])
  @ApiOperation({
    summary:
      'Predict with the protocol’s model: one subject, or every enrollment with a baseline image and no prediction yet (a job)',
  })
  @ApiAcceptedResponse({ type: SyncJobDto })
  predict(
    @CurrentTrial() trial: TrialAccess,
    @Body() body: SyncRequestDto,
    @CurrentActor() actor: Actor,
  ): Promise<SyncJobView> {
    return this.predictions.request(actor, trial, body.subjectId ?? null);
  }

  @Get('enrollments/:subjectId/predictions')
  @Access.trial(['coordinator', 'monitor', 'dmc', 'regulatory'])
  @ApiOperation({
    summary:
      'The subject’s predictions with their hashes; probability, class, inputs and explanation only for the DMC and regulatory staff',
  })
  @ApiOkResponse({ type: [PredictionDto] })
  list(@CurrentTrial() trial: TrialAccess, @Param('subjectId') subjectId: string): Promise<PredictionView[]> {
    const unblinded = trial.roles.some((role) => UNBLINDED.includes(role));
    return this.predictions.list(trial, subjectId, unblinded);
  }
}
