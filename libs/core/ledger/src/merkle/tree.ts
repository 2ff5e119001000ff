/**
 * The RFC 9162 §2.1 Merkle tree over a transparency log's leaf hashes, and the proofs a log
 * serves: inclusion proofs PATH(m, D[n]) (§2.1.3.1) and consistency proofs PROOF(m, D[n])
 * (§2.1.4.1).
 *
 * {@link MerkleLog} keeps, for every level k, the hashes of all complete aligned subtrees of
 * 2^k leaves (about 2n hashes, 64 bytes per leaf, in one flat buffer per level). Appending
 * costs amortized O(1) hashes; the root of any prefix and every proof then cost O(log n)
 * hashes, because any subtree the RFC's recursion names is either a stored perfect subtree
 * or a right edge made of at most log n of them.
 */
import { EMPTY_TREE_HASH, HASH_SIZE, leafHash, nodeHash, nodeHashInto } from './hash';

const EMPTY = EMPTY_TREE_HASH.slice();

/**
 * Streaming Merkle Tree Hash: push leaf hashes in order, read the root of everything pushed
 * so far. O(1) amortized hashes per leaf, O(log n) memory (one pending perfect subtree per
 * set bit of the count).
 */
export class MerkleRootAccumulator {
  /** pending[k]: the perfect subtree of 2^k leaves not yet paired, when bit k of size is set. */
  private readonly pending: (Uint8Array | undefined)[] = [];
  private count = 0;

  /** Number of leaves pushed. */
  get size(): number {
    return this.count;
  }

  /** @throws {RangeError} unless the leaf hash is 32 bytes. */
  push(leafHashValue: Uint8Array): void {
    if (leafHashValue.length !== HASH_SIZE) throw new RangeError(`leaf hashes are ${HASH_SIZE} bytes`);
    let carry: Uint8Array = new Uint8Array(leafHashValue); // a copy even of a Buffer (whose slice() is a view)
    let level = 0;
    for (let existing = this.pending[level]; existing !== undefined; existing = this.pending[level]) {
      carry = nodeHash(existing, carry);
      this.pending[level] = undefined;
      level++;
    }
    this.pending[level] = carry;
    this.count++;
  }

  /** MTH of the leaves pushed so far (RFC 9162 §2.1.1); the empty-tree hash when none. */
  root(): Uint8Array {
    // Lower levels hold the right-most leaves: fold them right to left.
    let root: Uint8Array | undefined;
    for (const subtree of this.pending) {
      if (subtree !== undefined) root = root === undefined ? subtree : nodeHash(subtree, root);
    }
    return (root ?? EMPTY).slice();
  }
}

/**
 * MTH(D[start:end]) of a list of leaf hashes (RFC 9162 §2.1.1), computed iteratively in
 * O(end - start) hashes and O(log n) memory.
 * @throws {RangeError} on a range outside the list or a leaf hash that is not 32 bytes.
 */
export function merkleTreeHash(
  leafHashes: readonly Uint8Array[],
  start = 0,
  end: number = leafHashes.length,
): Uint8Array {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end) {
    throw new RangeError(`invalid leaf range [${start}, ${end})`);
  }
  if (end > leafHashes.length) throw new RangeError(`range end ${end} exceeds ${leafHashes.length} leaves`);
  const accumulator = new MerkleRootAccumulator();
  for (let i = start; i < end; i++) accumulator.push(leafHashes[i] as Uint8Array);
  return accumulator.root();
}

/** The largest power of two strictly smaller than n, for n > 1 (RFC 9162 §2.1.1's k). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function assertSize(name: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} ${value} is not an integer in [0, ${max}]`);
  }
}

/**
 * An append-only log of leaf hashes with cached perfect subtrees; serves the root of any
 * prefix and RFC 9162 inclusion and consistency proofs in O(log n) hashes each.
 *
 * Proof hashes are returned leaf-to-root, exactly in the RFC's order, as fresh copies.
 */
export class MerkleLog {
  /** levels[k]: hashes of the complete subtrees of 2^k leaves, subtree j at byte j * 32. */
  private readonly levels: Uint8Array[] = [];
  private leafCount = 0;

  /** @param leafHashes the log's leaf hashes (RFC 9162 leaf hashes, 32 bytes each), in order. */
  constructor(leafHashes: Iterable<Uint8Array> = []) {
    if (Array.isArray(leafHashes)) this.reserve(leafHashes.length);
    for (const hash of leafHashes) this.append(hash);
  }

  /** A log over raw entries: each is hashed with {@link leafHash}. */
  static fromEntries(entries: Iterable<Uint8Array>): MerkleLog {
    const log = new MerkleLog();
    for (const entry of entries) log.appendEntry(entry);
    return log;
  }

  /** Number of leaves. */
  get size(): number {
    return this.leafCount;
  }

  /**
   * Appends a leaf hash; returns its index.
   * @throws {RangeError} unless it is 32 bytes.
   */
  append(leafHashValue: Uint8Array): number {
    if (leafHashValue.length !== HASH_SIZE) throw new RangeError(`leaf hashes are ${HASH_SIZE} bytes`);
    const index = this.leafCount;
    this.store(0, index, leafHashValue);
    // Leaf `index` completes the subtree at level k+1 whenever its position at level k is odd.
    let position = index;
    for (let level = 0; position % 2 === 1; level++) {
      const parent = (position - 1) / 2;
      this.reserveSlot(level + 1, parent);
      // The two children are adjacent in their level: hash them straight into the parent's slot.
      nodeHashInto(
        this.levels[level] as Uint8Array,
        (position - 1) * HASH_SIZE,
        this.levels[level + 1] as Uint8Array,
        parent * HASH_SIZE,
      );
      position = parent;
    }
    this.leafCount = index + 1;
    return index;
  }

