import { HttpErrorResponse } from '@angular/common/http';
import { describeProblem, toApiProblem } from './api-problem';

describe('toApiProblem', () => {
  it("reads the API's problem document with its field errors", () => {
    const problem = toApiProblem(
      new HttpErrorResponse({
        status: 400,
        statusText: 'Bad Request',
        error: {
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'The request is invalid.',
          code: 'VALIDATION_FAILED',
          requestId: 'r-1',
          errors: [{ field: 'siteCode', reason: 'must be one of HD01, HD02' }, { nonsense: true }],
        },
      }),
    );
    expect(problem).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'Bad Request',
      detail: 'The request is invalid.',
      requestId: 'r-1',
      errors: [{ field: 'siteCode', reason: 'must be one of HD01, HD02' }],
    });
    expect(describeProblem(problem)).toBe('The request is invalid. siteCode: must be one of HD01, HD02');
  });

  it('parses a problem sent as text (blob and text responses)', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({
        status: 409,
        error: JSON.stringify({ detail: 'Already locked.', code: 'LOCKED' }),
      }),
    );
    expect(problem.code).toBe('LOCKED');
    expect(problem.detail).toBe('Already locked.');
  });

  it('names an unreachable server and a non-problem error page plainly', () => {
    expect(toApiProblem(new HttpErrorResponse({ status: 0 })).code).toBe('NETWORK');
    const proxy = toApiProblem(
      new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>' }),
    );
    expect(proxy.detail).toBe('The server answered 502 Bad Gateway.');
    expect(toApiProblem(new Error('boom')).detail).toBe('boom');
    expect(toApiProblem('weird').detail).toBe('Something went wrong.');
  });
});
