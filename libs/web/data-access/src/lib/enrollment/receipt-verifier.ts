import { InjectionToken } from '@angular/core';
import type { LedgerTrustAnchor, LockReceipt } from './enrollment.models';

/**
 * Verifies a prediction-lock receipt in the browser, without trusting the server that issued it:
 * the same checks as `@prospect/ledger`'s `verifyReceipts` (which needs `node:crypto` and so cannot
 * run here), on Web Crypto (SHA-256 and Ed25519):
 * - the entry's RFC 9162 leaf hash leads, through the inclusion proof, to the signed head's root;
 * - the head's Ed25519 signature verifies with the receipt's public key, and the key id it names
 *   is that key's SHA-256;
 * - the entry, the head and the receipt belong to one trial; the entry is no later than the head;
 * - the lock was made before the treatment start it records;
 * - optionally, the key is one of the trial's published log keys (the trust anchor).
 */

/** Web Crypto's SubtleCrypto, or null where the browser offers none (plain HTTP, old browsers). */
export const RECEIPT_CRYPTO = new InjectionToken<SubtleCrypto | null>('RECEIPT_CRYPTO', {
  providedIn: 'root',
  factory: () => globalThis.crypto?.subtle ?? null,
});

export interface ReceiptCheck {
  readonly check: string;
  readonly label: string;
  readonly ok: boolean;
  readonly message: string;
}

export type ReceiptVerification =
  | { readonly mode: 'browser'; readonly ok: boolean; readonly checks: readonly ReceiptCheck[] }
  | { readonly mode: 'unsupported'; readonly reason: string };

const TREE_HEAD_DOMAIN = 'prospect:tree-head:v1\n';
const HEX64 = /^[0-9a-f]{64}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export async function verifyLockReceipt(
  receipt: LockReceipt,
  subtle: SubtleCrypto | null,
  trusted?: LedgerTrustAnchor,
): Promise<ReceiptVerification> {
  if (!subtle) {
    return {
      mode: 'unsupported',
      reason: 'This browser offers no Web Crypto here (it needs HTTPS or localhost).',
    };
  }
  const publicKey = decodeBase64url(receipt.publicKey);
  if (!(await supportsEd25519(subtle, publicKey))) {
    return { mode: 'unsupported', reason: 'This browser cannot verify Ed25519 signatures.' };
  }
  const checks: ReceiptCheck[] = [];
  const add = (check: string, label: string, ok: boolean, message: string): void => {
    checks.push({ check, label, ok, message });
  };
  const head = receipt.treeHead;
  const entry = receipt.entry;

  const sameTrial =
    receipt.type === 'prediction-lock-receipt' &&
    entry.trialCode === receipt.trialCode &&
    head.trialCode === receipt.trialCode;
  add(
    'trial-code',
    'One trial',
    sameTrial,
    sameTrial
      ? `Entry, head and receipt all belong to ${receipt.trialCode}.`
      : `The entry (${entry.trialCode}) and head (${head.trialCode}) must belong to ${receipt.trialCode}.`,
  );

  // Key id: SHA-256 of the raw public key, named inside the signed head.
  const keyId = publicKey && publicKey.length === 32 ? toHex(await sha256(subtle, publicKey)) : null;
  add(
    'key-id',
    'Key named by the head',
    keyId !== null && keyId === head.keyId,
    keyId === null
      ? 'The receipt’s public key is not a 32-byte Ed25519 key.'
      : keyId === head.keyId
        ? `The head names key ${short(keyId)}, the receipt’s key.`
        : `The head names key ${short(head.keyId)}, but the receipt’s key is ${short(keyId)}.`,
  );

  // Tree-head signature.
  let signatureOk = false;
  try {
    const signature = decodeBase64url(head.signature);
    if (publicKey && signature && signature.length === 64) {
      const key = await subtle.importKey('raw', buffer(publicKey), { name: 'Ed25519' }, false, ['verify']);
      const message = utf8(
        TREE_HEAD_DOMAIN +
          canonicalJson({
            trialCode: head.trialCode,
            treeSize: head.treeSize,
            rootHash: head.rootHash,
            timestamp: head.timestamp,
            keyId: head.keyId,
          }),
      );
      signatureOk = await subtle.verify({ name: 'Ed25519' }, key, buffer(signature), buffer(message));
    }
  } catch {
    signatureOk = false;
  }
  add(
    'tree-head-signature',
    'Signed tree head',
    signatureOk,
    signatureOk
      ? `The head of size ${head.treeSize} (${head.timestamp}) carries a valid Ed25519 signature.`
      : 'The tree head’s signature does not verify with the receipt’s key.',
  );

  // Inclusion: leaf hash → proof → root.
  let inclusionOk = false;
  let leafHex = '';
  try {
    const leaf = await sha256(subtle, concat(new Uint8Array([0]), utf8(canonicalJson(entry))));
    leafHex = toHex(leaf);
    const proof = receipt.inclusionProof.map((hash) => fromHex(hash));
    const root = fromHex(head.rootHash);
    inclusionOk = await verifyInclusion(subtle, leaf, receipt.leafIndex, head.treeSize, proof, root);
  } catch {
    inclusionOk = false;
  }
  add(
    'inclusion-proof',
    'Entry in the log',
    inclusionOk,
    inclusionOk
      ? `Entry ${receipt.leafIndex} (leaf ${short(leafHex)}) is in the tree of size ${head.treeSize} with root ${short(head.rootHash)}.`
      : `The inclusion proof does not lead from entry ${receipt.leafIndex} to the head’s root ${short(head.rootHash)}.`,
  );

  const lockedAt = Date.parse(entry.lockedAt);
  const headAt = Date.parse(head.timestamp);
  const orderOk = Number.isFinite(lockedAt) && Number.isFinite(headAt) && lockedAt <= headAt;
  add(
    'entry-before-head',
    'Entry before its head',
    orderOk,
    orderOk
      ? `Locked ${entry.lockedAt}, no later than the head (${head.timestamp}).`
      : `Locked ${entry.lockedAt}, after the head (${head.timestamp}) that includes it.`,
  );

  const known = entry.treatmentStartKnown;
  const startedBefore = known?.status === 'actual' && known.at !== null && startTime(known.at) <= lockedAt;
  add(
    'lock-before-treatment-start',
    'Locked before treatment',
    !startedBefore,
    startedBefore
      ? `Locked ${entry.lockedAt}, after the treatment start ${known.at} it records.`
      : known?.status === 'actual'
        ? `Locked before the recorded treatment start ${known.at}.`
        : `Treatment start was ${known?.status ?? 'unknown'} at lock time.`,
  );

  if (trusted) {
    const anchor = trusted.publicKeys.find((key) => key.keyId === head.keyId);
    const keyOk = anchor !== undefined && anchor.publicKey === receipt.publicKey;
    add(
      'trusted-key',
      'Trial’s published key',
      keyOk,
      keyOk
        ? `Signed by the trial’s log key ${short(head.keyId)} (${anchor?.reason}, from ${anchor?.createdAt}).`
        : `Key ${short(head.keyId)} is not among the trial’s published log keys.`,
    );
  }
  return { mode: 'browser', ok: checks.every((check) => check.ok), checks };
}

