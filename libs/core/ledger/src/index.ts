export { canonicalJson } from './canonical-json';
export * from './lock';
export { EMPTY_TREE_HASH, HASH_SIZE, bytesEqual, fromHex, leafHash, nodeHash, toHex } from './merkle/hash';
export { MerkleLog, MerkleRootAccumulator, merkleTreeHash } from './merkle/tree';
export { rootFromLeaves, verifyConsistency, verifyInclusion } from './merkle/verify';
