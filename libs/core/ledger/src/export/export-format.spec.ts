import { canonicalJson } from '../canonical-json';
import { predictionLockEntrySchema, utcInstantSchema, type PredictionLockEntry } from '../lock/lock-record';
import { buildSampleLedger, cloneExport } from '../testing/sample-ledger';
import {
  canonicalEntryJson,
  isFastValidPredictionLock,
  isUtcInstant,
  linesOfChunks,
  parseExportLine,
  parseLedgerExport,
  parseReceipts,
  serializeLedgerExport,
  utcInstantMillis,
} from './export-format';

const sample = buildSampleLedger({ locks: 5, rotateAfterLocks: 2, revealOpenings: true, headSizes: [2] });
const text = serializeLedgerExport(sample.export);
const lines = text.split('\n').slice(0, -1);

function firstLock(): PredictionLockEntry {
  const entry = sample.entries[1];
  if (entry?.kind !== 'prediction-lock') throw new Error('entry 1 is a lock');
  return entry;
}

describe('serializeLedgerExport', () => {
  it('writes one canonical JSON object per line, each ending with a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    for (const line of lines) expect(line).toBe(canonicalJson(JSON.parse(line)));
  });

  it('writes the sections in order, header first', () => {
    const types = lines.map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe('ledger-export');
    expect([...new Set(types)]).toEqual([
      'ledger-export',
      'entry',
      'opening',
      'tree-head',
      'consistency-proof',
      'inclusion-proof',
      'cosignature',
      'treatment-start',
    ]);
    expect(types.filter((type) => type === 'ledger-export')).toHaveLength(1);
  });

  it('round-trips through parseLedgerExport', () => {
    const parsed = parseLedgerExport(text);
    expect(parsed.failures).toEqual([]);
    expect(parsed.export).toEqual(sample.export);
    expect(serializeLedgerExport(parsed.export ?? cloneExport(sample.export))).toBe(text);
  });
});

describe('parseLedgerExport: problems carry their line number', () => {
  function failuresOf(edited: string) {
    return parseLedgerExport(edited).failures;
  }

  it('JSON syntax errors', () => {
    const edited = [...lines];
    edited[3] = (edited[3] as string).slice(0, 40);
    expect(failuresOf(`${edited.join('\n')}\n`)).toEqual([
      expect.objectContaining({
        check: 'json-syntax',
        line: 4,
        message: expect.stringMatching(/^line 4 is not valid JSON/),
      }),
    ]);
  });

  it('unknown line types', () => {
    expect(failuresOf(`${text}{"type":"comment","text":"hi"}\n`)).toEqual([
      {
        check: 'unknown-line-type',
        line: lines.length + 1,
        message: `line ${lines.length + 1} has unknown type "comment" (expected one of ledger-export, entry, opening, tree-head, consistency-proof, inclusion-proof, cosignature, treatment-start)`,
      },
    ]);
  });

  it('schema errors, naming the field path', () => {
    const edited = [...lines];
    const entryLine = JSON.parse(edited[2] as string) as { entry: Record<string, unknown> };
    entryLine.entry['modelSha256'] = 'not-a-digest';
    entryLine.entry['probability'] = 0.7;
    edited[2] = canonicalJson(entryLine);
    const [failure] = failuresOf(`${edited.join('\n')}\n`);
    expect(failure).toMatchObject({ check: 'entry-schema', index: 1, line: 3 });
    expect(failure?.message).toContain('entry.modelSha256: Must be a SHA-256 digest');
    expect(failure?.message).toContain(
      'entry.probability: Unknown property "probability" is not allowed here',
    );
  });

  it('schema errors in other lines', () => {
    const edited = [...lines];
    const headLine = edited.findIndex((line) => line.endsWith('"type":"tree-head"}'));
    edited[headLine] = (edited[headLine] as string).replace('"treeSize":', '"treeSize":-');
    const [failure] = failuresOf(`${edited.join('\n')}\n`);
    expect(failure).toMatchObject({ check: 'line-schema', line: headLine + 1 });
    expect(failure?.message).toContain('head.treeSize');
  });

  it('sections out of order, and a second header', () => {
    const edited = [...lines];
    const cosignature = edited.findIndex((line) => line.endsWith('"type":"cosignature"}'));
    const [moved] = edited.splice(cosignature, 1);
    edited.splice(2, 0, moved as string, lines[0] as string);
    const failures = failuresOf(`${edited.join('\n')}\n`);
    expect(failures.map((failure) => [failure.check, failure.line])).toEqual([
      ['duplicate-header', 4],
      // One failure for the whole run of entry lines that follow the misplaced cosignature.
      ['line-order', 5],
    ]);
  });

  it('a missing header, an empty file, a truncated last line', () => {
    expect(parseLedgerExport(lines.slice(1).join('\n') + '\n').export).toBeNull();
    expect(failuresOf(lines.slice(1).join('\n') + '\n')[0]).toMatchObject({
      check: 'missing-header',
      line: 1,
    });
    expect(failuresOf('')).toEqual([{ check: 'empty-file', message: 'the file is empty' }]);
    expect(failuresOf(text.slice(0, -1))).toEqual([
      {
        check: 'truncated',
        line: lines.length,
        message: `line ${lines.length} does not end with a newline: the file may be truncated`,
      },
    ]);
  });

  it('never throws on garbage', () => {
    for (const garbage of [
      '\u0000',
      '{',
      'null\n',
      '"x"\n',
      '{"type":null}\n',
      '{"__proto__":{"type":"entry"}}\n',
    ]) {
      expect(() => parseLedgerExport(garbage)).not.toThrow();
      expect(parseLedgerExport(garbage).failures.length).toBeGreaterThan(0);
    }
  });
});

