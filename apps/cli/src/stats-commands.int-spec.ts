import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proc from '@prospect/fixtures/stats/roc/pROC-reference.json';
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
});
