import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  parseProtocolContent,
  parseTrialDefinition,
  type ProtocolContent,
  type ValidationIssue,
} from '@prospect/domain';
import {
  type Actor,
  AuditService,
  conflict,
  DomainError,
  notFound,
  recordSha256,
  SignaturesService,
  unprocessable,
  type Principal,
} from '@prospect/platform';
import { ProtocolApprovalEntity, ProtocolVersionEntity, TrialEntity, TrialSiteEntity } from './entities';
import {
  signedProtocolRecord,
  toProtocolVersionView,
  toSiteView,
  toTrialView,
  type ProtocolVersionView,
  type SiteView,
  type TrialView,
} from './trial-views';

const PROTOCOL_RECORD_TYPE = 'protocol-version';

function issuesToFields(
  issues: readonly ValidationIssue[],
  prefix: string,
): { field: string; reason: string }[] {
  return issues.map((issue) => ({
    field: issue.path
      ? prefix
        ? `${prefix}.${issue.path}`.replace('.[', '[')
        : issue.path
      : prefix || 'body',
    reason: issue.message,
  }));
}

/**
 * Trials, sites and versioned protocols. Everything here is append-only: a protocol change is a
 * new version with a reason; approval is a signed record that freezes its version.
 */
/** Runs inside the transaction that creates a trial; throwing aborts the creation. */
export type TrialCreatedHook = (
  manager: EntityManager,
  actor: Actor,
  trial: { readonly id: string; readonly code: string },
) => Promise<void>;

@Injectable()
export class TrialsService implements OnModuleInit {
  private readonly creationHooks: TrialCreatedHook[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
  ) {}

  onModuleInit(): void {
    this.signatures.registerResolver({
      recordType: PROTOCOL_RECORD_TYPE,
      load: async (manager, recordId) => {
        const version = await manager.findOneBy(ProtocolVersionEntity, { id: recordId });
        if (!version) return null;
        const trial = await manager.findOneByOrFail(TrialEntity, { id: version.trialId });
        return signedProtocolRecord(trial.code, version);
      },
    });
  }

  /**
   * Work other contexts do inside the transaction that creates a trial (the prediction ledger makes
   * the trial's signing key): if a hook fails, the trial is not created.
   */
  onTrialCreated(hook: TrialCreatedHook): void {
    this.creationHooks.push(hook);
  }

