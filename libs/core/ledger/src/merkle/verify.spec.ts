import vectors from './fixtures/rfc9162-vectors.json';
import { EMPTY_TREE_HASH, fromHex, leafHash, toHex } from './hash';
import { MerkleLog } from './tree';
import { rootFromLeaves, verifyConsistency, verifyInclusion } from './verify';

const entry = (index: number): Uint8Array => new TextEncoder().encode(`leaf-${index}`);
const LOG_SIZE = 128;
const log = MerkleLog.fromEntries(Array.from({ length: LOG_SIZE }, (_, index) => entry(index)));
const roots = Array.from({ length: LOG_SIZE + 1 }, (_, size) => log.root(size));
const rootOf = (size: number): Uint8Array => roots[size] as Uint8Array;
const leafAt = (index: number): Uint8Array => log.leafHash(index);

/**
 * Up to this size every bit of every hash and integer is flipped; above it (to keep the suite
 * fast) four bits per hash, at positions rotating with the index (or old size).
 */
const EXHAUSTIVE_UP_TO = 12;
const MAX_SIZE = 64;

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

/** The bit positions of a 32-byte hash to flip for a tree of this size, at this index. */
function bitsToFlip(size: number, salt: number): number[] {
  if (size <= EXHAUSTIVE_UP_TO) return Array.from({ length: 256 }, (_, bit) => bit);
  return [0, 1, 2, 3].map((quarter) => (quarter * 64 + salt * 13) % 256);
}

/**
 * A safe integer with one bit flipped (arithmetically: bitwise operators are 32-bit): every
 * one of its 53 bits for small trees, else bits 0..7 (every neighbour below 256) and bit 52.
 */
function flippedIntegers(value: number, size: number): number[] {
  const bits = Array.from({ length: 53 }, (_, bit) => bit).filter(
    (bit) => size <= EXHAUSTIVE_UP_TO || bit < 8 || bit === 52,
  );
  return bits.map((bit) => {
    const power = 2 ** bit;
    return Math.floor(value / power) % 2 === 1 ? value - power : value + power;
  });
}

/** A root the verifier should be held to for a claimed size: the honest one, when the log has it. */
const claimedRoot = (size: number, fallback: Uint8Array): Uint8Array =>
  size <= LOG_SIZE ? rootOf(size) : fallback;

