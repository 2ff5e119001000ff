import { createHash } from 'node:crypto';
import { canonicalJson } from '@prospect/ledger';

/** SHA-256 (hex) of the record's RFC 8785 canonical JSON: what a signature binds to. */
export function recordSha256(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}
