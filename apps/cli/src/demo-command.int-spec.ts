import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testing/run-cli';

interface Summary {
  trial: string;
  patients: number;
  screenedNotEligible: number;
  enrolled: number;
  locked: number;
  looks: {
    lookNumber: number;
    final: boolean;
    analysed: number;
    auc: { estimate: number } | null;
    decision: string;
  }[];
  package: { path: string; files: number; verified: boolean };
  report: { html: string | null; pdf: string | null };
  economics: { incremental: { name: string }[] };
}

/**
 * `prospect demo` end to end on the embedded defaults, whatever DATABASE_URL and REDIS_URL say
 * (the demo ignores them): the README's main command.
 */
describe('prospect demo', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'prospect-demo-'));
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://must-not-be-used:1/none',
    REDIS_URL: 'redis://must-not-be-used:1',
  };
  let first: { code: number; stdout: string; stderr: string };
  let summary: Summary;

  beforeAll(async () => {
    first = await runCli(['--json', 'demo', '--out', 'run-1', '--patients', '24', '--seed', 'spec'], {
      cwd: workDir,
      env,
    });
    summary = JSON.parse(first.stdout) as Summary;
  }, 240_000);

  it('runs the whole trial: enrollment, locks before treatment, two looks, economics, a verified package', () => {
    expect(first.code).toBe(0);
    expect(summary.patients).toBe(24);
    expect(summary.enrolled + summary.screenedNotEligible).toBe(24);
    expect(summary.enrolled).toBeGreaterThanOrEqual(18);
    expect(summary.locked).toBe(summary.enrolled);
    expect(summary.looks.map((look) => [look.lookNumber, look.final])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(summary.looks[1]?.analysed).toBe(summary.enrolled);
    expect(summary.looks[0]?.analysed).toBe(Math.ceil(summary.enrolled / 2));
    expect(summary.economics.incremental.map((row) => row.name).sort()).toEqual(
      expect.arrayContaining(['model-guided', 'standard-of-care']),
    );
    expect(summary.package).toMatchObject({ verified: true });
    // Progress went to stderr, one line per step (not a terminal here).
    expect(first.stderr).toMatch(/locking the predictions in the signed ledger \(job\)/);
    expect(first.stderr).toMatch(/VERIFIED/);
  });

  it('leaves the package with its report, the platform database and the summary in DIR', () => {
    const out = join(workDir, 'run-1');
    const manifest = JSON.parse(readFileSync(join(out, 'package', 'manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    const paths = manifest.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'datasets/sdtm/dm.xpt',
        'datasets/adam/adsl.json',
        'datasets/define.xml',
        'ledger/ledger.jsonl',
        'results/analysis-look-2.json',
        'results/economic-evaluation-1.json',
        'report/report.html',
        'report/report.pdf',
      ]),
    );
    expect(summary.report.html).toBe(join('run-1', 'package', 'report', 'report.html'));
    const html = readFileSync(join(out, 'package', 'report', 'report.html'), 'utf8');
    expect(html.match(/<figure id="figure-/g)?.length).toBeGreaterThanOrEqual(8);
    expect(existsSync(join(out, 'platform', 'pglite'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'demo-summary.json'), 'utf8'))).toEqual(summary);
  });

  it('is deterministic by seed: the same seed gives the same cohort and results', async () => {
    const again = await runCli(['--json', 'demo', '--out', 'run-2', '--patients', '24', '--seed', 'spec'], {
      cwd: workDir,
      env,
    });
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout) as Summary;
    expect(second.enrolled).toBe(summary.enrolled);
    expect(second.looks).toEqual(summary.looks);
  }, 240_000);

  it('refuses a non-empty folder and bad options before starting anything', async () => {
    mkdirSync(join(workDir, 'taken'));
    writeFileSync(join(workDir, 'taken', 'keep.txt'), 'mine');
    const taken = await runCli(['demo', '--out', 'taken'], { cwd: workDir, env });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/--out taken: the folder is not empty/);
    expect(readFileSync(join(workDir, 'taken', 'keep.txt'), 'utf8')).toBe('mine');
    const patients = await runCli(['demo', '--out', 'x', '--patients', '5'], { cwd: workDir, env });
    expect(patients.code).toBe(2);
    expect(patients.stderr).toMatch(/--patients.*10 to 2000/);
    const indication = await runCli(['demo', '--out', 'x', '--indication', 'lung'], { cwd: workDir, env });
    expect(indication.code).toBe(2);
    expect(indication.stderr).toMatch(/myeloma, breast/);
    expect(existsSync(join(workDir, 'x'))).toBe(false);
  });
});
