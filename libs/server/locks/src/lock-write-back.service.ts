import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BaselineLinkEntity, EnrollmentEntity, FhirConnection } from '@prospect/enrollment';
import {
  provenanceForLock,
  riskAssessmentForLock,
  treeHeadDocumentReference,
  type LockedPredictionFacts,
} from '@prospect/fhir-mapping';
import { ModelRegistryService } from '@prospect/model-registry';
import { APP_CONFIG, type AppConfig } from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import type { DataSource } from 'typeorm';
import { LockWriteBackEntity, PredictionLockEntity } from './entities';
import { LedgerService } from './ledger.service';
import { LocksService } from './locks.service';
import { ReceiptsService } from './receipts.service';

/**
 * Writes each lock to the FHIR server as a RiskAssessment plus a Provenance carrying the lock
 * receipt. Never part of the lock transaction: a FHIR outage does not block locking. Each
 * resource is a conditional create (RiskAssessment on its identifier, Provenance on its target),
 * so a retry after a partial failure never duplicates; failures are recorded on the row and the
 * job is retried with backoff, and the hourly checkpoint job re-queues what is still pending. The
 * log's latest signed head is published with them as a DocumentReference (a public checkpoint).
 */
@Injectable()
export class LockWriteBackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fhir: FhirConnection,
    private readonly trials: TrialsService,
    private readonly registry: ModelRegistryService,
    private readonly locks: LocksService,
    private readonly receipts: ReceiptsService,
    private readonly ledger: LedgerService,
  ) {}

  /** Writes every pending lock of the trial; throws (for a retry) if any failed. */
  async run(trialId: string): Promise<{ written: number; failed: number }> {
    const trial = await this.trials.get(trialId);
    const ref = { trialId, trialCode: trial.code };
    const protocol = await this.trials.protocolInForce(trialId);
    const positiveClass = protocol?.content.primaryEndpoint.positiveClass ?? 'positive';
    const pending = (await this.dataSource.query(
      `SELECT w.lock_id FROM lock_write_back w JOIN prediction_lock l ON l.id = w.lock_id
        WHERE l.trial_id = $1 AND w.status <> 'done' ORDER BY l.leaf_index`,
      [trialId],
    )) as { lock_id: string }[];
    const rows = this.dataSource.getRepository(LockWriteBackEntity);
    let written = 0;
    const errors: string[] = [];
    for (const { lock_id: lockId } of pending) {
      const row = await rows.findOneByOrFail({ lockId });
      const lock = await this.dataSource.getRepository(PredictionLockEntity).findOneByOrFail({ id: lockId });
      const enrollment = await this.dataSource
        .getRepository(EnrollmentEntity)
        .findOneByOrFail({ id: lock.enrollmentId });
      try {
        const receipt = await this.receipts.forSubject(ref, enrollment.subjectId, false);
        const opening = await this.locks.openingOf(lock.id);
        const model = await this.registry.get(receipt.entry.modelSha256);
        const facts: LockedPredictionFacts = {
          trialCode: trial.code,
          subjectId: enrollment.subjectId,
          leafIndex: lock.leafIndex,
          patientReference: enrollment.fhirPatientReference,
          basis: await this.basisOf(lock),
          lockedAt: receipt.entry.lockedAt,
          model: { name: model.name, version: model.version, sha256: model.sha256 },
          positiveClass,
          probability: opening.probability,
          predictedClass: opening.predictedClass,
          threshold: receipt.entry.threshold,
          commitmentDigest: receipt.entry.predictionCommitment.digest,
        };
        let riskAssessment = row.riskAssessmentReference;
        if (!riskAssessment) {
          const resource = riskAssessmentForLock(facts, this.config.lockWriteBack);
          const created = await this.fhir.gateway.create(resource, {
            ifNoneExist: `identifier=${resource.identifier?.[0]?.system ?? ''}|${resource.identifier?.[0]?.value ?? ''}`,
          });
          riskAssessment = `RiskAssessment/${created.id ?? ''}`;
          await rows.update(lockId, { riskAssessmentReference: riskAssessment, updatedAt: new Date() });
        }
        const provenance = provenanceForLock(riskAssessment, facts, JSON.stringify(receipt));
        const created = await this.fhir.gateway.create(provenance, {
          ifNoneExist: `target=${riskAssessment}`,
        });
        await rows.update(lockId, {
          status: 'done',
          provenanceReference: `Provenance/${created.id ?? ''}`,
          attempts: row.attempts + 1,
          lastError: null,
          updatedAt: new Date(),
        });
        written++;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
        errors.push(`${enrollment.subjectId}: ${message}`);
        await rows.update(lockId, {
          status: 'failed',
          attempts: row.attempts + 1,
          lastError: message,
          updatedAt: new Date(),
        });
      }
    }
    try {
      await this.publishLatestHead(ref);
    } catch (error) {
      errors.push(`tree head: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (errors.length > 0) {
      throw new Error(
        `FHIR write-back failed for ${errors.length} item(s); will retry. First: ${errors[0] ?? ''}`,
      );
    }
    return { written, failed: 0 };
  }

  /**
   * Publishes the log's latest signed head on the FHIR server as a DocumentReference (a
   * conditional create: once per head), linked to the trial's ResearchStudy when written.
   */
  async publishLatestHead(trial: { trialId: string; trialCode: string }): Promise<string | null> {
    const heads = await this.ledger.headEntities(trial.trialId);
    const latest = heads[heads.length - 1];
    if (!latest) return null;
    const [study] = (await this.dataSource.query(
      `SELECT fhir_reference FROM fhir_write_back WHERE trial_id = $1 AND enrollment_id IS NULL AND status = 'done'`,
      [trial.trialId],
    )) as { fhir_reference: string | null }[];
    const document = treeHeadDocumentReference(
      this.ledger.signedHeadOf(latest, trial.trialCode),
      study?.fhir_reference ?? undefined,
    );
    const identifier = document.identifier?.[0];
    const created = await this.fhir.gateway.create(document, {
      ifNoneExist: `identifier=${identifier?.system ?? ''}|${identifier?.value ?? ''}`,
    });
    return `DocumentReference/${created.id ?? ''}`;
  }

  /** The ImagingStudy and covariate Observations of the baseline link the lock used. */
  private async basisOf(lock: PredictionLockEntity): Promise<string[]> {
    const link = await this.dataSource
      .getRepository(BaselineLinkEntity)
      .findOneByOrFail({ enrollmentId: lock.enrollmentId, version: lock.baselineLinkVersion });
    const basis: string[] = [];
    const study = link.link.imaging.selected?.imagingStudyId;
    if (study) basis.push(`ImagingStudy/${study}`);
    for (const value of Object.values(link.link.covariates.values)) {
      if (value?.source.resourceType === 'Observation') basis.push(`Observation/${value.source.id}`);
    }
    return [...new Set(basis)];
  }
}
