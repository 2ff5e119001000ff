import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPrivateKey } from 'node:crypto';
import {
  type Cosignature,
  cosignatureSchema,
  createKeyRotation,
  entryBytes,
  fromHex,
  generateTrialKeyPair,
  type KeyRotationReason,
  keyIdOf,
  type LedgerEntry,
  leafHash,
  MerkleLog,
  rawPublicKey,
  type SignedTreeHead,
  signTreeHead,
  toHex,
  verifyCosignature,
  verifyTreeHead,
} from '@prospect/ledger';
import {
  type Actor,
  AuditService,
  conflict,
  notFound,
  requireUserId,
  unprocessable,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CosignatureEntity,
  LedgerEntryEntity,
  LedgerKeyEntity,
  TreeHeadEntity,
  type TreeHeadReason,
} from './entities';
import { LedgerKeyStore } from './key-store';

/** A trial as the ledger names it. */
export interface LedgerTrial {
  readonly trialId: string;
  readonly trialCode: string;
}

/** A signed tree head with why it was made and who countersigned it. */
export interface TreeHeadView extends SignedTreeHead {
  reason: TreeHeadReason;
  cosignatures: (Cosignature & { witnessPublicKey: string })[];
}

/** A trial's log at a glance: its keys (the first is the trust anchor) and latest signed head. */
export interface LedgerSummaryView {
  trialCode: string;
  treeSize: number;
  publicKeys: { keyId: string; publicKey: string; leafIndex: number; reason: string; createdAt: string }[];
  latestTreeHead: TreeHeadView | null;
}

/** What a witness sends to countersign a head. */
export interface CosignatureInput {
  treeSize: number;
  rootHash: string;
  headTimestamp: string;
  witnessPublicKey: string;
  cosignature: unknown;
}

/** A head older than this gets a fresh checkpoint even without new entries. */
export const CHECKPOINT_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Each trial's append-only transparency log (RFC 9162 hashing, `@prospect/ledger`), kept in
 * PostgreSQL: entries, signed tree heads, witness cosignatures and key rotations.
 *
 * Appends are serialized per trial by a transaction-scoped advisory lock, which makes leaf
 * indexes gapless and entry times non-decreasing; the entry, its lock row and its audit event
 * commit together or not at all. Times come from the database clock, never the API host's.
 *
 * The Merkle tree of committed leaves is cached per process and extended from the database on
 * use, so a proof costs O(new leaves + log n), not a reload of the log.
 */
