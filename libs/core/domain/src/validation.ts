import { z } from 'zod';
import { healthEconomicsPlanSchema, type HealthEconomicsPlan } from './protocol/economics';
import { protocolContentSchema, type ProtocolContent } from './protocol/protocol-content';
import { trialDefinitionSchema, type TrialDefinition } from './trial';

/**
 * One problem found in an input: where (`path`, e.g. `interimPlan.looks[1].informationFraction`,
 * `''` for the input as a whole) and what is wrong and what is allowed (`message`).
 */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * The outcome of validating untrusted input: the typed value, or every issue found. Returned rather
 * than thrown so callers (CLI, API, editor) can show all problems at once.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** A JSON Schema object, as produced for the OpenAPI document. */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Renders an issue path the way a JavaScript or JSONPath reader expects:
 * `interimPlan.looks[1].informationFraction`; keys that are not identifiers are quoted
 * (`sites[0]["site name"]`); the empty path is `''`.
 *
 * @example
 * formatIssuePath(['eligibility', 'rules', 2, 'id']); // 'eligibility.rules[2].id'
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let rendered = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      rendered += `[${segment}]`;
    } else if (typeof segment === 'string' && IDENTIFIER.test(segment)) {
      rendered += rendered === '' ? segment : `.${segment}`;
    } else {
      rendered += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return rendered;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    case 'boolean':
      return 'true or false';
    case 'null':
    case 'undefined':
      return expected;
    default:
      return `a ${expected}`;
  }
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'string') return `the string ${JSON.stringify(input)}`;
  if (typeof input === 'number' || typeof input === 'boolean') return String(input);
  if (typeof input === 'object') return 'an object';
  return typeof input;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${count === 1 || count === 1n ? '' : 's'}`;
}

function sizeNoun(origin: string): string | undefined {
  if (origin === 'string') return 'character';
  if (origin === 'array' || origin === 'set') return 'item';
  return undefined;
}

/**
 * Plain-English replacements for zod's generic messages. Messages written on a schema (the
 * semantic rules) take precedence over this map, so only the structural failures land here.
 */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `Required: expected ${describeExpected(issue.expected)}`
        : `Expected ${describeExpected(issue.expected)}, got ${describeInput(issue.input)}`;
    case 'too_small': {
      const noun = sizeNoun(issue.origin);
      if (noun === undefined) {
        return issue.inclusive
          ? `Must be at least ${issue.minimum}`
          : `Must be greater than ${issue.minimum}`;
      }
      if (noun === 'character' && Number(issue.minimum) === 1) return 'Must not be empty';
      return `Must contain at least ${plural(issue.minimum, noun)}`;
    }
    case 'too_big': {
      const noun = sizeNoun(issue.origin);
      if (noun === undefined) {
        return issue.inclusive ? `Must be at most ${issue.maximum}` : `Must be less than ${issue.maximum}`;
      }
      return `Must contain at most ${plural(issue.maximum, noun)}`;
    }
    case 'invalid_format':
      if (issue.format === 'url') return 'Must be an absolute URI, e.g. http://loinc.org';
      if (issue.format === 'regex' && issue.pattern !== undefined)
        return `Must match the pattern ${issue.pattern}`;
      return `Must be a valid ${issue.format}`;
    case 'invalid_value': {
      const allowed = issue.values.map(formatValue);
      const expectation = allowed.length === 1 ? `${allowed[0]}` : `one of ${allowed.join(', ')}`;
      return issue.input === undefined
        ? `Required: must be ${expectation}`
        : `Must be ${expectation}; got ${describeInput(issue.input)}`;
    }
    case 'invalid_union':
      if (issue.discriminator !== undefined && Array.isArray(issue.options)) {
        const options: readonly unknown[] = issue.options;
        const input: unknown = issue.input;
        const value =
          typeof input === 'object' && input !== null && !Array.isArray(input)
            ? (input as Record<string, unknown>)[issue.discriminator]
            : undefined;
        const got = value === undefined ? 'it is missing' : `got ${describeInput(value)}`;
        return `Must be one of ${options.map(formatValue).join(', ')}; ${got}`;
      }
      return 'Does not match any of the allowed forms';
    default:
      return undefined;
  }
};

function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue): ValidationIssue[] => {
    // Reported per key, at the key's own path, so editors can highlight the offending line.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatIssuePath([...issue.path, key]),
        message: `Unknown property "${key}" is not allowed here; remove it or correct its spelling`,
      }));
    }
    return [{ path: formatIssuePath(issue.path), message: issue.message }];
  });
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: errorMap });
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error) };
}

/**
 * Validates untrusted protocol content (e.g. parsed JSON) against {@link protocolContentSchema},
 * applying defaults. Never throws for invalid input.
 *
 * @example
 * const result = parseProtocolContent(JSON.parse(text));
 * if (!result.ok) {
 *   for (const issue of result.issues) report(`${issue.path}: ${issue.message}`);
 * }
 */
export function parseProtocolContent(input: unknown): ParseResult<ProtocolContent> {
  return parseWith(protocolContentSchema, input);
}

/**
 * Validates an untrusted health-economic analysis plan (the protocol's `healthEconomics`), applying
 * defaults; issue paths are relative to the plan. Never throws for invalid input.
 */
export function parseHealthEconomicsPlan(input: unknown): ParseResult<HealthEconomicsPlan> {
  return parseWith(healthEconomicsPlanSchema, input);
}

/**
 * Validates an untrusted trial definition file against {@link trialDefinitionSchema}, including
 * its protocol. Issue paths inside the protocol start with `protocol.`. Never throws for invalid
 * input.
 *
 * @example
 * parseTrialDefinition({ code: 'mm-1' }); // { ok: false, issues: [{ path: 'code', ... }, ...] }
 */
export function parseTrialDefinition(input: unknown): ParseResult<TrialDefinition> {
  return parseWith(trialDefinitionSchema, input);
}

/**
 * The JSON Schema (OpenAPI 3.0 dialect) of protocol content as accepted on input, for the OpenAPI
 * document and editor tooling. Cross-field rules (uniqueness, ordering, "at least one of") cannot
 * be expressed in JSON Schema and are only enforced by {@link parseProtocolContent}.
 *
 * A fresh object is returned on every call, so callers may modify it.
 */
export function protocolContentJsonSchema(): JsonSchema {
  return z.toJSONSchema(protocolContentSchema, { target: 'openapi-3.0', io: 'input' });
}

/**
 * The JSON Schema (OpenAPI 3.0 dialect) of a trial definition file; see
 * {@link protocolContentJsonSchema} for its limits.
 */
export function trialDefinitionJsonSchema(): JsonSchema {
  return z.toJSONSchema(trialDefinitionSchema, { target: 'openapi-3.0', io: 'input' });
}
