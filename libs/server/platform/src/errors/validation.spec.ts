import type { ValidationError } from '@nestjs/common';
import { fieldProblems } from './validation';

const error = (
  property: string,
  constraints: Record<string, string> | undefined,
  children: ValidationError[] = [],
): ValidationError => ({
  property,
  constraints,
  children,
});

describe('fieldProblems', () => {
  it('names nested fields with dotted paths and array indexes, without repeating the property name', () => {
    const problems = fieldProblems([
      error('username', { matches: 'username must be 3–64 characters' }),
      error('content', undefined, [
        error('looks', undefined, [
          error('1', undefined, [error('fraction', { max: 'fraction must not be greater than 1' })]),
        ]),
      ]),
      error('reason', {
        isString: 'reason must be a string',
        isLength: 'reason must be longer than or equal to 3 characters',
      }),
    ]);
    expect(problems).toEqual([
      { field: 'username', reason: 'must be 3–64 characters' },
      { field: 'content.looks[1].fraction', reason: 'must not be greater than 1' },
      { field: 'reason', reason: 'must be a string' },
      { field: 'reason', reason: 'must be longer than or equal to 3 characters' },
    ]);
  });

  it('reports an unknown property by its own name', () => {
    expect(
      fieldProblems([error('isAdminX', { whitelistValidation: 'property isAdminX should not exist' })]),
    ).toEqual([{ field: 'isAdminX', reason: 'property isAdminX should not exist' }]);
  });
});
