import * as api from './index';

describe('public API', () => {
  it('exports the mapping functions', () => {
    expect(
      Object.keys(api)
        .filter((name) => typeof (api as Record<string, unknown>)[name] === 'function')
        .sort(),
    ).toEqual([
      'ageInYears',
      'codingMatchesAny',
      'conditionalCreateRequest',
      'daysBetween',
      'dedupeIssues',
      'deriveOutcome',
      'describeCodes',
      'describeUnit',
      'determineTreatmentStart',
      'diffBaselineLinks',
      'eligibilityIssues',
      'evaluateCriterion',
      'evaluateEligibility',
      'extractCovariates',
      'firstMatchingCoding',
      'formatDays',
      'formatInstant',
      'formatSourceRef',
      'hasBlockingIssues',
      'issueKey',
      'latestObservation',
      'linkBaseline',
      'matchesAny',
      'medicationAdministrationTime',
      'observationTime',
      'openIssue',
      'parseFhirDateTime',
      'procedureTime',
      'provenanceForLock',
      'quantityUnitMatches',
      'readQuantity',
      'requireInstant',
      'researchStudyFor',
      'researchSubjectFor',
      'riskAssessmentForLock',
      'ruleFails',
      'selectBaselineImaging',
      'studyInstanceUid',
      'toDomainCoding',
      'transactionBundle',
      'treatmentStartDateTime',
      'treatmentStartIssues',
      'treatmentStartMovedBefore',
      'treeHeadDocumentReference',
    ]);
  });

  it('does not export test factories', () => {
    expect(api).not.toHaveProperty('record');
    expect(api).not.toHaveProperty('fixtureTrial');
  });
});
