import { codingMatchesAny, describeCodes, firstMatchingCoding, matchesAny, toDomainCoding } from './codes';
import { CODES, concept, SNOMED } from './testing/factories';

const MYELOMA_CODES = [CODES.myeloma, CODES.myelomaIcd];

describe('matchesAny', () => {
  it('matches when one coding has the same system and code', () => {
    expect(matchesAny(concept({ system: SNOMED, code: '109989006' }), MYELOMA_CODES)).toBe(true);
  });

  it('matches any of several codings and any of several protocol codes', () => {
    const recorded = concept({ system: 'http://example.org/local', code: 'mm' }, CODES.myelomaIcd);
    expect(matchesAny(recorded, MYELOMA_CODES)).toBe(true);
  });

  it('ignores display and version', () => {
    const recorded = { coding: [{ ...CODES.myeloma, display: 'Plasma cell myeloma', version: '2025-01' }] };
    expect(matchesAny(recorded, MYELOMA_CODES)).toBe(true);
  });

  it.each([
    ['another system with the same code', { system: 'http://example.org/local', code: '109989006' }],
    ['an https variant of the system', { system: 'https://snomed.info/sct', code: '109989006' }],
    ['a trailing slash on the system', { system: 'http://snomed.info/sct/', code: '109989006' }],
    ['a code in another case', { system: 'http://fhir.de/CodeSystem/bfarm/icd-10-gm', code: 'c90.0' }],
    ['a code without a system', { code: '109989006' }],
    ['a system without a code', { system: SNOMED }],
  ])('does not match %s', (_name, coding) => {
    expect(matchesAny({ coding: [coding] }, MYELOMA_CODES)).toBe(false);
  });

  it('never matches free text', () => {
    expect(matchesAny({ text: 'Multiple myeloma' }, MYELOMA_CODES)).toBe(false);
  });

  it('is false for a missing concept, an empty concept and an empty code list', () => {
    expect(matchesAny(undefined, MYELOMA_CODES)).toBe(false);
    expect(matchesAny({ coding: [] }, MYELOMA_CODES)).toBe(false);
    expect(matchesAny(concept(CODES.myeloma), [])).toBe(false);
  });
});

describe('codingMatchesAny', () => {
  it('compares a single coding', () => {
    expect(codingMatchesAny({ system: SNOMED, code: '38266002' }, [CODES.wholeBody])).toBe(true);
    expect(codingMatchesAny({ system: SNOMED, code: '76752008' }, [CODES.wholeBody])).toBe(false);
    expect(codingMatchesAny(undefined, [CODES.wholeBody])).toBe(false);
  });
});

describe('firstMatchingCoding', () => {
  it('returns the first matching coding as recorded', () => {
    const recorded = concept({ system: 'http://example.org', code: 'x' }, CODES.myelomaIcd, CODES.myeloma);
    expect(firstMatchingCoding(recorded, MYELOMA_CODES)).toEqual(CODES.myelomaIcd);
  });

  it('returns undefined without a match', () => {
    expect(firstMatchingCoding(concept(CODES.breast), MYELOMA_CODES)).toBeUndefined();
  });
});

describe('describeCodes', () => {
  it('names a concept listed in two systems once', () => {
    expect(describeCodes([CODES.myeloma, { ...CODES.myelomaIcd, display: 'Multiple myeloma' }])).toBe(
      'Multiple myeloma',
    );
  });

  it('uses the display when present, else system|code', () => {
    expect(describeCodes([CODES.myeloma, CODES.myelomaIcd])).toBe(
      'Multiple myeloma or http://fhir.de/CodeSystem/bfarm/icd-10-gm|C90.0',
    );
  });
});

describe('toDomainCoding', () => {
  it('keeps system, code and display only', () => {
    expect(toDomainCoding({ ...CODES.myeloma, version: '1', userSelected: true, id: 'x' })).toEqual(
      CODES.myeloma,
    );
  });

  it('omits an absent display', () => {
    expect(toDomainCoding({ system: SNOMED, code: '1' })).toStrictEqual({ system: SNOMED, code: '1' });
  });

  it('is null without a system or code', () => {
    expect(toDomainCoding({ code: '1' })).toBeNull();
    expect(toDomainCoding({ system: SNOMED })).toBeNull();
    expect(toDomainCoding(undefined)).toBeNull();
  });
});
