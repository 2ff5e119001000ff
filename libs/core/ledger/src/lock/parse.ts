import { formatIssuePath, type ParseResult } from '@prospect/domain';
import { type z } from 'zod';

/** Converts a zod result into the `ParseResult` of `@prospect/domain`, one issue per refused field. */
export function toParseResult<T>(result: z.ZodSafeParseResult<T>): ParseResult<T> {
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            path: formatIssuePath([...issue.path, key]),
            message: `Unknown property "${key}" is not allowed here`,
          }))
        : [{ path: formatIssuePath(issue.path), message: issue.message }],
    ),
  };
}

/**
 * Parses `input` with `schema`, or throws a `TypeError` naming every refused field, e.g.
 * `Invalid tree head: rootHash: Must be a SHA-256 digest ...`.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = toParseResult(schema.safeParse(input));
  if (result.ok) return result.value;
  const details = result.issues.map((issue) => `${issue.path || '(value)'}: ${issue.message}`).join('; ');
  throw new TypeError(`Invalid ${what}: ${details}`);
}
