import { dedupeIssues, hasBlockingIssues, issueKey, OPEN_ISSUE_CODES, openIssue } from './open-issues';

describe('openIssue', () => {
  it('leaves out an absent subject', () => {
    expect(openIssue('imaging-none', 'blocking', 'No study')).toStrictEqual({
      code: 'imaging-none',
      severity: 'blocking',
      message: 'No study',
    });
  });

  it('keeps a subject', () => {
    expect(openIssue('covariate-missing', 'blocking', 'x', 'covariate:ldh').subject).toBe('covariate:ldh');
  });
});

describe('OPEN_ISSUE_CODES', () => {
  it('lists every code once', () => {
    expect(new Set(OPEN_ISSUE_CODES).size).toBe(OPEN_ISSUE_CODES.length);
    expect(OPEN_ISSUE_CODES).toHaveLength(9);
  });
});

describe('issueKey and dedupeIssues', () => {
  const missingLdh = openIssue('covariate-missing', 'blocking', 'first wording', 'covariate:ldh');
  const missingLdhAgain = openIssue('covariate-missing', 'blocking', 'second wording', 'covariate:ldh');
  const missingAge = openIssue('covariate-missing', 'blocking', 'age', 'covariate:age');
  const unknownStart = openIssue('treatment-start-unknown', 'blocking', 'unknown');

  it('identifies an issue by code and subject', () => {
    expect(issueKey(missingLdh)).toBe(issueKey(missingLdhAgain));
    expect(issueKey(missingLdh)).not.toBe(issueKey(missingAge));
    expect(issueKey(unknownStart)).toBe('treatment-start-unknown|');
  });

  it('keeps the first of each code and subject, in order', () => {
    expect(dedupeIssues([missingLdh, unknownStart, missingLdhAgain, missingAge, unknownStart])).toEqual([
      missingLdh,
      unknownStart,
      missingAge,
    ]);
  });
});

describe('hasBlockingIssues', () => {
  it('is true only with a blocking issue', () => {
    expect(hasBlockingIssues([])).toBe(false);
    expect(hasBlockingIssues([openIssue('imaging-ambiguous', 'warning', 'x')])).toBe(false);
    expect(
      hasBlockingIssues([
        openIssue('imaging-ambiguous', 'warning', 'x'),
        openIssue('imaging-none', 'blocking', 'y'),
      ]),
    ).toBe(true);
  });
});