describe('fast validation agrees with the zod schemas', () => {
  const lock = firstLock();
  const mutations: [string, (entry: Record<string, unknown>) => void][] = [
    ['nothing', () => undefined],
    ['an extra member', (entry) => (entry['probability'] = 0.4)],
    ['a missing member', (entry) => delete entry['maskSha256']],
    ['upper-case hex', (entry) => (entry['imageSha256'] = 'A'.repeat(64))],
    ['short hex', (entry) => (entry['imageSha256'] = 'a'.repeat(63))],
    ['threshold above 1', (entry) => (entry['threshold'] = 1.5)],
    ['threshold as text', (entry) => (entry['threshold'] = '0.5')],
    ['protocol version 0', (entry) => (entry['protocolVersion'] = 0)],
    ['fractional protocol version', (entry) => (entry['protocolVersion'] = 1.5)],
    ['a subject of another trial', (entry) => (entry['subjectId'] = 'MM-RAD-02-S01-0001')],
    ['a lower-case subject', (entry) => (entry['subjectId'] = 'mm-rad-01-s01-0001')],
    ['February 30th', (entry) => (entry['lockedAt'] = '2026-02-30T08:00:00.000Z')],
    ['February 29th of a leap year', (entry) => (entry['lockedAt'] = '2028-02-29T08:00:00.000Z')],
    ['24:00', (entry) => (entry['lockedAt'] = '2026-03-02T24:00:00.000Z')],
    ['no milliseconds', (entry) => (entry['lockedAt'] = '2026-03-02T08:00:00Z')],
    ['an offset', (entry) => (entry['lockedAt'] = '2026-03-02T08:00:00.000+01:00')],
    ['a wrong kind', (entry) => (entry['kind'] = 'key-rotation')],
    ['format version 2', (entry) => (entry['formatVersion'] = 2)],
    [
      'another algorithm',
      (entry) => (entry['predictionCommitment'] = { algorithm: 'md5', digest: 'a'.repeat(64) }),
    ],
    [
      'a commitment with an extra member',
      (entry) =>
        (entry['predictionCommitment'] = {
          algorithm: 'sha256-salted-canonical-json',
          digest: 'a'.repeat(64),
          salt: 'x',
        }),
    ],
    [
      'an actual start',
      (entry) =>
        (entry['treatmentStartKnown'] = {
          status: 'actual',
          at: '2026-03-05',
          source: 'MedicationAdministration/1',
        }),
    ],
    [
      'an actual start without source',
      (entry) => (entry['treatmentStartKnown'] = { status: 'actual', at: '2026-03-05', source: null }),
    ],
    [
      'an unknown start with a date',
      (entry) => (entry['treatmentStartKnown'] = { status: 'unknown', at: '2026-03-05', source: null }),
    ],
    [
      'an unknown start naming its source',
      (entry) => (entry['treatmentStartKnown'] = { status: 'unknown', at: null, source: 'CarePlan/2' }),
    ],
    [
      'an impossible date',
      (entry) =>
        (entry['treatmentStartKnown'] = { status: 'planned', at: '2026-13-01', source: 'CarePlan/2' }),
    ],
    [
      'a bad FHIR reference',
      (entry) =>
        (entry['treatmentStartKnown'] = { status: 'planned', at: '2026-03-05', source: 'careplan 2' }),
    ],
    [
      'an absolute FHIR reference',
      (entry) =>
        (entry['treatmentStartKnown'] = {
          status: 'planned',
          at: '2026-03-05',
          source: 'https://fhir.example.org/fhir/CarePlan/2/_history/3',
        }),
    ],
    ['a threshold of -0', (entry) => (entry['threshold'] = -0)],
  ];

  it.each(mutations)('with %s', (_name, mutate) => {
    const entry = JSON.parse(JSON.stringify(lock)) as Record<string, unknown>;
    mutate(entry);
    const zod = predictionLockEntrySchema.safeParse(entry).success;
    const fast = isFastValidPredictionLock(entry);
    // Fast may decline what zod accepts (zod then decides), never the reverse.
    if (fast) expect(zod).toBe(true);
    // For these cases it is exact.
    expect(fast).toBe(zod);
    if (fast) expect(canonicalEntryJson(entry as PredictionLockEntry)).toBe(canonicalJson(entry));
  });

  it('writes the canonical JSON of every sample entry as canonicalJson does', () => {
    for (const entry of sample.entries) expect(canonicalEntryJson(entry)).toBe(canonicalJson(entry));
  });

  it.each([
    '2026-03-02T08:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2023-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-01-00T00:00:00.000Z',
    '2026-01-01T23:60:00.000Z',
    '2026-01-01T23:00:60.000Z',
    '1900-02-29T00:00:00.000Z',
    '2000-02-29T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '2026-01-01 00:00:00.000Z',
    '+02026-01-01T00:00:00.000Z',
  ])('reads the instant %s as utcInstantSchema does', (value) => {
    const valid = utcInstantSchema.safeParse(value).success;
    expect(isUtcInstant(value)).toBe(valid);
    if (valid) expect(utcInstantMillis(value)).toBe(Date.parse(value));
  });

  it('parses entry lines with the fast path and returns the leaf text', () => {
    const result = parseExportLine(lines[2] as string, 3);
    expect(result).toMatchObject({ ok: true, entryJson: canonicalJson(sample.entries[1]) });
  });
});

