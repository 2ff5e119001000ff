// Test support only: not exported from the library index.
import type { ProtocolContentInput } from '../protocol/protocol-content';
import type { TrialDefinitionInput } from '../trial';
import {
  parseProtocolContent,
  parseTrialDefinition,
  type ParseResult,
  type ValidationIssue,
} from '../validation';

/** Passed as a value to {@link edit} to delete the property instead of setting it. */
export const REMOVE = Symbol('remove');

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

/** A small protocol that passes validation; each test changes one thing. */
export function validProtocol(): ProtocolContentInput {
  return {
    schemaVersion: 1,
    eligibility: {
      rules: [
        {
          id: 'adult',
          description: 'Aged 18 or over',
          kind: 'inclusion',
          criterion: { type: 'age', minYears: 18 },
        },
      ],
    },
    baselineImaging: {
      modality: 'MR',
      bodySite: [{ system: SNOMED, code: '38266002', display: 'Entire body as a whole' }],
      windowDaysBeforeTreatment: 28,
      selection: 'latest-before-treatment',
    },
    treatmentStart: {
      medicationCodes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1789941' }],
      procedureCodes: [],
    },
    covariates: [{ name: 'age', label: 'Age', source: 'patient-age', valueType: 'quantity', required: true }],
    primaryEndpoint: {
      type: 'mrd',
      assayCodes: [{ system: 'http://prospect.example/codes', code: 'mrd-ngs' }],
      negativityThreshold: 1e-5,
      assessmentWindowDays: { start: 90, end: 210 },
      positiveClass: 'mrd-negative',
    },
    decisionThreshold: 0.5,
    plannedSampleSize: 200,
    primaryHypothesis: { metric: 'auc', nullValue: 0.5, alternativeValue: 0.7 },
    interimPlan: {
      looks: [{ informationFraction: 0.5 }, { informationFraction: 1 }],
      alpha: 0.025,
      sided: 1,
      spending: { type: 'obrien-fleming' },
      futility: { type: 'none' },
    },
    model: null,
  };
}

/** A small trial definition that passes validation. */
export function validTrialDefinition(): TrialDefinitionInput {
  return {
    code: 'MM-RAD-01',
    title: 'Synthetic test trial',
    indication: 'multiple-myeloma',
    sites: [{ code: 'HD01', name: 'Site one' }],
    protocol: validProtocol(),
  };
}

/** Example codings for tests that need more than one. */
export const CODINGS = {
  ldh: { system: LOINC, code: '2532-0', display: 'LDH' },
  egfr: { system: LOINC, code: '33914-3' },
  breast: { system: SNOMED, code: '76752008', display: 'Breast structure' },
} as const;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function tokens(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((match) =>
    match[1] !== undefined ? Number(match[1]) : (match[2] ?? ''),
  );
}

/**
 * A deep copy of `base` with each `path` (written like an issue path, e.g. `interimPlan.looks[1]`)
 * set to its value, or deleted for {@link REMOVE}. Intermediate objects are created as needed.
 */
export function edit(base: unknown, changes: Record<string, unknown>): unknown {
  const root: unknown = structuredClone(base);
  for (const [path, value] of Object.entries(changes)) {
    const keys = tokens(path);
    const last = keys.pop();
    let target: unknown = root;
    for (const key of keys) {
      if (!isContainer(target)) throw new Error(`Cannot follow ${path}`);
      const record = target as Record<string | number, unknown>;
      if (!isContainer(record[key])) record[key] = {};
      target = record[key];
    }
    if (!isContainer(target) || last === undefined) throw new Error(`Cannot set ${path}`);
    const record = target as Record<string | number, unknown>;
    if (value === REMOVE) {
      delete record[last];
    } else {
      record[last] = value;
    }
  }
  return root;
}

/** The issues of a result, or `[]` when it is valid, so tests can compare with `toEqual`. */
export function issuesOf(result: ParseResult<unknown>): ValidationIssue[] {
  return result.ok ? [] : result.issues;
}

/** Issues found in {@link validProtocol} after applying `changes` (see {@link edit}). */
export function protocolIssues(changes: Record<string, unknown>): ValidationIssue[] {
  return issuesOf(parseProtocolContent(edit(validProtocol(), changes)));
}

/** Issues found in {@link validTrialDefinition} after applying `changes` (see {@link edit}). */
export function trialIssues(changes: Record<string, unknown>): ValidationIssue[] {
  return issuesOf(parseTrialDefinition(edit(validTrialDefinition(), changes)));
}

/** A fixed-length list built by `make`, for size-limit tests. */
export function listOf<T>(length: number, make: (index: number) => T): T[] {
  return Array.from({ length }, (_, index) => make(index));
}
