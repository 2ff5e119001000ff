import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proc from '@prospect/fixtures/stats/roc/pROC-reference.json';
import { rpactCriticalValues } from '@prospect/fixtures/stats/sequential/rpact-lookup';
import rpact from '@prospect/fixtures/stats/sequential/rpact-reference.json';
import { runCli } from './testing/run-cli';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

interface AucCase {
  name: string;
  scores: number[];
  outcomes: number[];
  auc: number;
  variance: number;
  ci95: [number, number];
}

interface PairedCase {
  name: string;
  scoresA: number[];
  scoresB: number[];
  outcomes: number[];
  difference?: number;
  z: number;
  p: number;
}

/** Relative difference, treating values within 1e-15 of 0 as equal to 0. */
const close = (actual: number, expected: number, tolerance = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), 1e-15));

describe('prospect stats', () => {
  let workDir: string;
  beforeAll(() => (workDir = mkdtempSync(join(tmpdir(), 'prospect-stats-'))));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  async function cli(args: string[]): Promise<Outcome> {
    return runCli(args, { cwd: workDir, env: { NODE_ENV: 'test' } });
  }

  function csv(name: string, columns: Record<string, readonly number[]>): string {
    const names = Object.keys(columns);
    const length = (columns[names[0] as string] ?? []).length;
    const lines = [names.join(',')];
    for (let row = 0; row < length; row++)
      lines.push(names.map((column) => String(columns[column]?.[row])).join(','));
    writeFileSync(join(workDir, name), `${lines.join('\n')}\n`);
    return name;
  }

  it('reproduces pROC’s AUC, DeLong SE and CI from a CSV', async () => {
    const reference = (proc.auc as unknown as AucCase[]).find(
      (entry) => entry.scores.length >= 50,
    ) as AucCase;
    const file = csv('auc.csv', { outcome: reference.outcomes, score: reference.scores });
    const outcome = await cli(['stats', 'performance', '--input', file, '--json']);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(outcome.stdout);
    close(report.auc.estimate, reference.auc);
    close(report.auc.se, Math.sqrt(reference.variance));
    close(report.auc.ci[0], reference.ci95[0]);
    close(report.auc.ci[1], reference.ci95[1]);
    expect(report.n).toBe(reference.scores.length);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'confusion',
        'sensitivity',
        'specificity',
        'ppv',
        'npv',
        'calibration',
        'netBenefit',
      ]),
    );
    const human = await cli(['stats', 'performance', '--input', file]);
    expect(human.stdout).toMatch(/^\d+ patients, \d+ with the outcome\nAUC 0\.\d{3} \(DeLong 95% CI/);
  });

  it('runs the paired DeLong test against a comparator column, as pROC roc.test', async () => {
    const reference = (proc.paired as unknown as PairedCase[])[0] as PairedCase;
    const file = csv('paired.csv', {
      outcome: reference.outcomes,
      score: reference.scoresA,
      clinical: reference.scoresB,
    });
    const outcome = await cli([
      'stats',
      'performance',
      '--input',
      file,
      '--comparator',
      'clinical',
      '--json',
    ]);
    expect(outcome.code).toBe(0);
    const report = JSON.parse(outcome.stdout);
    close(report.comparator.z, reference.z);
    close(report.comparator.p, reference.p);
  });

  it('prints rpact’s critical values, stage levels and alpha spent', async () => {
    const reference = rpact.cases.find(
      (entry) => entry.design === 'asOF' && entry.sided === 1 && entry.informationRates.length === 3,
    );
    if (!reference) throw new Error('fixture case missing');
    const outcome = await cli([
      'stats',
      'boundaries',
      '--design',
      'asOF',
      '--alpha',
      String(reference.alpha),
      '--sided',
      '1',
      '--information',
      reference.informationRates.join(','),
      '--json',
    ]);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(outcome.stdout);
    reference.criticalValues.forEach((value, look) => close(result.criticalValues[look], value, 1e-6));
    reference.alphaSpent.forEach((value, look) => close(result.alphaSpent[look], value, 1e-6));
  });

  it('refuses bad input with a message naming the option, line or column', async () => {
    const missing = await cli(['stats', 'performance', '--input', 'nope.csv']);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toMatch(/--input nope\.csv: cannot read/);
    writeFileSync(join(workDir, 'bad.csv'), 'outcome,score\n1,0.5\n2,0.4\n');
    expect((await cli(['stats', 'performance', '--input', 'bad.csv'])).stderr).toMatch(
      /line 3, column outcome: 2 is not 0 or 1/,
    );
    writeFileSync(join(workDir, 'noscore.csv'), 'outcome,probability\n1,0.5\n0,0.4\n');
    expect((await cli(['stats', 'performance', '--input', 'noscore.csv'])).stderr).toMatch(
      /no column "score"/,
    );
    writeFileSync(join(workDir, 'onlyevents.csv'), 'outcome,score\n1,0.5\n1,0.4\n');
    expect((await cli(['stats', 'performance', '--input', 'onlyevents.csv'])).code).toBe(1);
    expect((await cli(['stats', 'performance', '--input', 'bad.csv', '--threshold', 'x'])).code).toBe(2);
    expect(
      (
        await cli([
          'stats',
          'boundaries',
          '--design',
          'XX',
          '--alpha',
          '0.025',
          '--sided',
          '1',
          '--information',
          '0.5,1',
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await cli([
          'stats',
          'boundaries',
          '--design',
          'asOF',
          '--alpha',
          '0.025',
          '--sided',
          '1',
          '--information',
          '0.5,0.4',
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await cli([
          'stats',
          'boundaries',
          '--design',
          'asHSD',
          '--alpha',
          '0.025',
          '--sided',
          '1',
          '--information',
          '0.5,1',
        ])
      ).stderr,
    ).toMatch(/--gamma is required/);
  });

  describe('analysis', () => {
    /** Eight subjects with AUC 13/16 by hand (see libs/core/analysis run-analysis.spec.ts), look 1 of 2 at 0.5. */
    const snapshot = {
      format: 'prospect.analysis-snapshot/1',
      trialCode: 'MM-RAD-01',
      protocolVersion: 1,
      lookNumber: 1,
      frozenAt: '2027-06-01T00:00:00.000Z',
      design: {
        threshold: 0.5,
        plannedSampleSize: 16,
        primaryHypothesis: { metric: 'auc', nullValue: 0.5, alternativeValue: 0.7 },
        interimPlan: {
          looks: [{ informationFraction: 0.5 }, { informationFraction: 1 }],
          alpha: 0.025,
          sided: 1,
          spending: { type: 'obrien-fleming' },
          futility: { type: 'none' },
        },
        subgroups: [],
        confidence: 0.95,
      },
      previousLooks: [],
      subjects: [
        [0.9, 1],
        [0.8, 1],
        [0.6, 1],
        [0.35, 1],
        [0.7, 0],
        [0.4, 0],
        [0.3, 0],
        [0.1, 0],
      ].map(([probability, outcome], index) => ({
        subjectId: `MM-RAD-01-HD01-000${index + 1}`,
        site: 'HD01',
        leafIndex: index + 1,
        lockedAt: '2027-01-01T00:00:00.000Z',
        probability,
        outcome,
        outcomeStatus: 'observed',
        exclusions: [],
        subgroups: {},
      })),
    };

    it('re-runs an analysis from its snapshot, hashes it, and checks an expected hash', async () => {
      writeFileSync(join(workDir, 'snapshot.json'), JSON.stringify(snapshot));
      const outcome = await cli(['stats', 'analysis', '--snapshot', 'snapshot.json', '--json']);
      expect(outcome).toMatchObject({ code: 0, stderr: '' });
      const printed = JSON.parse(outcome.stdout);
      close(printed.result.primary.report.auc.estimate, 0.8125);
      const c1 = rpactCriticalValues('asOF', 0.025, 1, [0.5, 1])[0] as number;
      close(printed.result.criticalValue, c1, 1e-6);
      expect(printed.result.decision).toBe('continue');
      expect(printed.resultSha256).toMatch(/^[0-9a-f]{64}$/);

      const matching = await cli([
        'stats',
        'analysis',
        '--snapshot',
        'snapshot.json',
        '--expect-result-sha256',
        printed.resultSha256,
      ]);
      expect(matching.code).toBe(0);
      expect(matching.stdout).toMatch(/MM-RAD-01 look 1 of 2: information fraction 0\.500/);
      expect(matching.stdout).toMatch(/AUC 0\.813/);
      expect(matching.stdout).toMatch(/\(as expected\)/);

      const mismatch = await cli([
        'stats',
        'analysis',
        '--snapshot',
        'snapshot.json',
        '--expect-result-sha256',
        '0'.repeat(64),
      ]);
      expect(mismatch.code).not.toBe(0);
      expect(mismatch.stderr).toMatch(/does not reproduce/);
    });

    it('says what is wrong with a file that is not a snapshot', async () => {
      writeFileSync(join(workDir, 'not-json.json'), '{');
      expect((await cli(['stats', 'analysis', '--snapshot', 'not-json.json'])).stderr).toMatch(/not JSON/);
      writeFileSync(join(workDir, 'other.json'), JSON.stringify({ format: 'x' }));
      expect((await cli(['stats', 'analysis', '--snapshot', 'other.json'])).stderr).toMatch(
        /not an analysis snapshot/,
      );
      writeFileSync(join(workDir, 'empty.json'), JSON.stringify({ ...snapshot, subjects: [] }));
      const empty = await cli(['stats', 'analysis', '--snapshot', 'empty.json']);
      expect(empty.code).not.toBe(0);
      expect(empty.stderr).toMatch(/cannot be analysed: look 1 has no new information/);
      expect((await cli(['stats', 'analysis', '--snapshot', 'missing.json'])).stderr).toMatch(
        /cannot read the file/,
      );
    });
  });
});
