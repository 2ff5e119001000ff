import { consortStages, consortTableRows } from './consort';
import type { TrialFlow } from './trial.models';

const FLOW: TrialFlow = {
  enrolled: 38,
  notLocked: 3,
  locked: 35,
  outcome: { observed: 28, adjudicated: 2, pending: 3, conflicting: 1, missing: 0, withdrawn: 1 },
  withOutcome: 30,
  analysedPrimary: 27,
  analysedSensitivity: 30,
  excludedFromPrimary: 3,
  exclusions: {
    'lock-after-treatment-start': 1,
    'imaging-outside-window': 1,
    'outcome-outside-window': 1,
    withdrawn: 0,
  },
};

describe('consort flow', () => {
  it('lays the API’s numbers out as stages with their exclusions', () => {
    const stages = consortStages(FLOW);
    expect(stages.map((stage) => [stage.key, stage.count])).toEqual([
      ['enrolled', 38],
      ['locked', 35],
      ['with-outcome', 30],
      ['analysed-primary', 27],
      ['analysed-sensitivity', 30],
    ]);
    expect(stages[0]?.aside).toMatchObject({ title: 'Not locked', count: 3 });
    expect(stages[1]?.aside?.count).toBe(5);
    expect(stages[1]?.aside?.reasons.map((reason) => [reason.key, reason.count])).toEqual([
      ['pending', 3],
      ['conflicting', 1],
      ['missing', 0],
      ['withdrawn', 1],
    ]);
    expect(stages[2]?.aside).toMatchObject({ title: 'Excluded from the primary analysis', count: 3 });
    expect(stages[2]?.note).toBe('Observed 28, adjudicated 2.');
  });

  it('gives the same numbers as table rows', () => {
    const rows = consortTableRows(FLOW);
    expect(rows[0]).toEqual({ label: 'Enrolled', count: 38, level: 0 });
    expect(rows[1]).toEqual({ label: 'Not locked', count: 3, level: 1 });
    expect(rows).toContainEqual({ label: 'Prediction locked after treatment start', count: 1, level: 2 });
    expect(rows.at(-1)).toEqual({ label: 'Analysed, sensitivity', count: 30, level: 0 });
  });
});
