import { canonicalJson } from '../canonical-json';
import { commitPrediction } from './commitment';
import { generateTrialKeyPair } from './keys';
import { createKeyRotation } from './key-rotation';
import {
  entryBytes,
  parseLedgerEntry,
  parsePredictionOpening,
  type PredictionLockEntry,
} from './lock-record';

const digest = (char: string) => char.repeat(64);

function validEntry(): PredictionLockEntry {
  return {
    kind: 'prediction-lock',
    formatVersion: 1,
    trialCode: 'MM-RAD-01',
    protocolVersion: 2,
    subjectId: 'MM-RAD-01-HD01-0007',
    modelSha256: digest('a'),
    imageSha256: digest('b'),
    maskSha256: digest('c'),
    featuresSha256: digest('d'),
    inputsSha256: digest('e'),
    featureSettingsSha256: digest('f'),
    threshold: 0.42,
    lockedAt: '2026-03-01T09:30:00.000Z',
    treatmentStartKnown: {
      at: '2026-03-04',
      status: 'planned',
      source: 'CarePlan/cp-17/_history/2',
    },
    predictionCommitment: { algorithm: 'sha256-salted-canonical-json', digest: digest('0') },
  };
}

function refusedPaths(input: unknown): string[] {
  const result = parseLedgerEntry(input);
  return result.ok ? [] : result.issues.map((issue) => issue.path);
}

describe('prediction-lock entries', () => {
  it('accepts a complete entry', () => {
    expect(parseLedgerEntry(validEntry())).toEqual({ ok: true, value: validEntry() });
  });

  it.each<[string, (entry: Record<string, unknown>) => void, string]>([
    ['a missing subjectId', (e) => delete e['subjectId'], 'subjectId'],
    ['a subject of another trial', (e) => (e['subjectId'] = 'BC-01-HD01-0007'), 'subjectId'],
    ['a non-pseudonymous subject', (e) => (e['subjectId'] = 'Jane Doe'), 'subjectId'],
    ['an upper-case model digest', (e) => (e['modelSha256'] = digest('A')), 'modelSha256'],
    ['a short mask digest', (e) => (e['maskSha256'] = 'abc'), 'maskSha256'],
    ['a threshold above 1', (e) => (e['threshold'] = 1.5), 'threshold'],
    ['a local lock time', (e) => (e['lockedAt'] = '2026-03-01T10:30:00.000+01:00'), 'lockedAt'],
    ['a lock time without ms', (e) => (e['lockedAt'] = '2026-03-01T09:30:00Z'), 'lockedAt'],
    ['an impossible lock time', (e) => (e['lockedAt'] = '2026-02-30T09:30:00.000Z'), 'lockedAt'],
    ['protocol version 0', (e) => (e['protocolVersion'] = 0), 'protocolVersion'],
    ['a lower-case trial code', (e) => (e['trialCode'] = 'mm-rad-01'), 'trialCode'],
    ['format version 2', (e) => (e['formatVersion'] = 2), 'formatVersion'],
    ['the probability leaking into the log', (e) => (e['probability'] = 0.9), 'probability'],
    ['the predicted class leaking into the log', (e) => (e['predictedClass'] = 1), 'predictedClass'],
    [
      'an unknown commitment algorithm',
      (e) => (e['predictionCommitment'] = { algorithm: 'md5', digest: digest('0') }),
      'predictionCommitment.algorithm',
    ],
    [
      'a treatment source that is not a FHIR reference',
      (e) => (e['treatmentStartKnown'] = { at: '2026-03-04', status: 'actual', source: 'the chart' }),
      'treatmentStartKnown.source',
    ],
    [
      'an actual treatment start without source',
      (e) => (e['treatmentStartKnown'] = { at: '2026-03-04', status: 'actual', source: null }),
      'treatmentStartKnown.source',
    ],
    [
      'a planned treatment start without a date',
      (e) => (e['treatmentStartKnown'] = { at: null, status: 'planned', source: 'CarePlan/1' }),
      'treatmentStartKnown.at',
    ],
    [
      'an unknown treatment start with a date',
      (e) => (e['treatmentStartKnown'] = { at: '2026-03-04', status: 'unknown', source: null }),
      'treatmentStartKnown.at',
    ],
  ])('refuses %s, naming the field', (_label, mutate, path) => {
    const entry = validEntry() as unknown as Record<string, unknown>;
    mutate(entry);
    expect(refusedPaths(entry)).toContain(path);
  });

  it('accepts a planned treatment start entered in Prospect, without a FHIR source', () => {
    const entry = validEntry();
    expect(
      parseLedgerEntry({
        ...entry,
        treatmentStartKnown: { at: '2026-03-04', status: 'planned', source: null },
      }).ok,
    ).toBe(true);
  });

  it('accepts absolute FHIR references, instants and an unknown treatment start', () => {
    const entry = validEntry();
    expect(
      parseLedgerEntry({
        ...entry,
        treatmentStartKnown: {
          at: '2026-03-04T08:00:00.000Z',
          status: 'actual',
          source: 'https://fhir.example.org/fhir/MedicationAdministration/ma-1',
        },
      }).ok,
    ).toBe(true);
    expect(
      parseLedgerEntry({ ...entry, treatmentStartKnown: { at: null, status: 'unknown', source: null } }).ok,
    ).toBe(true);
  });

  it('refuses an unknown kind, naming the discriminator', () => {
    expect(refusedPaths({ ...validEntry(), kind: 'prediction' })).toContain('kind');
  });
});

