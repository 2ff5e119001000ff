import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AnalysisDecision,
  type AnalysisResult,
  type AnalysisSnapshot,
  analysisSha256,
  consortFlow,
  type ConsortFlow,
  perProtocolExclusions,
  runAnalysis,
  type SnapshotSubject,
} from '@prospect/analysis';
import {
  createTrackedJob,
  runTrackedJob,
  type SyncJobView,
  toSyncJobView,
  type TrialRef,
  dispatchTrackedJob,
  TRACKED_JOB_NAMES,
} from '@prospect/enrollment';
import {
  type Actor,
  AuditService,
  badRequest,
  conflict,
  jsonb,
  notFound,
  QUEUE_DRIVER,
  type QueueDriver,
  type SignatureMeaning,
  SignaturesService,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import type { DataSource } from 'typeorm';
import { AnalysisEntity, AnalysisResultEntity } from './entities';
import { jobStatus, signaturesOf, signOnce, storeResultOnce } from './signed-records';
import { flowRecordOf } from './outcomes.service';
import { loadEnrollmentStates, requireProtocolInForce } from './trial-state';

export const ANALYSIS_JOB = TRACKED_JOB_NAMES.analysis;
export const ANALYSIS_RECORD_TYPE = 'analysis';

/** Two-sided confidence level of every interval in an analysis. */
const CONFIDENCE = 0.95;

/** An analysis as everyone may see it: no result values, so nothing unblinds. */
export interface BlindedAnalysisView {
  lookNumber: number;
  protocolVersion: number;
  requestedAt: string;
  requestedBy: string;
  frozenAt: string;
  snapshotSha256: string;
  subjects: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'computed';
  jobId: string;
  resultSha256: string | null;
  computedAt: string | null;
  signatures: Record<string, unknown>[];
}

/** The DMC's view: the blinded fields plus the result. */
export interface UnblindedAnalysisView extends BlindedAnalysisView {
  result: AnalysisResult | null;
}

/** What anyone in the trial may know about progress, without unblinding anything. */
export interface BlindedProgressView {
  trialCode: string;
  plannedSampleSize: number;
  plannedLooks: { lookNumber: number; informationFraction: number; analysed: boolean }[];
  flow: ConsortFlow;
  /** Per-protocol subjects with an outcome over the planned sample size. */
  informationFraction: number;
  /** Locked subjects whose outcome is settled (observed, adjudicated, missing or withdrawn), as a share of locked. */
  completeness: number | null;
  outcomesAwaitingAdjudication: number;
  nextLook: { lookNumber: number; informationFraction: number } | null;
}

/** Why the reproduction matched or not. */
export interface ReproductionView {
  lookNumber: number;
  snapshotSha256: string;
  snapshotIntact: boolean;
  storedResultSha256: string;
  recomputedResultSha256: string;
  identical: boolean;
}

/**
 * Interim and final analyses. A request freezes the data (every locked subject, the outcome as
 * it stands, previous looks and the design) into a snapshot stored with its SHA-256; a job
 * computes the result from the snapshot alone and stores it with its own SHA-256; statisticians
 * sign it. Results are for the DMC; every view of them is audited.
 */
@Injectable()
export class AnalysesService implements OnModuleInit {
  private readonly logger = new Logger('Analyses');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly signatures: SignaturesService,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  onModuleInit(): void {
    this.signatures.registerResolver({
      recordType: ANALYSIS_RECORD_TYPE,
      load: async (manager, recordId) => {
        if (!/^[0-9a-f-]{36}$/i.test(recordId)) return null;
        const analysis = await manager.findOneBy(AnalysisEntity, { id: recordId });
        const result = analysis
          ? await manager.findOneBy(AnalysisResultEntity, { analysisId: analysis.id })
          : null;
        return analysis && result ? signedAnalysisRecord(analysis, result) : null;
      },
    });
  }

  private async protocolOf(trial: TrialRef) {
    return requireProtocolInForce(this.trials, trial);
  }

  /**
   * Freezes the snapshot of the next planned look and queues its analysis. Looks are taken in
   * order, one analysis each; a look needs every earlier look computed and new information since.
   */
  async request(
    actor: Actor,
    trial: TrialRef,
    lookNumber: number,
  ): Promise<{ job: SyncJobView; analysis: BlindedAnalysisView }> {
    const protocol = await this.protocolOf(trial);
    const plan = protocol.content.interimPlan;
    if (lookNumber > plan.looks.length) {
      throw badRequest(
        'UNPLANNED_LOOK',
        `The plan has ${plan.looks.length} look(s); look ${lookNumber} is not planned.`,
        [{ field: 'lookNumber', reason: `must be between 1 and ${plan.looks.length}` }],
      );
    }
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM trial WHERE id = $1 FOR UPDATE', [trial.trialId]);
      const previous = await manager.find(AnalysisEntity, {
        where: { trialId: trial.trialId },
        order: { lookNumber: 'ASC' },
      });
      if (previous.some((analysis) => analysis.lookNumber === lookNumber)) {
        throw conflict(
          'LOOK_ALREADY_ANALYSED',
          `Look ${lookNumber} of ${trial.trialCode} was already requested.`,
        );
      }
      if (previous.length + 1 !== lookNumber) {
        throw conflict(
          'LOOK_OUT_OF_ORDER',
          `Looks are analysed in order; the next look of ${trial.trialCode} is ${previous.length + 1}.`,
        );
      }
      const previousResults = await manager.findBy(AnalysisResultEntity, {});
      const resultBy = new Map(previousResults.map((result) => [result.analysisId, result]));
      const previousLooks = previous.map((analysis) => {
        const result = resultBy.get(analysis.id);
        if (!result) {
          throw conflict(
            'PREVIOUS_LOOK_PENDING',
            `Look ${analysis.lookNumber} is still being computed; request look ${lookNumber} when it is done.`,
          );
        }
        if (result.result.final) {
          throw conflict('TRIAL_ANALYSIS_FINAL', `Look ${analysis.lookNumber} was the final analysis.`);
        }
        const z = result.result.primary.available ? (result.result.primary.test?.z ?? null) : null;
        return { lookNumber: analysis.lookNumber, informationFraction: result.result.informationFraction, z };
      });
      if (previous.some((analysis) => analysis.protocolVersion !== protocol.version)) {
        this.logger.warn(`look ${lookNumber} of ${trial.trialCode} follows a protocol amendment`);
      }
      const { now, states } = await loadEnrollmentStates(manager, trial.trialId, protocol.content);
      const subjects: SnapshotSubject[] = states
        .filter((state) => state.lock !== null)
        .map((state) => {
          const lock = state.lock as NonNullable<typeof state.lock>;
          const hasOutcome = state.current.status === 'observed' || state.current.status === 'adjudicated';
          const subgroups: Record<string, string | null> = {};
          for (const subgroup of protocol.content.subgroups) {
            subgroups[subgroup.name] = state.covariates[subgroup.covariate] ?? null;
          }
          return {
            subjectId: state.subjectId,
            site: state.site,
            leafIndex: lock.leafIndex,
            lockedAt: lock.lockedAt,
            probability: lock.probability,
            outcome: hasOutcome ? state.current.outcome : null,
            outcomeStatus: state.current.status,
            exclusions: perProtocolExclusions({
              lockDeviation: lock.deviation,
              imagingOutsideWindow: lock.imagingOutsideWindow,
              withdrawn: state.withdrawal !== null && !hasOutcome,
              outcomeInWindow: hasOutcome ? state.current.inWindow : null,
            }),
            subgroups,
          };
        });
      const snapshot: AnalysisSnapshot = {
        format: 'prospect.analysis-snapshot/1',
        trialCode: trial.trialCode,
        protocolVersion: protocol.version,
        lookNumber,
        frozenAt: now.toISOString(),
        design: {
          threshold: protocol.content.decisionThreshold,
          plannedSampleSize: protocol.content.plannedSampleSize,
          primaryHypothesis: protocol.content.primaryHypothesis,
          interimPlan: plan,
          subgroups: protocol.content.subgroups,
          confidence: CONFIDENCE,
        },
        previousLooks,
        subjects,
      };
      const informationFraction =
        subjects.filter((subject) => subject.outcome !== null && subject.exclusions.length === 0).length /
        protocol.content.plannedSampleSize;
      const lastFraction = previousLooks.at(-1)?.informationFraction ?? 0;
      if (!(informationFraction > lastFraction)) {
        throw conflict(
          'NO_NEW_INFORMATION',
          informationFraction === 0
            ? `No per-protocol subject of ${trial.trialCode} has an outcome yet; there is nothing to analyse.`
            : `No new per-protocol outcome since look ${previousLooks.length} (information fraction ${lastFraction.toFixed(3)}).`,
        );
      }
      const job = await createTrackedJob(manager, 'analysis', trial.trialId, null, actor.userId);
      const snapshotSha256 = analysisSha256(snapshot);
      const inserted = await manager.insert(AnalysisEntity, {
        trialId: trial.trialId,
        lookNumber,
        protocolVersion: protocol.version,
        snapshot: jsonb(snapshot) as unknown as AnalysisSnapshot,
        snapshotSha256,
        syncJobId: job.id,
        requestedBy: actor.userId as string,
      });
      const analysisId = (inserted.identifiers[0] as { id: string }).id;
      await this.audit.record(manager, actor, {
        action: 'analysis.requested',
        entityType: 'analysis',
        entityId: analysisId,
        trialId: trial.trialId,
        after: { lookNumber, snapshotSha256, subjects: subjects.length, jobId: job.id },
      });
      return { job, analysisId };
    });
    await dispatchTrackedJob(this.queue, created.job);
    const analysis = await this.dataSource
      .getRepository(AnalysisEntity)
      .findOneByOrFail({ id: created.analysisId });
    return { job: toSyncJobView(created.job, null), analysis: await this.blindedView(analysis, null) };
  }

  /** The job: compute the result from the stored snapshot alone, store it once. */
  async run(jobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, jobId, async (job) => {
      const analysis = await this.dataSource
        .getRepository(AnalysisEntity)
        .findOneByOrFail({ syncJobId: job.id });
      const result = runAnalysis(analysis.snapshot);
      const resultSha256 = await storeResultOnce(
        this.dataSource,
        this.audit,
        job,
        { table: 'analysis_result', key: 'analysis_id', id: analysis.id },
        result,
        (sha256) => ({
          action: 'analysis.computed',
          entityType: 'analysis',
          entityId: analysis.id,
          trialId: analysis.trialId,
          // The decision is not in the audit trail: it is readable by roles that must stay blinded.
          after: { lookNumber: analysis.lookNumber, resultSha256: sha256 },
        }),
      );
      return { lookNumber: analysis.lookNumber, analysisId: analysis.id, resultSha256 };
    });
  }

  async list(trial: TrialRef): Promise<BlindedAnalysisView[]> {
    const analyses = await this.dataSource
      .getRepository(AnalysisEntity)
      .find({ where: { trialId: trial.trialId }, order: { lookNumber: 'ASC' } });
    return Promise.all(analyses.map((analysis) => this.blindedView(analysis, null)));
  }

  async get(trial: TrialRef, lookNumber: number): Promise<BlindedAnalysisView> {
    return this.blindedView(await this.requireAnalysis(trial, lookNumber), null);
  }

  /** The result for the DMC; the view is audited (who, when, which look) before it is returned. */
  async unblinded(actor: Actor, trial: TrialRef, lookNumber: number): Promise<UnblindedAnalysisView> {
    const analysis = await this.requireAnalysis(trial, lookNumber);
    const result = await this.dataSource
      .getRepository(AnalysisResultEntity)
      .findOneBy({ analysisId: analysis.id });
    await this.audit.recordAlone(actor, {
      action: 'analysis.viewed-unblinded',
      entityType: 'analysis',
      entityId: analysis.id,
      trialId: trial.trialId,
      after: { lookNumber, resultSha256: result?.resultSha256 ?? null },
    });
    return { ...(await this.blindedView(analysis, result)), result: result?.result ?? null };
  }

  /** The frozen snapshot (subject-level, unblinded): DMC only, audited. */
  async snapshot(actor: Actor, trial: TrialRef, lookNumber: number): Promise<AnalysisSnapshot> {
    const analysis = await this.requireAnalysis(trial, lookNumber);
    await this.audit.recordAlone(actor, {
      action: 'analysis.snapshot-viewed',
      entityType: 'analysis',
      entityId: analysis.id,
      trialId: trial.trialId,
      after: { lookNumber, snapshotSha256: analysis.snapshotSha256 },
    });
    return analysis.snapshot;
  }

  /** Recomputes the result from the stored snapshot and compares hashes (nothing is stored). */
  async reproduce(actor: Actor, trial: TrialRef, lookNumber: number): Promise<ReproductionView> {
    const analysis = await this.requireAnalysis(trial, lookNumber);
    const stored = await this.requireResult(analysis);
    const recomputed = analysisSha256(runAnalysis(analysis.snapshot));
    const view = {
      lookNumber,
      snapshotSha256: analysis.snapshotSha256,
      snapshotIntact: analysisSha256(analysis.snapshot) === analysis.snapshotSha256,
      storedResultSha256: stored.resultSha256,
      recomputedResultSha256: recomputed,
      identical: recomputed === stored.resultSha256,
    };
    await this.audit.recordAlone(actor, {
      action: 'analysis.reproduced',
      entityType: 'analysis',
      entityId: analysis.id,
      trialId: trial.trialId,
      after: view,
    });
    return view;
  }

  /** A statistician's e-signature on a computed analysis (snapshot and result hashes). */
  async sign(
    actor: Actor,
    trial: TrialRef,
    lookNumber: number,
    input: { password: string; meaning: SignatureMeaning },
  ): Promise<BlindedAnalysisView> {
    const analysis = await this.requireAnalysis(trial, lookNumber);
    const result = await this.requireResult(analysis);
    const signer = await this.signatures.authenticateSigner(actor, input.password);
    await this.dataSource.transaction((manager) =>
      signOnce(
        manager,
        this.signatures,
        actor,
        signer,
        {
          meaning: input.meaning,
          statement: `Sign the ${result.result.final ? 'final' : 'interim'} analysis of ${trial.trialCode}, look ${lookNumber} (snapshot ${analysis.snapshotSha256.slice(0, 12)}…, result ${result.resultSha256.slice(0, 12)}…)`,
          recordType: ANALYSIS_RECORD_TYPE,
          recordId: analysis.id,
          record: signedAnalysisRecord(analysis, result),
          trialId: trial.trialId,
        },
        `look ${lookNumber}`,
      ),
    );
    return this.blindedView(analysis, result);
  }

  /** Who viewed unblinded results or snapshots of a look, and when. */
  async accessLog(trial: TrialRef, lookNumber: number): Promise<Record<string, unknown>[]> {
    const analysis = await this.requireAnalysis(trial, lookNumber);
    const rows = (await this.dataSource.query(
      `SELECT occurred_at, actor_username AS username, action FROM audit_event
        WHERE entity_type = 'analysis' AND entity_id = $1
          AND action IN ('analysis.viewed-unblinded', 'analysis.snapshot-viewed', 'analysis.reproduced')
        ORDER BY sequence`,
      [analysis.id],
    )) as { occurred_at: Date; username: string | null; action: string }[];
    return rows.map((row) => ({
      at: row.occurred_at.toISOString(),
      username: row.username,
      action: row.action,
    }));
  }

  /** Blinded progress: flow counts, information fraction, completeness, the plan's looks. */
  async progress(trial: TrialRef): Promise<BlindedProgressView> {
    const protocol = await this.protocolOf(trial);
    const { states } = await loadEnrollmentStates(this.dataSource.manager, trial.trialId, protocol.content);
    const flow = consortFlow(states.map(flowRecordOf));
    const analysed = new Set(
      (await this.dataSource.getRepository(AnalysisEntity).find({ where: { trialId: trial.trialId } })).map(
        (analysis) => analysis.lookNumber,
      ),
    );
    const looks = protocol.content.interimPlan.looks.map((look, index) => ({
      lookNumber: index + 1,
      informationFraction: look.informationFraction,
      analysed: analysed.has(index + 1),
    }));
    const settled =
      flow.outcome.observed + flow.outcome.adjudicated + flow.outcome.missing + flow.outcome.withdrawn;
    const next = looks.find((look) => !look.analysed);
    return {
      trialCode: trial.trialCode,
      plannedSampleSize: protocol.content.plannedSampleSize,
      plannedLooks: looks,
      flow,
      informationFraction: flow.analysedPrimary / protocol.content.plannedSampleSize,
      completeness: flow.locked === 0 ? null : settled / flow.locked,
      outcomesAwaitingAdjudication: states.filter((state) => state.current.needsAdjudication).length,
      nextLook: next ? { lookNumber: next.lookNumber, informationFraction: next.informationFraction } : null,
    };
  }

  private async requireAnalysis(trial: TrialRef, lookNumber: number): Promise<AnalysisEntity> {
    const analysis = await this.dataSource
      .getRepository(AnalysisEntity)
      .findOneBy({ trialId: trial.trialId, lookNumber });
    if (!analysis)
      throw notFound('ANALYSIS_NOT_FOUND', `${trial.trialCode} has no analysis of look ${lookNumber}.`);
    return analysis;
  }

  private async requireResult(analysis: AnalysisEntity): Promise<AnalysisResultEntity> {
    const result = await this.dataSource
      .getRepository(AnalysisResultEntity)
      .findOneBy({ analysisId: analysis.id });
    if (!result) throw conflict('ANALYSIS_NOT_COMPUTED', `Look ${analysis.lookNumber} is not computed yet.`);
    return result;
  }

  private async blindedView(
    analysis: AnalysisEntity,
    known: AnalysisResultEntity | null,
  ): Promise<BlindedAnalysisView> {
    const result =
      known ??
      (await this.dataSource.getRepository(AnalysisResultEntity).findOneBy({ analysisId: analysis.id }));
    const status = await jobStatus(this.dataSource, analysis.syncJobId);
    const signatureViews = await signaturesOf(
      this.dataSource,
      analysis.trialId,
      ANALYSIS_RECORD_TYPE,
      analysis.id,
    );
    return {
      lookNumber: analysis.lookNumber,
      protocolVersion: analysis.protocolVersion,
      requestedAt: analysis.requestedAt.toISOString(),
      requestedBy: analysis.requestedBy,
      frozenAt: analysis.snapshot.frozenAt,
      snapshotSha256: analysis.snapshotSha256,
      subjects: analysis.snapshot.subjects.length,
      status: result ? 'computed' : status,
      jobId: analysis.syncJobId,
      resultSha256: result?.resultSha256 ?? null,
      computedAt: result?.computedAt.toISOString() ?? null,
      signatures: signatureViews,
    };
  }
}

/** What a statistician signs: the analysis identity and both hashes, not the numbers themselves. */
export function signedAnalysisRecord(
  analysis: AnalysisEntity,
  result: AnalysisResultEntity,
): Record<string, unknown> {
  return {
    analysisId: analysis.id,
    lookNumber: analysis.lookNumber,
    protocolVersion: analysis.protocolVersion,
    snapshotSha256: analysis.snapshotSha256,
    resultSha256: result.resultSha256,
  };
}

export type { AnalysisDecision };
