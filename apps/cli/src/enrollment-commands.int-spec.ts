import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { DEMO_COHORT_SEED } from '@prospect/enrollment';
import { generateCohort, withStableIds } from '@prospect/synth';
import { createTestDatabase, exampleTrialFile, type TestDatabase } from '@prospect/testing';
import { runCli } from './testing/run-cli';

/** A coordinator's path through the CLI on the embedded defaults: the demo FHIR sandbox in process. */
describe('prospect trial approve, user grant, enroll, sync', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'prospect-cli-enroll-'));
    database = await createTestDatabase();
    env = { NODE_ENV: 'test', DATA_DIR: join(workDir, 'data'), FHIR_SANDBOX_PATIENTS: '5' };
    if (database.database.kind === 'postgres') env['DATABASE_URL'] = database.database.url;
  });

  afterAll(() => database?.drop());

  async function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
    return runCli(args, { cwd: workDir, env, stdin });
  }

  /** The demo sandbox's patients have stable ids: the same seed gives the same Patient ids. */
  function demoPatient(index: number): string {
    const cohort = generateCohort({
      definition: EXAMPLE_TRIALS.myeloma,
      patients: 5,
      seed: `${DEMO_COHORT_SEED}-myeloma`,
    });
    const bundle = withStableIds(cohort.baselineBundles[index] as never);
    return `Patient/${(bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource as Patient).id ?? ''}`;
  }

  it('sets up a trial: users, approval with a signature, a coordinator role', async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    expect(
      (
        await cli(
          ['user', 'create', '--admin', '--username', 'ops', '--display-name', 'Ops', '--password-stdin'],
          'signing-secret-4567\n',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await cli(
          ['user', 'create', '--username', 'coord', '--display-name', 'Coord', '--password-stdin'],
          'enrolling-secret-4567\n',
        )
      ).code,
    ).toBe(0);
    expect(
      (await cli(['trial', 'create', '--protocol', exampleTrialFile('myeloma', workDir), '--as', 'ops']))
        .code,
    ).toBe(0);
    const wrong = await cli(
      ['trial', 'approve', '--trial', 'MM-RAD-01', '--version', '1', '--as', 'ops'],
      'not-the-password\n',
    );
    expect(wrong).toMatchObject({ code: 1 });
    expect(wrong.stderr).toContain('username or password is not correct');
    const approved = await cli(
      ['trial', 'approve', '--trial', 'MM-RAD-01', '--version', '1', '--as', 'ops'],
      'signing-secret-4567\n',
    );
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/Approved protocol MM-RAD-01 version 1; signature [0-9a-f-]{36}/);
    const granted = await cli([
      'user',
      'grant',
      '--username',
      'coord',
      '--trial',
      'MM-RAD-01',
      '--role',
      'coordinator',
      '--as',
      'ops',
      '--reason',
      'Study coordinator',
    ]);
    expect(granted).toMatchObject({ code: 0, stdout: 'Granted coordinator in MM-RAD-01 to coord.\n' });
    expect(
      (
        await cli([
          'user',
          'grant',
          '--username',
          'coord',
          '--trial',
          'MM-RAD-01',
          '--role',
          'pilot',
          '--as',
          'ops',
        ])
      ).code,
    ).toBe(2);
  }, 120_000);

  it('enrolls a demo patient as the coordinator, refuses a second time and refuses a non-coordinator', async () => {
    const enrolled = await cli([
      'enroll',
      '--trial',
      'MM-RAD-01',
      '--patient',
      demoPatient(0),
      '--site',
      'HD01',
      '--as',
      'coord',
    ]);
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toMatch(
      /^Enrolled MM-RAD-01-HD01-0001 at HD01: eligibility (passed|needs-review), treatment start (actual|unknown)/,
    );
    const again = await cli([
      'enroll',
      '--trial',
      'MM-RAD-01',
      '--patient',
      demoPatient(0),
      '--site',
      'HD01',
      '--as',
      'coord',
    ]);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toContain('already enrolled');
    const notCoordinator = await cli([
      'enroll',
      '--trial',
      'MM-RAD-01',
      '--patient',
      demoPatient(1),
      '--site',
      'HD01',
      '--as',
      'ops',
    ]);
    expect(notCoordinator).toMatchObject({
      code: 1,
      stderr: 'prospect: --as ops: no active user with the coordinator role in this trial.\n',
    });
    expect(
      (
        await cli([
          'enroll',
          '--trial',
          'MM-RAD-01',
          '--patient',
          demoPatient(1),
          '--site',
          'HD01',
          '--as',
          'coord',
          '--planned-start',
          '2026-02-01',
        ])
      ).code,
    ).toBe(2);
  }, 60_000);

  it('syncs the trial and finds nothing changed on an unchanged FHIR server', async () => {
    const synced = await cli(['--json', 'sync', '--trial', 'MM-RAD-01', '--as', 'coord']);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toEqual({ enrollments: 1, changed: 0, unchanged: 1, missing: 0 });
    expect(
      (await cli(['sync', '--trial', 'MM-RAD-01', '--subject', 'MM-RAD-01-HD01-0099', '--as', 'coord'])).code,
    ).toBe(1);
  }, 60_000);

  it('exports the submission package as a regulatory user, with a manifest of every file', async () => {
    expect(
      (
        await cli([
          'user',
          'grant',
          '--username',
          'coord',
          '--trial',
          'MM-RAD-01',
          '--role',
          'regulatory',
          '--as',
          'ops',
        ])
      ).code,
    ).toBe(0);
    const built = await cli([
      '--json',
      'export',
      '--trial',
      'MM-RAD-01',
      '--out',
      'package',
      '--as',
      'coord',
    ]);
    expect(built.code).toBe(0);
    expect(built.stderr).toMatch(/building the submission package: \d+ files \(\d+\.\d s\)/);
    const manifest = JSON.parse(built.stdout) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['datasets/sdtm/dm.xpt', 'datasets/define.xml', 'ledger/ledger.jsonl']),
    );
    expect(JSON.parse(readFileSync(join(workDir, 'package', 'manifest.json'), 'utf8'))).toEqual(manifest);
    const again = await cli(['export', '--trial', 'MM-RAD-01', '--out', 'package', '--as', 'coord']);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toMatch(/--out package: the folder is not empty/);
    const verified = await cli(['verify', join('package', 'ledger', 'ledger.jsonl')]);
    expect(verified.code).toBe(0);
    const whole = await cli(['verify', 'package']);
    expect(whole.code).toBe(0);
    expect(whole.stdout).toMatch(/^Submission package of MM-RAD-01: VERIFIED\n {2}ok {3}manifest: \d+ files/);
    // A changed dataset and an unlisted file are both named.
    appendFileSync(join(workDir, 'package', 'datasets', 'sdtm', 'dm.csv'), 'x');
    writeFileSync(join(workDir, 'package', 'extra.txt'), 'not in the manifest');
    const tampered = await cli(['verify', 'package']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(
      /FAIL \[manifest\] datasets\/sdtm\/dm\.csv: \d+ bytes, the manifest says \d+/,
    );
    expect(tampered.stdout).toMatch(/FAIL \[manifest\] extra\.txt: present but not in the manifest/);
    expect(tampered.stdout).toMatch(/The package FAILED its manifest check\./);
  }, 120_000);
});
