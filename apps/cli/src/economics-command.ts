import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type HealthEconomicsPlan,
  parseHealthEconomicsPlan,
  parseProtocolContent,
  parseTrialDefinition,
  type ValidationIssue,
} from '@prospect/domain';
import { economicEvaluation, type EconomicEvaluationResult } from '@prospect/economics';
import { CliError, USAGE } from './cli-error';
import { column, readTable } from './csv-table';

export interface EconomicsOptions {
  input: string;
  plan: string;
  draws?: number;
  seed?: string;
}

/** The default number of PSA draws, enough for a stable CEAC at the usual thresholds. */
export const DEFAULT_DRAWS = 1000;

function planFrom(file: string, cwd: string): { plan: HealthEconomicsPlan; threshold: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new CliError(
      `--plan ${file}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : 'cannot read the file'}.`,
    );
  }
  const fail = (issues: readonly ValidationIssue[], prefix = ''): never => {
    throw new CliError(
      `--plan ${file} is not valid:\n${issues.map((issue) => `  ${prefix}${issue.path}: ${issue.message}`).join('\n')}`,
    );
  };
  const object = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  // A trial definition or protocol carries the threshold and the plan; a bare plan file names both.
  if ('protocol' in object || 'schemaVersion' in object) {
    const result = 'protocol' in object ? parseTrialDefinition(object) : parseProtocolContent(object);
    if (!result.ok) return fail(result.issues);
    const protocol = 'protocol' in result.value ? result.value.protocol : result.value;
    if (!protocol.healthEconomics) {
      throw new CliError(`--plan ${file}: the protocol has no healthEconomics plan.`);
    }
    return { plan: protocol.healthEconomics, threshold: protocol.decisionThreshold };
  }
  const threshold = object['decisionThreshold'];
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold < 1)) {
    throw new CliError(
      `--plan ${file}: decisionThreshold must be a number between 0 and 1 (the protocol's locked threshold); the file is a trial definition, protocol content, or { "decisionThreshold", "healthEconomics" }.`,
    );
  }
  const plan = parseHealthEconomicsPlan(object['healthEconomics']);
  if (!plan.ok) return fail(plan.issues, 'healthEconomics.');
  return { plan: plan.value, threshold };
}

/**
 * `prospect economics`: the cost-effectiveness of acting on the model from a CSV of the trial's
 * patients (`outcome` 0/1 with 1 the responder class, `score` the locked probability) under a
 * health-economic plan: base case, ICERs with dominance, NMB per willingness to pay, the PSA's
 * acceptability curve and EVPI. The same seed gives the same result.
 */
export function economicsCommand(
  options: EconomicsOptions,
  cwd: string,
): { human: string; machine: EconomicEvaluationResult } {
  const draws = options.draws ?? DEFAULT_DRAWS;
  if (!(Number.isInteger(draws) && draws >= 0 && draws <= 100_000)) {
    throw new CliError('--draws must be a whole number from 0 to 100000.', USAGE);
  }
  const { plan, threshold } = planFrom(options.plan, cwd);
  const table = readTable(resolve(cwd, options.input), options.input);
  const outcomes = column(table, 'outcome', options.input).map((value, row) => {
    if (value !== 0 && value !== 1) {
      throw new CliError(
        `--input ${options.input}: line ${row + 2}, column outcome: ${value} is not 0 or 1.`,
      );
    }
    return value;
  });
  const scores = column(table, 'score', options.input);
  let result: EconomicEvaluationResult;
  try {
    result = economicEvaluation({
      plan,
      threshold,
      outcomes,
      scores,
      draws,
      seed: options.seed ?? 'prospect',
    });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`--input ${options.input}: ${error.message}`);
    throw error;
  }
  return { human: describe(result), machine: result };
}

const money = (value: number, currency: string) => `${currency} ${Math.round(value).toLocaleString('en-US')}`;

function describe(result: EconomicEvaluationResult): string {
  const { currency, accuracy } = result;
  const lines = [
    `${accuracy.n} patients, ${accuracy.responders} responders; at threshold ${result.threshold}: sensitivity ${accuracy.sensitivity.estimate.toFixed(3)}, specificity ${accuracy.specificity.estimate.toFixed(3)}`,
    `${result.perspective} perspective, ${result.timeHorizonYears}-year horizon, discounting ${result.discountRates.costs} (costs) / ${result.discountRates.effects} (effects), ${currency} ${result.priceYear}`,
    'base case per patient:',
  ];
  for (const row of result.baseCase.incremental) {
    const icer =
      row.icer === null
        ? ''
        : `, ICER ${money(row.icer, currency)} per ${result.effectMeasure === 'qaly' ? 'QALY' : 'life-year'}`;
    lines.push(
      `  ${row.strategy}: cost ${money(row.cost, currency)}, effect ${row.effect.toFixed(3)} — ${row.status}${row.dominatedBy ? ` by ${row.dominatedBy}` : ''}${icer}`,
    );
  }
  for (const at of result.baseCase.netMonetaryBenefit) {
    lines.push(
      `  at ${money(at.wtp, currency)}: best ${at.best} (NMB ${at.values.map((value) => `${value.strategy} ${money(value.nmb, currency)}`).join(', ')})`,
    );
  }
  if (result.psa) {
    lines.push(`probabilistic analysis: ${result.psa.draws} draws, seed ${String(result.psa.seed)}`);
    for (const entry of result.psa.evpi) {
      const point = result.psa.ceac.frontier.reduce((best, candidate) =>
        Math.abs(candidate.wtp - entry.wtp) < Math.abs(best.wtp - entry.wtp) ? candidate : best,
      );
      lines.push(
        `  at ${money(entry.wtp, currency)}: ${point.strategy} cost-effective with probability ${point.probability.toFixed(3)}; EVPI ${money(entry.perPatient, currency)} per patient, ${money(entry.population, currency)} for the population`,
      );
    }
  }
  return lines.join('\n');
}
