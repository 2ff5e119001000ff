import vectors from './fixtures/rfc9162-vectors.json';
import { EMPTY_TREE_HASH, fromHex, leafHash, nodeHash, toHex } from './hash';
import { MerkleLog, MerkleRootAccumulator, merkleTreeHash } from './tree';

// Vectors computed by fixtures/make-vectors.py from the RFC's recursive definitions.
const entry = (index: number): Uint8Array => new TextEncoder().encode(`leaf-${index}`);
const hexes = (hashes: readonly Uint8Array[]): string[] => hashes.map(toHex);
const maxSize = Math.max(...vectors.trees.map((tree) => tree.size));
const log = MerkleLog.fromEntries(Array.from({ length: maxSize }, (_, index) => entry(index)));
const leafHashes = Array.from({ length: maxSize }, (_, index) => log.leafHash(index));

describe('RFC 9162 Merkle tree against the independent Python vectors', () => {
  it('hashes the leaves like the vectors and the empty tree to e3b0c442…', () => {
    expect(hexes(leafHashes)).toEqual(vectors.leafHashes);
    expect(vectors.emptyRoot).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(new MerkleLog().root())).toBe(vectors.emptyRoot);
    expect(toHex(log.root(0))).toBe(vectors.emptyRoot);
    expect(toHex(merkleTreeHash([]))).toBe(vectors.emptyRoot);
  });

  describe.each(vectors.trees.map((tree) => [tree.size, tree] as const))('tree of size %i', (size, tree) => {
    it('has the MTH of the vectors, however it is computed', () => {
      expect(toHex(log.root(size))).toBe(tree.root);
      expect(toHex(merkleTreeHash(leafHashes, 0, size))).toBe(tree.root);
      expect(toHex(new MerkleLog(leafHashes.slice(0, size)).root())).toBe(tree.root);
    });

    it('gives every PATH(m, D[n]) of the vectors', () => {
      expect(tree.inclusion.map(({ index }) => hexes(log.inclusionProof(index, size)))).toEqual(
        tree.inclusion.map(({ path }) => path),
      );
    });

    it('gives every PROOF(m, D[n]) of the vectors', () => {
      expect(tree.consistency.map(({ oldSize }) => hexes(log.consistencyProof(oldSize, size)))).toEqual(
        tree.consistency.map(({ proof }) => proof),
      );
    });
  });
});

describe('MerkleLog', () => {
  it('computes the same prefix roots whether built in bulk or appended one by one', () => {
    const incremental = new MerkleLog();
    for (let size = 1; size <= 100; size++) {
      incremental.append(leafHashes[size - 1] as Uint8Array);
      expect(toHex(incremental.root())).toBe(toHex(merkleTreeHash(leafHashes, 0, size)));
      expect(toHex(log.root(size))).toBe(toHex(incremental.root()));
    }
    expect(incremental.size).toBe(100);
  });

  it('takes raw entries through leafHash', () => {
    const fromEntries = new MerkleLog();
    expect(fromEntries.appendEntry(entry(0))).toBe(0);
    expect(fromEntries.appendEntry(entry(1))).toBe(1);
    expect(toHex(fromEntries.leafHash(1))).toBe(toHex(leafHash(entry(1))));
    expect(toHex(fromEntries.root())).toBe(vectors.trees[1]?.root);
  });

  it('defaults proofs to the current size', () => {
    const small = new MerkleLog(leafHashes.slice(0, 7));
    expect(hexes(small.inclusionProof(3))).toEqual(hexes(small.inclusionProof(3, 7)));
    expect(hexes(small.consistencyProof(3))).toEqual(hexes(small.consistencyProof(3, 7)));
  });

  it('returns copies: mutating a result does not corrupt the log', () => {
    const rootBefore = toHex(log.root(10));
    log.root(10).fill(0);
    log.leafHash(3).fill(0);
    log.inclusionProof(3, 10).forEach((hash) => hash.fill(0));
    log.consistencyProof(3, 10).forEach((hash) => hash.fill(0));
    expect(toHex(log.root(10))).toBe(rootBefore);
    expect(toHex(log.leafHash(3))).toBe(vectors.leafHashes[3]);
  });

  it('issues empty consistency proofs where there is nothing to prove (m = n, m = 0)', () => {
    expect(log.consistencyProof(5, 5)).toEqual([]);
    expect(log.consistencyProof(0, 5)).toEqual([]);
    expect(log.consistencyProof(0, 0)).toEqual([]);
  });

  it.each([
    ['inclusion index = size', () => log.inclusionProof(5, 5)],
    ['inclusion in the empty tree', () => log.inclusionProof(0, 0)],
    ['inclusion past the log', () => log.inclusionProof(0, maxSize + 1)],
    ['negative index', () => log.inclusionProof(-1, 5)],
    ['fractional index', () => log.inclusionProof(1.5, 5)],
    ['consistency old > new', () => log.consistencyProof(6, 5)],
    ['consistency past the log', () => log.consistencyProof(1, maxSize + 1)],
    ['root past the log', () => log.root(maxSize + 1)],
    ['missing leaf', () => log.leafHash(maxSize)],
    ['short leaf hash', () => new MerkleLog().append(new Uint8Array(31))],
    ['range past the list', () => merkleTreeHash(leafHashes, 0, maxSize + 1)],
    ['inverted range', () => merkleTreeHash(leafHashes, 3, 2)],
  ])('refuses %s with a RangeError', (_, call) => {
    expect(call).toThrow(RangeError);
  });

  it('computes the MTH of any sub-range, aligned or not', () => {
    // MTH(D[3:9]) by the definition: k = 4 splits the six leaves 4 + 2.
    const expected = nodeHash(merkleTreeHash(leafHashes, 3, 7), merkleTreeHash(leafHashes, 7, 9));
    expect(toHex(merkleTreeHash(leafHashes, 3, 9))).toBe(toHex(expected));
    const accumulator = new MerkleRootAccumulator();
    leafHashes.slice(3, 9).forEach((hash) => accumulator.push(hash));
    expect(toHex(merkleTreeHash(leafHashes, 3, 9))).toBe(toHex(accumulator.root()));
    expect(toHex(merkleTreeHash(leafHashes.slice(3, 9)))).toBe(toHex(accumulator.root()));
  });
});

describe('MerkleRootAccumulator', () => {
  it('tracks the root of every prefix in O(log n) memory', () => {
    const accumulator = new MerkleRootAccumulator();
    expect(toHex(accumulator.root())).toBe(toHex(EMPTY_TREE_HASH));
    for (const tree of vectors.trees) {
      while (accumulator.size < tree.size)
        accumulator.push(fromHex(vectors.leafHashes[accumulator.size] ?? ''));
      expect(toHex(accumulator.root())).toBe(tree.root);
    }
  });
});