describe('verifyInclusion (RFC 9162 §2.1.3.2)', () => {
  it('accepts the audit paths of the independent Python vectors', () => {
    for (const tree of vectors.trees) {
      for (const { index, path } of tree.inclusion) {
        const leaf = fromHex(vectors.leafHashes[index] ?? '');
        expect(verifyInclusion(leaf, index, tree.size, path.map(fromHex), fromHex(tree.root))).toBe(true);
      }
    }
  });

  it(`accepts every inclusion proof for every index of sizes 1..${MAX_SIZE}`, () => {
    let checked = 0;
    for (let size = 1; size <= MAX_SIZE; size++) {
      for (let index = 0; index < size; index++) {
        if (!verifyInclusion(leafAt(index), index, size, log.inclusionProof(index, size), rootOf(size))) {
          throw new Error(`inclusion of ${index} in ${size} failed`);
        }
        checked++;
      }
    }
    expect(checked).toBe((MAX_SIZE * (MAX_SIZE + 1)) / 2);
  });

  it('rejects every single-bit change of the proof, root, leaf, index or size', () => {
    const accepted: string[] = [];
    let rejected = 0;
    const expectRejected = (ok: boolean, what: string): void => {
      if (ok) accepted.push(what);
      else rejected++;
    };
    for (let size = 1; size <= MAX_SIZE; size++) {
      const root = rootOf(size);
      for (let index = 0; index < size; index++) {
        const bits = bitsToFlip(size, index);
        const leaf = leafAt(index);
        const proof = log.inclusionProof(index, size);
        proof.forEach((hash, position) => {
          for (const bit of bits) {
            const tampered = proof.map((other, at) => (at === position ? flipBit(hash, bit) : other));
            expectRejected(verifyInclusion(leaf, index, size, tampered, root), `proof ${index}/${size}`);
          }
        });
        for (const bit of bits) {
          expectRejected(
            verifyInclusion(leaf, index, size, proof, flipBit(root, bit)),
            `root ${index}/${size}`,
          );
          expectRejected(
            verifyInclusion(flipBit(leaf, bit), index, size, proof, root),
            `leaf ${index}/${size}`,
          );
        }
        for (const otherIndex of flippedIntegers(index, size)) {
          expectRejected(verifyInclusion(leaf, otherIndex, size, proof, root), `index ${otherIndex}/${size}`);
        }
        for (const otherSize of flippedIntegers(size, size)) {
          expectRejected(
            verifyInclusion(leaf, index, otherSize, proof, claimedRoot(otherSize, root)),
            `size ${index}/${otherSize}`,
          );
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(rejected).toBeGreaterThan(100_000);
  });

  it('does not bind the tree size by itself: the size must be authenticated with the root', () => {
    // PATH(0, D[5]) = [l1, MTH(l2, l3), l4] climbs the same way in a tree of 7 leaves, so the
    // RFC algorithm accepts it against the size-5 root under the claim "size 7" — which is why
    // tree heads sign (size, root) together. Against the real size-7 root it fails.
    const proof = log.inclusionProof(0, 5);
    expect(verifyInclusion(leafAt(0), 0, 7, proof, rootOf(5))).toBe(true);
    expect(verifyInclusion(leafAt(0), 0, 7, proof, rootOf(7))).toBe(false);
  });

  it('rejects malformed input without throwing', () => {
    const proof = log.inclusionProof(2, 5);
    const root = rootOf(5);
    const leaf = leafAt(2);
    expect(verifyInclusion(leaf, 2, 5, proof, root)).toBe(true);
    const cases: [string, () => boolean][] = [
      ['empty tree', () => verifyInclusion(leaf, 0, 0, [], EMPTY_TREE_HASH)],
      ['index = size', () => verifyInclusion(leaf, 5, 5, proof, root)],
      ['negative index', () => verifyInclusion(leaf, -1, 5, proof, root)],
      ['fractional index', () => verifyInclusion(leaf, 1.5, 5, proof, root)],
      ['NaN size', () => verifyInclusion(leaf, 2, Number.NaN, proof, root)],
      ['unsafe size', () => verifyInclusion(leaf, 2, 2 ** 53, proof, root)],
      ['proof one short', () => verifyInclusion(leaf, 2, 5, proof.slice(0, -1), root)],
      ['proof one long', () => verifyInclusion(leaf, 2, 5, [...proof, root], root)],
      ['empty proof', () => verifyInclusion(leaf, 2, 5, [], root)],
      [
        'short proof hash',
        () => verifyInclusion(leaf, 2, 5, [(proof[0] as Uint8Array).subarray(1), ...proof.slice(1)], root),
      ],
      ['long root', () => verifyInclusion(leaf, 2, 5, proof, new Uint8Array([...root, 0]))],
      ['short leaf', () => verifyInclusion(leaf.subarray(1), 2, 5, proof, root)],
      ['proof not an array', () => verifyInclusion(leaf, 2, 5, 'x' as unknown as Uint8Array[], root)],
      ['proof of non-bytes', () => verifyInclusion(leaf, 2, 5, [null] as unknown as Uint8Array[], root)],
      ['root not bytes', () => verifyInclusion(leaf, 2, 5, proof, undefined as unknown as Uint8Array)],
    ];
    for (const [name, call] of cases) expect([name, call()]).toEqual([name, false]);
  });

  it('accepts a single-leaf tree with an empty proof (its root is the leaf hash)', () => {
    expect(verifyInclusion(leafAt(0), 0, 1, [], rootOf(1))).toBe(true);
    expect(verifyInclusion(leafAt(0), 0, 1, [], leafAt(0))).toBe(true);
    expect(verifyInclusion(leafAt(1), 0, 1, [], rootOf(1))).toBe(false);
  });
});

describe('verifyConsistency (RFC 9162 §2.1.4.2)', () => {
  it('accepts the consistency proofs of the independent Python vectors', () => {
    for (const tree of vectors.trees) {
      for (const { oldSize, proof } of tree.consistency) {
        const oldRoot = rootOf(oldSize);
        expect(verifyConsistency(oldSize, tree.size, oldRoot, fromHex(tree.root), proof.map(fromHex))).toBe(
          true,
        );
      }
    }
  });

  it(`accepts every consistency proof for 0 ≤ m ≤ n ≤ ${MAX_SIZE}`, () => {
    let checked = 0;
    for (let newSize = 0; newSize <= MAX_SIZE; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = log.consistencyProof(oldSize, newSize);
        if (!verifyConsistency(oldSize, newSize, rootOf(oldSize), rootOf(newSize), proof)) {
          throw new Error(`consistency ${oldSize} → ${newSize} failed`);
        }
        checked++;
      }
    }
    expect(checked).toBe(((MAX_SIZE + 1) * (MAX_SIZE + 2)) / 2);
  });

  it('rejects every single-bit change of the proof, either root or either size', () => {
    const accepted: string[] = [];
    let rejected = 0;
    const expectRejected = (ok: boolean, what: string): void => {
      if (ok) accepted.push(what);
      else rejected++;
    };
    for (let newSize = 2; newSize <= MAX_SIZE; newSize++) {
      const newRoot = rootOf(newSize);
      for (let oldSize = 1; oldSize < newSize; oldSize++) {
        const bits = bitsToFlip(newSize, oldSize);
        const oldRoot = rootOf(oldSize);
        const proof = log.consistencyProof(oldSize, newSize);
        const what = `${oldSize} → ${newSize}`;
        proof.forEach((hash, position) => {
          for (const bit of bits) {
            const tampered = proof.map((other, at) => (at === position ? flipBit(hash, bit) : other));
            expectRejected(verifyConsistency(oldSize, newSize, oldRoot, newRoot, tampered), `proof ${what}`);
          }
        });
        for (const bit of bits) {
          expectRejected(
            verifyConsistency(oldSize, newSize, flipBit(oldRoot, bit), newRoot, proof),
            `old ${what}`,
          );
          expectRejected(
            verifyConsistency(oldSize, newSize, oldRoot, flipBit(newRoot, bit), proof),
            `new ${what}`,
          );
        }
        for (const other of flippedIntegers(oldSize, newSize)) {
          const root = claimedRoot(other, oldRoot);
          expectRejected(
            verifyConsistency(other, newSize, root, newRoot, proof),
            `old size ${other} → ${newSize}`,
          );
        }
        for (const other of flippedIntegers(newSize, newSize)) {
          const root = claimedRoot(other, newRoot);
          expectRejected(
            verifyConsistency(oldSize, other, oldRoot, root, proof),
            `new size ${oldSize} → ${other}`,
          );
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(rejected).toBeGreaterThan(100_000);
  });

  it('handles the sizes outside the RFC algorithm (m = n, m = 0) as documented', () => {
    const root = rootOf(5);
    expect(verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(verifyConsistency(5, 5, root, rootOf(4), [])).toBe(false);
    expect(verifyConsistency(5, 5, root, root, [root])).toBe(false);
    expect(verifyConsistency(0, 0, EMPTY_TREE_HASH, EMPTY_TREE_HASH, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_TREE_HASH, root, [])).toBe(true);
    expect(verifyConsistency(0, 5, root, root, [])).toBe(false);
    expect(verifyConsistency(0, 5, EMPTY_TREE_HASH, root, [root])).toBe(false);
  });

  it('rejects malformed input without throwing', () => {
    const proof = log.consistencyProof(3, 7);
    const [oldRoot, newRoot] = [rootOf(3), rootOf(7)];
    expect(verifyConsistency(3, 7, oldRoot, newRoot, proof)).toBe(true);
    const cases: [string, () => boolean][] = [
      ['old > new', () => verifyConsistency(7, 3, newRoot, oldRoot, proof)],
      ['empty proof for 0 < m < n', () => verifyConsistency(3, 7, oldRoot, newRoot, [])],
      ['power-of-two m with empty proof', () => verifyConsistency(4, 7, rootOf(4), newRoot, [])],
      ['proof one short', () => verifyConsistency(3, 7, oldRoot, newRoot, proof.slice(0, -1))],
      ['proof one long', () => verifyConsistency(3, 7, oldRoot, newRoot, [...proof, newRoot])],
      ['proof one long in front', () => verifyConsistency(3, 7, oldRoot, newRoot, [oldRoot, ...proof])],
      ['negative size', () => verifyConsistency(-1, 7, oldRoot, newRoot, proof)],
      ['fractional size', () => verifyConsistency(3, 7.5, oldRoot, newRoot, proof)],
      ['unsafe size', () => verifyConsistency(3, 2 ** 53, oldRoot, newRoot, proof)],
      ['Infinity', () => verifyConsistency(3, Number.POSITIVE_INFINITY, oldRoot, newRoot, proof)],
      ['short root', () => verifyConsistency(3, 7, oldRoot.subarray(1), newRoot, proof)],
      ['long proof hash', () => verifyConsistency(3, 7, oldRoot, newRoot, [new Uint8Array(33), ...proof])],
      ['proof not an array', () => verifyConsistency(3, 7, oldRoot, newRoot, {} as unknown as Uint8Array[])],
    ];
    for (const [name, call] of cases) expect([name, call()]).toEqual([name, false]);
  });
});

describe('rootFromLeaves', () => {
  it('streams the MTH of the vectors, the empty tree included', () => {
    expect(toHex(rootFromLeaves([]))).toBe(vectors.emptyRoot);
    for (const tree of vectors.trees) {
      expect(toHex(rootFromLeaves(vectors.leafHashes.slice(0, tree.size).map(fromHex)))).toBe(tree.root);
    }
  });

  it('consumes any iterable, e.g. entries hashed lazily', () => {
    function* leaves(count: number): Generator<Uint8Array> {
      for (let index = 0; index < count; index++) yield leafHash(entry(index));
    }
    expect(toHex(rootFromLeaves(leaves(100)))).toBe(toHex(log.root(100)));
  });

  it('refuses a leaf hash that is not 32 bytes', () => {
    expect(() => rootFromLeaves([new Uint8Array(3)])).toThrow(RangeError);
  });
});
