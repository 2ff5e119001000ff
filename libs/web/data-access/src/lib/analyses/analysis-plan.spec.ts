import { decisionStatement, describeFutility, plannedBoundaryTable } from './analysis-plan';
import type { AnalysisDecision, InterimPlan } from './analyses.models';

// The demo trial's plan; the expected values are the server's `boundaries.planned` for that plan
// (GET …/analyses/1/result of the demo platform), computed there by @prospect/analysis.
const plan: InterimPlan = {
  looks: [{ informationFraction: 0.5 }, { informationFraction: 1 }],
  alpha: 0.025,
  sided: 1,
  spending: { type: 'obrien-fleming' },
  futility: { type: 'non-binding-beta-spending', beta: 0.2, spending: { type: 'obrien-fleming' } },
};

describe('plannedBoundaryTable', () => {
  it('gives the boundaries the server computes for the same plan', () => {
    const rows = plannedBoundaryTable(plan);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.criticalValue).toBeCloseTo(2.962588042727721, 6);
    expect(rows[1]?.criticalValue).toBeCloseTo(1.9685956405972327, 6);
    expect(rows[0]?.cumulativeAlphaSpent).toBeCloseTo(0.001525322757988144, 8);
    expect(rows[1]?.cumulativeAlphaSpent).toBeCloseTo(0.025, 8);
    expect(rows[1]?.nominalLevel).toBeCloseTo(0.024499771791972814, 8);
    expect(rows[0]?.futilityBound).toBeCloseTo(0.559391494802459, 5);
    expect(rows[1]?.futilityBound).toBeNull();
  });

  it('has no futility bounds without a β-spending rule', () => {
    const rows = plannedBoundaryTable({ ...plan, futility: { type: 'none' } });
    expect(rows.map((row) => row.futilityBound)).toEqual([null, null]);
    expect(describeFutility({ ...plan, futility: { type: 'none' } })).toContain('None');
  });
});

describe('decisionStatement', () => {
  it.each<[AnalysisDecision, string]>([
    ['stop-for-efficacy', 'Stop for efficacy'],
    ['consider-stopping-for-futility', 'Consider stopping for futility'],
    ['continue', 'Continue the trial'],
    ['stop-below-null', 'significantly below the null value'],
    ['final-reject-null', 'null hypothesis rejected'],
    ['final-do-not-reject-null', 'null hypothesis not rejected'],
    ['insufficient-data', 'Insufficient data'],
  ])('states %s plainly', (decision, text) => {
    expect(decisionStatement(decision).headline).toContain(text);
  });
});
