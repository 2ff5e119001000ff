import type { HealthEconomicsPlan } from '@prospect/domain';

/**
 * The base-case value of every parameter of a plan, by name: the values the deterministic
 * analysis uses, and the starting point that sensitivity analyses vary one parameter at a time.
 *
 * @param plan a validated health-economic analysis plan
 */
export function baseParameterValues(plan: HealthEconomicsPlan): Record<string, number> {
  const values: Record<string, number> = {};
  for (const parameter of plan.parameters) values[parameter.name] = parameter.value;
  return values;
}
