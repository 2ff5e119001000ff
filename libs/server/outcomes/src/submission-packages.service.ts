import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
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
  APP_CONFIG,
  type AppConfig,
  AuditService,
  conflict,
  notFound,
  QUEUE_DRIVER,
  type QueueDriver,
  type SignatureMeaning,
  SignaturesService,
} from '@prospect/platform';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SubmissionPackageEntity, SubmissionPackageManifestEntity } from './entities';
import { jobStatus, signaturesOf, signOnce, storeResultOnce } from './signed-records';
import { type PackageManifest, SubmissionService } from './submission.service';

export const SUBMISSION_PACKAGE_JOB = TRACKED_JOB_NAMES['submission-package'];
export const SUBMISSION_PACKAGE_RECORD_TYPE = 'submission-package';

export interface SubmissionPackageView {
  packageNumber: number;
  requestedAt: string;
  requestedBy: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'built';
  jobId: string;
  manifestSha256: string | null;
  builtAt: string | null;
  manifest: PackageManifest | null;
  signatures: Record<string, unknown>[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Submission packages as API jobs: a regulatory user requests one, the job builds it into
 * `DATA_DIR/packages/<trial>/<number>` reporting each step as the job's progress, the manifest
 * and its SHA-256 are stored (append-only), and the regulatory user e-signs the manifest.
 */
@Injectable()
export class SubmissionPackagesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly submission: SubmissionService,
    private readonly signatures: SignaturesService,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
  ) {}

  onModuleInit(): void {
    this.signatures.registerResolver({
      recordType: SUBMISSION_PACKAGE_RECORD_TYPE,
      load: async (manager, recordId) => {
        if (!UUID.test(recordId)) return null;
        const manifest = await manager.findOneBy(SubmissionPackageManifestEntity, { packageId: recordId });
        return manifest ? { packageId: recordId, manifestSha256: manifest.manifestSha256 } : null;
      },
    });
  }

  /** The folder a package is built into. */
  directoryOf(trial: TrialRef, packageNumber: number): string {
    return join(this.config.dataDir, 'packages', trial.trialCode, String(packageNumber));
  }

