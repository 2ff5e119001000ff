// The JSON files are bundled with the code (resolveJsonModule; webpack and Jest load JSON):
// runtime code (the CLI's `synth`, the API's demo sandbox) and tests share them.
import type { TrialDefinition } from '../trial';
import { parseTrialDefinition } from '../validation';
import breastPcr from './breast-pcr.json';
import myelomaMrd from './myeloma-mrd.json';

/** Names of the example trial definitions (see `README.md` beside this file). */
export const EXAMPLE_TRIAL_NAMES = ['myeloma', 'breast'] as const;

export type ExampleTrialName = (typeof EXAMPLE_TRIAL_NAMES)[number];

const EXAMPLE_JSON: Readonly<Record<ExampleTrialName, Readonly<Record<string, unknown>>>> = {
  myeloma: myelomaMrd,
  breast: breastPcr,
};

export function isExampleTrialName(value: unknown): value is ExampleTrialName {
  return typeof value === 'string' && (EXAMPLE_TRIAL_NAMES as readonly string[]).includes(value);
}

/**
 * The example trial definition as stored (before validation fills in defaults), a fresh deep copy
 * on every call: to write to a file or send to the API, and free to change.
 */
export function exampleTrialDefinitionJson(name: ExampleTrialName): Record<string, unknown> {
  const json = EXAMPLE_JSON[name];
  if (!json) throw new RangeError(`Unknown example trial: ${String(name)}`);
  return structuredClone(json) as Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function parseExample(name: ExampleTrialName): TrialDefinition {
  const result = parseTrialDefinition(exampleTrialDefinitionJson(name));
  if (!result.ok) {
    const issues = result.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    throw new Error(`The example trial definition ${name} is not valid: ${issues}`);
  }
  return deepFreeze(result.value);
}

/**
 * Two synthetic example trials, validated when this module loads (an invalid file throws):
 * `myeloma` (MM-RAD-01: whole-body MRI, MRD negativity) and `breast` (BC-PCR-02: breast MRI,
 * pCR). Deeply frozen, being shared: copy with `structuredClone` to change one.
 */
export const EXAMPLE_TRIALS: Readonly<Record<ExampleTrialName, TrialDefinition>> = Object.freeze({
  myeloma: parseExample('myeloma'),
  breast: parseExample('breast'),
});
