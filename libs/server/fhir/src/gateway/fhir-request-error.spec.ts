import { parseRetryAfter } from './fhir-gateway';
import { FhirRequestError, logSafeUrl, outcomeIssues } from './fhir-request-error';

describe('logSafeUrl', () => {
  it('drops credentials and query values except structural parameters', () => {
    expect(
      logSafeUrl(
        'https://u:p@fhir.example/r4/Patient?identifier=MRN%7C123&name=Ada&_count=50&_include=Patient:link#x',
      ),
    ).toBe('https://fhir.example/r4/Patient?identifier=***&name=***&_count=50&_include=Patient%3Alink');
    expect(logSafeUrl('not a url')).toBe('<invalid url>');
  });
});

describe('outcomeIssues', () => {
  it('joins diagnostics, details and location, once each', () => {
    expect(
      outcomeIssues({
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'error', code: 'invalid', details: { text: 'Bad date' }, diagnostics: 'Bad date' },
          {
            severity: 'error',
            code: 'invalid',
            details: { text: 'A' },
            diagnostics: 'B',
            location: ['Patient.x'],
          },
          { severity: 'fatal', code: 'exception' },
        ],
      }),
    ).toEqual(['Bad date', 'A - B (at Patient.x)', 'fatal: exception']);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTwoSeconds = new Date(Date.now() + 2000).toUTCString();
    expect(parseRetryAfter(inTwoSeconds)).toBeGreaterThan(0);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(0);
  });
});

describe('FhirRequestError', () => {
  it('puts the status and issues in its message', () => {
    const err = new FhirRequestError({
      kind: 'http',
      method: 'GET',
      url: 'https://fhir.example/Patient/1',
      status: 410,
      issues: ['Gone'],
      retryable: false,
      attempts: 1,
    });
    expect(err.message).toBe('FHIR GET https://fhir.example/Patient/1 failed (HTTP 410): Gone');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('FhirRequestError');
  });
});
