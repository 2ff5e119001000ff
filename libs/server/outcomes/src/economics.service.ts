import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { analysisSha256 } from '@prospect/analysis';
import { type HealthEconomicsPlan, parseHealthEconomicsPlan } from '@prospect/domain';
import {
  type CheersChecklist,
  cheersChecklist,
  economicEvaluation,
  type EconomicEvaluationResult,
} from '@prospect/economics';
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
  unprocessable,
} from '@prospect/platform';
import { type ProtocolVersionView, TrialsService } from '@prospect/trials';
import type { DataSource } from 'typeorm';
import { requireProtocolInForce } from './trial-state';
import {
  AnalysisEntity,
  CheersEntryEntity,
  EconomicEvaluationEntity,
  EconomicEvaluationResultEntity,
} from './entities';
import { jobStatus, signaturesOf, signOnce, storeResultOnce } from './signed-records';

export const ECONOMIC_EVALUATION_JOB = TRACKED_JOB_NAMES['economic-evaluation'];
export const ECONOMIC_EVALUATION_RECORD_TYPE = 'economic-evaluation';

/** Default PSA draws of an evaluation. */
export const DEFAULT_EVALUATION_DRAWS = 1000;

/** An evaluation as everyone may see it: what was evaluated, status, hashes, signatures; no numbers. */
export interface EconomicEvaluationView {
  evaluationNumber: number;
  lookNumber: number;
  protocolVersion: number;
  planSha256: string;
  draws: number;
  seed: string;
  requestedAt: string;
  requestedBy: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'computed';
  jobId: string;
  resultSha256: string | null;
  computedAt: string | null;
  signatures: Record<string, unknown>[];
}

export interface UnblindedEconomicEvaluationView extends EconomicEvaluationView {
  result: EconomicEvaluationResult | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Cost-effectiveness evaluations (issue 7): the health-economic plan is part of the protocol
 * (amended and approved like any protocol change); an evaluation runs as a job on a computed
 * analysis' frozen snapshot (its per-protocol subjects with an outcome, at the protocol's
 * threshold), is stored immutably with its hash and e-signed; results are for statisticians and
 * the DMC, every view audited. CHEERS 2022 items the platform cannot answer take a user's entry.
 */
