/*
 * jsdom has no structuredClone; @prospect/domain clones its example trials with it when the
 * module loads. Import this first in specs that use EXAMPLE_TRIALS (the examples are plain JSON).
 */
const scope = globalThis as { structuredClone?: <T>(value: T) => T };
scope.structuredClone ??= <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export {};
