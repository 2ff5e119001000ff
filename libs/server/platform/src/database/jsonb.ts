/**
 * A JSON value for a jsonb column. TypeORM's deep-partial insert type cannot express JSON whose
 * leaves are `unknown`; the value is plain JSON, which the driver serialises as it is.
 */
export function jsonb(value: unknown): never {
  return value as never;
}
