import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  requireEnrollment,
  BaselineLinkEntity,
  createTrackedJob,
  EnrollmentEntity,
  runTrackedJob,
  toSyncJobView,
  dispatchTrackedJob,
  TRACKED_JOB_NAMES,
} from '@prospect/enrollment';
import type { SyncJobView } from '@prospect/enrollment';
import { decodeDicomSeries, decodeNiftiImage, decodeNiftiMask } from '@prospect/imaging';
import {
  assembleModelInputs,
  type CovariateInput,
  explainShapley,
  type ModelCard,
  type RadiomicsSettings,
} from '@prospect/models';
import {
  type LoadedModel,
  ModelRegistryService,
  predictProbabilities,
  probabilityPredictor,
} from '@prospect/model-registry';
import {
  type Actor,
  AuditService,
  BLOB_STORE,
  type BlobStore,
  conflict,
  jsonb,
  QUEUE_DRIVER,
  type QueueDriver,
  recordSha256,
  SYSTEM_ACTOR,
} from '@prospect/platform';
import { extractFeatures, type FeatureValue, type PreprocessingSettings } from '@prospect/radiomics';
import { TrialsService } from '@prospect/trials';
import type { DataSource } from 'typeorm';
import {
  BaselineImageEntity,
  FeatureExtractionEntity,
  PredictionEntity,
  StoredImageEntity,
  type StoredFeature,
} from './entities';
import type { TrialRef } from './baseline-image.service';

export const BASELINE_PREDICTION_JOB = TRACKED_JOB_NAMES['baseline-prediction'];

/** Names the feature implementation in every stored extraction, so a changed implementation never reuses old features. */
export const RADIOMICS_SOFTWARE = 'prospect-radiomics/1 (IBSI 1)';

/** Enrollments predicted per model call: extraction is per patient, inference per batch. */
const PREDICTION_BATCH = 16;

/** A prediction as the unblinded (DMC, regulatory) see it. */
export interface PredictionView {
  id: string;
  subjectId: string;
  modelSha256: string;
  protocolVersion: number;
  baselineImageVersion: number;
  imageSha256: string;
  maskSha256: string;
  featureSettingsSha256: string;
  featuresSha256: string;
  inputsSha256: string;
  predictedAt: string;
  /** Present only for roles that may see predictions (DMC, regulatory). */
  probability?: number;
  predictedClass?: 0 | 1;
  threshold?: number;
  inputs?: unknown;
  explanation?: unknown;
}

/** What one prediction job did, per subject. */
export interface PredictionOutcome {
  subjectId: string;
  status: 'predicted' | 'already-predicted' | 'not-ready' | 'no-baseline-image';
  problems?: string[];
}

/**
 * Baseline image → IBSI features (with the model card's settings) → model → probability, class at
 * the protocol's threshold, and an explanation; every step stored with its hash so a prediction
 * traces to the exact image bytes, settings and model bytes. Runs as a queue job (one enrollment
 * or all that have a baseline image), idempotent: a subject already predicted from the same
 * image with the same model is not predicted again.
 */
