import type { Dataset, DatasetValue, DatasetVariable } from '../model';

/** A variable of a mapped dataset: name, label, type and optional format. */
export type VariableSpec = readonly [name: string, label: string, type: 'Char' | 'Num', format?: string];

/**
 * Builds a {@link Dataset} from variable specs and rows keyed by variable name (a missing key is a
 * missing value). Throws a RangeError if a row holds a key that is not a variable, so mappings
 * cannot silently drop data.
 */
export function buildDataset(
  name: string,
  label: string,
  specs: readonly VariableSpec[],
  records: readonly Record<string, DatasetValue | undefined>[],
): Dataset {
  const variables = specs.map(([variableName, variableLabel, type, format]): DatasetVariable => ({
    name: variableName,
    label: variableLabel,
    type,
    ...(format === undefined ? {} : { format }),
  }));
  const names = new Set(variables.map((variable) => variable.name));
  const rows = records.map((record) => {
    for (const key of Object.keys(record)) {
      if (!names.has(key)) throw new RangeError(`buildDataset: ${name} has no variable ${key}`);
    }
    return variables.map((variable) => record[variable.name] ?? null);
  });
  return { name, label, variables, rows };
}
