import { REMOVE, trialIssues, validTrialDefinition } from './testing/protocol-test-support';
import {
  formatSubjectId,
  INDICATIONS,
  isSiteCode,
  isTrialCode,
  MAX_SUBJECT_SEQUENCE,
  SITE_CODE_PATTERN,
  TRIAL_CODE_PATTERN,
} from './trial';
import { parseTrialDefinition } from './validation';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

describe('trial codes', () => {
  it.each(['MM-RAD-01', 'BC-PCR-02', 'AB', 'A1', 'A-B', `A${'B'.repeat(19)}`, 'Z9-9'])(
    'accepts %s',
    (code) => {
      expect(isTrialCode(code)).toBe(true);
      expect(TRIAL_CODE_PATTERN.test(code)).toBe(true);
    },
  );

  it.each([
    ['a single character', 'A'],
    ['21 characters', `A${'B'.repeat(20)}`],
    ['a leading digit', '1MM'],
    ['a leading hyphen', '-MM'],
    ['a trailing hyphen', 'MM-'],
    ['lower case', 'mm-rad-01'],
    ['an underscore', 'MM_RAD'],
    ['a space', 'MM RAD'],
    ['the empty string', ''],
  ])('rejects %s', (_name, code) => {
    expect(isTrialCode(code)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isTrialCode(42)).toBe(false);
    expect(isTrialCode(null)).toBe(false);
  });
});

describe('site codes', () => {
  it.each(['HD01', 'TU02', 'A', '1', '12345678', 'ABCDEFGH'])('accepts %s', (code) => {
    expect(isSiteCode(code)).toBe(true);
    expect(SITE_CODE_PATTERN.test(code)).toBe(true);
  });

  it.each(['', '123456789', 'hd01', 'HD-01', 'HD 1', 'HD_1'])('rejects %p', (code) => {
    expect(isSiteCode(code)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isSiteCode(1)).toBe(false);
  });
});

describe('formatSubjectId', () => {
  it.each<[number, string]>([
    [1, 'MM-RAD-01-HD01-0001'],
    [7, 'MM-RAD-01-HD01-0007'],
    [42, 'MM-RAD-01-HD01-0042'],
    [999, 'MM-RAD-01-HD01-0999'],
    [1000, 'MM-RAD-01-HD01-1000'],
    [9999, 'MM-RAD-01-HD01-9999'],
  ])('formats sequence %i as %s', (sequence, expected) => {
    expect(formatSubjectId('MM-RAD-01', 'HD01', sequence)).toBe(expected);
  });

  it('keeps IDs sortable as text', () => {
    const ids = [10, 9, 100, 1].map((n) => formatSubjectId('BC-PCR-02', 'TU02', n));
    expect([...ids].sort()).toEqual([
      'BC-PCR-02-TU02-0001',
      'BC-PCR-02-TU02-0009',
      'BC-PCR-02-TU02-0010',
      'BC-PCR-02-TU02-0100',
    ]);
  });

  it('exposes the largest sequence', () => {
    expect(MAX_SUBJECT_SEQUENCE).toBe(9999);
  });

  it.each([0, -1, 10_000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'throws RangeError for sequence %p',
    (sequence) => {
      expect(() => formatSubjectId('MM-RAD-01', 'HD01', sequence)).toThrow(RangeError);
      expect(() => formatSubjectId('MM-RAD-01', 'HD01', sequence)).toThrow(
        /expected an integer from 1 to 9999/,
      );
    },
  );

  it.each(['mm-rad-01', 'MM-', 'M', ''])('throws RangeError for trial code %p', (trialCode) => {
    expect(() => formatSubjectId(trialCode, 'HD01', 1)).toThrow(RangeError);
    expect(() => formatSubjectId(trialCode, 'HD01', 1)).toThrow(/Invalid trial code/);
  });

  it.each(['HD-01', 'hd01', '', '123456789'])('throws RangeError for site code %p', (siteCode) => {
    expect(() => formatSubjectId('MM-RAD-01', siteCode, 1)).toThrow(RangeError);
    expect(() => formatSubjectId('MM-RAD-01', siteCode, 1)).toThrow(/Invalid site code/);
  });
});

describe('trialDefinitionSchema', () => {
  it('accepts a valid definition', () => {
    const result = parseTrialDefinition(validTrialDefinition());
    expect(result.ok).toBe(true);
  });

  it.each(INDICATIONS)('accepts indication %s', (indication) => {
    expect(trialIssues({ indication })).toEqual([]);
  });

  it('accepts several sites with distinct codes', () => {
    const sites = [
      { code: 'HD01', name: 'Site one' },
      { code: 'TU02', name: 'Site two' },
    ];
    expect(trialIssues({ sites })).toEqual([]);
  });

  it.each<Case>([
    ['a lowercase code', { code: 'mm-rad-01' }, 'code', /uppercase letter followed by/],
    ['a code ending in a hyphen', { code: 'MM-RAD-' }, 'code', /not ending in "-"/],
    ['a code over 20 characters', { code: `A${'B'.repeat(20)}` }, 'code', /2 to 20 characters/],
    ['a missing code', { code: REMOVE }, 'code', /^Required: expected a string$/],
    ['an empty title', { title: '' }, 'title', /empty or only whitespace/],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'title', /at most 200 characters/],
    [
      'an unknown indication',
      { indication: 'lymphoma' },
      'indication',
      /^Must be one of "multiple-myeloma", "breast-cancer", "other"; got the string "lymphoma"$/,
    ],
    ['no sites', { sites: [] }, 'sites', /at least one site/],
    [
      'a malformed site code',
      { 'sites[0].code': 'HD-01' },
      'sites[0].code',
      /1 to 8 uppercase letters or digits/,
    ],
    ['a blank site name', { 'sites[0].name': ' ' }, 'sites[0].name', /empty or only whitespace/],
    [
      'an unknown site property',
      { 'sites[0].country': 'DE' },
      'sites[0].country',
      /Unknown property "country"/,
    ],
    [
      'duplicate site codes',
      {
        sites: [
          { code: 'HD01', name: 'A' },
          { code: 'TU02', name: 'B' },
          { code: 'HD01', name: 'C' },
        ],
      },
      'sites[2].code',
      /Duplicate site code "HD01"/,
    ],
    ['a missing protocol', { protocol: REMOVE }, 'protocol', /^Required: expected an object$/],
    [
      'an invalid protocol, under the protocol path',
      { 'protocol.interimPlan.looks[1].informationFraction': 0.9 },
      'protocol.interimPlan.looks[1].informationFraction',
      /must have informationFraction 1/,
    ],
    ['an unknown property', { version: 1 }, 'version', /Unknown property "version"/],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(trialIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
