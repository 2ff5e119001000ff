import {
  type Actor,
  conflict,
  type SignatureRequest,
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
  signatures: SignaturesService,
  trialId: string,
  recordType: string,
  recordId: string,
): Promise<Record<string, unknown>[]> {
  return (await signatures.listForTrial(trialId))
    .filter((signature) => signature.recordType === recordType && signature.recordId === recordId)
    .map(toSignatureView);
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
