import type { GroupSequentialBoundaries, PerformanceReport, SubgroupPerformance } from '@prospect/stats';

/*
 * The parts of @prospect/analysis's result and snapshot that the report draws, written out
 * structurally: importing @prospect/analysis (even its types) brings the ledger and Node's
 * crypto into every program that imports the report, and the web app imports the report for
 * its charts. An AnalysisResult is a ReportAnalysisResult (the specs pass real results), so the
 * two cannot drift apart unnoticed.
 */

/** One analysis population's results, or why they could not be computed (PopulationResult). */
export type ReportPopulationResult =
  | {
      readonly available: true;
      readonly n: number;
      readonly events: number;
      readonly report: PerformanceReport;
      readonly test: { readonly auc0: number; readonly z: number; readonly p: number } | null;
      readonly testUnavailable?: string;
    }
  | { readonly available: false; readonly n: number; readonly events: number; readonly reason: string };

/** A look's result as the report and the web charts use it (see AnalysisResult in @prospect/analysis). */
export interface ReportAnalysisResult {
  readonly lookNumber: number;
  readonly final: boolean;
  readonly informationFraction: number;
  readonly primary: ReportPopulationResult;
  readonly boundaries: {
    readonly planned: {
      readonly informationFractions: readonly number[];
      readonly futilityBounds: readonly number[] | null;
    } & GroupSequentialBoundaries;
    readonly observed: { readonly informationFractions: readonly number[] } & GroupSequentialBoundaries;
    readonly zStatistics: readonly (number | null)[];
  };
  readonly criticalValue: number;
  readonly futility: { readonly bound: number | null };
  readonly decision: string;
  readonly rationale: string;
  readonly sites: SubgroupPerformance | { readonly unavailable: string };
  readonly subgroups: readonly (
    | {
        readonly name: string;
        readonly label: string;
        readonly performance: SubgroupPerformance;
      }
    | { readonly name: string; readonly unavailable: string }
  )[];
}

/** The subject-level fields of a frozen analysis snapshot the charts need (AnalysisSnapshot). */
export interface ReportSnapshot {
  readonly subjects: readonly {
    readonly probability: number;
    readonly outcome: 0 | 1 | null;
    readonly exclusions: readonly string[];
  }[];
}
