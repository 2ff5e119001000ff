import { entryBytes } from '../lock/lock-record';
import { fromHex, leafHash, toHex } from '../merkle/hash';
import { verifyConsistency, verifyInclusion } from '../merkle/verify';
import { buildSampleLedger } from '../testing/sample-ledger';
import { assembleLedgerExport, buildReceipt } from './assemble';

const sample = buildSampleLedger({ locks: 9, rotateAfterLocks: 4, headSizes: [1, 4, 4] });

describe('assembleLedgerExport', () => {
  const exp = sample.export;

  it('lists the keys of the key-rotation entries in log order', () => {
    expect(exp.header.publicKeys).toEqual([
      { keyId: sample.keys.initial.keyId, publicKey: sample.keys.initial.publicKey },
      { keyId: sample.keys.rotated?.keyId, publicKey: sample.keys.rotated?.publicKey },
    ]);
    expect(exp.header.openingsRevealed).toBe(false);
    expect(exp.openings).toEqual([]);
  });

  it('sorts heads by size and proves consistency between consecutive distinct sizes', () => {
    const shuffled = [...sample.treeHeads].reverse();
    const assembled = assembleLedgerExport({
      trialCode: sample.trialCode,
      exportedAt: '2026-04-01T00:00:00.000Z',
      entries: sample.entries,
      treeHeads: shuffled,
    });
    expect(assembled.treeHeads.map((head) => head.treeSize)).toEqual([1, 4, 11]);
    expect(assembled.consistencyProofs.map(({ fromSize, toSize }) => [fromSize, toSize])).toEqual([
      [1, 4],
      [4, 11],
    ]);
    for (const { fromSize, toSize, proof } of assembled.consistencyProofs) {
      const from = assembled.treeHeads.find((head) => head.treeSize === fromSize);
      const to = assembled.treeHeads.find((head) => head.treeSize === toSize);
      expect(
        verifyConsistency(
          fromSize,
          toSize,
          fromHex(from?.rootHash ?? ''),
          fromHex(to?.rootHash ?? ''),
          proof.map(fromHex),
        ),
      ).toBe(true);
    }
  });

  it('proves every entry against the largest head', () => {
    const largest = exp.treeHeads[exp.treeHeads.length - 1];
    expect(exp.inclusionProofs).toHaveLength(sample.entries.length);
    exp.inclusionProofs.forEach(({ index, treeSize, proof }) => {
      const entry = sample.entries[index];
      if (entry === undefined) throw new Error(`no entry ${index}`);
      const leaf = leafHash(entryBytes(entry));
      expect(treeSize).toBe(largest?.treeSize);
      expect(
        verifyInclusion(leaf, index, treeSize, proof.map(fromHex), fromHex(largest?.rootHash ?? '')),
      ).toBe(true);
    });
  });

  it('refuses to export without a head over every entry', () => {
    expect(() =>
      assembleLedgerExport({
        trialCode: sample.trialCode,
        exportedAt: '2026-04-01T00:00:00.000Z',
        entries: sample.entries,
        treeHeads: sample.treeHeads.slice(0, 1),
      }),
    ).toThrow('The largest tree head must cover all 11 entries (found 1); sign one before exporting');
    expect(() =>
      assembleLedgerExport({
        trialCode: sample.trialCode,
        exportedAt: '2026-04-01T00:00:00.000Z',
        entries: sample.entries.slice(0, 5),
        treeHeads: sample.treeHeads,
      }),
    ).toThrow(RangeError);
  });

  it('copies cosignatures with the head they cosign', () => {
    const [cosignature] = exp.cosignatures;
    const head = sample.treeHeads[sample.treeHeads.length - 1];
    expect(cosignature).toMatchObject({
      treeSize: head?.treeSize,
      rootHash: head?.rootHash,
      headTimestamp: head?.timestamp,
      witnessPublicKey: sample.keys.witness.publicKey,
    });
  });
});

describe('buildReceipt', () => {
  const head = sample.treeHeads[1];
  if (head === undefined) throw new Error('sample has heads');

  it('proves a lock in the head it names', () => {
    const receipt = buildReceipt(sample.log, sample.entries, 2, head, sample.keys.initial.publicKey);
    expect(receipt).toMatchObject({
      type: 'prediction-lock-receipt',
      formatVersion: 1,
      leafIndex: 2,
      treeHead: head,
    });
    expect(receipt.opening).toBeUndefined();
    expect(
      verifyInclusion(
        leafHash(entryBytes(receipt.entry)),
        2,
        head.treeSize,
        receipt.inclusionProof.map(fromHex),
        fromHex(head.rootHash),
      ),
    ).toBe(true);
    expect(toHex(sample.log.root(head.treeSize))).toBe(head.rootHash);
  });

  it('includes the opening when given', () => {
    const opening = sample.openings.get(2);
    expect(
      buildReceipt(sample.log, sample.entries, 2, head, sample.keys.initial.publicKey, opening).opening,
    ).toEqual(opening);
  });

  it('refuses key rotations and entries outside the head', () => {
    expect(() => buildReceipt(sample.log, sample.entries, 0, head, sample.keys.initial.publicKey)).toThrow(
      'Entry 0 is not a prediction lock',
    );
    expect(() => buildReceipt(sample.log, sample.entries, 6, head, sample.keys.initial.publicKey)).toThrow(
      'Tree head of size 4 cannot prove entry 6 (log size 11)',
    );
  });
});