describe('predictionOpening', () => {
  it('accepts the opening of a commitment and refuses a short salt or a class of 2', () => {
    const { opening } = commitPrediction({
      probability: 0.7,
      predictedClass: 1,
      explanation: { top: ['x'] },
    });
    expect(parsePredictionOpening(opening).ok).toBe(true);
    const short = parsePredictionOpening({ ...opening, salt: 'AAAA' });
    expect(short.ok ? [] : short.issues.map((i) => i.path)).toEqual(['salt']);
    const badClass = parsePredictionOpening({ ...opening, predictedClass: 2 });
    expect(badClass.ok ? [] : badClass.issues.map((i) => i.path)).toEqual(['predictedClass']);
  });

  it('refuses a salt with padding or non-canonical trailing bits', () => {
    const salt = Buffer.alloc(32, 7).toString('base64url');
    const base = { probability: 0.5, predictedClass: 0, explanation: null };
    expect(parsePredictionOpening({ ...base, salt }).ok).toBe(true);
    expect(parsePredictionOpening({ ...base, salt: `${salt}=` }).ok).toBe(false);
    const lastBitsSet = `${salt.slice(0, -1)}${salt.endsWith('c') ? 'd' : 'B'}`;
    expect(parsePredictionOpening({ ...base, salt: lastBitsSet }).ok).toBe(false);
  });
});

describe('key-rotation entries', () => {
  const first = generateTrialKeyPair();
  const second = generateTrialKeyPair();
  const rotation = createKeyRotation({
    trialCode: 'MM-RAD-01',
    reason: 'scheduled',
    effectiveAt: '2026-06-01T00:00:00.000Z',
    previousPrivateKey: first.privateKeyPem,
    newPrivateKey: second.privateKeyPem,
  });

  it('accepts a created rotation', () => {
    expect(parseLedgerEntry(rotation).ok).toBe(true);
  });

  it('refuses a key id that is not the hash of the new key', () => {
    expect(refusedPaths({ ...rotation, newKeyId: first.keyId })).toContain('newKeyId');
  });

  it('refuses a non-initial rotation without the previous key, and an initial one with it', () => {
    expect(refusedPaths({ ...rotation, previousKeyId: null, previousKeySignature: null })).toEqual([
      'previousKeyId',
      'previousKeySignature',
    ]);
    expect(refusedPaths({ ...rotation, reason: 'initial' })).toEqual([
      'previousKeyId',
      'previousKeySignature',
    ]);
  });
});

describe('entryBytes', () => {
  it('is the UTF-8 of the canonical JSON, whatever the member order', () => {
    const entry = validEntry();
    const reversed = Object.fromEntries(Object.entries(entry).reverse()) as PredictionLockEntry;
    const bytes = entryBytes(entry);
    expect(Buffer.from(entryBytes(reversed)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(bytes).toString('utf8')).toBe(canonicalJson(entry));
    expect(Buffer.from(bytes).toString('utf8')).toMatch(
      /^\{"featureSettingsSha256":"f{64}","featuresSha256"/,
    );
  });

  it('pins the bytes of a known entry', () => {
    expect(Buffer.from(entryBytes(validEntry())).toString('utf8')).toBe(
      '{"featureSettingsSha256":"' +
        digest('f') +
        '","featuresSha256":"' +
        digest('d') +
        '",' +
        '"formatVersion":1,"imageSha256":"' +
        digest('b') +
        '","inputsSha256":"' +
        digest('e') +
        '",' +
        '"kind":"prediction-lock","lockedAt":"2026-03-01T09:30:00.000Z","maskSha256":"' +
        digest('c') +
        '",' +
        '"modelSha256":"' +
        digest('a') +
        '","predictionCommitment":{"algorithm":"sha256-salted-canonical-json",' +
        '"digest":"' +
        digest('0') +
        '"},"protocolVersion":2,"subjectId":"MM-RAD-01-HD01-0007",' +
        '"threshold":0.42,"treatmentStartKnown":{"at":"2026-03-04","source":"CarePlan/cp-17/_history/2",' +
        '"status":"planned"},"trialCode":"MM-RAD-01"}',
    );
  });

  it('refuses to serialize an entry carrying the prediction, naming the field', () => {
    const leaking = { ...validEntry(), probability: 0.9 } as PredictionLockEntry;
    expect(() => entryBytes(leaking)).toThrow(/probability/);
  });
});