@Injectable()
export class LedgerService implements OnModuleInit {
  private readonly trees = new Map<string, MerkleLog>();
  private readonly treeLoads = new Map<string, Promise<MerkleLog>>();
  /** Public keys read so far, by `trialId:keyId`. */
  private readonly publicKeys = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trials: TrialsService,
    private readonly keys: LedgerKeyStore,
  ) {}

  onModuleInit(): void {
    // The key is made with the trial, in the same transaction: no trial exists without a log.
    this.trials.onTrialCreated((manager, actor, trial) =>
      this.initialize(manager, actor, { trialId: trial.id, trialCode: trial.code }),
    );
  }

  /**
   * Creates the trial's first key (private part to the key store), records it as log entry 0
   * (`key-rotation`, reason `initial`) and signs the first tree head. Idempotent: a trial that
   * already has a log is left alone (this also initializes trials created before logs existed).
   */
  async initialize(manager: EntityManager, actor: Actor, trial: LedgerTrial): Promise<void> {
    await this.lockLog(manager, trial.trialId);
    if (await manager.existsBy(LedgerEntryEntity, { trialId: trial.trialId })) return;
    const keyPair = generateTrialKeyPair();
    await this.keys.save(trial.trialId, keyPair.keyId, keyPair.privateKeyPem);
    const effectiveAt = await this.nextEntryTime(manager, trial.trialId);
    const entry = createKeyRotation({
      trialCode: trial.trialCode,
      reason: 'initial',
      effectiveAt,
      newPrivateKey: keyPair.privateKeyPem,
      previousPrivateKey: null,
    });
    const { leafIndex } = await this.append(manager, trial.trialId, entry);
    await manager.insert(LedgerKeyEntity, {
      keyId: keyPair.keyId,
      trialId: trial.trialId,
      publicKey: keyPair.publicKey,
      leafIndex,
      reason: 'initial',
    });
    await this.audit.record(manager, actor, {
      action: 'ledger.key-created',
      entityType: 'ledger-key',
      entityId: keyPair.keyId,
      trialId: trial.trialId,
      after: { keyId: keyPair.keyId, publicKey: keyPair.publicKey, leafIndex },
    });
    await this.signHeadIn(manager, trial, 'trial-created');
  }

  /** Initializes the log of a trial created before logs existed (outside any transaction). */
  async ensureInitialized(trial: LedgerTrial): Promise<void> {
    if (await this.dataSource.getRepository(LedgerEntryEntity).existsBy({ trialId: trial.trialId })) return;
    await this.dataSource.transaction((manager) =>
      this.initialize(manager, { userId: null, username: 'system', requestId: null }, trial),
    );
  }

  /**
   * Serializes appends to one trial's log until the transaction ends. Every writer of the log
   * takes it first; readers never need it.
   */
  async lockLog(manager: EntityManager, trialId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 20261127))', [trialId]);
  }

  /**
   * The time for the next entry: the database clock at millisecond precision, but never earlier
   * than the log's last entry, so entry times never go backwards even if the server clock does.
   * Call with the log locked.
   */
  async nextEntryTime(manager: EntityManager, trialId: string): Promise<string> {
    return (await this.appendPosition(manager, trialId)).time;
  }

  /**
   * Where the next entry goes and when: its index, and the database clock at millisecond
   * precision but never earlier than the last entry's time. One query. Call with the log locked.
   */
  async appendPosition(manager: EntityManager, trialId: string): Promise<{ index: number; time: string }> {
    const [row] = (await manager.query(
      `SELECT date_trunc('milliseconds', clock_timestamp()) AS now, last.leaf_index, last.entry_time
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (SELECT leaf_index, entry_time FROM ledger_entry WHERE trial_id = $1
                             ORDER BY leaf_index DESC LIMIT 1) AS last ON true`,
      [trialId],
    )) as { now: Date; leaf_index: string | null; entry_time: Date | null }[];
    const now = new Date((row as { now: Date }).now).getTime();
    const last = row?.entry_time ? new Date(row.entry_time).getTime() : now;
    return {
      index: row?.leaf_index === null || row?.leaf_index === undefined ? 0 : Number(row.leaf_index) + 1,
      time: new Date(Math.max(now, last)).toISOString(),
    };
  }

  /** Appends one entry (validated, canonical JSON) at the next index. Call with the log locked. */
  async append(
    manager: EntityManager,
    trialId: string,
    entry: LedgerEntry,
  ): Promise<{ leafIndex: number; leafHash: string }> {
    const { index } = await this.appendPosition(manager, trialId);
    const [appended] = await this.appendAt(manager, trialId, index, [entry]);
    return appended as { leafIndex: number; leafHash: string };
  }

  /**
   * Appends entries at `firstIndex`, `firstIndex + 1`, … in one statement; the caller took the
   * position from {@link appendPosition} under the log lock. A wrong position fails on the
   * primary key rather than leaving a gap.
   */
  async appendAt(
    manager: EntityManager,
    trialId: string,
    firstIndex: number,
    entries: readonly LedgerEntry[],
  ): Promise<{ leafIndex: number; leafHash: string }[]> {
    if (entries.length === 0) return [];
    const rows = entryRows(trialId, firstIndex, entries);
    await manager.insert(LedgerEntryEntity, rows);
    return rows.map((row) => ({ leafIndex: row.leafIndex, leafHash: row.leafHash }));
  }

  /** Signs a head over the whole log, unless `onlyIfGrown` and the latest head already covers it. */
  async signHead(
    trial: LedgerTrial,
    reason: TreeHeadReason,
    options: { onlyIfGrown?: boolean } = {},
  ): Promise<TreeHeadView> {
    await this.ensureInitialized(trial);
    const head = await this.dataSource.transaction(async (manager) => {
      await this.lockLog(manager, trial.trialId);
      if (options.onlyIfGrown) {
        const latest = await this.latestHeadEntity(manager, trial.trialId);
        const size = await this.sizeIn(manager, trial.trialId);
        if (latest && latest.treeSize >= size) return latest;
      }
      return this.signHeadIn(manager, trial, reason);
    });
    return this.viewOf(head);
  }

  /** Signs a daily checkpoint for every trial whose latest head is older than a day; returns those trials. */
  async signDueCheckpoints(now = new Date()): Promise<string[]> {
    const trials = (await this.dataSource.query(
      `SELECT t.id AS "trialId", t.code AS "trialCode",
              (SELECT max(h.created_at) FROM ledger_tree_head h WHERE h.trial_id = t.id) AS "latest"
         FROM trial t`,
    )) as { trialId: string; trialCode: string; latest: Date | null }[];
    const signed: string[] = [];
    for (const trial of trials) {
      if (trial.latest && now.getTime() - new Date(trial.latest).getTime() < CHECKPOINT_INTERVAL_MS) continue;
      await this.signHead(trial, 'daily');
      signed.push(trial.trialId);
    }
    return signed;
  }

  /** Trials with locks whose FHIR write-back has not succeeded yet. */
  async trialsWithPendingWriteBacks(): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT l.trial_id FROM lock_write_back w JOIN prediction_lock l ON l.id = w.lock_id WHERE w.status <> 'done'`,
    )) as { trial_id: string }[];
    return rows.map((row) => row.trial_id);
  }

  /** The log's keys and latest signed head. */
  async summary(trial: LedgerTrial): Promise<LedgerSummaryView> {
    await this.ensureInitialized(trial);
    const keys = await this.dataSource
      .getRepository(LedgerKeyEntity)
      .find({ where: { trialId: trial.trialId }, order: { leafIndex: 'ASC' } });
    const latest = await this.latestHeadEntity(this.dataSource.manager, trial.trialId);
    return {
      trialCode: trial.trialCode,
      treeSize: await this.sizeIn(this.dataSource.manager, trial.trialId),
      publicKeys: keys.map((key) => ({
        keyId: key.keyId,
        publicKey: key.publicKey,
        leafIndex: key.leafIndex,
        reason: key.reason,
        createdAt: key.createdAt.toISOString(),
      })),
      latestTreeHead: latest ? await this.viewOf(latest) : null,
    };
  }

  /** Signed heads, oldest first, with their cosignatures. */
  async treeHeads(trial: LedgerTrial): Promise<TreeHeadView[]> {
    const heads = await this.headEntities(trial.trialId);
    return Promise.all(heads.map((head) => this.viewOf(head)));
  }

  /** The latest head, or a 404 for a trial without one. */
  async latestHead(trial: LedgerTrial): Promise<TreeHeadView> {
    await this.ensureInitialized(trial);
    const latest = await this.latestHeadEntity(this.dataSource.manager, trial.trialId);
    if (!latest)
      throw notFound('NO_TREE_HEAD', `The ledger of ${trial.trialCode} has no signed tree head yet.`);
    return this.viewOf(latest);
  }

  /** The committed log as a Merkle tree (cached, extended with new leaves). */
  async tree(trialId: string): Promise<MerkleLog> {
    const pending = this.treeLoads.get(trialId);
    if (pending) return pending;
    const load = (async () => {
      const tree = this.trees.get(trialId) ?? new MerkleLog();
      const rows = (await this.dataSource.query(
        'SELECT leaf_hash FROM ledger_entry WHERE trial_id = $1 AND leaf_index >= $2 ORDER BY leaf_index',
        [trialId, tree.size],
      )) as { leaf_hash: string }[];
      for (const row of rows) tree.append(fromHex(row.leaf_hash));
      this.trees.set(trialId, tree);
      return tree;
    })();
    this.treeLoads.set(trialId, load);
    try {
      return await load;
    } finally {
      this.treeLoads.delete(trialId);
    }
  }

  /** RFC 9162 inclusion proof of entry `index` in the tree of size `treeSize`. */
  async inclusionProof(trial: LedgerTrial, index: number, treeSize: number): Promise<string[]> {
    // The log is append-only: a cached tree that already covers the head's size needs no read.
    const cached = this.trees.get(trial.trialId);
    const tree = cached && treeSize >= 1 && cached.size >= treeSize ? cached : await this.tree(trial.trialId);
    if (treeSize < 1 || treeSize > tree.size || index >= treeSize) {
      throw unprocessable('PROOF_OUT_OF_RANGE', `No entry ${index} in a tree of size ${treeSize}.`, [
        { field: 'treeSize', reason: `must be greater than the index and at most ${tree.size}` },
      ]);
    }
    return tree.inclusionProof(index, treeSize).map(toHex);
  }

  /** RFC 9162 consistency proof between two tree sizes. */
  async consistencyProof(trial: LedgerTrial, fromSize: number, toSize: number): Promise<string[]> {
    const tree = await this.tree(trial.trialId);
    if (fromSize < 1 || fromSize > toSize || toSize > tree.size) {
      throw unprocessable(
        'PROOF_OUT_OF_RANGE',
        `No consistency proof from size ${fromSize} to ${toSize} (the log has ${tree.size} entries).`,
        [{ field: 'from', reason: `must be from 1 to "to", and "to" at most ${tree.size}` }],
      );
    }
    return tree.consistencyProof(fromSize, toSize).map(toHex);
  }

  /**
   * Stores a witness's countersignature of one of the log's signed heads, after checking that the
   * head exists exactly as stated and that the cosignature verifies under the witness's key.
   */
  async cosign(actor: Actor, trial: LedgerTrial, input: CosignatureInput): Promise<TreeHeadView> {
    const recordedBy = requireUserId(actor, 'A cosignature');
    const head = await this.dataSource.getRepository(TreeHeadEntity).findOneBy({
      trialId: trial.trialId,
      treeSize: input.treeSize,
      rootHash: input.rootHash,
      signedAt: input.headTimestamp,
    });
    if (!head) {
      throw notFound(
        'TREE_HEAD_NOT_FOUND',
        `${trial.trialCode} has no signed tree head of size ${input.treeSize} with that root hash and timestamp.`,
      );
    }
    const parsed = cosignatureSchema.safeParse(input.cosignature);
    if (!parsed.success) {
      throw unprocessable(
        'INVALID_COSIGNATURE',
        'The cosignature is not well formed.',
        parsed.error.issues.map((issue) => ({
          field: ['cosignature', ...issue.path].join('.'),
          reason: issue.message,
        })),
      );
    }
    const signed = this.signedHeadOf(head, trial.trialCode);
    let witnessKeyId: string;
    try {
      witnessKeyId = keyIdOf(input.witnessPublicKey);
    } catch {
      throw unprocessable('INVALID_WITNESS_KEY', 'The witness public key is not an Ed25519 public key.', [
        { field: 'witnessPublicKey', reason: '32 bytes as base64url, or SPKI PEM' },
      ]);
    }
    if (!verifyCosignature(signed, parsed.data, input.witnessPublicKey)) {
      throw unprocessable('COSIGNATURE_INVALID', 'The cosignature does not verify for this head and key.', [
        {
          field: 'cosignature.signature',
          reason: 'not a valid signature of this tree head by witnessPublicKey',
        },
      ]);
    }
    await this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(CosignatureEntity, { treeHeadId: head.id, witnessKeyId })) {
        throw conflict('ALREADY_COSIGNED', 'This witness key has already countersigned this head.');
      }
      const inserted = await manager.insert(CosignatureEntity, {
        treeHeadId: head.id,
        witness: parsed.data.witness,
        witnessKeyId,
        witnessPublicKey: rawPublicKey(input.witnessPublicKey),
        signedAt: parsed.data.timestamp,
        signature: parsed.data.signature,
        recordedBy,
      });
      await this.audit.record(manager, actor, {
        action: 'ledger.cosigned',
        entityType: 'ledger-cosignature',
        entityId: (inserted.identifiers[0] as { id: string }).id,
        trialId: trial.trialId,
        after: {
          treeSize: head.treeSize,
          rootHash: head.rootHash,
          witness: parsed.data.witness,
          witnessKeyId,
        },
      });
    });
    return this.viewOf(head);
  }

  /**
   * Rotates the trial's signing key: a new key pair, a `key-rotation` entry signed by both keys,
   * and a head signed by the new key. The old private key file is kept so history stays
   * attributable; destroy it by your key-management procedure.
   */
  async rotateKey(actor: Actor, trial: LedgerTrial, reason: Exclude<KeyRotationReason, 'initial'>) {
    await this.ensureInitialized(trial);
    const head = await this.dataSource.transaction(async (manager) => {
      await this.lockLog(manager, trial.trialId);
      const current = await this.keyInForce(manager, trial.trialId, Number.MAX_SAFE_INTEGER);
      const previousPem = await this.keys.load(trial.trialId, current.keyId);
      const keyPair = generateTrialKeyPair();
      await this.keys.save(trial.trialId, keyPair.keyId, keyPair.privateKeyPem);
      const entry = createKeyRotation({
        trialCode: trial.trialCode,
        reason,
        effectiveAt: await this.nextEntryTime(manager, trial.trialId),
        newPrivateKey: keyPair.privateKeyPem,
        previousPrivateKey: previousPem,
      });
      const { leafIndex } = await this.append(manager, trial.trialId, entry);
      await manager.insert(LedgerKeyEntity, {
        keyId: keyPair.keyId,
        trialId: trial.trialId,
        publicKey: keyPair.publicKey,
        leafIndex,
        reason,
      });
      await this.audit.record(manager, actor, {
        action: 'ledger.key-rotated',
        entityType: 'ledger-key',
        entityId: keyPair.keyId,
        trialId: trial.trialId,
        before: { keyId: current.keyId },
        after: { keyId: keyPair.keyId, publicKey: keyPair.publicKey, leafIndex },
        reason,
      });
      return this.signHeadIn(manager, trial, 'key-rotation');
    });
    return this.viewOf(head);
  }

  /** Every entry of the log, in order, parsed from the stored bytes. */
  async entries(trialId: string): Promise<LedgerEntryEntity[]> {
    return this.dataSource
      .getRepository(LedgerEntryEntity)
      .find({ where: { trialId }, order: { leafIndex: 'ASC' } });
  }

  async headEntities(trialId: string): Promise<TreeHeadEntity[]> {
    return this.dataSource
      .getRepository(TreeHeadEntity)
      .find({ where: { trialId }, order: { treeSize: 'ASC', signedAt: 'ASC' } });
  }

  async cosignaturesOf(headIds: readonly string[]): Promise<CosignatureEntity[]> {
    if (headIds.length === 0) return [];
    return this.dataSource
      .getRepository(CosignatureEntity)
      .createQueryBuilder('c')
      .where('c.tree_head_id IN (:...ids)', { ids: headIds })
      .orderBy('c.recorded_at', 'ASC')
      .getMany();
  }

  signedHeadOf(head: TreeHeadEntity, trialCode: string): SignedTreeHead {
    return {
      trialCode,
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      timestamp: head.signedAt,
      keyId: head.keyId,
      signature: head.signature,
    };
  }

  /** Public key (raw base64url) of a key id of this trial. */
  async publicKeyOf(trialId: string, keyId: string): Promise<string> {
    const cacheKey = `${trialId}:${keyId}`;
    const known = this.publicKeys.get(cacheKey);
    if (known !== undefined) return known;
    const key = await this.dataSource.getRepository(LedgerKeyEntity).findOneBy({ trialId, keyId });
    if (!key) throw new Error(`ledger key ${keyId} is not a key of trial ${trialId}`);
    // Key rows are append-only: once read, a key id's public key never changes.
    this.publicKeys.set(cacheKey, key.publicKey);
    return key.publicKey;
  }

  private async signHeadIn(
    manager: EntityManager,
    trial: LedgerTrial,
    reason: TreeHeadReason,
  ): Promise<TreeHeadEntity> {
    const rows = (await manager.query(
      'SELECT leaf_hash FROM ledger_entry WHERE trial_id = $1 ORDER BY leaf_index',
      [trial.trialId],
    )) as { leaf_hash: string }[];
    if (rows.length === 0) throw new Error(`the ledger of ${trial.trialCode} is empty`);
    // Built inside the transaction (not from the cache) so the head covers exactly what commits with it.
    const cached = this.trees.get(trial.trialId);
    const tree = new MerkleLog(rows.map((row) => fromHex(row.leaf_hash)));
    if (cached && cached.size <= tree.size && cached.size > 0 && !bytesMatch(cached, tree)) {
      this.trees.delete(trial.trialId);
    }
    const key = await this.keyInForce(manager, trial.trialId, tree.size);
    const privateKey = createPrivateKey(await this.keys.load(trial.trialId, key.keyId));
    const timestamp = await this.headTime(manager, trial.trialId);
    const signed = signTreeHead(
      {
        trialCode: trial.trialCode,
        treeSize: tree.size,
        rootHash: toHex(tree.root()),
        timestamp,
        keyId: key.keyId,
      },
      privateKey,
    );
    if (!verifyTreeHead(signed, key.publicKey)) throw new Error('a freshly signed tree head does not verify');
    const inserted = await manager.insert(TreeHeadEntity, {
      trialId: trial.trialId,
      treeSize: signed.treeSize,
      rootHash: signed.rootHash,
      signedAt: signed.timestamp,
      keyId: signed.keyId,
      signature: signed.signature,
      reason,
    });
    return manager.findOneByOrFail(TreeHeadEntity, { id: (inserted.identifiers[0] as { id: string }).id });
  }

  /** The head time: database clock, never before the last entry or the last head. */
  private async headTime(manager: EntityManager, trialId: string): Promise<string> {
    const entryTime = Date.parse(await this.nextEntryTime(manager, trialId));
    const [row] = (await manager.query(
      'SELECT max(signed_at) AS latest FROM ledger_tree_head WHERE trial_id = $1',
      [trialId],
    )) as { latest: string | null }[];
    const latest = row?.latest ? Date.parse(row.latest) : 0;
    return new Date(Math.max(entryTime, latest)).toISOString();
  }

  /** The key that signs heads of `treeSize` entries: the last one recorded among them. */
  private async keyInForce(
    manager: EntityManager,
    trialId: string,
    treeSize: number,
  ): Promise<LedgerKeyEntity> {
    const key = await manager
      .getRepository(LedgerKeyEntity)
      .createQueryBuilder('k')
      .where('k.trial_id = :trialId AND k.leaf_index < :treeSize', { trialId, treeSize })
      .orderBy('k.leaf_index', 'DESC')
      .getOne();
    if (!key) throw new Error(`the ledger of trial ${trialId} has no key`);
    return key;
  }

  private async latestHeadEntity(manager: EntityManager, trialId: string): Promise<TreeHeadEntity | null> {
    return manager
      .getRepository(TreeHeadEntity)
      .findOne({ where: { trialId }, order: { treeSize: 'DESC', signedAt: 'DESC' } });
  }

  private async sizeIn(manager: EntityManager, trialId: string): Promise<number> {
    const [row] = (await manager.query('SELECT count(*)::int AS size FROM ledger_entry WHERE trial_id = $1', [
      trialId,
    ])) as { size: number }[];
    return Number(row?.size ?? 0);
  }

  private async viewOf(head: TreeHeadEntity): Promise<TreeHeadView> {
    const [row] = (await this.dataSource.query('SELECT code FROM trial WHERE id = $1', [head.trialId])) as {
      code: string;
    }[];
    const cosignatures = await this.cosignaturesOf([head.id]);
    return {
      ...this.signedHeadOf(head, row?.code ?? ''),
      reason: head.reason,
      cosignatures: cosignatures.map((cosignature) => ({
        witness: cosignature.witness,
        keyId: cosignature.witnessKeyId,
        timestamp: cosignature.signedAt,
        signature: cosignature.signature,
        witnessPublicKey: cosignature.witnessPublicKey,
      })),
    };
  }
}

/**
 * The stored rows of entries appended at `firstIndex`, `firstIndex + 1`, …: validated canonical
 * JSON bytes (exactly what is hashed), their leaf hash and the entry's time.
 */
export function entryRows(trialId: string, firstIndex: number, entries: readonly LedgerEntry[]) {
  return entries.map((entry, offset) => {
    const bytes = entryBytes(entry);
    return {
      trialId,
      leafIndex: firstIndex + offset,
      kind: entry.kind,
      entryJson: Buffer.from(bytes).toString('utf8'),
      leafHash: toHex(leafHash(bytes)),
      subjectId: entry.kind === 'prediction-lock' ? entry.subjectId : null,
      entryTime: new Date(entryTime(entry)),
    };
  });
}

/** When an entry happened: a lock's `lockedAt`, a key rotation's `effectiveAt`. */
export function entryTime(entry: LedgerEntry): string {
  return entry.kind === 'prediction-lock' ? entry.lockedAt : entry.effectiveAt;
}

/** Whether a cached tree agrees with the committed one on the leaves they share. */
function bytesMatch(cached: MerkleLog, committed: MerkleLog): boolean {
  return toHex(cached.root(cached.size)) === toHex(committed.root(cached.size));
}