  /** Creates a trial, its sites and protocol version 1 (a draft) from a trial definition document. */
  async create(actor: Actor, definitionInput: unknown): Promise<TrialView> {
    const parsed = parseTrialDefinition(definitionInput);
    if (!parsed.ok) {
      throw unprocessable(
        'INVALID_TRIAL_DEFINITION',
        'The trial definition is not valid.',
        issuesToFields(parsed.issues, ''),
      );
    }
    const definition = parsed.value;
    const createdBy = requireUser(actor);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(TrialEntity, { code: definition.code })) {
        throw conflict('TRIAL_CODE_TAKEN', `A trial with code ${definition.code} already exists.`);
      }
      const trial = await insertAndLoad(manager, TrialEntity, {
        code: definition.code,
        title: definition.title,
        indication: definition.indication,
        createdBy,
      });
      await this.audit.record(manager, actor, {
        action: 'trial.created',
        entityType: 'trial',
        entityId: trial.id,
        trialId: trial.id,
        after: { code: trial.code, title: trial.title, indication: trial.indication },
      });
      for (const site of definition.sites) await this.insertSite(manager, actor, trial, site.code, site.name);
      await this.insertVersion(manager, actor, trial, 1, definition.protocol, null);
      for (const hook of this.creationHooks) await hook(manager, actor, { id: trial.id, code: trial.code });
      return this.view(manager, trial);
    });
  }

  async list(principal: Principal): Promise<TrialView[]> {
    const manager = this.dataSource.manager;
    const trials = principal.isAdmin
      ? await manager.find(TrialEntity, { order: { code: 'ASC' } })
      : await manager
          .createQueryBuilder(TrialEntity, 'trial')
          .where(
            'EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.trial_id = trial.id AND ra.user_id = :userId AND ra.revoked_at IS NULL)',
            { userId: principal.userId },
          )
          .orderBy('trial.code', 'ASC')
          .getMany();
    return Promise.all(trials.map((trial) => this.view(manager, trial)));
  }

  async get(trialId: string): Promise<TrialView> {
    const manager = this.dataSource.manager;
    return this.view(manager, await this.loadTrial(manager, trialId));
  }

  async addSite(actor: Actor, trialId: string, code: string, name: string): Promise<SiteView> {
    return this.dataSource.transaction(async (manager) => {
      const trial = await this.loadTrial(manager, trialId);
      if (await manager.existsBy(TrialSiteEntity, { trialId, code })) {
        throw conflict('SITE_CODE_TAKEN', `Trial ${trial.code} already has a site ${code}.`);
      }
      return toSiteView(await this.insertSite(manager, actor, trial, code, name));
    });
  }

  async versions(trialId: string): Promise<ProtocolVersionView[]> {
    const manager = this.dataSource.manager;
    const versions = await manager.find(ProtocolVersionEntity, {
      where: { trialId },
      order: { version: 'ASC' },
    });
    const approvals = await this.approvalsOf(manager, versions);
    const latest = versions.at(-1)?.version ?? 0;
    return versions.map((version) => toProtocolVersionView(version, approvals.get(version.id), latest));
  }

  async version(trialId: string, versionNumber: number): Promise<ProtocolVersionView> {
    const all = await this.versions(trialId);
    const found = all.find((version) => version.version === versionNumber);
    if (!found)
      throw notFound('PROTOCOL_VERSION_NOT_FOUND', `The trial has no protocol version ${versionNumber}.`);
    return found;
  }

  /** The newest approved protocol version: the one enrollment and analyses follow. Null before any approval. */
  async protocolInForce(
    trialId: string,
  ): Promise<{ version: number; content: ProtocolContent; contentSha256: string } | null> {
    const rows: { version: number; content: ProtocolContent; content_sha256: string }[] =
      await this.dataSource.query(
        `SELECT pv.version, pv.content, pv.content_sha256 FROM protocol_version pv
       JOIN protocol_approval pa ON pa.protocol_version_id = pv.id
       WHERE pv.trial_id = $1 ORDER BY pv.version DESC LIMIT 1`,
        [trialId],
      );
    const row = rows[0];
    return row ? { version: row.version, content: row.content, contentSha256: row.content_sha256 } : null;
  }

  /** An amendment (or a revised draft): always a new version, with the reason for the change. */
  async amend(
    actor: Actor,
    trialId: string,
    contentInput: unknown,
    reason: string,
  ): Promise<ProtocolVersionView> {
    const parsed = parseProtocolContent(contentInput);
    if (!parsed.ok) {
      throw unprocessable(
        'INVALID_PROTOCOL',
        'The protocol is not valid.',
        issuesToFields(parsed.issues, 'content'),
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const trial = await this.loadTrial(manager, trialId);
      // Serialize concurrent amendments of one trial: the version number is max + 1.
      await manager.query('SELECT id FROM trial WHERE id = $1 FOR UPDATE', [trial.id]);
      const latest = await manager.findOne(ProtocolVersionEntity, {
        where: { trialId },
        order: { version: 'DESC' },
      });
      const created = await this.insertVersion(
        manager,
        actor,
        trial,
        (latest?.version ?? 0) + 1,
        parsed.value,
        reason,
      );
      return toProtocolVersionView(created, undefined, created.version);
    });
  }

  /**
   * Approves the latest version with the approver's electronic signature (password re-entered).
   * The version is frozen from then on (the table refuses updates); later changes are amendments.
   */
  async approve(
    actor: Actor,
    trialId: string,
    versionNumber: number,
    password: string,
  ): Promise<ProtocolVersionView> {
    const signer = await this.signatures.authenticateSigner(actor, password);
    return this.dataSource.transaction(async (manager) => {
      const trial = await this.loadTrial(manager, trialId);
      await manager.query('SELECT id FROM trial WHERE id = $1 FOR UPDATE', [trial.id]);
      const version = await manager.findOneBy(ProtocolVersionEntity, { trialId, version: versionNumber });
      if (!version)
        throw notFound(
          'PROTOCOL_VERSION_NOT_FOUND',
          `Trial ${trial.code} has no protocol version ${versionNumber}.`,
        );
      if (await manager.existsBy(ProtocolApprovalEntity, { protocolVersionId: version.id })) {
        throw conflict(
          'PROTOCOL_ALREADY_APPROVED',
          `Protocol version ${versionNumber} of ${trial.code} is already approved.`,
        );
      }
      const latest = await manager.findOneOrFail(ProtocolVersionEntity, {
        where: { trialId },
        order: { version: 'DESC' },
      });
      if (latest.version !== version.version) {
        throw conflict(
          'PROTOCOL_VERSION_SUPERSEDED',
          `Version ${versionNumber} was superseded by version ${latest.version}; approve the latest version.`,
        );
      }
      const signature = await this.signatures.sign(manager, actor, signer, {
        meaning: 'approval',
        statement: `Approve protocol ${trial.code} version ${version.version}`,
        recordType: PROTOCOL_RECORD_TYPE,
        recordId: version.id,
        record: signedProtocolRecord(trial.code, version),
        trialId: trial.id,
      });
      const approval = await insertAndLoad(manager, ProtocolApprovalEntity, {
        protocolVersionId: version.id,
        signatureId: signature.id,
        approvedBy: signer.userId,
      });
      await this.audit.record(manager, actor, {
        action: 'protocol.approved',
        entityType: 'protocol-version',
        entityId: version.id,
        trialId: trial.id,
        after: {
          trialCode: trial.code,
          version: version.version,
          contentSha256: version.contentSha256,
          signatureId: signature.id,
        },
      });
      return toProtocolVersionView(version, approval, version.version);
    });
  }

  private async insertSite(
    manager: EntityManager,
    actor: Actor,
    trial: TrialEntity,
    code: string,
    name: string,
  ): Promise<TrialSiteEntity> {
    const site = await insertAndLoad(manager, TrialSiteEntity, {
      trialId: trial.id,
      code,
      name,
      createdBy: requireUser(actor),
    });
    await this.audit.record(manager, actor, {
      action: 'trial.site-added',
      entityType: 'trial-site',
      entityId: site.id,
      trialId: trial.id,
      after: { trialCode: trial.code, code: site.code, name: site.name },
    });
    return site;
  }

  private async insertVersion(
    manager: EntityManager,
    actor: Actor,
    trial: TrialEntity,
    version: number,
    content: ProtocolContent,
    reason: string | null,
  ): Promise<ProtocolVersionEntity> {
    const created = await insertAndLoad(manager, ProtocolVersionEntity, {
      trialId: trial.id,
      version,
      content,
      contentSha256: recordSha256(content),
      endpointType: content.primaryEndpoint.type,
      decisionThreshold: content.decisionThreshold,
      plannedSampleSize: content.plannedSampleSize,
      amendmentReason: reason,
      createdBy: requireUser(actor),
    });
    await this.audit.record(manager, actor, {
      action: 'protocol.version-created',
      entityType: 'protocol-version',
      entityId: created.id,
      trialId: trial.id,
      after: { trialCode: trial.code, version, contentSha256: created.contentSha256 },
      reason,
    });
    return created;
  }

  private async loadTrial(manager: EntityManager, trialId: string): Promise<TrialEntity> {
    const trial = await manager.findOneBy(TrialEntity, { id: trialId });
    if (!trial) throw notFound('TRIAL_NOT_FOUND', `No trial ${trialId}.`);
    return trial;
  }

  private async view(manager: EntityManager, trial: TrialEntity): Promise<TrialView> {
    const sites = await manager.find(TrialSiteEntity, {
      where: { trialId: trial.id },
      order: { code: 'ASC' },
    });
    const versions = await manager.find(ProtocolVersionEntity, {
      where: { trialId: trial.id },
      select: { id: true, version: true },
    });
    const approvals = await this.approvalsOf(manager, versions);
    return toTrialView(
      trial,
      sites,
      versions.map((version) => ({ version: version.version, approved: approvals.has(version.id) })),
    );
  }

  private async approvalsOf(
    manager: EntityManager,
    versions: { id: string }[],
  ): Promise<Map<string, ProtocolApprovalEntity>> {
    if (versions.length === 0) return new Map();
    const approvals = await manager
      .createQueryBuilder(ProtocolApprovalEntity, 'approval')
      .where('approval.protocol_version_id IN (:...ids)', { ids: versions.map((version) => version.id) })
      .getMany();
    return new Map(approvals.map((approval) => [approval.protocolVersionId, approval]));
  }
}

function requireUser(actor: Actor): string {
  if (!actor.userId)
    throw new DomainError('forbidden', 'ACTOR_REQUIRED', 'This change must be made by a named user.');
  return actor.userId;
}

async function insertAndLoad<T extends { id: string }>(
  manager: EntityManager,
  entity: new () => T,
  values: Partial<T>,
): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's insert type is a deep partial this cannot name
  const inserted = await manager.insert(entity, values as any);
  const id = (inserted.identifiers[0] as { id: string }).id;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- same: a where-clause on the generic id
  return manager.findOneByOrFail(entity, { id } as any);
}
