/**
 * Fixtures for the web specs (never imported by production code, so never bundled): a real
 * prediction-lock receipt from the demo platform, its trust anchor, and Node's Web Crypto adapted
 * to jsdom. `@prospect/web-data-access/testing`.
 */
import { webcrypto } from 'node:crypto';
import type { LedgerTrustAnchor } from '../enrollment/enrollment.models';

/** A real receipt from the demo platform (MM-RAD-01, subject HD01-0001, entry 1 of 39). */
export const DEMO_RECEIPT = {
  type: 'prediction-lock-receipt',
  formatVersion: 1,
  trialCode: 'MM-RAD-01',
  leafIndex: 1,
  entry: {
    featureSettingsSha256: '4182a0cf6502517b8afd969c3f9537490ecc788a730bb919b43f35d2cec8d738',
    featuresSha256: '793b0fbb7427055e29d61f204b6ea880a6a345adeb5943542a98a09fa8c1b256',
    formatVersion: 1,
    imageSha256: 'd99037533cab70369fc951b46b834e5001556819a52c578e3f86ebde73fcd5a4',
    inputsSha256: '6a5a972e5f312dc066ce297d2889ae55b509b44598e2806a2b35ec8a3415ffcb',
    kind: 'prediction-lock',
    lockedAt: '2026-11-28T05:09:50.161Z',
    maskSha256: 'e1714c1c17e0005554b7a20037d8ddb5d131ac5a7cd3cd0388095d549ad1f6f4',
    modelSha256: '362bc039a2118b8f886fd564f564c144b9da1eff45191c1bd23a2de6500eac4d',
    predictionCommitment: {
      algorithm: 'sha256-salted-canonical-json',
      digest: 'f7dff938f8088750a342a4615ccc91e40567bfa6d3f01849deabced0120c12c8',
    },
    protocolVersion: 1,
    subjectId: 'MM-RAD-01-HD01-0001',
    threshold: 0.5,
    treatmentStartKnown: {
      at: null,
      source: null,
      status: 'unknown',
    },
    trialCode: 'MM-RAD-01',
  },
  inclusionProof: [
    '9b3081a8225a013a00750ff38a7a38dc258e4378774b0d0d2fc7511dde049c86',
    '9e331a375814f3cf59a7fdb8450a9a4c0cef1a8fa2b7fa7ec6e95900e7f724ca',
    'd31d91eabadac3a512cf790db73fe2a768f91f247bf9b0e7ddba956c25ef1399',
    'afd6478cc621f3dcc570a382547dd48f167e29caab1a88f80d06be71e3319399',
    '3465fdf9f3ebaeb484fba9a49d78520ffb17846228875e99fc566e1b9f0b1816',
    '6d1e0bd2498b44961b5aaa63f9866eff384126a8a8209c4120f321c9893ec86d',
  ],
  treeHead: {
    trialCode: 'MM-RAD-01',
    treeSize: 39,
    rootHash: 'd98ff2bc0a0cbab9bcc321d6ea4d129187bb9504b8ffc658a75431216e6c1a1e',
    timestamp: '2026-11-28T05:09:50.268Z',
    keyId: '009d15add7705960e84e714e43266a2d299d158eeb7e52c817417c70850d1652',
    signature: 'oeFZyxfXHwNExBpmYwzUp3MQ6XATdtKZmHIKXEOahzqa4pGg-vLJxVVvMFEI2RNpnWAFtFdCwTJOFrRs77odAg',
  },
  publicKey: 'KZ_i6TR_B29qoZ7CpB87LkUebQsUo2DkY_pOc98mF3E',
} as const;

/** The trial's trust anchor the demo receipt verifies against. */
export const DEMO_TRUST_ANCHOR: LedgerTrustAnchor = {
  trialCode: 'MM-RAD-01',
  treeSize: 39,
  publicKeys: [
    {
      keyId: DEMO_RECEIPT.treeHead.keyId,
      publicKey: DEMO_RECEIPT.publicKey,
      leafIndex: 0,
      reason: 'initial',
      createdAt: '2026-11-28T05:09:37.972Z',
    },
  ],
  latestTreeHead: null,
};

/**
 * Node's Web Crypto, adapted to the test realm: jsdom's ArrayBuffers are not Node's, so bytes are
 * copied into Node buffers on the way in (browsers have one realm and need no such thing).
 */
const node = webcrypto.subtle;
const bytes = (data: unknown): Buffer => Buffer.from(new Uint8Array(data as ArrayBuffer));
export const nodeSubtle = {
  digest: (algorithm: string, data: unknown) => node.digest(algorithm, bytes(data)),
  importKey: (
    format: 'raw',
    data: unknown,
    algorithm: { name: string },
    extractable: boolean,
    usages: KeyUsage[],
  ) => node.importKey(format, bytes(data), algorithm, extractable, usages),
  verify: (algorithm: { name: string }, key: CryptoKey, signature: unknown, data: unknown) =>
    node.verify(algorithm, key as never, bytes(signature), bytes(data)),
} as unknown as SubtleCrypto;
