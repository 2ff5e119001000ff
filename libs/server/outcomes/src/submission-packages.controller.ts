import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { SyncJobView } from '@prospect/enrollment';
import {
  Access,
  type Actor,
  CurrentActor,
  CurrentTrial,
  ParsePositiveInt,
  type TrialAccess,
} from '@prospect/platform';
import {
  PackageFileQueryDto,
  SignAnalysisDto,
  SubmissionPackageDto,
  SubmissionPackageRequestedDto,
} from './outcomes.dto';
import { type SubmissionPackageView, SubmissionPackagesService } from './submission-packages.service';

@ApiTags('submission')
@Controller('trials/:trialCode/submission-packages')
export class SubmissionPackagesController {
  constructor(private readonly packages: SubmissionPackagesService) {}

  @Post()
  @HttpCode(202)
  @Access.trial(['regulatory'])
  @ApiOperation({
    summary:
      'Build the submission package (datasets, define.xml, reviewer’s guide, ledger and audit exports, results, manifest) as a job; progress on the job',
  })
  @ApiAcceptedResponse({ type: SubmissionPackageRequestedDto })
  request(
    @CurrentTrial() trial: TrialAccess,
    @CurrentActor() actor: Actor,
  ): Promise<{ job: SyncJobView; package: SubmissionPackageView }> {
    return this.packages.request(actor, trial);
  }

  @Get()
  @Access.trial(['regulatory', 'monitor'])
  @ApiOperation({ summary: 'Submission packages: status, manifest and its hash, signatures' })
  @ApiOkResponse({ type: [SubmissionPackageDto] })
  list(@CurrentTrial() trial: TrialAccess): Promise<SubmissionPackageView[]> {
    return this.packages.list(trial);
  }

  @Get(':packageNumber')
  @Access.trial(['regulatory', 'monitor'])
  @ApiOperation({ summary: 'One submission package with its manifest (every file and its SHA-256)' })
  @ApiOkResponse({ type: SubmissionPackageDto })
  get(
    @CurrentTrial() trial: TrialAccess,
    @Param('packageNumber', ParsePositiveInt) packageNumber: number,
  ): Promise<SubmissionPackageView> {
    return this.packages.get(trial, packageNumber);
  }

  @Get(':packageNumber/file')
  @Access.trial(['regulatory', 'monitor'])
  @ApiOperation({
    summary: 'Download one file of a built package by its manifest path (checked against its SHA-256 first)',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async file(
    @CurrentTrial() trial: TrialAccess,
    @Param('packageNumber', ParsePositiveInt) packageNumber: number,
    @Query() query: PackageFileQueryDto,
  ): Promise<StreamableFile> {
    const { bytes, name } = await this.packages.file(trial, packageNumber, query.path);
    return new StreamableFile(bytes, {
      type: 'application/octet-stream',
      disposition: `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      length: bytes.byteLength,
    });
  }

  @Post(':packageNumber/signatures')
  @Access.trial(['regulatory'])
  @ApiOperation({ summary: 'Sign a built package’s manifest (its SHA-256) with your password' })
  @ApiCreatedResponse({ type: SubmissionPackageDto })
  sign(
    @CurrentTrial() trial: TrialAccess,
    @Param('packageNumber', ParsePositiveInt) packageNumber: number,
    @Body() body: SignAnalysisDto,
    @CurrentActor() actor: Actor,
  ): Promise<SubmissionPackageView> {
    return this.packages.sign(actor, trial, packageNumber, {
      password: body.password,
      meaning: body.meaning ?? 'approval',
    });
  }
}
