import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleTrialDefinitionJson } from '@prospect/domain';
import { runCli } from './testing/run-cli';

/** discountedYears(2, 0.035): every duration of the plan below is capped at its 2-year horizon. */
const D2 = 1 + 1 / 1.035;

/** A two-year plan whose base case is checkable by hand (see the expectations). */
const PLAN = {
  decisionThreshold: 0.5,
  healthEconomics: {
    perspective: 'healthcare-payer',
    timeHorizonYears: 2,
    discountRates: { costs: 0.035, effects: 0.035 },
    currency: 'EUR',
    priceYear: 2026,
    effectMeasure: 'qaly',
    alternativePathway: 'intensified therapy',
    willingnessToPay: [20000, 50000],
    wtpGrid: { from: 0, to: 100000, points: 11 },
    population: { patientsPerYear: 1000, years: 5 },
    parameters: [
      { name: 'c_test', label: 'MRI and AI', value: 100, distribution: { type: 'gamma', sd: 20 } },
      { name: 'c_std', label: 'Standard', value: 1000, distribution: { type: 'fixed' } },
      { name: 'c_alt', label: 'Intensified', value: 3000, distribution: { type: 'gamma', sd: 500 } },
      { name: 'u_resp', label: 'Responder', value: 0.8, distribution: { type: 'beta', sd: 0.05 } },
      { name: 'u_alt_resp', label: 'Responder, intensified', value: 0.75, distribution: { type: 'fixed' } },
      { name: 'u_nonresp', label: 'Non-responder', value: 0.5, distribution: { type: 'fixed' } },
      {
        name: 'u_alt_nonresp',
        label: 'Non-responder, intensified',
        value: 0.7,
        distribution: { type: 'fixed' },
      },
      { name: 'y', label: 'Survival', value: 5, distribution: { type: 'fixed' } },
    ],
    testCosts: [{ parameter: 'c_test' }],
    pathways: {
      'responder-standard': { costs: [{ parameter: 'c_std' }], effects: [{ utility: 'u_resp', years: 'y' }] },
      'responder-alternative': {
        costs: [{ parameter: 'c_alt' }],
        effects: [{ utility: 'u_alt_resp', years: 'y' }],
      },
      'non-responder-standard': {
        costs: [{ parameter: 'c_std' }],
        effects: [{ utility: 'u_nonresp', years: 'y' }],
      },
      'non-responder-alternative': {
        costs: [{ parameter: 'c_alt' }],
        effects: [{ utility: 'u_alt_nonresp', years: 'y' }],
      },
    },
  },
};

/** TP 4, FN 1, TN 4, FP 1 at threshold 0.5: sensitivity = specificity = 0.8, prevalence 0.5. */
const PATIENTS = 'outcome,score\n1,0.9\n1,0.8\n1,0.7\n1,0.6\n1,0.3\n0,0.2\n0,0.1\n0,0.4\n0,0.45\n0,0.55\n';

describe('prospect economics', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'prospect-economics-'));
    writeFileSync(join(workDir, 'plan.json'), JSON.stringify(PLAN));
    writeFileSync(join(workDir, 'patients.csv'), PATIENTS);
    writeFileSync(join(workDir, 'trial.json'), JSON.stringify(exampleTrialDefinitionJson('myeloma')));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const cli = (args: string[]) => runCli(args, { cwd: workDir, env: { NODE_ENV: 'test' } });

  it('prints the base case, ICER and NMB a hand calculation gives, and the PSA', async () => {
    const outcome = await cli([
      'economics',
      '--input',
      'patients.csv',
      '--plan',
      'plan.json',
      '--draws',
      '300',
      '--json',
    ]);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(outcome.stdout);
    // Standard: 1000 and 0.65·D QALYs; model-guided: 100 + 500 + 1500 = 2100 and 0.725·D.
    const guided = result.baseCase.incremental.find(
      (row: { strategy: string }) => row.strategy === 'model-guided',
    );
    expect(guided.cost).toBeCloseTo(2100, 9);
    expect(guided.effect).toBeCloseTo(0.725 * D2, 12);
    expect(guided.icer).toBeCloseTo(1100 / (0.075 * D2), 6);
    expect(result.baseCase.netMonetaryBenefit.map((entry: { best: string }) => entry.best)).toEqual([
      'model-guided',
      'model-guided',
    ]);
    expect(result.psa.draws).toBe(300);
    expect(result.psa.ceac.wtp).toHaveLength(11);
    expect(result.psa.evpi.map((entry: { wtp: number }) => entry.wtp)).toEqual([20000, 50000]);

    const human = await cli(['economics', '--input', 'patients.csv', '--plan', 'plan.json', '--draws', '0']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /model-guided: cost EUR 2,100, effect 1\.425 — non-dominated, ICER EUR 7,459 per QALY/,
    );
    expect(human.stdout).not.toMatch(/probabilistic/);
  });

  it('reads the plan from a trial definition and reproduces a run from its seed', async () => {
    const args = [
      'economics',
      '--input',
      'patients.csv',
      '--plan',
      'trial.json',
      '--draws',
      '200',
      '--seed',
      's1',
      '--json',
    ];
    const first = await cli(args);
    expect(first.code).toBe(0);
    expect((await cli(args)).stdout).toBe(first.stdout);
    const other = await cli([...args.slice(0, -3), 's2', '--json']);
    expect(other.stdout).not.toBe(first.stdout);
    const result = JSON.parse(first.stdout);
    expect(result).toMatchObject({ currency: 'EUR', threshold: 0.5, perspective: 'healthcare-payer' });
    expect(result.baseCase.strategies.map((row: { strategy: string }) => row.strategy)).toEqual([
      'standard-of-care',
      'model-guided',
      'treat-all-alternative',
    ]);
  });

  it('says what is wrong with the input, the plan or the options', async () => {
    writeFileSync(
      join(workDir, 'bad-plan.json'),
      JSON.stringify({ ...PLAN, healthEconomics: { ...PLAN.healthEconomics, currency: 'euro' } }),
    );
    const badPlan = await cli(['economics', '--input', 'patients.csv', '--plan', 'bad-plan.json']);
    expect(badPlan.code).toBe(1);
    expect(badPlan.stderr).toMatch(/--plan bad-plan\.json is not valid:\n {2}healthEconomics\.currency: /);
    writeFileSync(
      join(workDir, 'no-threshold.json'),
      JSON.stringify({ healthEconomics: PLAN.healthEconomics }),
    );
    expect(
      (await cli(['economics', '--input', 'patients.csv', '--plan', 'no-threshold.json'])).stderr,
    ).toMatch(/decisionThreshold must be a number between 0 and 1/);
    writeFileSync(join(workDir, 'no-score.csv'), 'outcome,probability\n1,0.2\n0,0.1\n');
    expect((await cli(['economics', '--input', 'no-score.csv', '--plan', 'plan.json'])).stderr).toMatch(
      /no column "score" \(the columns are outcome, probability\)/,
    );
    writeFileSync(join(workDir, 'one-class.csv'), 'outcome,score\n1,0.2\n1,0.9\n');
    expect((await cli(['economics', '--input', 'one-class.csv', '--plan', 'plan.json'])).stderr).toMatch(
      /all 2 patients are responders/,
    );
    const draws = await cli([
      'economics',
      '--input',
      'patients.csv',
      '--plan',
      'plan.json',
      '--draws',
      '2.5',
    ]);
    expect(draws.code).toBe(2);
    expect(draws.stderr).toMatch(/--draws must be a whole number/);
  });
});
