/** A TypeORM transformer for bigint columns whose values stay far below 2^53 (byte counts): read as numbers. */
export const BIGINT_AS_NUMBER = {
  to: (value: number): number => value,
  from: (value: string | number): number => Number(value),
};
