import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { startFhirSandbox, type FhirSandbox } from '@prospect/fhir-server';
import { runCli } from './testing/run-cli';

/** `prospect hospital`: the hospital's records reach a FHIR server stage by stage. */
describe('prospect hospital', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'prospect-hospital-'));
  let sandbox: FhirSandbox;

  beforeAll(async () => {
    sandbox = await startFhirSandbox();
  });
  afterAll(() => sandbox?.close());

  async function count(resourceType: string): Promise<number> {
    const response = await fetch(`${sandbox.baseUrl}/${resourceType}?_summary=count`);
    return ((await response.json()) as Bundle).total ?? -1;
  }

  it('posts the baseline records and writes the trial, model and images; later stages add treatment and outcomes', async () => {
    const baseline = await runCli(
      [
        '--json',
        'hospital',
        'baseline',
        '--dir',
        'h',
        '--fhir',
        sandbox.baseUrl,
        '--patients',
        '10',
        '--seed',
        'spec',
        '--except',
        '3',
      ],
      { cwd: workDir },
    );
    expect(baseline.stderr).toBe('');
    expect(baseline.code).toBe(0);
    expect(JSON.parse(baseline.stdout).posted).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(await count('Patient')).toBe(9);
    const dir = join(workDir, 'h');
    expect(readdirSync(dir).sort()).toEqual([
      'hospital.json',
      'images',
      'model',
      'patients.json',
      'trial.json',
    ]);
    expect(readdirSync(join(dir, 'images'))).toHaveLength(20);
    expect(readdirSync(join(dir, 'model')).sort()).toEqual([
      'mm-rad-01-demo.card.json',
      'mm-rad-01-demo.onnx',
    ]);
    const trial = JSON.parse(readFileSync(join(dir, 'trial.json'), 'utf8'));
    expect(trial.protocol.plannedSampleSize).toBe(10);
    expect(trial.protocol.primaryEndpoint.assessmentWindowDays.start).toBe(0);
    const patients = JSON.parse(readFileSync(join(dir, 'patients.json'), 'utf8'));
    expect(patients[0]).toMatchObject({ number: 1, patientReference: expect.stringMatching(/^Patient\//) });

    const proceduresBefore = await count('Procedure');
    const treatment = await runCli(
      ['--json', 'hospital', 'treatment', '--dir', 'h', '--fhir', sandbox.baseUrl],
      {
        cwd: workDir,
      },
    );
    expect(treatment.code).toBe(0);
    expect(JSON.parse(treatment.stdout).posted).toHaveLength(10);
    const at = JSON.parse(treatment.stdout).at as string;
    expect(Date.now() - Date.parse(at)).toBeLessThan(60_000);
    expect((await count('Procedure')) + (await count('MedicationAdministration'))).toBeGreaterThan(
      proceduresBefore,
    );

    const outcomes = await runCli(
      ['--json', 'hospital', 'outcomes', '--dir', 'h', '--fhir', sandbox.baseUrl, '--except', '1,2'],
      { cwd: workDir },
    );
    expect(outcomes.code).toBe(0);
    expect(JSON.parse(outcomes.stdout).posted).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  }, 120_000);

  it('refuses a stage without the baseline state, a used folder and bad patient numbers, writing nothing', async () => {
    const noState = await runCli(['hospital', 'treatment', '--dir', 'none', '--fhir', sandbox.baseUrl], {
      cwd: workDir,
    });
    expect(noState.code).toBe(1);
    expect(noState.stderr).toContain('run "prospect hospital baseline" first');
    const used = await runCli(['hospital', 'baseline', '--dir', 'h', '--fhir', sandbox.baseUrl], {
      cwd: workDir,
    });
    expect(used.code).toBe(1);
    expect(used.stderr).toContain('not empty');
    const badExcept = await runCli(
      ['hospital', 'outcomes', '--dir', 'h', '--fhir', sandbox.baseUrl, '--except', 'two'],
      { cwd: workDir },
    );
    expect(badExcept.code).toBe(2);
    expect(badExcept.stderr).toContain('--except must list patient numbers');
    const badStage = await runCli(['hospital', 'discharge', '--dir', 'h', '--fhir', sandbox.baseUrl], {
      cwd: workDir,
    });
    expect(badStage.code).toBe(2);
  });
});
