import { canonicalJson } from '@prospect/ledger';
import { createHash } from 'node:crypto';

/** SHA-256 (hex) of a snapshot's or result's canonical JSON (RFC 8785 key order), as stored and signed. */
export function analysisSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
