import type { LedgerTrustAnchor, LockReceipt } from './enrollment.models';
import { DEMO_RECEIPT, DEMO_TRUST_ANCHOR as ANCHOR, nodeSubtle as subtle } from '../testing';
import { canonicalJson, verifyLockReceipt } from './receipt-verifier';

/** A deep, freely editable copy of the demo receipt. */
type Editable = {
  entry: Record<string, unknown> & { predictionCommitment: { digest: string } };
  treeHead: { timestamp: string };
  inclusionProof: string[];
};

function receipt(change: (copy: Editable) => void = () => undefined): LockReceipt {
  const copy = JSON.parse(JSON.stringify(DEMO_RECEIPT)) as Editable;
  change(copy);
  return copy as unknown as LockReceipt;
}

function failed(result: Awaited<ReturnType<typeof verifyLockReceipt>>): string[] {
  if (result.mode !== 'browser') throw new Error('expected a browser verification');
  return result.checks.filter((check) => !check.ok).map((check) => check.check);
}

describe('verifyLockReceipt (Web Crypto, independent of the server)', () => {
  it('verifies a real receipt from the demo platform against the trial key', async () => {
    const result = await verifyLockReceipt(receipt(), subtle, ANCHOR);
    expect(result.mode).toBe('browser');
    expect(failed(result)).toEqual([]);
    expect(result.mode === 'browser' && result.ok).toBe(true);
    expect(result.mode === 'browser' && result.checks.map((check) => check.check)).toEqual([
      'trial-code',
      'key-id',
      'tree-head-signature',
      'inclusion-proof',
      'entry-before-head',
      'lock-before-treatment-start',
      'trusted-key',
    ]);
  });

  it('fails the inclusion proof when the entry is altered (another commitment)', async () => {
    const result = await verifyLockReceipt(
      receipt((copy) => (copy.entry.predictionCommitment.digest = '0'.repeat(64))),
      subtle,
      ANCHOR,
    );
    expect(failed(result)).toEqual(['inclusion-proof']);
  });

  it('fails the signature when the signed head is altered', async () => {
    const result = await verifyLockReceipt(
      receipt((copy) => (copy.treeHead.timestamp = '2026-11-28T05:09:51.000Z')),
      subtle,
    );
    expect(failed(result)).toContain('tree-head-signature');
  });

  it('fails when a proof hash is altered', async () => {
    const result = await verifyLockReceipt(
      receipt((copy) => (copy.inclusionProof[2] = 'f'.repeat(64))),
      subtle,
    );
    expect(failed(result)).toEqual(['inclusion-proof']);
  });

  it('refuses a key that is not the trial’s published key', async () => {
    const other: LedgerTrustAnchor = {
      ...ANCHOR,
      publicKeys: ANCHOR.publicKeys.map((key) => ({ ...key, keyId: 'a'.repeat(64) })),
    };
    const result = await verifyLockReceipt(receipt(), subtle, other);
    expect(failed(result)).toEqual(['trusted-key']);
  });

  it('flags a lock recorded after the treatment start it knew of', async () => {
    const result = await verifyLockReceipt(
      receipt((copy) => {
        copy.entry['treatmentStartKnown'] = {
          at: '2026-11-27',
          status: 'actual',
          source: 'MedicationAdministration/1',
        };
      }),
      subtle,
    );
    // The entry changed, so its proof fails too; the treatment check names the reason.
    expect(failed(result)).toEqual(['inclusion-proof', 'lock-before-treatment-start']);
  });

  it('says it cannot verify when the browser has no Web Crypto', async () => {
    const result = await verifyLockReceipt(receipt(), null);
    expect(result).toEqual({ mode: 'unsupported', reason: expect.stringContaining('Web Crypto') });
  });

  it('writes RFC 8785 canonical JSON', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 1e21, -0], c: 'é"' })).toBe(
      '{"a":[true,null,1e+21,0],"b":1,"c":"é\\""}',
    );
  });
});