@Injectable()
export class PredictionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly registry: ModelRegistryService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  /** Queues predictions for one enrollment, or for every enrollment with a baseline image and no prediction yet. */
  async request(actor: Actor, trial: TrialRef, subjectId: string | null): Promise<SyncJobView> {
    const { model } = await this.modelInForce(trial);
    const enrollment = subjectId ? await requireEnrollment(this.dataSource, trial, subjectId) : null;
    if (enrollment && !(await this.currentImage(enrollment.id))) {
      throw conflict('NO_BASELINE_IMAGE', `Subject ${subjectId} has no baseline image yet; upload it first.`);
    }
    const job = await this.dataSource.transaction(async (manager) => {
      const created = await createTrackedJob(
        manager,
        'baseline-prediction',
        trial.trialId,
        enrollment?.id ?? null,
        actor.userId,
      );
      await this.audit.record(manager, actor, {
        action: 'prediction.requested',
        entityType: 'sync-job',
        entityId: created.id,
        trialId: trial.trialId,
        after: { subjectId, modelSha256: model },
      });
      return created;
    });
    await dispatchTrackedJob(this.queue, job);
    return toSyncJobView(job, subjectId);
  }

  /** The job's work: extraction and inference for its enrollment(s), batched, progress visible. */
  async run(jobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, jobId, async (job, progress) => {
      const trial = await this.trialRef(job.trialId);
      const { protocolVersion, model: modelSha256 } = await this.modelInForce(trial);
      const model = await this.registry.load(modelSha256);
      const enrollments = await this.dataSource.getRepository(EnrollmentEntity).find({
        where: job.enrollmentId ? { id: job.enrollmentId } : { trialId: job.trialId },
        order: { subjectId: 'ASC' },
      });
      const outcomes: PredictionOutcome[] = [];
      for (let start = 0; start < enrollments.length; start += PREDICTION_BATCH) {
        const batch = enrollments.slice(start, start + PREDICTION_BATCH);
        outcomes.push(...(await this.predictBatch(batch, model, protocolVersion, job.id)));
        await progress(summary(outcomes, enrollments.length));
      }
      return summary(outcomes, enrollments.length);
    });
  }

  /**
   * Extraction and inference for these enrollments, batched and idempotent (a subject already
   * predicted from its current image with the pinned model is not predicted again): the first
   * steps of a lock job.
   */
  async predictEnrollments(
    trial: TrialRef,
    enrollments: readonly EnrollmentEntity[],
    jobId: string,
  ): Promise<PredictionOutcome[]> {
    const { protocolVersion, model: modelSha256 } = await this.modelInForce(trial);
    const model = await this.registry.load(modelSha256);
    const outcomes: PredictionOutcome[] = [];
    for (let start = 0; start < enrollments.length; start += PREDICTION_BATCH) {
      outcomes.push(
        ...(await this.predictBatch(
          enrollments.slice(start, start + PREDICTION_BATCH),
          model,
          protocolVersion,
          jobId,
        )),
      );
    }
    return outcomes;
  }

  /**
   * The prediction a lock would fix: made from the enrollment's current baseline image with the
   * model the protocol in force pins, with the image and extraction it came from; `null` if none.
   */
  async currentPrediction(
    trial: TrialRef,
    enrollmentId: string,
  ): Promise<{
    prediction: PredictionEntity;
    image: BaselineImageEntity;
    extraction: FeatureExtractionEntity;
  } | null> {
    const { model } = await this.modelInForce(trial);
    const image = await this.currentImage(enrollmentId);
    if (!image) return null;
    const prediction = await this.dataSource
      .getRepository(PredictionEntity)
      .findOneBy({ enrollmentId, baselineImageId: image.id, modelSha256: model });
    if (!prediction) return null;
    const extraction = await this.dataSource
      .getRepository(FeatureExtractionEntity)
      .findOneByOrFail({ id: prediction.featureExtractionId });
    return { prediction, image, extraction };
  }

  /** Predictions of one subject, oldest first; values only for roles allowed to see them. */
  async list(trial: TrialRef, subjectId: string, unblinded: boolean): Promise<PredictionView[]> {
    const enrollment = await requireEnrollment(this.dataSource, trial, subjectId);
    const predictions = await this.dataSource
      .getRepository(PredictionEntity)
      .find({ where: { enrollmentId: enrollment.id }, order: { predictedAt: 'ASC' } });
    const views: PredictionView[] = [];
    for (const prediction of predictions) {
      const image = await this.dataSource
        .getRepository(BaselineImageEntity)
        .findOneByOrFail({ id: prediction.baselineImageId });
      const extraction = await this.dataSource
        .getRepository(FeatureExtractionEntity)
        .findOneByOrFail({ id: prediction.featureExtractionId });
      views.push({
        id: prediction.id,
        subjectId,
        modelSha256: prediction.modelSha256,
        protocolVersion: prediction.protocolVersion,
        baselineImageVersion: image.version,
        imageSha256: image.imageSha256,
        maskSha256: image.maskSha256,
        featureSettingsSha256: extraction.settingsSha256,
        featuresSha256: extraction.featuresSha256,
        inputsSha256: prediction.inputsSha256,
        predictedAt: prediction.predictedAt.toISOString(),
        ...(unblinded
          ? {
              probability: prediction.probability,
              predictedClass: prediction.predictedClass,
              threshold: prediction.threshold,
              inputs: prediction.inputs,
              explanation: prediction.explanation,
            }
          : {}),
      });
    }
    return views;
  }

  private async predictBatch(
    enrollments: readonly EnrollmentEntity[],
    model: LoadedModel,
    protocolVersion: number,
    jobId: string,
  ): Promise<PredictionOutcome[]> {
    const card = model.card;
    const threshold = await this.thresholdOf(enrollments[0]?.trialId ?? '', card);
    const ready: {
      enrollment: EnrollmentEntity;
      image: BaselineImageEntity;
      extraction: FeatureExtractionEntity;
      inputs: ReturnType<typeof assembleModelInputs> & { ok: true };
    }[] = [];
    const outcomes: PredictionOutcome[] = [];
    for (const enrollment of enrollments) {
      const image = await this.currentImage(enrollment.id);
      if (!image) {
        outcomes.push({ subjectId: enrollment.subjectId, status: 'no-baseline-image' });
        continue;
      }
      const done = await this.dataSource
        .getRepository(PredictionEntity)
        .existsBy({ enrollmentId: enrollment.id, baselineImageId: image.id, modelSha256: model.sha256 });
      if (done) {
        outcomes.push({ subjectId: enrollment.subjectId, status: 'already-predicted' });
        continue;
      }
      const extraction = await this.extraction(image, card);
      const link = await this.dataSource
        .getRepository(BaselineLinkEntity)
        .findOneOrFail({ where: { enrollmentId: enrollment.id }, order: { version: 'DESC' } });
      const inputs = assembleModelInputs(card, {
        features: extraction.features,
        covariates: link.link.covariates.values as Record<string, CovariateInput | null>,
      });
      if (!inputs.ok) {
        outcomes.push({
          subjectId: enrollment.subjectId,
          status: 'not-ready',
          problems: inputs.problems.map((problem) => `${problem.input}: ${problem.reason}`),
        });
        continue;
      }
      ready.push({ enrollment, image, extraction, inputs });
    }
    if (ready.length === 0) return outcomes;

    const width = card.inputs.length;
    const matrix = new Float32Array(ready.length * width);
    ready.forEach((entry, row) => matrix.set(entry.inputs.vector, row * width));
    const probabilities = await predictProbabilities(model, matrix, ready.length, width);
    const predictor = probabilityPredictor(model);
    for (const [row, entry] of ready.entries()) {
      const probability = probabilities[row] as number;
      const predictedClass: 0 | 1 = probability >= threshold ? 1 : 0;
      const explanation = card.explanationReference
        ? await explainShapley(predictor, [...entry.inputs.vector], card.explanationReference, {
            names: card.inputs.map((input) => input.name),
            scale: 'log-odds',
          })
        : { method: 'none', reason: 'the model card gives no explanationReference' };
      const inputs = entry.inputs.inputs.map((input) => ({
        name: input.name,
        value: Math.fround(input.value),
        source: input.source,
        origin: input.origin,
        ...(input.recorded !== undefined ? { recorded: input.recorded } : {}),
      }));
      await this.dataSource.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(PredictionEntity)
          .values({
            enrollmentId: entry.enrollment.id,
            baselineImageId: entry.image.id,
            featureExtractionId: entry.extraction.id,
            modelSha256: model.sha256,
            protocolVersion,
            inputs: jsonb(inputs),
            inputsSha256: recordSha256(inputs),
            probability,
            predictedClass,
            threshold,
            explanation: jsonb(explanation),
            jobId,
          })
          .orIgnore()
          .execute();
        const id = (inserted.identifiers[0] as { id?: string } | undefined)?.id;
        // A retried job whose first attempt committed inserts nothing: no second audit event either.
        if (!id) return;
        await this.audit.record(manager, SYSTEM_ACTOR, {
          action: 'prediction.created',
          entityType: 'prediction',
          entityId: id,
          trialId: entry.enrollment.trialId,
          after: {
            subjectId: entry.enrollment.subjectId,
            modelSha256: model.sha256,
            imageSha256: entry.image.imageSha256,
            maskSha256: entry.image.maskSha256,
            featuresSha256: entry.extraction.featuresSha256,
            inputsSha256: recordSha256(inputs),
          },
        });
      });
      outcomes.push({ subjectId: entry.enrollment.subjectId, status: 'predicted' });
    }
    return outcomes;
  }

  /** The features of an image under the card's settings: stored once, reused by later jobs. */
  private async extraction(image: BaselineImageEntity, card: ModelCard): Promise<FeatureExtractionEntity> {
    const settings = preprocessingSettings(card.radiomics);
    const settingsSha256 = recordSha256({ settings, software: RADIOMICS_SOFTWARE });
    const repository = this.dataSource.getRepository(FeatureExtractionEntity);
    const existing = await repository.findOneBy({ baselineImageId: image.id, settingsSha256 });
    if (existing) return existing;
    const started = Date.now();
    const volume = await this.volumeOf(image.imageSha256);
    const mask = await this.maskOf(image.maskSha256);
    const extraction = card.inputs.some((input) => input.source.kind === 'radiomics')
      ? extractFeatures(
          { dims: volume.dims, spacingMm: volume.spacingMm, image: volume.data, mask: mask.data },
          settings,
        )
      : { features: [] as FeatureValue[] };
    const features: StoredFeature[] = extraction.features.map((feature) => ({
      family: feature.family,
      name: feature.name,
      ibsi: feature.ibsi,
      ...(feature.aggregation ? { aggregation: feature.aggregation } : {}),
      value: Number.isFinite(feature.value) ? feature.value : null,
    }));
    await repository
      .createQueryBuilder()
      .insert()
      .values({
        baselineImageId: image.id,
        settings: jsonb(settings),
        settingsSha256,
        features: jsonb(features),
        featuresSha256: recordSha256(features),
        software: RADIOMICS_SOFTWARE,
        durationMs: Date.now() - started,
      })
      .orIgnore()
      .execute();
    return repository.findOneByOrFail({ baselineImageId: image.id, settingsSha256 });
  }

  private async volumeOf(sha256: string) {
    const stored = await this.dataSource.getRepository(StoredImageEntity).findOneByOrFail({ sha256 });
    const files = await Promise.all(stored.files.map((file) => this.blobs.get(file.sha256)));
    if (stored.format === 'nifti') return decodeNiftiImage(files[0] as Uint8Array).volume;
    return decodeDicomSeries(files.map((bytes, index) => ({ name: `slice ${index + 1}`, bytes }))).volume;
  }

  private async maskOf(sha256: string) {
    const stored = await this.dataSource.getRepository(StoredImageEntity).findOneByOrFail({ sha256 });
    return decodeNiftiMask(await this.blobs.get((stored.files[0] as { sha256: string }).sha256)).mask;
  }

  private async modelInForce(trial: TrialRef): Promise<{ protocolVersion: number; model: string }> {
    const protocol = await this.trials.protocolInForce(trial.trialId);
    if (!protocol)
      throw conflict('PROTOCOL_NOT_APPROVED', `Trial ${trial.trialCode} has no approved protocol in force.`);
    const pinned = protocol.content.model;
    if (!pinned) {
      throw conflict(
        'PROTOCOL_HAS_NO_MODEL',
        `The protocol in force (version ${protocol.version}) pins no model; amend it to name the model by SHA-256 before predicting.`,
      );
    }
    try {
      await this.registry.get(pinned.sha256);
    } catch {
      throw conflict(
        'MODEL_NOT_REGISTERED',
        `The protocol pins model ${pinned.name} ${pinned.version} (${pinned.sha256}), which is not in the model registry; register that exact file.`,
      );
    }
    return { protocolVersion: protocol.version, model: pinned.sha256 };
  }

  private async thresholdOf(trialId: string, card: ModelCard): Promise<number> {
    const protocol = await this.trials.protocolInForce(trialId);
    return protocol?.content.decisionThreshold ?? card.defaultThreshold;
  }

  private async currentImage(enrollmentId: string): Promise<BaselineImageEntity | null> {
    return this.dataSource
      .getRepository(BaselineImageEntity)
      .findOne({ where: { enrollmentId }, order: { version: 'DESC' } });
  }

  private async trialRef(trialId: string): Promise<TrialRef> {
    const [row] = (await this.dataSource.query('SELECT code FROM trial WHERE id = $1', [trialId])) as {
      code: string;
    }[];
    if (!row) throw new Error(`trial ${trialId} is gone`);
    return { trialId, trialCode: row.code };
  }
}

/** The model card's radiomics settings as the extractor takes them. */
export function preprocessingSettings(settings: RadiomicsSettings | undefined): PreprocessingSettings {
  const discretisation = settings?.discretisation ?? { method: 'none' as const };
  return {
    ...(settings?.resampledSpacingMm ? { resampledSpacingMm: settings.resampledSpacingMm } : {}),
    ...(settings?.maskThreshold !== undefined ? { maskThreshold: settings.maskThreshold } : {}),
    ...(settings?.roundIntensities !== undefined ? { roundIntensities: settings.roundIntensities } : {}),
    ...(settings?.resegmentationRange ? { resegmentationRange: settings.resegmentationRange } : {}),
    ...(settings?.outlierFiltering !== undefined ? { outlierFiltering: settings.outlierFiltering } : {}),
    discretisation,
  };
}

function summary(outcomes: readonly PredictionOutcome[], total: number): Record<string, unknown> {
  const count = (status: PredictionOutcome['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  return {
    enrollments: total,
    processed: outcomes.length,
    predicted: count('predicted'),
    alreadyPredicted: count('already-predicted'),
    withoutBaselineImage: count('no-baseline-image'),
    notReady: outcomes.filter((outcome) => outcome.status === 'not-ready'),
  };
}