  /** Appends a raw entry (hashed with {@link leafHash}); returns its index. */
  appendEntry(entry: Uint8Array): number {
    return this.append(leafHash(entry));
  }

  /**
   * The leaf hash at `index`.
   * @throws {RangeError} when there is no such leaf.
   */
  leafHash(index: number): Uint8Array {
    assertSize('leaf index', index, this.leafCount - 1);
    return this.node(0, index).slice();
  }

  /**
   * MTH of the first `treeSize` leaves: the tree head of that size.
   * @throws {RangeError} when treeSize exceeds the log.
   */
  root(treeSize: number = this.leafCount): Uint8Array {
    assertSize('tree size', treeSize, this.leafCount);
    return this.rangeHash(0, treeSize).slice();
  }

  /**
   * PATH(index, D[treeSize]) (RFC 9162 §2.1.3.1): the audit path proving leaf `index` is in
   * the tree of size `treeSize`.
   * @throws {RangeError} unless 0 ≤ index < treeSize ≤ size.
   */
  inclusionProof(index: number, treeSize: number = this.leafCount): Uint8Array[] {
    assertSize('tree size', treeSize, this.leafCount);
    assertSize('leaf index', index, treeSize - 1);
    const rootToLeaf: Uint8Array[] = [];
    let start = 0;
    let end = treeSize;
    while (end - start > 1) {
      const k = splitPoint(end - start);
      if (index < start + k) {
        rootToLeaf.push(this.rangeHash(start + k, end)); // PATH(m, D[0:k]) : MTH(D[k:n])
        end = start + k;
      } else {
        rootToLeaf.push(this.rangeHash(start, start + k)); // PATH(m - k, D[k:n]) : MTH(D[0:k])
        start += k;
      }
    }
    return rootToLeaf.reverse().map((hash) => hash.slice());
  }

  /**
   * PROOF(oldSize, D[newSize]) (RFC 9162 §2.1.4.1): proves the tree of size `oldSize` is a
   * prefix of the tree of size `newSize`. The RFC defines it for 0 < oldSize < newSize; for
   * oldSize = newSize (SUBPROOF(m, D[m], true) = {}) and for oldSize = 0 (the empty tree is a
   * prefix of every tree) there is nothing to prove and the proof is empty.
   * @throws {RangeError} unless 0 ≤ oldSize ≤ newSize ≤ size.
   */
  consistencyProof(oldSize: number, newSize: number = this.leafCount): Uint8Array[] {
    assertSize('new tree size', newSize, this.leafCount);
    assertSize('old tree size', oldSize, newSize);
    if (oldSize === 0 || oldSize === newSize) return [];
    const rootToLeaf: Uint8Array[] = [];
    let start = 0;
    let end = newSize;
    let wholeOldTree = true; // SUBPROOF's b: the current subtree is the entire old tree
    while (oldSize !== end) {
      const k = splitPoint(end - start);
      if (oldSize - start <= k) {
        rootToLeaf.push(this.rangeHash(start + k, end)); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        end = start + k;
      } else {
        rootToLeaf.push(this.rangeHash(start, start + k)); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
        start += k;
        wholeOldTree = false;
      }
    }
    if (!wholeOldTree) rootToLeaf.push(this.rangeHash(start, end)); // SUBPROOF(m, D[m], false)
    return rootToLeaf.reverse().map((hash) => hash.slice());
  }

  /**
   * MTH(D[start:end]) for a range the RFC recursion produces: its length's binary digits,
   * high to low, are stored perfect subtrees aligned from `start`; fold them right to left.
   * Returns a view into the cache (callers copy before handing it out).
   */
  private rangeHash(start: number, end: number): Uint8Array {
    if (end === start) return EMPTY;
    const blocks: Uint8Array[] = [];
    let block = 1;
    let level = 0;
    while (block * 2 <= end - start) {
      block *= 2;
      level++;
    }
    for (let position = start; position < end; block /= 2, level--) {
      if (position + block > end) continue;
      if (position % block !== 0) throw new Error(`internal: unaligned range [${start}, ${end})`);
      blocks.push(this.node(level, position / block));
      position += block;
    }
    let hash = blocks[blocks.length - 1] as Uint8Array;
    for (let i = blocks.length - 2; i >= 0; i--) hash = nodeHash(blocks[i] as Uint8Array, hash);
    return hash;
  }

  private node(level: number, index: number): Uint8Array {
    const offset = index * HASH_SIZE;
    return (this.levels[level] as Uint8Array).subarray(offset, offset + HASH_SIZE);
  }

  private store(level: number, index: number, hash: Uint8Array): void {
    this.reserveSlot(level, index);
    (this.levels[level] as Uint8Array).set(hash, index * HASH_SIZE);
  }

  /** Grows level `level` (doubling) until it has room for subtree `index`. */
  private reserveSlot(level: number, index: number): void {
    const needed = (index + 1) * HASH_SIZE;
    const current = this.levels[level];
    if (current === undefined || current.length < needed) {
      const grown = new Uint8Array(Math.max(needed, (current?.length ?? 0) * 2, 16 * HASH_SIZE));
      if (current !== undefined) grown.set(current);
      this.levels[level] = grown;
    }
  }

  /** Pre-sizes every level for `leaves` leaves, so a bulk build does not reallocate. */
  private reserve(leaves: number): void {
    for (let level = 0, count = leaves; count >= 1; level++, count = Math.floor(count / 2)) {
      if ((this.levels[level]?.length ?? 0) < count * HASH_SIZE) {
        const grown = new Uint8Array(count * HASH_SIZE);
        const current = this.levels[level];
        if (current !== undefined) grown.set(current);
        this.levels[level] = grown;
      }
    }
  }
}