@Injectable()
export class EconomicsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly signatures: SignaturesService,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  onModuleInit(): void {
    this.signatures.registerResolver({
      recordType: ECONOMIC_EVALUATION_RECORD_TYPE,
      load: async (manager, recordId) => {
        if (!UUID.test(recordId)) return null;
        const evaluation = await manager.findOneBy(EconomicEvaluationEntity, { id: recordId });
        const result = evaluation
          ? await manager.findOneBy(EconomicEvaluationResultEntity, { evaluationId: evaluation.id })
          : null;
        return evaluation && result ? signedEvaluationRecord(evaluation, result) : null;
      },
    });
  }

  /** The health-economic plan of the protocol in force. */
  async plan(trial: TrialRef): Promise<{ protocolVersion: number; plan: HealthEconomicsPlan }> {
    const protocol = await requireProtocolInForce(this.trials, trial);
    if (!protocol.content.healthEconomics) {
      throw notFound(
        'NO_HEALTH_ECONOMIC_PLAN',
        `The protocol of ${trial.trialCode} in force (version ${protocol.version}) has no health-economic plan.`,
      );
    }
    return { protocolVersion: protocol.version, plan: protocol.content.healthEconomics };
  }

  /**
   * Defines (or replaces) the plan as a protocol amendment: a new protocol version, the latest
   * version's content with this plan, which takes effect once approved with a signature.
   */
  async definePlan(
    actor: Actor,
    trial: TrialRef,
    planInput: unknown,
    reason: string,
  ): Promise<ProtocolVersionView> {
    const parsed = parseHealthEconomicsPlan(planInput);
    if (!parsed.ok) {
      throw unprocessable(
        'INVALID_HEALTH_ECONOMIC_PLAN',
        'The health-economic plan is not valid.',
        parsed.issues.map((issue) => ({ field: `plan.${issue.path}`, reason: issue.message })),
      );
    }
    const versions = await this.trials.versions(trial.trialId);
    const latest = versions.reduce<ProtocolVersionView | null>(
      (newest, version) => (newest === null || version.version > newest.version ? version : newest),
      null,
    );
    if (!latest) throw conflict('NO_PROTOCOL', `Trial ${trial.trialCode} has no protocol to amend.`);
    return this.trials.amend(actor, trial.trialId, { ...latest.content, healthEconomics: planInput }, reason);
  }

  /** Queues an evaluation of a computed analysis under the plan in force. */
  async request(
    actor: Actor,
    trial: TrialRef,
    input: { lookNumber: number; draws: number; seed: string },
  ): Promise<{ job: SyncJobView; evaluation: EconomicEvaluationView }> {
    const { protocolVersion, plan } = await this.plan(trial);
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM trial WHERE id = $1 FOR UPDATE', [trial.trialId]);
      const analysis = await manager.findOneBy(AnalysisEntity, {
        trialId: trial.trialId,
        lookNumber: input.lookNumber,
      });
      if (!analysis) {
        throw notFound(
          'ANALYSIS_NOT_FOUND',
          `${trial.trialCode} has no analysis of look ${input.lookNumber}.`,
        );
      }
      const resultRows = (await manager.query('SELECT 1 FROM analysis_result WHERE analysis_id = $1', [
        analysis.id,
      ])) as unknown[];
      if (resultRows.length === 0) {
        throw conflict('ANALYSIS_NOT_COMPUTED', `Look ${input.lookNumber} is not computed yet.`);
      }
      const [{ next }] = (await manager.query(
        'SELECT COALESCE(MAX(evaluation_number), 0) + 1 AS next FROM economic_evaluation WHERE trial_id = $1',
        [trial.trialId],
      )) as [{ next: number }];
      const job = await createTrackedJob(manager, 'economic-evaluation', trial.trialId, null, actor.userId);
      const inserted = await manager.insert(EconomicEvaluationEntity, {
        trialId: trial.trialId,
        evaluationNumber: Number(next),
        analysisId: analysis.id,
        protocolVersion,
        plan: jsonb(plan) as unknown as HealthEconomicsPlan,
        planSha256: analysisSha256(plan),
        draws: input.draws,
        seed: input.seed,
        syncJobId: job.id,
        requestedBy: actor.userId as string,
      });
      const evaluationId = (inserted.identifiers[0] as { id: string }).id;
      await this.audit.record(manager, actor, {
        action: 'economic-evaluation.requested',
        entityType: 'economic-evaluation',
        entityId: evaluationId,
        trialId: trial.trialId,
        after: {
          evaluationNumber: Number(next),
          lookNumber: input.lookNumber,
          draws: input.draws,
          seed: input.seed,
        },
      });
      return { job, evaluationId };
    });
    await dispatchTrackedJob(this.queue, created.job);
    const evaluation = await this.dataSource
      .getRepository(EconomicEvaluationEntity)
      .findOneByOrFail({ id: created.evaluationId });
    return { job: toSyncJobView(created.job, null), evaluation: await this.view(evaluation, null) };
  }

  /** The job: evaluate the analysis snapshot's per-protocol subjects with an outcome; store once. */
  async run(jobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, jobId, async (job) => {
      const evaluation = await this.dataSource
        .getRepository(EconomicEvaluationEntity)
        .findOneByOrFail({ syncJobId: job.id });
      const analysis = await this.dataSource
        .getRepository(AnalysisEntity)
        .findOneByOrFail({ id: evaluation.analysisId });
      const subjects = analysis.snapshot.subjects.filter(
        (subject) => subject.outcome !== null && subject.exclusions.length === 0,
      );
      const result = economicEvaluation({
        plan: evaluation.plan,
        threshold: analysis.snapshot.design.threshold,
        outcomes: subjects.map((subject) => subject.outcome as number),
        scores: subjects.map((subject) => subject.probability),
        draws: evaluation.draws,
        seed: evaluation.seed,
      });
      const resultSha256 = await storeResultOnce(
        this.dataSource,
        this.audit,
        job,
        { table: 'economic_evaluation_result', key: 'evaluation_id', id: evaluation.id },
        result,
        (sha256) => ({
          action: 'economic-evaluation.computed',
          entityType: 'economic-evaluation',
          entityId: evaluation.id,
          trialId: evaluation.trialId,
          after: { evaluationNumber: evaluation.evaluationNumber, resultSha256: sha256 },
        }),
      );
      return { evaluationNumber: evaluation.evaluationNumber, resultSha256, patients: subjects.length };
    });
  }

  async list(trial: TrialRef): Promise<EconomicEvaluationView[]> {
    const evaluations = await this.dataSource
      .getRepository(EconomicEvaluationEntity)
      .find({ where: { trialId: trial.trialId }, order: { evaluationNumber: 'ASC' } });
    return Promise.all(evaluations.map((evaluation) => this.view(evaluation, null)));
  }

  async get(trial: TrialRef, evaluationNumber: number): Promise<EconomicEvaluationView> {
    return this.view(await this.requireEvaluation(trial, evaluationNumber), null);
  }

  /** The result (statisticians and the DMC); every view is audited first. */
  async result(
    actor: Actor,
    trial: TrialRef,
    evaluationNumber: number,
  ): Promise<UnblindedEconomicEvaluationView> {
    const evaluation = await this.requireEvaluation(trial, evaluationNumber);
    const result = await this.dataSource
      .getRepository(EconomicEvaluationResultEntity)
      .findOneBy({ evaluationId: evaluation.id });
    await this.audit.recordAlone(actor, {
      action: 'economic-evaluation.viewed',
      entityType: 'economic-evaluation',
      entityId: evaluation.id,
      trialId: trial.trialId,
      after: { evaluationNumber, resultSha256: result?.resultSha256 ?? null },
    });
    return { ...(await this.view(evaluation, result)), result: result?.result ?? null };
  }

  async sign(
    actor: Actor,
    trial: TrialRef,
    evaluationNumber: number,
    input: { password: string; meaning: SignatureMeaning },
  ): Promise<EconomicEvaluationView> {
    const evaluation = await this.requireEvaluation(trial, evaluationNumber);
    const result = await this.requireResult(evaluation);
    const signer = await this.signatures.authenticateSigner(actor, input.password);
    await this.dataSource.transaction((manager) =>
      signOnce(
        manager,
        this.signatures,
        actor,
        signer,
        {
          meaning: input.meaning,
          statement: `Sign economic evaluation ${evaluationNumber} of ${trial.trialCode} (plan ${evaluation.planSha256.slice(0, 12)}…, result ${result.resultSha256.slice(0, 12)}…)`,
          recordType: ECONOMIC_EVALUATION_RECORD_TYPE,
          recordId: evaluation.id,
          record: signedEvaluationRecord(evaluation, result),
          trialId: trial.trialId,
        },
        `economic evaluation ${evaluationNumber}`,
      ),
    );
    return this.view(evaluation, result);
  }

  /** The CHEERS 2022 checklist of an evaluation: the platform's answers and the users' entries. */
  async cheers(trial: TrialRef, evaluationNumber: number): Promise<CheersChecklist> {
    const evaluation = await this.requireEvaluation(trial, evaluationNumber);
    const result = await this.requireResult(evaluation);
    const analysis = await this.dataSource
      .getRepository(AnalysisEntity)
      .findOneByOrFail({ id: evaluation.analysisId });
    const trialView = await this.trials.get(trial.trialId);
    const entries = await this.dataSource
      .getRepository(CheersEntryEntity)
      .find({ where: { trialId: trial.trialId }, order: { recordedAt: 'ASC' } });
    const latest: Record<number, { status: 'reported' | 'not-reported' | 'not-applicable'; text: string }> =
      {};
    for (const entry of entries) latest[entry.itemNumber] = { status: entry.status, text: entry.text };
    const accuracy = result.result.accuracy;
    return cheersChecklist({
      plan: evaluation.plan,
      trial: { code: trialView.code, title: trialView.title, indication: trialView.indication },
      evaluation: {
        draws: evaluation.draws,
        seed: evaluation.seed,
        accuracy: {
          sensitivity: accuracy.sensitivity.estimate,
          specificity: accuracy.specificity.estimate,
          prevalence: accuracy.prevalence.estimate,
          n: accuracy.n,
        },
        protocolVersion: evaluation.protocolVersion,
        snapshotSha256: analysis.snapshotSha256,
      },
      entries: latest,
    });
  }

  /** A user's statement on a CHEERS item (append-only; the latest per item counts). */
  async addCheersEntry(
    actor: Actor,
    trial: TrialRef,
    input: { itemNumber: number; status: 'reported' | 'not-reported' | 'not-applicable'; text: string },
  ): Promise<{ itemNumber: number; status: string; text: string; recordedAt: string }> {
    if (!input.text.trim()) {
      throw badRequest('TEXT_REQUIRED', 'A CHEERS entry needs its text: what is reported, or why not.', [
        { field: 'text', reason: 'must not be empty' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.insert(CheersEntryEntity, {
        trialId: trial.trialId,
        itemNumber: input.itemNumber,
        status: input.status,
        text: input.text.trim(),
        recordedBy: actor.userId as string,
      });
      const entry = await manager.findOneByOrFail(CheersEntryEntity, {
        id: (inserted.identifiers[0] as { id: string }).id,
      });
      await this.audit.record(manager, actor, {
        action: 'cheers.entry-recorded',
        entityType: 'cheers-entry',
        entityId: entry.id,
        trialId: trial.trialId,
        after: { itemNumber: entry.itemNumber, status: entry.status, text: entry.text },
      });
      return {
        itemNumber: entry.itemNumber,
        status: entry.status,
        text: entry.text,
        recordedAt: entry.recordedAt.toISOString(),
      };
    });
  }

  private async requireEvaluation(
    trial: TrialRef,
    evaluationNumber: number,
  ): Promise<EconomicEvaluationEntity> {
    const evaluation = await this.dataSource
      .getRepository(EconomicEvaluationEntity)
      .findOneBy({ trialId: trial.trialId, evaluationNumber });
    if (!evaluation) {
      throw notFound(
        'ECONOMIC_EVALUATION_NOT_FOUND',
        `${trial.trialCode} has no economic evaluation ${evaluationNumber}.`,
      );
    }
    return evaluation;
  }

  private async requireResult(evaluation: EconomicEvaluationEntity): Promise<EconomicEvaluationResultEntity> {
    const result = await this.dataSource
      .getRepository(EconomicEvaluationResultEntity)
      .findOneBy({ evaluationId: evaluation.id });
    if (!result) {
      throw conflict(
        'ECONOMIC_EVALUATION_NOT_COMPUTED',
        `Economic evaluation ${evaluation.evaluationNumber} is not computed yet.`,
      );
    }
    return result;
  }

  private async view(
    evaluation: EconomicEvaluationEntity,
    known: EconomicEvaluationResultEntity | null,
  ): Promise<EconomicEvaluationView> {
    const result =
      known ??
      (await this.dataSource
        .getRepository(EconomicEvaluationResultEntity)
        .findOneBy({ evaluationId: evaluation.id }));
    const analysis = await this.dataSource
      .getRepository(AnalysisEntity)
      .findOneByOrFail({ id: evaluation.analysisId });
    const status = await jobStatus(this.dataSource, evaluation.syncJobId);
    const signatures = await signaturesOf(
      this.dataSource,
      evaluation.trialId,
      ECONOMIC_EVALUATION_RECORD_TYPE,
      evaluation.id,
    );
    return {
      evaluationNumber: evaluation.evaluationNumber,
      lookNumber: analysis.lookNumber,
      protocolVersion: evaluation.protocolVersion,
      planSha256: evaluation.planSha256,
      draws: evaluation.draws,
      seed: evaluation.seed,
      requestedAt: evaluation.requestedAt.toISOString(),
      requestedBy: evaluation.requestedBy,
      status: result ? 'computed' : status,
      jobId: evaluation.syncJobId,
      resultSha256: result?.resultSha256 ?? null,
      computedAt: result?.computedAt.toISOString() ?? null,
      signatures,
    };
  }
}

/** What a statistician signs: the evaluation's identity, plan and result hashes. */
export function signedEvaluationRecord(
  evaluation: EconomicEvaluationEntity,
  result: EconomicEvaluationResultEntity,
): Record<string, unknown> {
  return {
    evaluationId: evaluation.id,
    evaluationNumber: evaluation.evaluationNumber,
    analysisId: evaluation.analysisId,
    protocolVersion: evaluation.protocolVersion,
    planSha256: evaluation.planSha256,
    draws: evaluation.draws,
    seed: evaluation.seed,
    resultSha256: result.resultSha256,
  };
}
