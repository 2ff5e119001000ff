import { createHash, webcrypto } from 'node:crypto';
import { canonicalJson, fileKind, formatBytes, groupManifest, manifestJson, sha256Hex } from './manifest';
import type { PackageFile, PackageManifest } from './submission.models';

const file = (path: string, bytes = 10): PackageFile => ({ path, bytes, sha256: 'a'.repeat(64) });

describe('groupManifest', () => {
  const files = [
    file('audit/audit-trail.json', 100),
    file('datasets/adam/adsl.xpt'),
    file('datasets/sdtm/dm.xpt', 5),
    file('datasets/sdtm/dm.json', 7),
    file('datasets/define.xml'),
    file('datasets/reviewers-guide.md'),
    file('extra/notes.txt'),
    file('ledger/ledger.jsonl'),
    file('report/report.pdf'),
    file('report/report.html'),
    file('results/analysis-look-1.json'),
    file('README.txt'),
  ];

  it('groups by folder in reading order, unknown folders last', () => {
    const groups = groupManifest(files);
    expect(groups.map((group) => group.folder)).toEqual([
      'datasets',
      'datasets/sdtm',
      'datasets/adam',
      'report',
      'results',
      'ledger',
      'audit',
      '',
      'extra',
    ]);
    expect(groups.map((group) => group.label)).toEqual([
      'Dataset definitions and reviewer’s guide',
      'CDISC SDTM datasets',
      'CDISC ADaM datasets',
      'Trial report',
      'Analysis results',
      'Ledger and proofs',
      'Audit trail',
      'Package root',
      'extra',
    ]);
  });

  it('sorts files by path and sums their sizes per folder', () => {
    const sdtm = groupManifest(files).find((group) => group.folder === 'datasets/sdtm');
    expect(sdtm?.files.map((entry) => entry.path)).toEqual(['datasets/sdtm/dm.json', 'datasets/sdtm/dm.xpt']);
    expect(sdtm?.bytes).toBe(12);
    expect(groupManifest(files).reduce((sum, group) => sum + group.files.length, 0)).toBe(files.length);
  });
});

describe('fileKind', () => {
  it.each([
    ['datasets/sdtm/dm.xpt', 'SAS transport (XPT)'],
    ['datasets/sdtm/dm.json', 'Dataset-JSON'],
    ['results/analysis-look-1.json', 'JSON'],
    ['datasets/define.xml', 'Define-XML'],
    ['report/report.pdf', 'PDF'],
    ['report/report.html', 'HTML'],
    ['ledger/ledger.jsonl', 'JSON lines'],
    ['datasets/adam/adsl.csv', 'CSV'],
    ['LICENSE', 'File'],
  ])('%s is %s', (path, kind) => expect(fileKind(path)).toBe(kind));
});

describe('formatBytes', () => {
  it('uses binary multiples', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });
});

describe('manifest hashing', () => {
  // As the API returns it from jsonb: members in a different order than written.
  const manifest = {
    files: [{ sha256: 'b'.repeat(64), path: 'datasets/define.xml', bytes: 1200 }],
    format: 'prospect.submission-package/1',
    builtAt: '2026-11-28T05:09:56.153Z',
    trialCode: 'MM-RAD-01',
    protocolVersion: 1,
  } as PackageManifest;

  it('writes manifest.json in the server’s member order', () => {
    expect(manifestJson(manifest)).toBe(
      '{\n  "format": "prospect.submission-package/1",\n  "trialCode": "MM-RAD-01",\n  "protocolVersion": 1,\n' +
        '  "builtAt": "2026-11-28T05:09:56.153Z",\n  "files": [\n    {\n      "path": "datasets/define.xml",\n' +
        `      "bytes": 1200,\n      "sha256": "${'b'.repeat(64)}"\n    }\n  ]\n}\n`,
    );
  });

  it('canonicalizes as RFC 8785 (sorted members, no whitespace)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x', -0], c: { z: 1, y: undefined } })).toBe(
      '{"a":[true,null,"x",0],"b":1,"c":{"z":1}}',
    );
  });

  it('hashes with Web Crypto, and says so when it is missing', async () => {
    const crypto = globalThis.crypto as { subtle?: unknown };
    const original = crypto.subtle;
    Object.defineProperty(crypto, 'subtle', { value: webcrypto.subtle, configurable: true });
    try {
      const canonical = canonicalJson(manifest);
      expect(await sha256Hex(canonical)).toBe(createHash('sha256').update(canonical).digest('hex'));
    } finally {
      Object.defineProperty(crypto, 'subtle', { value: original, configurable: true });
    }
    Object.defineProperty(crypto, 'subtle', { value: undefined, configurable: true });
    try {
      expect(await sha256Hex('x')).toBeNull();
    } finally {
      Object.defineProperty(crypto, 'subtle', { value: original, configurable: true });
    }
  });
});
