import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ModelCard, ModelError, parseModelCard } from '@prospect/models';
import {
  type Actor,
  AuditService,
  BLOB_STORE,
  type BlobStore,
  conflict,
  jsonb,
  notFound,
  requireUserId,
  sha256Hex,
  unprocessable,
} from '@prospect/platform';
import type { DataSource } from 'typeorm';
import { ModelEntity } from './model.entity';
import { loadModel, type LoadedModel, releaseModel } from './onnx/onnx-runtime';

/** What the registry shows of a model: its card, signature and provenance. */
export interface ModelView {
  sha256: string;
  name: string;
  version: string;
  byteSize: number;
  card: Record<string, unknown>;
  signature: Record<string, unknown>;
  registeredAt: string;
  registeredBy: string;
}

export interface RegisterOutcome {
  model: ModelView;
  /** false when the same bytes were registered before under the same name and version. */
  created: boolean;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The model registry: ONNX files with their model cards, by SHA-256 of the uploaded bytes. A
 * model is checked on upload (onnxruntime loads it; its inputs and outputs must fit the card);
 * a name and version name one file forever, so a different file under them is refused.
 * Loaded sessions are cached by digest; every load re-checks the stored bytes' digest.
 */
@Injectable()
export class ModelRegistryService implements OnModuleDestroy {
  private readonly sessions = new Map<string, Promise<LoadedModel>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async register(actor: Actor, bytes: Uint8Array, cardInput: unknown): Promise<RegisterOutcome> {
    const parsed = parseModelCard(cardInput);
    if (!parsed.ok) {
      throw unprocessable(
        'INVALID_MODEL_CARD',
        'The model card is not valid.',
        parsed.issues.map((issue) => ({
          field: issue.path ? `card.${issue.path}` : 'card',
          reason: issue.message,
        })),
      );
    }
    const sha256 = sha256Hex(bytes);
    const card: ModelCard = parsed.value;
    if (card.modelSha256 !== undefined && card.modelSha256 !== sha256) {
      throw unprocessable('MODEL_SHA256_MISMATCH', 'The model card names a different file.', [
        {
          field: 'card.modelSha256',
          reason: `the card says ${card.modelSha256}; the uploaded file is ${sha256}`,
        },
      ]);
    }
    const repository = this.dataSource.getRepository(ModelEntity);
    const existing = await repository.findOneBy({ name: card.name, version: card.version });
    if (existing && existing.sha256 !== sha256) {
      throw conflict(
        'MODEL_VERSION_TAKEN',
        `${card.name} ${card.version} is registered as ${existing.sha256}; a different file cannot take its name and version. Register it as a new version.`,
      );
    }
    if (existing) return { model: toView(existing), created: false };
    const sameBytes = await repository.findOneBy({ sha256 });
    if (sameBytes) {
      throw conflict(
        'MODEL_ALREADY_REGISTERED',
        `This file is already registered as ${sameBytes.name} ${sameBytes.version}.`,
      );
    }

    const loaded = await this.check(bytes, card);
    const signature = {
      ...loaded.signature,
      inputLayout: loaded.inputLayout,
      readout: loaded.readout,
      removedZipMaps: loaded.removedZipMaps,
      runtime: { name: loaded.runtime.name, version: loaded.runtime.version },
    };
    await releaseModel(loaded);
    await this.blobs.put(bytes);
    const stored = await this.dataSource.transaction(async (manager) => {
      await manager.insert(ModelEntity, {
        sha256,
        name: card.name,
        version: card.version,
        card: jsonb({ ...card, modelSha256: sha256 }),
        signature: jsonb(JSON.parse(JSON.stringify(signature))),
        byteSize: bytes.byteLength,
        registeredBy: requireUserId(actor, 'A model registration'),
      });
      await this.audit.record(manager, actor, {
        action: 'model.registered',
        entityType: 'model',
        entityId: sha256,
        after: {
          name: card.name,
          version: card.version,
          sha256,
          bytes: bytes.byteLength,
          inputs: card.inputs.length,
        },
      });
      return manager.findOneByOrFail(ModelEntity, { sha256 });
    });
    return { model: toView(stored), created: true };
  }

  async list(): Promise<ModelView[]> {
    const models = await this.dataSource
      .getRepository(ModelEntity)
      .find({ order: { registeredAt: 'ASC', name: 'ASC' } });
    return models.map(toView);
  }

  async get(sha256: string): Promise<ModelView> {
    return toView(await this.require(sha256));
  }

  /** The uploaded bytes, checked against their digest. */
  async bytes(sha256: string): Promise<Uint8Array> {
    await this.require(sha256);
    return this.blobs.get(sha256);
  }

  /** A session for a registered model (cached), loaded from the stored bytes. */
  async load(sha256: string): Promise<LoadedModel> {
    let session = this.sessions.get(sha256);
    if (!session) {
      session = (async () => {
        const model = await this.require(sha256);
        const card = parseModelCard(model.card);
        if (!card.ok) throw new Error(`the stored model card of ${sha256} no longer validates`);
        return loadModel(await this.blobs.get(sha256), card.value, { expectedSha256: sha256 });
      })();
      this.sessions.set(sha256, session);
      session.catch(() => this.sessions.delete(sha256));
    }
    return session;
  }

  async onModuleDestroy(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) {
      await session.then(releaseModel, () => undefined);
    }
  }

  private async require(sha256: string): Promise<ModelEntity> {
    if (!SHA256.test(sha256)) {
      throw unprocessable('INVALID_MODEL_SHA256', 'A model is named by its SHA-256.', [
        { field: 'sha256', reason: 'must be 64 lowercase hexadecimal characters' },
      ]);
    }
    const model = await this.dataSource.getRepository(ModelEntity).findOneBy({ sha256 });
    if (!model) throw notFound('MODEL_NOT_FOUND', `No registered model has SHA-256 ${sha256}.`);
    return model;
  }

  private async check(bytes: Uint8Array, card: ModelCard): Promise<LoadedModel> {
    try {
      return await loadModel(bytes, card);
    } catch (error) {
      if (error instanceof ModelError) {
        throw unprocessable(`MODEL_${error.code.toUpperCase().replaceAll('-', '_')}`, error.message, [
          { field: 'model', reason: error.message },
        ]);
      }
      throw error;
    }
  }
}

function toView(model: ModelEntity): ModelView {
  return {
    sha256: model.sha256,
    name: model.name,
    version: model.version,
    byteSize: model.byteSize,
    card: model.card,
    signature: model.signature,
    registeredAt: model.registeredAt.toISOString(),
    registeredBy: model.registeredBy,
  };
}