  async request(
    actor: Actor,
    trial: TrialRef,
  ): Promise<{ job: SyncJobView; package: SubmissionPackageView }> {
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT id FROM trial WHERE id = $1 FOR UPDATE', [trial.trialId]);
      const [{ next }] = (await manager.query(
        'SELECT COALESCE(MAX(package_number), 0) + 1 AS next FROM submission_package WHERE trial_id = $1',
        [trial.trialId],
      )) as [{ next: number }];
      const job = await createTrackedJob(manager, 'submission-package', trial.trialId, null, actor.userId);
      const inserted = await manager.insert(SubmissionPackageEntity, {
        trialId: trial.trialId,
        packageNumber: Number(next),
        syncJobId: job.id,
        requestedBy: actor.userId as string,
      });
      const packageId = (inserted.identifiers[0] as { id: string }).id;
      await this.audit.record(manager, actor, {
        action: 'submission.package-requested',
        entityType: 'submission-package',
        entityId: packageId,
        trialId: trial.trialId,
        after: { packageNumber: Number(next), jobId: job.id },
      });
      return { job, packageId };
    });
    await dispatchTrackedJob(this.queue, created.job);
    const entity = await this.dataSource
      .getRepository(SubmissionPackageEntity)
      .findOneByOrFail({ id: created.packageId });
    return { job: toSyncJobView(created.job, null), package: await this.view(entity) };
  }

  /** The job: build the package (progress reported step by step), then store its manifest once. */
  async run(jobId: string): Promise<void> {
    await runTrackedJob(this.dataSource, jobId, async (job, progress) => {
      const entity = await this.dataSource
        .getRepository(SubmissionPackageEntity)
        .findOneByOrFail({ syncJobId: job.id });
      const trialCode = (
        (await this.dataSource.query('SELECT code FROM trial WHERE id = $1', [entity.trialId])) as {
          code: string;
        }[]
      )[0]?.code as string;
      const trial = { trialId: entity.trialId, trialCode };
      const directory = this.directoryOf(trial, entity.packageNumber);
      // A retried job starts from an empty folder: a half-written package is never reused.
      rmSync(directory, { recursive: true, force: true });
      let lastReport = 0;
      const manifest = await this.submission.build(trial, directory, (step, done, total) => {
        const now = Date.now();
        if (done === total || now - lastReport > 250) {
          lastReport = now;
          void progress({ step, done, total });
        }
      });
      const manifestSha256 = await storeResultOnce(
        this.dataSource,
        this.audit,
        job,
        { table: 'submission_package_manifest', key: 'package_id', id: entity.id },
        manifest,
        (sha256) => ({
          action: 'submission.package-built',
          entityType: 'submission-package',
          entityId: entity.id,
          trialId: entity.trialId,
          after: {
            packageNumber: entity.packageNumber,
            files: manifest.files.length,
            manifestSha256: sha256,
          },
        }),
      );
      return { packageNumber: entity.packageNumber, files: manifest.files.length, manifestSha256 };
    });
  }

  async list(trial: TrialRef): Promise<SubmissionPackageView[]> {
    const packages = await this.dataSource
      .getRepository(SubmissionPackageEntity)
      .find({ where: { trialId: trial.trialId }, order: { packageNumber: 'ASC' } });
    return Promise.all(packages.map((entity) => this.view(entity)));
  }

  async get(trial: TrialRef, packageNumber: number): Promise<SubmissionPackageView> {
    return this.view(await this.requirePackage(trial, packageNumber));
  }

  /** The regulatory user's e-signature on a built package's manifest (its SHA-256). */
  async sign(
    actor: Actor,
    trial: TrialRef,
    packageNumber: number,
    input: { password: string; meaning: SignatureMeaning },
  ): Promise<SubmissionPackageView> {
    const entity = await this.requirePackage(trial, packageNumber);
    const manifest = await this.dataSource
      .getRepository(SubmissionPackageManifestEntity)
      .findOneBy({ packageId: entity.id });
    if (!manifest) throw conflict('PACKAGE_NOT_BUILT', `Package ${packageNumber} is not built yet.`);
    const signer = await this.signatures.authenticateSigner(actor, input.password);
    await this.dataSource.transaction((manager) =>
      signOnce(
        manager,
        this.signatures,
        actor,
        signer,
        {
          meaning: input.meaning,
          statement: `Sign submission package ${packageNumber} of ${trial.trialCode} (manifest ${manifest.manifestSha256.slice(0, 12)}…)`,
          recordType: SUBMISSION_PACKAGE_RECORD_TYPE,
          recordId: entity.id,
          record: { packageId: entity.id, manifestSha256: manifest.manifestSha256 },
          trialId: trial.trialId,
        },
        `package ${packageNumber}`,
      ),
    );
    return this.view(entity);
  }

  /**
   * One file of a built package, by its path in the manifest (only listed paths are served, so a
   * path outside the package cannot be asked for), checked against its listed SHA-256 before it
   * is returned.
   */
  async file(trial: TrialRef, packageNumber: number, path: string): Promise<{ bytes: Buffer; name: string }> {
    const entity = await this.requirePackage(trial, packageNumber);
    const manifest = await this.dataSource
      .getRepository(SubmissionPackageManifestEntity)
      .findOneBy({ packageId: entity.id });
    if (!manifest) throw conflict('PACKAGE_NOT_BUILT', `Package ${packageNumber} is not built yet.`);
    const listed = (manifest.manifest as unknown as PackageManifest).files.find((file) => file.path === path);
    if (!listed) {
      throw notFound(
        'PACKAGE_FILE_NOT_FOUND',
        `Package ${packageNumber} lists no file ${JSON.stringify(path.slice(0, 200))}.`,
      );
    }
    const bytes = readFileSync(join(this.directoryOf(trial, packageNumber), listed.path));
    if (createHash('sha256').update(bytes).digest('hex') !== listed.sha256) {
      throw conflict(
        'PACKAGE_FILE_CHANGED',
        `${listed.path} no longer matches the manifest's SHA-256; rebuild the package.`,
      );
    }
    return { bytes, name: listed.path.split('/').at(-1) as string };
  }

  private async requirePackage(trial: TrialRef, packageNumber: number): Promise<SubmissionPackageEntity> {
    const entity = await this.dataSource
      .getRepository(SubmissionPackageEntity)
      .findOneBy({ trialId: trial.trialId, packageNumber });
    if (!entity)
      throw notFound('PACKAGE_NOT_FOUND', `${trial.trialCode} has no submission package ${packageNumber}.`);
    return entity;
  }

  private async view(entity: SubmissionPackageEntity): Promise<SubmissionPackageView> {
    const manifest = await this.dataSource
      .getRepository(SubmissionPackageManifestEntity)
      .findOneBy({ packageId: entity.id });
    const status = await jobStatus(this.dataSource, entity.syncJobId);
    return {
      packageNumber: entity.packageNumber,
      requestedAt: entity.requestedAt.toISOString(),
      requestedBy: entity.requestedBy,
      status: manifest ? 'built' : status,
      jobId: entity.syncJobId,
      manifestSha256: manifest?.manifestSha256 ?? null,
      builtAt: manifest?.builtAt.toISOString() ?? null,
      manifest: (manifest?.manifest as unknown as PackageManifest | undefined) ?? null,
      signatures: await signaturesOf(
        this.dataSource,
        entity.trialId,
        SUBMISSION_PACKAGE_RECORD_TYPE,
        entity.id,
      ),
    };
  }
}
