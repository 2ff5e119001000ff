import type { ModelCard, ModelInputSource } from './model-card';

/** A radiomics feature as extracted (IBSI code, aggregation for texture features). */
export interface ExtractedFeature {
  readonly family?: string;
  readonly ibsi: string;
  readonly aggregation?: string;
  readonly value: number | null;
}

/** A covariate value as the baseline link records it (see `CovariateValue` of `@prospect/fhir-mapping`). */
export type CovariateInput =
  | { readonly valueType: 'quantity'; readonly value: number; readonly unit?: string | null }
  | { readonly valueType: 'coded'; readonly coding: { readonly code?: string; readonly system?: string } }
  | { readonly valueType: 'boolean'; readonly value: boolean };

/** One model input as fed, in the card's order, with where it came from. */
export interface AssembledInput {
  readonly name: string;
  readonly value: number;
  readonly source: ModelInputSource;
  /** How the value was obtained: as extracted or recorded, mapped from a code, or the card's pre-specified value for a missing one. */
  readonly origin: 'feature' | 'quantity' | 'code' | 'boolean' | 'when-missing';
  /** The code or boolean that was mapped, for `code` and `boolean`. */
  readonly recorded?: string;
}

export interface InputProblem {
  readonly input: string;
  readonly reason: string;
}

export type AssembledInputs =
  | { readonly ok: true; readonly inputs: AssembledInput[]; readonly vector: Float32Array }
  | { readonly ok: false; readonly problems: InputProblem[] };

/**
 * The model's input vector for one patient, in the card's order: radiomics features by IBSI code
 * (and aggregation, when the card names one), covariates by protocol name, coded and boolean
 * covariates through the card's `values`, a missing covariate through the card's pre-specified
 * `whenMissing`. Nothing is guessed: every input that cannot be filled is a problem, and then no
 * vector is returned.
 */
export function assembleModelInputs(
  card: Pick<ModelCard, 'inputs'>,
  sources: {
    readonly features: readonly ExtractedFeature[];
    readonly covariates: Readonly<Record<string, CovariateInput | null | undefined>>;
  },
): AssembledInputs {
  const inputs: AssembledInput[] = [];
  const problems: InputProblem[] = [];
  for (const input of card.inputs) {
    const source = input.source;
    if (source.kind === 'radiomics') {
      const matches = sources.features.filter(
        (feature) =>
          feature.ibsi === source.ibsi &&
          (source.aggregation === undefined || feature.aggregation === source.aggregation) &&
          (source.family === undefined || feature.family === undefined || feature.family === source.family),
      );
      if (matches.length === 0) {
        problems.push({
          input: input.name,
          reason: `no radiomics feature ${describe(source)} was extracted`,
        });
      } else if (matches.length > 1) {
        problems.push({
          input: input.name,
          reason: `${describe(source)} is ambiguous: ${matches.length} aggregations were extracted (${matches
            .map((feature) => feature.aggregation ?? 'none')
            .join(', ')}); the model card must name one`,
        });
      } else {
        const value = (matches[0] as ExtractedFeature).value;
        if (value === null || !Number.isFinite(value)) {
          problems.push({
            input: input.name,
            reason: `${describe(source)} is undefined for this region of interest`,
          });
        } else inputs.push({ name: input.name, value, source, origin: 'feature' });
      }
      continue;
    }
    const recorded = sources.covariates[source.code];
    if (recorded === null || recorded === undefined) {
      if (source.whenMissing !== undefined) {
        inputs.push({ name: input.name, value: source.whenMissing, source, origin: 'when-missing' });
      } else {
        problems.push({
          input: input.name,
          reason: `covariate ${source.code} is missing and the model card gives no value for a missing one`,
        });
      }
      continue;
    }
    switch (recorded.valueType) {
      case 'quantity':
        if (Number.isFinite(recorded.value))
          inputs.push({ name: input.name, value: recorded.value, source, origin: 'quantity' });
        else problems.push({ input: input.name, reason: `covariate ${source.code} is not a finite number` });
        break;
      case 'coded':
      case 'boolean': {
        const key = recorded.valueType === 'coded' ? (recorded.coding.code ?? '') : String(recorded.value);
        const mapped = source.values?.[key];
        if (mapped === undefined) {
          problems.push({
            input: input.name,
            reason: source.values
              ? `covariate ${source.code} is "${key}", which the model card does not map to a number (it maps ${Object.keys(source.values).join(', ')})`
              : `covariate ${source.code} is ${recorded.valueType} ("${key}") and the model card gives no numbers for its values`,
          });
        } else {
          inputs.push({
            name: input.name,
            value: mapped,
            source,
            origin: recorded.valueType === 'coded' ? 'code' : 'boolean',
            recorded: key,
          });
        }
        break;
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, inputs, vector: Float32Array.from(inputs, (input) => input.value) };
}

function describe(source: Extract<ModelInputSource, { kind: 'radiomics' }>): string {
  return `${source.ibsi}${source.aggregation ? ` (${source.aggregation})` : ''}`;
}
