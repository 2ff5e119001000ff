import { createHash } from 'node:crypto';
import { EMPTY_TREE_HASH, HASH_SIZE, bytesEqual, fromHex, leafHash, nodeHash, toHex } from './hash';

const sha256 = (...parts: Uint8Array[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('RFC 9162 hashing', () => {
  it('hashes the empty tree to the well-known SHA-256 of the empty string', () => {
    expect(toHex(EMPTY_TREE_HASH)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('prefixes leaves with 0x00', () => {
    expect(toHex(leafHash(bytes('leaf-0')))).toBe(sha256(Uint8Array.of(0), bytes('leaf-0')));
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('prefixes interior nodes with 0x01 and keeps the children in order', () => {
    const left = leafHash(bytes('a'));
    const right = leafHash(bytes('b'));
    expect(toHex(nodeHash(left, right))).toBe(sha256(Uint8Array.of(1), left, right));
    expect(bytesEqual(nodeHash(left, right), nodeHash(right, left))).toBe(false);
  });

  it('separates leaves from nodes: a 64-byte entry does not hash like the node over its halves', () => {
    const left = leafHash(bytes('a'));
    const right = leafHash(bytes('b'));
    const entry = new Uint8Array([...left, ...right]);
    expect(bytesEqual(leafHash(entry), nodeHash(left, right))).toBe(false);
  });

  it('returns independent results (the node input buffer is reused internally)', () => {
    const first = nodeHash(EMPTY_TREE_HASH, EMPTY_TREE_HASH);
    const copy = first.slice();
    nodeHash(leafHash(bytes('x')), leafHash(bytes('y')));
    expect(bytesEqual(first, copy)).toBe(true);
    expect(first).toHaveLength(HASH_SIZE);
  });

  it('refuses node children that are not 32-byte hashes', () => {
    expect(() => nodeHash(new Uint8Array(31), EMPTY_TREE_HASH)).toThrow(RangeError);
    expect(() => nodeHash(EMPTY_TREE_HASH, new Uint8Array(33))).toThrow(RangeError);
  });

  it('round-trips hex and refuses malformed hex', () => {
    expect(toHex(fromHex('00ff7A'))).toBe('00ff7a');
    expect(fromHex('')).toHaveLength(0);
    expect(toHex(new Uint8Array([1, 2, 3]).subarray(1))).toBe('0203');
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('zz')).toThrow(TypeError);
  });

  it('compares bytes', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});
