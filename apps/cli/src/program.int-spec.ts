import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, exampleTrialFile, type TestDatabase } from '@prospect/testing';
import { runCli } from './testing/run-cli';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('prospect CLI', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'prospect-cli-'));
    database = await createTestDatabase();
    env = { NODE_ENV: 'test', DATA_DIR: join(workDir, 'data') };
    if (database.database.kind === 'postgres') env['DATABASE_URL'] = database.database.url;
  });

  afterAll(() => database?.drop());

  async function cli(args: string[], extraEnv: Record<string, string> = {}, stdin = ''): Promise<Outcome> {
    return runCli(args, { cwd: workDir, env: { ...env, ...extraEnv }, stdin });
  }

  it('migrates an empty database, then finds nothing to do', async () => {
    const first = await cli(['migrate', '--json']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(first.stdout).applied).toEqual([
      'CreateIdentityTables1795795200000',
      'CreateAuditTrail1795795260000',
      'CreateTrialTables1795795320000',
      'CreateEnrollmentTables1795795380000',
      'CreateImagingAndPredictionTables1795795440000',
      'CreateLedgerAndLockTables1795795500000',
      'CreateOutcomeAndAnalysisTables1795795560000',
      'CreateEconomicEvaluationTables1795795620000',
      'CreateSubmissionPackageTables1795795680000',
    ]);
    expect(await cli(['migrate'])).toMatchObject({
      code: 0,
      stdout: 'The schema is current; nothing to apply.\n',
    });
    expect(JSON.parse((await cli(['--json', 'migrate', '--status'])).stdout)).toEqual({ pending: false });
  }, 60_000);

  it('creates the first administrator with a generated one-time password, or one read from stdin', async () => {
    const created = await cli([
      'user',
      'create',
      '--admin',
      '--username',
      'ops.lead',
      '--display-name',
      'Ops Lead',
      '--json',
    ]);
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout);
    expect(body.user).toMatchObject({ username: 'ops.lead', isAdmin: true, mustChangePassword: true });
    expect(body.temporaryPassword).toMatch(/^[A-Za-z0-9]{20}$/);

    const fromStdin = await cli(
      ['user', 'create', '--username', 'stat.one', '--display-name', 'Stat One', '--password-stdin'],
      {},
      'a-chosen-passphrase-99\n',
    );
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toContain('Created user stat.one');
    expect(fromStdin.stdout).not.toContain('One-time password');
  }, 60_000);

  it('refuses bad user input with a message naming the field and exit code 1', async () => {
    const badName = await cli(['user', 'create', '--username', 'Bad Name', '--display-name', 'X']);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('username: must be 3–64 characters');
    const weak = await cli(
      ['user', 'create', '--username', 'weak.one', '--display-name', 'W', '--password-stdin'],
      {},
      'short\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('password: must be at least 12 characters long');
    const taken = await cli(['user', 'create', '--username', 'ops.lead', '--display-name', 'Again']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already taken');
  }, 60_000);

  it('registers a trial from a definition file on an administrator’s authority', async () => {
    const created = await cli([
      'trial',
      'create',
      '--protocol',
      exampleTrialFile('myeloma', workDir),
      '--as',
      'ops.lead',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain(
      'Registered trial MM-RAD-01 (multiple-myeloma) with 2 site(s) and protocol version 1',
    );

    const again = await cli([
      'trial',
      'create',
      '--protocol',
      exampleTrialFile('myeloma', workDir),
      '--as',
      'ops.lead',
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A trial with code MM-RAD-01 already exists.');

    const notAdmin = await cli([
      'trial',
      'create',
      '--protocol',
      exampleTrialFile('breast', workDir),
      '--as',
      'stat.one',
    ]);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('--as stat.one: no active administrator');
  }, 60_000);

  it('registers the example trial that synth --write-trial writes', async () => {
    const written = await cli(['synth', '--write-trial', 'breast.json', '--indication', 'breast']);
    expect(written).toMatchObject({ code: 0, stderr: '' });
    const created = await cli([
      'trial',
      'create',
      '--protocol',
      join(workDir, 'breast.json'),
      '--as',
      'ops.lead',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Registered trial BC-PCR-02 (breast-cancer) with 2 site(s)');
  }, 60_000);

  it('explains unreadable, malformed and invalid definition files', async () => {
    const missing = await cli([
      'trial',
      'create',
      '--protocol',
      join(workDir, 'nope.json'),
      '--as',
      'ops.lead',
    ]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('Cannot read');
    writeFileSync(join(workDir, 'broken.json'), '{ "code": ');
    const malformed = await cli([
      'trial',
      'create',
      '--protocol',
      join(workDir, 'broken.json'),
      '--as',
      'ops.lead',
    ]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('is not valid JSON');
    writeFileSync(
      join(workDir, 'invalid.json'),
      JSON.stringify({ code: 'lower', title: '', indication: 'flu', sites: [], protocol: {} }),
    );
    const invalid = await cli([
      'trial',
      'create',
      '--protocol',
      join(workDir, 'invalid.json'),
      '--as',
      'ops.lead',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The trial definition is not valid.');
    expect(invalid.stderr).toMatch(/\n {2}code: /);
    expect(invalid.stderr).toMatch(/\n {2}indication: /);
  }, 60_000);

  it('exports the audit trail, all or one trial’s', async () => {
    const all = await cli(['audit', 'export', '--format', 'json']);
    expect(all.code).toBe(0);
    const actions = (JSON.parse(all.stdout) as { action: string }[]).map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.created', 'trial.created', 'protocol.version-created']),
    );
    const trial = await cli([
      'audit',
      'export',
      '--trial',
      'MM-RAD-01',
      '--output',
      join(workDir, 'audit.csv'),
    ]);
    expect(trial.code).toBe(0);
    expect(trial.stderr).toContain('audit.csv');
    const unknown = await cli(['audit', 'export', '--trial', 'NOPE-1']);
    expect(unknown).toMatchObject({ code: 1, stderr: 'prospect: No trial with code NOPE-1.\n' });
  }, 60_000);

  it('exits 2 on usage errors and 78 on bad configuration, naming the variable', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['audit', 'export', '--format', 'xml'])).code).toBe(2);
    const badConfig = await cli(['migrate'], { DATABASE_URL: 'mysql://user:secret@db/x' });
    expect(badConfig.code).toBe(78);
    expect(badConfig.stderr).toContain('DATABASE_URL: must use postgres: or postgresql:');
    expect(badConfig.stderr).not.toContain('secret');
  });
});