async function supportsEd25519(subtle: SubtleCrypto, publicKey: Uint8Array | null): Promise<boolean> {
  try {
    // Any 32 bytes import as a key where Ed25519 is supported; the key itself is checked later.
    await subtle.importKey(
      'raw',
      buffer(publicKey?.length === 32 ? publicKey : new Uint8Array(32)),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    return true;
  } catch (error) {
    return !(error instanceof Error && error.name === 'NotSupportedError');
  }
}

/** RFC 9162 §2.1.3.2. */
async function verifyInclusion(
  subtle: SubtleCrypto,
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize)
    return false;
  if (root.length !== 32 || proof.some((hash) => hash.length !== 32)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(subtle, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(subtle, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && toHex(r) === toHex(root);
}

function nodeHash(subtle: SubtleCrypto, left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(subtle, concat(new Uint8Array([1]), left, right));
}

async function sha256(subtle: SubtleCrypto, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', buffer(bytes)));
}

/** RFC 8785 canonical JSON, as `@prospect/ledger` writes it. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON representation`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${members.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`a ${typeof value} has no JSON representation`);
  }
}

function startTime(at: string): number {
  // A date without a time is the start of that day (UTC), as the ledger reads it.
  return /^\d{4}-\d{2}-\d{2}$/.test(at) ? Date.parse(`${at}T00:00:00.000Z`) : Date.parse(at);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A fresh ArrayBuffer with the bytes, as every Web Crypto implementation accepts. */
function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function fromHex(hex: string): Uint8Array {
  if (!HEX64.test(hex)) throw new TypeError('not a SHA-256 hash');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Canonical base64url without padding, or null. */
function decodeBase64url(text: string): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) return null;
  try {
    const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
    const binary = atob(base64);
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

function short(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 12)}…` : hash;
}
