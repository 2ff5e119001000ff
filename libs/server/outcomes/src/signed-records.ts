import { analysisSha256 } from '@prospect/analysis';
import {
  type Actor,
  type AuditEventInput,
  type AuditService,
  conflict,
  jsonb,
  type SignatureRequest,
  SignatureEntity,
  type SignaturesService,
  toSignatureView,
} from '@prospect/platform';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Signs a stored record once per signer and meaning (in the caller's transaction): a second
 * signature with the same meaning by the same person adds nothing and is refused.
 */
export async function signOnce(
  manager: EntityManager,
  signatures: SignaturesService,
  actor: Actor,
  signer: { userId: string; username: string; printedName: string },
  request: SignatureRequest,
  what: string,
): Promise<void> {
  const existing = (await manager.query(
    `SELECT 1 FROM e_signature WHERE record_type = $1 AND record_id = $2 AND signer_id = $3 AND meaning = $4`,
    [request.recordType, request.recordId, signer.userId, request.meaning],
  )) as unknown[];
  if (existing.length > 0) {
    throw conflict('ALREADY_SIGNED', `You already signed ${what} with meaning ${request.meaning}.`);
  }
  await signatures.sign(manager, actor, signer, request);
}

/** The signatures of one record, oldest first, as the API shows them. */
export async function signaturesOf(
  dataSource: DataSource,
  trialId: string,
  recordType: string,
  recordId: string,
): Promise<Record<string, unknown>[]> {
  const signatures = await dataSource
    .getRepository(SignatureEntity)
    .find({ where: { trialId, recordType, recordId }, order: { signedAt: 'ASC' } });
  return signatures.map(toSignatureView);
}

/** The status of a tracked job, or `queued` when its row is not visible yet. */
export async function jobStatus(
  dataSource: DataSource,
  syncJobId: string,
): Promise<'queued' | 'running' | 'succeeded' | 'failed'> {
  const rows = (await dataSource.query('SELECT status FROM sync_job WHERE id = $1', [syncJobId])) as {
    status: 'queued' | 'running' | 'succeeded' | 'failed';
  }[];
  return rows[0]?.status ?? 'queued';
}

/** Where a job stores its result: the result table and the column naming what it is the result of. */
export type ResultTarget =
  | { readonly table: 'analysis_result'; readonly key: 'analysis_id'; readonly id: string }
  | { readonly table: 'economic_evaluation_result'; readonly key: 'evaluation_id'; readonly id: string }
  | { readonly table: 'submission_package_manifest'; readonly key: 'package_id'; readonly id: string };

/** The result and hash columns of each result table. */
const RESULT_COLUMNS: Record<ResultTarget['table'], readonly [string, string]> = {
  analysis_result: ['result', 'result_sha256'],
  economic_evaluation_result: ['result', 'result_sha256'],
  submission_package_manifest: ['manifest', 'manifest_sha256'],
};

/**
 * Stores a job's result once, with the SHA-256 of its canonical JSON, and audits it in the same
 * transaction; a retried job that finds the result stored adds nothing. Returns the hash.
 */
export async function storeResultOnce(
  dataSource: DataSource,
  audit: AuditService,
  job: { readonly id: string; readonly requestedBy: string | null },
  target: ResultTarget,
  result: unknown,
  event: (resultSha256: string) => AuditEventInput,
): Promise<string> {
  const resultSha256 = analysisSha256(result);
  const [resultColumn, hashColumn] = RESULT_COLUMNS[target.table];
  await dataSource.transaction(async (manager) => {
    const rows = (await manager.query(
      `INSERT INTO ${target.table} (${target.key}, ${resultColumn}, ${hashColumn}) VALUES ($1, $2, $3)
       ON CONFLICT (${target.key}) DO NOTHING RETURNING ${target.key}`,
      [target.id, jsonb(result), resultSha256],
    )) as unknown[];
    if (rows.length === 0) return;
    await audit.record(
      manager,
      { userId: job.requestedBy, username: null, requestId: `job:${job.id}` },
      event(resultSha256),
    );
  });
  return resultSha256;
}
