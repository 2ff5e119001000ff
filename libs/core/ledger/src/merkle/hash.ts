/**
 * RFC 9162 §2.1.1 hashing for the transparency log: SHA-256 with domain separation, so a
 * leaf can never be passed off as an interior node (second-preimage resistance).
 *
 * - leaf hash: SHA-256(0x00 || entry)
 * - node hash: SHA-256(0x01 || left || right)
 * - the empty tree: SHA-256() (the hash of the empty string)
 */
import { createHash, hash as oneShotHash } from 'node:crypto';

/** Length in bytes of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// Speed matters for logs of a million entries: SHA-256 of 65 bytes takes well under 1 µs, but
// materializing each digest as a Buffer costs about 2 µs more (measured on Node 20). A
// 'binary' (latin1) digest string, one char per byte, is cheap and is copied out byte by byte.
// `crypto.hash` (Node ≥ 20.12) is the one-shot form; fall back to createHash elsewhere.
const digestBinary: (data: Uint8Array) => string =
  typeof oneShotHash === 'function'
    ? (data) => oneShotHash('sha256', data, 'binary')
    : (data) => createHash('sha256').update(data).digest('binary');

function digestInto(data: Uint8Array, target: Uint8Array, offset: number): void {
  const digest = digestBinary(data);
  for (let i = 0; i < HASH_SIZE; i++) target[offset + i] = digest.charCodeAt(i);
}

function sha256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HASH_SIZE);
  digestInto(data, out, 0);
  return out;
}

/**
 * MTH({}) = SHA-256 of the empty string: e3b0c442…b855. Typed arrays cannot be frozen:
 * treat it as read-only (the tree and verifiers use copies taken when they load).
 */
export const EMPTY_TREE_HASH: Uint8Array = sha256(new Uint8Array(0));

/** RFC 9162 leaf hash: SHA-256(0x00 || entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const input = new Uint8Array(entry.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  return sha256(input);
}

/** One reusable buffer: hashing is synchronous, so no two calls can interleave. */
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_PREFIX;

/**
 * RFC 9162 interior node hash: SHA-256(0x01 || left || right).
 * @throws {RangeError} unless both children are 32 bytes.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new RangeError(`node children must be ${HASH_SIZE}-byte hashes`);
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256(nodeInput);
}

/**
 * Internal (for the tree's flat caches; not part of the package API): writes the node hash
 * of the 64 bytes `source[sourceOffset ..]` (left child, then right) at `target[targetOffset]`.
 */
export function nodeHashInto(
  source: Uint8Array,
  sourceOffset: number,
  target: Uint8Array,
  targetOffset: number,
): void {
  nodeInput.set(source.subarray(sourceOffset, sourceOffset + 2 * HASH_SIZE), 1);
  digestInto(nodeInput, target, targetOffset);
}

/** Lower-case hexadecimal form of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Bytes of a hexadecimal string (either case).
 * @throws {TypeError} on odd length or a non-hex character.
 */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError('not a hexadecimal byte string');
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Byte-wise equality (hashes here are public, so no constant-time comparison is needed). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
