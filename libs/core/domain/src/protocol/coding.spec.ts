import { CODINGS, listOf, protocolIssues, REMOVE } from '../testing/protocol-test-support';
import { codingSchema } from './coding';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const SITE = 'baselineImaging.bodySite';

describe('coding', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a URN system', { [`${SITE}[0].system`]: 'urn:oid:2.16.840.1.113883.6.96' }],
    ['a local http system', { [`${SITE}[0].system`]: 'http://prospect.example/codes' }],
    ['no display', { [`${SITE}[0].display`]: REMOVE }],
    ['a code with inner spaces', { [`${SITE}[0].code`]: 'C50 9' }],
    ['several distinct codings', { [SITE]: [CODINGS.breast, CODINGS.ldh] }],
    [
      'the same code in two systems',
      { [SITE]: [CODINGS.ldh, { ...CODINGS.ldh, system: 'http://example.org/x' }] },
    ],
    ['100 codings', { [SITE]: listOf(100, (i) => ({ system: 'http://example.org', code: `c${i}` })) }],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it.each<Case>([
    ['a system that is not a URI', { [`${SITE}[0].system`]: 'loinc' }, `${SITE}[0].system`, /absolute URI/],
    [
      'a missing system',
      { [`${SITE}[0].system`]: REMOVE },
      `${SITE}[0].system`,
      /^Required: expected a string$/,
    ],
    ['a numeric code', { [`${SITE}[0].code`]: 123 }, `${SITE}[0].code`, /^Expected a string, got 123$/],
    ['an empty code', { [`${SITE}[0].code`]: '' }, `${SITE}[0].code`, /empty/],
    ['a code with leading space', { [`${SITE}[0].code`]: ' 123' }, `${SITE}[0].code`, /leading or trailing/],
    ['a code longer than 100', { [`${SITE}[0].code`]: 'x'.repeat(101) }, `${SITE}[0].code`, /at most 100/],
    ['an empty display', { [`${SITE}[0].display`]: '' }, `${SITE}[0].display`, /empty or only whitespace/],
    [
      'an unknown property',
      { [`${SITE}[0].version`]: '2024' },
      `${SITE}[0].version`,
      /Unknown property "version"/,
    ],
    ['an empty list', { [SITE]: [] }, SITE, /at least 1 coding/],
    [
      'more than 100 codings',
      { [SITE]: listOf(101, (i) => ({ system: 'http://e.org', code: `c${i}` })) },
      SITE,
      /at most 100/,
    ],
    [
      'a duplicate coding',
      { [SITE]: [CODINGS.ldh, CODINGS.breast, { ...CODINGS.ldh, display: 'other' }] },
      `${SITE}[2]`,
      /Duplicate coding http:\/\/loinc.org 2532-0/,
    ],
    [
      'a coding that is not an object',
      { [SITE]: ['2532-0'] },
      `${SITE}[0]`,
      /Expected an object, got the string "2532-0"/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('is usable on its own', () => {
    expect(codingSchema.parse({ system: 'http://loinc.org', code: '2532-0' })).toEqual({
      system: 'http://loinc.org',
      code: '2532-0',
    });
  });
});
