/**
 * Offline verification of the transparency log, per RFC 9162 §2.1.3.2 (inclusion) and
 * §2.1.4.2 (consistency). The verifiers never throw: any malformed input (a hash that is not
 * 32 bytes, a size that is not a safe non-negative integer, an index outside the tree, a
 * proof of the wrong length) simply fails verification.
 *
 * A proof binds a leaf (or an old root) to a (tree size, root) pair; the pair itself must be
 * authenticated — e.g. signed together as a tree head — because, as in the RFC, a proof can
 * also verify against the same root under another tree size whose tree has the same shape
 * along that path.
 */
import { EMPTY_TREE_HASH, HASH_SIZE, bytesEqual, nodeHash } from './hash';
import { MerkleRootAccumulator } from './tree';

const EMPTY = EMPTY_TREE_HASH.slice();

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function isProof(value: unknown): value is readonly Uint8Array[] {
  return Array.isArray(value) && value.every(isHash);
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// Sizes go up to 2^53: halve arithmetically, JavaScript's bitwise operators are 32-bit.
const lsb = (value: number): boolean => value % 2 === 1;
const half = (value: number): number => Math.floor(value / 2);

function isPowerOfTwo(value: number): boolean {
  let rest = value;
  while (rest > 1 && !lsb(rest)) rest = half(rest);
  return rest === 1;
}

/**
 * RFC 9162 §2.1.3.2: does `proof` show that the leaf with hash `leafHash` is at `index` in
 * the tree of size `treeSize` whose root is `root`?
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isHash(leafHash) || !isHash(root) || !isProof(proof) || !isSize(index) || !isSize(treeSize)) {
    return false;
  }
  // 1. leaf_index must be smaller than tree_size.
  if (index >= treeSize) return false;
  // 2.-3.
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  // 4.
  for (const p of proof) {
    if (sn === 0) return false; // a. a proof longer than the path
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r); // b.i.
      // b.ii. skip the levels where this node has no right sibling
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    // c.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0 (the whole path was used) and r the root.
  return sn === 0 && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of size `oldSize` with root `oldRoot`
 * is a prefix of the tree of size `newSize` with root `newRoot`?
 *
 * The RFC's algorithm covers 0 < oldSize < newSize. Outside it, as {@link MerkleLog} issues
 * them: for oldSize = newSize the proof must be empty and the roots equal; for oldSize = 0
 * the proof must be empty and `oldRoot` the empty-tree hash (every tree extends it).
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isSize(oldSize) || !isSize(newSize) || !isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) {
    return false;
  }
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0 && bytesEqual(oldRoot, EMPTY);
  // 1.
  if (proof.length === 0) return false;
  // 2. when the old tree is a perfect subtree of the new one, the proof omits its root.
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  // 3.
  let fn = oldSize - 1;
  let sn = newSize - 1;
  // 4.
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr = path[0] as Uint8Array;
  let sr = fr;
  // 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) return false; // a.
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr); // b.i.
      sr = nodeHash(c, sr); // b.ii.
      // b.iii.
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c); // b. otherwise
    }
    // c.
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot) && sn === 0;
}

/**
 * MTH of a stream of leaf hashes (RFC 9162 §2.1.1): O(n) hashes, O(log n) memory, for
 * recomputing the head of a large log offline. Map entries through `leafHash` first.
 * @throws {RangeError} on a leaf hash that is not 32 bytes.
 */
export function rootFromLeaves(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const accumulator = new MerkleRootAccumulator();
  for (const hash of leafHashes) accumulator.push(hash);
  return accumulator.root();
}
