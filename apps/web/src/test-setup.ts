import { deserialize, serialize } from 'node:v8';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless/index.mjs';

// jsdom has no structuredClone, and @prospect/domain clones its example trials with it when the
// module loads; Node's structured serialisation gives the same copies.
const scope = globalThis as { structuredClone?: <T>(value: T) => T };
scope.structuredClone ??= <T>(value: T): T => deserialize(serialize(value)) as T;

setupZonelessTestEnv();
