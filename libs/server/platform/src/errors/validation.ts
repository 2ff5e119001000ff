import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldProblem } from './domain-error';

/** Flattens class-validator's tree into `field: reason` pairs with dotted paths. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      reason: stripPropertyName(reason, error.property),
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

function stripPropertyName(reason: string, property: string): string {
  return reason.startsWith(`${property} `) ? reason.slice(property.length + 1) : reason;
}

const PRIMITIVES: readonly unknown[] = [String, Number, Boolean];

/**
 * Validates DTO classes only. Single route and query parameters are left to their own pipes
 * (`ParseUuid`, `ParsePositiveInt`, `ParseOptionalBoolean`), because Nest's primitive conversion
 * would otherwise turn "yes" into false or "abc" into NaN before anyone could refuse it.
 */
class DtoValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' || PRIMITIVES.includes(metadata.metatype)) return value;
    return super.transform(value, metadata);
  }
}

/** Every DTO validated, unknown properties refused, values converted to the declared types. */
export function createValidationPipe(): ValidationPipe {
  return new DtoValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError(
        'bad-request',
        'VALIDATION_FAILED',
        'The request has invalid fields.',
        fieldProblems(errors),
      ),
  });
}