describe('parseReceipts', () => {
  const receipts = sample.receipts();

  it('reads one receipt, a JSON array and JSON lines', () => {
    expect(parseReceipts(JSON.stringify(receipts[0]))).toEqual({ receipts: [receipts[0]], failures: [] });
    expect(parseReceipts(JSON.stringify(receipts, null, 2))).toEqual({ receipts, failures: [] });
    expect(parseReceipts(`${receipts.map((receipt) => JSON.stringify(receipt)).join('\n')}\n`)).toEqual({
      receipts,
      failures: [],
    });
  });

  it('names invalid receipts by array position or line', () => {
    const [first] = receipts;
    const broken = { ...first, leafIndex: -1 };
    expect(parseReceipts(JSON.stringify([first, broken])).failures).toEqual([
      expect.objectContaining({ check: 'receipt-schema', message: expect.stringContaining('receipt [1]') }),
    ]);
    expect(parseReceipts(`${JSON.stringify(first)}\n${JSON.stringify(broken)}\n`).failures).toEqual([
      expect.objectContaining({
        check: 'receipt-schema',
        line: 2,
        message: expect.stringContaining('leafIndex'),
      }),
    ]);
  });
});

describe('linesOfChunks', () => {
  function collect(chunks: Uint8Array[]): { lines: string[]; truncated: boolean } {
    const iterator = linesOfChunks(chunks);
    const collected: string[] = [];
    for (let next = iterator.next(); ; next = iterator.next()) {
      if (next.done === true) return { lines: collected, truncated: next.value.truncated };
      collected.push(next.value);
    }
  }

  it('splits lines across chunk boundaries, multi-byte characters included', () => {
    const bytes = Buffer.from('first\nsé cond\n\nthird ✓\n', 'utf8');
    for (let size = 1; size <= bytes.length; size++) {
      const chunks: Uint8Array[] = [];
      for (let start = 0; start < bytes.length; start += size)
        chunks.push(bytes.subarray(start, start + size));
      expect(collect(chunks)).toEqual({ lines: ['first', 'sé cond', '', 'third ✓'], truncated: false });
    }
  });

  it('tolerates one buffer reused for every chunk', () => {
    const shared = Buffer.alloc(4);
    const source = Buffer.from('abcdefghij\nklm\nnop', 'utf8');
    function* reused(): Generator<Uint8Array> {
      for (let start = 0; start < source.length; start += 4) {
        const read = source.copy(shared, 0, start, start + 4);
        yield shared.subarray(0, read);
      }
    }
    const iterator = linesOfChunks(reused());
    const collected: string[] = [];
    let next = iterator.next();
    for (; next.done !== true; next = iterator.next()) collected.push(next.value);
    expect(collected).toEqual(['abcdefghij', 'klm', 'nop']);
    expect(next.value).toEqual({ truncated: true });
  });
});
