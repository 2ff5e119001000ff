import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  groupSequentialBoundaries,
  performanceReport,
  type GroupSequentialDesignType,
  type PerformanceReport,
} from '@prospect/stats';
import { analysisSha256, type AnalysisResult, type AnalysisSnapshot, runAnalysis } from '@prospect/analysis';
import { CliError, USAGE } from './cli-error';
import { column, readTable } from './csv-table';

export interface PerformanceOptions {
  input: string;
  threshold?: number;
  comparator?: string;
  confidence?: number;
}

export interface BoundariesOptions {
  design: string;
  gamma?: number;
  alpha: number;
  sided: string;
  information: string;
}

const DESIGNS: readonly GroupSequentialDesignType[] = ['asOF', 'asP', 'asHSD', 'asKD', 'OF', 'P'];

/** A number for an option, or a usage error naming the option. */
export function parseNumberOption(name: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      throw new CliError(`${name} must be a number, got "${text}".`, USAGE);
    return value;
  };
}

/**
 * `prospect stats performance`: the prospective performance of a score from a CSV with columns
 * `outcome` (0/1) and `score` (and optionally a comparator column), as the platform computes it,
 * so anyone can re-analyse exported data independently.
 */
export function statsPerformance(
  options: PerformanceOptions,
  cwd: string,
): { human: string; machine: PerformanceReport } {
  const threshold = options.threshold ?? 0.5;
  if (!(threshold > 0 && threshold < 1)) throw new CliError('--threshold must be between 0 and 1.', USAGE);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new CliError('--confidence must be between 0 and 1.', USAGE);
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
  const comparator = options.comparator ? column(table, options.comparator, options.input) : undefined;
  let report: PerformanceReport;
  try {
    report = performanceReport({
      scores,
      outcomes,
      threshold,
      confidence,
      ...(comparator ? { comparator } : {}),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`--input ${options.input}: ${error.message}`);
    throw error;
  }
  return { human: describePerformance(report, threshold, confidence), machine: report };
}

/** `prospect stats boundaries`: critical values of a group-sequential design (z scale). */
export function statsBoundaries(options: BoundariesOptions): {
  human: string;
  machine: {
    criticalValues: readonly number[];
    stageLevels: readonly number[];
    alphaSpent: readonly number[];
  };
} {
  if (!DESIGNS.includes(options.design as GroupSequentialDesignType)) {
    throw new CliError(`--design must be one of ${DESIGNS.join(', ')}, got "${options.design}".`, USAGE);
  }
  if (options.sided !== '1' && options.sided !== '2') {
    throw new CliError(`--sided must be 1 or 2, got "${options.sided}".`, USAGE);
  }
  const informationRates = options.information.split(',').map((part) => Number(part.trim()));
  if (informationRates.some((rate) => !Number.isFinite(rate))) {
    throw new CliError(
      `--information must be comma-separated numbers ending in 1, got "${options.information}".`,
      USAGE,
    );
  }
  if ((options.design === 'asHSD' || options.design === 'asKD') && options.gamma === undefined) {
    throw new CliError(`--gamma is required with --design ${options.design}.`, USAGE);
  }
  try {
    const result = groupSequentialBoundaries({
      design: options.design as GroupSequentialDesignType,
      alpha: options.alpha,
      sided: options.sided === '1' ? 1 : 2,
      informationRates,
      ...(options.gamma !== undefined ? { gamma: options.gamma } : {}),
    });
    const machine = {
      criticalValues: result.criticalValues,
      stageLevels: result.stageLevels,
      alphaSpent: result.alphaSpent,
    };
    const lines = informationRates.map(
      (rate, look) =>
        `  look ${look + 1} at information ${rate}: critical z ${fixed(result.criticalValues[look], 4)}, nominal level ${fixed(result.stageLevels[look], 6)}, alpha spent ${fixed(result.alphaSpent[look], 6)}`,
    );
    return {
      human: `${options.design}, alpha ${options.alpha}, ${options.sided}-sided\n${lines.join('\n')}`,
      machine,
    };
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message, USAGE);
    throw error;
  }
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

function interval(bounds: readonly (number | null)[] | null | undefined): string {
  return bounds ? `[${fixed(bounds[0], 3)}, ${fixed(bounds[1], 3)}]` : 'n/a';
}

function describePerformance(report: PerformanceReport, threshold: number, confidence: number): string {
  const level = `${Math.round(confidence * 1000) / 10}%`;
  const lines = [
    `${report.n} patients, ${report.events} with the outcome`,
    `AUC ${fixed(report.auc.estimate, 3)} (DeLong ${level} CI ${interval(report.auc.ci)}, SE ${fixed(report.auc.se, 4)})`,
  ];
  if (report.comparator) {
    lines.push(
      `comparator AUC ${fixed(report.comparator.auc.estimate, 3)}; difference ${fixed(report.comparator.difference, 3)}, z ${fixed(report.comparator.z, 3)}, p ${fixed(report.comparator.p, 4)} (paired DeLong)`,
    );
  }
  const { tp, fp, tn, fn } = report.confusion;
  lines.push(`at threshold ${threshold}: TP ${tp}, FP ${fp}, TN ${tn}, FN ${fn}`);
  for (const name of ['sensitivity', 'specificity', 'ppv', 'npv'] as const) {
    const metric = report[name];
    lines.push(
      `  ${name} ${fixed(metric.estimate, 3)} (Wilson ${interval(metric.wilson)}, Clopper-Pearson ${interval(metric.clopperPearson)})`,
    );
  }
  if ('unavailable' in report.calibration) {
    lines.push(`calibration: not available (${report.calibration.unavailable})`);
  } else {
    const { intercept, slope, brier, scaledBrier } = report.calibration;
    lines.push(
      `calibration: intercept ${fixed(intercept.estimate, 3)} ${interval(intercept.ci)}, slope ${fixed(slope.estimate, 3)} ${interval(slope.ci)}, Brier ${fixed(brier, 4)} (scaled ${fixed(scaledBrier, 3)})`,
    );
  }
  return lines.join('\n');
}

export interface AnalysisOptions {
  snapshot: string;
  expectResultSha256?: string;
}

/**
 * `prospect stats analysis`: re-runs an interim or final analysis from the snapshot the platform
 * froze (as the DMC downloads it from `GET …/analyses/{look}/snapshot`), with the same code, and
 * prints the result with the SHA-256 of the snapshot and of the result. With
 * `--expect-result-sha256` it fails unless the result hashes to the stored value.
 */
export function statsAnalysis(
  options: AnalysisOptions,
  cwd: string,
): { human: string; machine: { snapshotSha256: string; resultSha256: string; result: AnalysisResult } } {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, options.snapshot), 'utf8');
  } catch {
    throw new CliError(`--snapshot ${options.snapshot}: cannot read the file.`);
  }
  let snapshot: AnalysisSnapshot;
  try {
    snapshot = JSON.parse(text) as AnalysisSnapshot;
  } catch (error) {
    throw new CliError(`--snapshot ${options.snapshot}: not JSON (${(error as Error).message}).`);
  }
  if (
    typeof snapshot !== 'object' ||
    snapshot === null ||
    snapshot.format !== 'prospect.analysis-snapshot/1' ||
    !Array.isArray(snapshot.subjects) ||
    typeof snapshot.design !== 'object'
  ) {
    throw new CliError(
      `--snapshot ${options.snapshot}: not an analysis snapshot (expected "format": "prospect.analysis-snapshot/1" with design and subjects).`,
    );
  }
  let result: AnalysisResult;
  try {
    result = runAnalysis(snapshot);
  } catch (error) {
    throw new CliError(`--snapshot ${options.snapshot}: cannot be analysed: ${(error as Error).message}`);
  }
  const machine = { snapshotSha256: analysisSha256(snapshot), resultSha256: analysisSha256(result), result };
  if (options.expectResultSha256 !== undefined && options.expectResultSha256 !== machine.resultSha256) {
    throw new CliError(
      `The result hashes to ${machine.resultSha256}, not the expected ${options.expectResultSha256}: it does not reproduce.`,
    );
  }
  const primary = result.primary;
  const lines = [
    `${snapshot.trialCode} look ${result.lookNumber} of ${result.plannedLooks}${result.final ? ' (final)' : ''}: information fraction ${fixed(result.informationFraction, 3)}`,
    primary.available
      ? `per protocol: ${primary.n} subjects, ${primary.events} events, AUC ${fixed(primary.report.auc.estimate, 3)} (CI ${interval(primary.report.auc.ci)}), z ${fixed(primary.test?.z, 3)}`
      : `per protocol: ${primary.n} subjects, not analysable: ${primary.reason}`,
    `boundary ${fixed(result.criticalValue, 3)}: ${result.decision} (${result.rationale})`,
    `snapshot sha256 ${machine.snapshotSha256}`,
    `result sha256 ${machine.resultSha256}${options.expectResultSha256 ? ' (as expected)' : ''}`,
  ];
  return { human: lines.join('\n'), machine };
}
