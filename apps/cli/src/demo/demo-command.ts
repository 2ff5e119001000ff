import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '@prospect/composition';
import {
  EXAMPLE_TRIAL_NAMES,
  EXAMPLE_TRIALS,
  exampleTrialDefinitionJson,
  isExampleTrialName,
  parseTrialDefinition,
  type ExampleTrialName,
  type TrialRole,
} from '@prospect/domain';
import { FhirConnection } from '@prospect/enrollment';
import { DEMO_MODELS, demoModelBytes } from '@prospect/models';
import { loadConfig } from '@prospect/platform';
import { InvalidArgumentError } from 'commander';
import { CliError, USAGE } from '../cli-error';
import type { Progress } from '../progress';
import { verifyPath } from '../verify-command';
import { ApiClient, type JobView } from './api-client';
import { demoBaselineImage, demoCohort, redated, type DemoPatient } from './demo-cohort';

export const DEFAULT_DEMO_PATIENTS = 200;
export const MAX_DEMO_PATIENTS = 2000;

/** The options of `prospect demo`, as commander parses them. */
export interface DemoOptions {
  out: string;
  indication?: string;
  patients?: number;
  seed?: string;
}

/** The demo's users, one per role of a trial's life. */
const DEMO_ROLES: readonly TrialRole[] = [
  'coordinator',
  'outcome-assessor',
  'statistician',
  'dmc',
  'regulatory',
];

/** Enrollment and upload requests in flight at once (the API is in this process: two cores). */
const CONCURRENCY = 4;

export function parseDemoPatients(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || count < 10 || count > MAX_DEMO_PATIENTS) {
    throw new InvalidArgumentError(`must be a whole number from 10 to ${MAX_DEMO_PATIENTS}.`);
  }
  return count;
}

interface LookSummary {
  readonly lookNumber: number;
  readonly final: boolean;
  readonly informationFraction: number;
  readonly analysed: number;
  readonly auc: { readonly estimate: number; readonly ci: readonly [number, number] } | null;
  readonly z: number | null;
  readonly criticalValue: number;
  readonly decision: string;
}

export interface DemoSummary {
  readonly trial: string;
  readonly indication: ExampleTrialName;
  readonly seed: string;
  readonly patients: number;
  readonly screenedNotEligible: number;
  readonly enrolled: number;
  readonly locked: number;
  readonly looks: readonly LookSummary[];
  readonly finalPerformance: {
    readonly sensitivity: number;
    readonly specificity: number;
    readonly threshold: number;
    readonly calibrationSlope: number | null;
  } | null;
  readonly economics: {
    readonly currency: string;
    readonly effectMeasure: string;
    readonly strategies: readonly { readonly name: string; readonly cost: number; readonly effect: number }[];
    readonly incremental: readonly {
      readonly name: string;
      readonly icer: number | null;
      readonly status: string;
      readonly note: string;
    }[];
  };
  readonly package: { readonly path: string; readonly files: number; readonly verified: boolean };
  readonly report: { readonly html: string | null; readonly pdf: string | null };
  readonly platform: { readonly dataDir: string; readonly accounts: string };
  readonly seconds: Readonly<Record<string, number>>;
}

/**
 * `prospect demo`: a whole prospective validation on embedded defaults, through the platform's
 * own HTTP API in this process (PGlite, in-process jobs, the sandbox FHIR server): a synthetic
 * cohort in the FHIR server → enrollment → baseline images → radiomics and prediction → locks →
 * treatment records → outcomes → interim and final analyses → cost-effectiveness → the
 * submission package, copied into `DIR/package` and verified as `prospect verify` would.
 * Deterministic by seed (times aside: they are the run's own).
 *
 * Follow-up is compressed: treatment starts are recorded right after the locks and outcomes a
 * second later, so the demo's protocol counts outcomes from day 0 after the start (the example
 * protocols' windows open months later). Everything else is the example protocol.
 */
export async function runDemo(
  options: DemoOptions,
  cwd: string,
  progress: Progress,
): Promise<{ human: string; machine: DemoSummary }> {
  const indication = options.indication ?? 'myeloma';
  if (!isExampleTrialName(indication)) {
    throw new CliError(
      `--indication must be one of ${EXAMPLE_TRIAL_NAMES.join(', ')}; got "${indication}".`,
      USAGE,
    );
  }
  const patients = options.patients ?? DEFAULT_DEMO_PATIENTS;
  const seed = options.seed ?? 'prospect-demo';
  const out = resolve(cwd, options.out);
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new CliError(`--out ${options.out}: the folder is not empty; choose a new one.`);
  }
  const platformDir = join(out, 'platform');
  mkdirSync(platformDir, { recursive: true });
  const seconds: Record<string, number> = {};
  const started = Date.now();
  let stepStarted = started;
  const timed = (name: string): void => {
    const now = Date.now();
    seconds[name] = (now - stepStarted) / 1000;
    stepStarted = now;
  };

  progress.step('starting the platform (embedded PostgreSQL, in-process jobs, sandbox FHIR server)');
  const bootstrap = secret();
  // Embedded defaults whatever the environment says: the demo must not touch a real deployment.
  const config = loadConfig(
    {
      NODE_ENV: 'development',
      DATA_DIR: platformDir,
      HOST: '127.0.0.1',
      FHIR_SANDBOX_PATIENTS: '0',
      BOOTSTRAP_ADMIN_PASSWORD: bootstrap,
      LOG_LEVEL: 'silent',
    },
    cwd,
  );
  const { app } = await createHttpApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const api = new ApiClient(`http://127.0.0.1:${port}/api/v1`);
    const sandbox = app.get(FhirConnection).sandboxServer;
    if (!sandbox) throw new Error('the embedded platform started without its sandbox FHIR server');
    timed('start');

    progress.step('registering the model, the trial and its users');
    const passwords: Record<string, string> = { admin: secret() };
    const admin = await firstLogin(api, 'admin', bootstrap, passwords['admin'] as string);
    const model = DEMO_MODELS[indication];
    await api.upload(
      '/models',
      admin,
      [{ field: 'model', filename: `${model.card.name}.onnx`, bytes: demoModelBytes(model) }],
      { card: JSON.stringify(model.card) },
    );
    const definition = demoDefinition(indication, patients);
    const threshold = (definition['protocol'] as { decisionThreshold: number }).decisionThreshold;
    const trialCode = EXAMPLE_TRIALS[indication].code;
    const trialPath = `/trials/${trialCode}`;
    await api.json('POST', '/trials', admin, definition);
    await api.json('POST', `${trialPath}/protocol-versions/1/approve`, admin, {
      password: passwords['admin'],
    });
    const tokens: Partial<Record<TrialRole, string>> = {};
    // Password hashing is memory-hard and runs off the main thread: the accounts are made together.
    await Promise.all(
      DEMO_ROLES.map(async (role) => {
        const username = `demo-${role}`;
        const created = await api.json<{ user: { id: string }; temporaryPassword: string }>(
          'POST',
          '/users',
          admin,
          { username, displayName: `Demo ${role}` },
        );
        await api.json('POST', `/users/${created.user.id}/roles`, admin, { trialCode, role });
        passwords[username] = secret();
        tokens[role] = await firstLogin(
          api,
          username,
          created.temporaryPassword,
          passwords[username] as string,
        );
      }),
    );
    const token = (role: TrialRole): string => tokens[role] as string;
    const accountsFile = join(out, 'demo-accounts.json');
    writeFileSync(
      accountsFile,
      `${JSON.stringify({ note: 'Synthetic demo platform only: the accounts of DIR/platform (DATA_DIR=DIR/platform npm start).', passwords }, null, 2)}\n`,
      { mode: 0o600 },
    );
    timed('setup');

    progress.step('loading the synthetic cohort into the sandbox FHIR server', patients);
    const cohort = demoCohort(EXAMPLE_TRIALS[indication], patients, seed, new Date());
    for (const patient of cohort) {
      await sandbox.load(patient.baseline);
      progress.update(patient.index + 1);
    }
    timed('cohort');

    progress.step('enrolling (eligibility, baseline link)', patients);
    const sites = EXAMPLE_TRIALS[indication].sites.map((site) => site.code);
    const enrolled: { patient: DemoPatient; subjectId: string }[] = [];
    let notEligible = 0;
    let enrolledSoFar = 0;
    await inParallel(cohort, CONCURRENCY, async (patient) => {
      const site = sites[patient.index % sites.length] as string;
      const answer = await api.enroll(trialPath, token('coordinator'), `Patient/${patient.patientId}`, site);
      if (answer === 'not-eligible') notEligible += 1;
      else enrolled.push({ patient, subjectId: answer });
      progress.update(++enrolledSoFar);
    });
    enrolled.sort((a, b) => a.patient.index - b.patient.index);
    timed('enroll');

    progress.step('uploading baseline images and lesion masks', enrolled.length);
    let uploaded = 0;
    await inParallel(enrolled, CONCURRENCY, async ({ patient, subjectId }) => {
      const { image, mask } = demoBaselineImage(patient, seed);
      await api.upload(`${trialPath}/enrollments/${subjectId}/baseline-image`, token('coordinator'), [
        { field: 'image', filename: 'image.nii.gz', bytes: image },
        { field: 'mask', filename: 'mask.nii.gz', bytes: mask },
      ]);
      progress.update(++uploaded);
    });
    timed('images');

    progress.step('radiomics and predictions (job)');
    await runJob(api, trialPath, token('coordinator'), `${trialPath}/predictions`, {}, progress);
    timed('predict');

    progress.step('locking the predictions in the signed ledger (job)');
    const { job: lockJob } = await runJob(
      api,
      trialPath,
      token('coordinator'),
      `${trialPath}/locks`,
      {},
      progress,
    );
    const locked = Number(lockJob.result?.['locked'] ?? 0);
    progress.finish(`${locked} locked`);
    timed('lock');

    // Treatment starts now, after every lock; outcomes follow a second later.
    progress.step("treatment records and the interim look's outcomes reach the FHIR server");
    const treatmentStart = new Date();
    for (const { patient } of enrolled) await sandbox.load(redated(patient.treatment, treatmentStart));
    const assessedAt = new Date(treatmentStart.getTime() + 1_000);
    const half = Math.ceil(enrolled.length / 2);
    for (const { patient } of enrolled.slice(0, half))
      await sandbox.load(redated(patient.outcome, assessedAt));
    await untilPast(assessedAt);
    timed('fhir-1');
    progress.step('outcome sync: treatment starts re-read, outcomes derived (job)');
    await runJob(api, trialPath, token('outcome-assessor'), `${trialPath}/outcomes/sync`, {}, progress);
    timed('outcomes-1');

    progress.step('interim analysis (look 1)');
    const interim = await analyse(api, trialPath, 1, token, passwords, threshold, progress);
    timed('look-1');

    progress.step('remaining outcomes, final analysis (look 2)');
    for (const { patient } of enrolled.slice(half)) await sandbox.load(redated(patient.outcome, assessedAt));
    await runJob(api, trialPath, token('outcome-assessor'), `${trialPath}/outcomes/sync`, {}, progress);
    const final = await analyse(api, trialPath, 2, token, passwords, threshold, progress);
    timed('look-2');

    progress.step('cost-effectiveness (probabilistic sensitivity analysis, 1 000 draws)');
    const economics = await evaluate(
      api,
      trialPath,
      token('statistician'),
      final.look.lookNumber,
      seed,
      progress,
    );
    timed('economics');

    progress.step('building the submission package (job)');
    const { answer: requested } = await runJob<{ package: { packageNumber: number } }>(
      api,
      trialPath,
      token('regulatory'),
      `${trialPath}/submission-packages`,
      {},
      progress,
    );
    const packageNumber = requested.package.packageNumber;
    await api.json(
      'POST',
      `${trialPath}/submission-packages/${packageNumber}/signatures`,
      token('regulatory'),
      {
        password: passwords['demo-regulatory'],
      },
    );
    const packageDir = join(out, 'package');
    cpSync(join(config.dataDir, 'packages', trialCode, String(packageNumber)), packageDir, {
      recursive: true,
    });
    timed('package');

    progress.step('verifying the package offline (prospect verify)');
    const verification: string[] = [];
    const verifyCode = await verifyPath(
      packageDir,
      { json: false, trustedKeys: [] },
      { stdout: (text) => verification.push(text), stderr: (text) => verification.push(text) },
    );
    timed('verify');
    progress.finish(verifyCode === 0 ? 'VERIFIED' : 'FAILED');
    if (verifyCode !== 0) throw new CliError(`the demo's package did not verify:\n${verification.join('')}`);

    const summary: DemoSummary = {
      trial: trialCode,
      indication,
      seed,
      patients,
      screenedNotEligible: notEligible,
      enrolled: enrolled.length,
      locked,
      looks: [interim.look, final.look],
      finalPerformance: final.atThreshold,
      economics,
      package: {
        path: relative(cwd, packageDir) || '.',
        files: countFiles(packageDir),
        verified: verifyCode === 0,
      },
      report: {
        html: reportPath(packageDir, 'report/report.html', cwd),
        pdf: reportPath(packageDir, 'report/report.pdf', cwd),
      },
      platform: { dataDir: relative(cwd, platformDir), accounts: relative(cwd, accountsFile) },
      seconds: { ...seconds, total: (Date.now() - started) / 1000 },
    };
    writeFileSync(join(out, 'demo-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return { human: describe(summary), machine: summary };
  } finally {
    await app.close();
  }
}

function secret(): string {
  return `demo-${randomBytes(18).toString('base64url')}`;
}

async function firstLogin(
  api: ApiClient,
  username: string,
  temporary: string,
  chosen: string,
): Promise<string> {
  const { accessToken } = await api.json<{ accessToken: string }>('POST', '/auth/login', null, {
    username,
    password: temporary,
  });
  await api.json('POST', '/auth/password', accessToken, { currentPassword: temporary, newPassword: chosen });
  return accessToken;
}

/** The example trial's definition, planned for this cohort and with outcomes counted from day 0. */
export function demoDefinition(indication: ExampleTrialName, patients: number): Record<string, unknown> {
  const definition = exampleTrialDefinitionJson(indication) as { protocol: Record<string, unknown> };
  const endpoint = definition.protocol['primaryEndpoint'] as {
    assessmentWindowDays: { start: number; end: number };
  };
  definition.protocol['primaryEndpoint'] = {
    ...endpoint,
    assessmentWindowDays: { start: 0, end: endpoint.assessmentWindowDays.end },
  };
  definition.protocol['plannedSampleSize'] = patients;
  parseTrialDefinition(definition);
  return definition;
}

/**
 * Requests a job (`POST path`), shows its progress reports on the bar and waits for it: the
 * request's answer (a job, or a record with its `job`) and the finished job.
 */
async function runJob<T extends object = object>(
  api: ApiClient,
  trialPath: string,
  token: string,
  path: string,
  body: unknown,
  progress: Progress,
): Promise<{ answer: T; job: JobView }> {
  const answer = await api.json<T & ({ job: { id: string } } | { id: string })>('POST', path, token, body);
  const id = 'job' in answer ? answer.job.id : answer.id;
  const job = await api.finished(trialPath, id, token, (report) => {
    if (typeof report['done'] === 'number')
      progress.update(report['done'], Number(report['total'] ?? 0) || undefined);
  });
  return { answer, job };
}

interface AnalysisResultView {
  readonly result: {
    readonly lookNumber: number;
    readonly final: boolean;
    readonly informationFraction: number;
    readonly criticalValue: number;
    readonly decision: string;
    readonly primary:
      | {
          readonly available: true;
          readonly n: number;
          readonly report: {
            readonly auc: { readonly estimate: number; readonly ci: readonly [number, number] };
            readonly sensitivity: { readonly estimate: number };
            readonly specificity: { readonly estimate: number };
            readonly calibration: { readonly slope?: { readonly estimate: number } };
          };
          readonly test: { readonly z: number } | null;
        }
      | { readonly available: false; readonly n: number };
  };
}

/**
 * A look as the statistician requests and signs it and the DMC reads it: its summary line and the
 * performance at the locked threshold.
 */
async function analyse(
  api: ApiClient,
  trialPath: string,
  lookNumber: number,
  token: (role: TrialRole) => string,
  passwords: Record<string, string>,
  threshold: number,
  progress: Progress,
): Promise<{ look: LookSummary; atThreshold: DemoSummary['finalPerformance'] }> {
  await runJob(api, trialPath, token('statistician'), `${trialPath}/analyses`, { lookNumber }, progress);
  await api.json('POST', `${trialPath}/analyses/${lookNumber}/signatures`, token('statistician'), {
    password: passwords['demo-statistician'],
  });
  const { result } = await api.json<AnalysisResultView>(
    'GET',
    `${trialPath}/analyses/${lookNumber}/result`,
    token('dmc'),
  );
  const primary = result.primary;
  return {
    look: {
      lookNumber,
      final: result.final,
      informationFraction: result.informationFraction,
      analysed: primary.n,
      auc: primary.available ? { estimate: primary.report.auc.estimate, ci: primary.report.auc.ci } : null,
      z: primary.available ? (primary.test?.z ?? null) : null,
      criticalValue: result.criticalValue,
      decision: result.decision,
    },
    atThreshold: primary.available
      ? {
          sensitivity: primary.report.sensitivity.estimate,
          specificity: primary.report.specificity.estimate,
          threshold,
          calibrationSlope: primary.report.calibration.slope?.estimate ?? null,
        }
      : null,
  };
}

interface EconomicResultView {
  readonly result: {
    readonly currency: string;
    readonly effectMeasure: string;
    readonly baseCase: {
      readonly strategies: readonly {
        readonly strategy: string;
        readonly cost: number;
        readonly effect: number;
      }[];
      readonly incremental: readonly {
        readonly strategy: string;
        readonly icer: number | null;
        readonly status: string;
        readonly note: string;
      }[];
    };
  };
}

async function evaluate(
  api: ApiClient,
  trialPath: string,
  statistician: string,
  lookNumber: number,
  seed: string,
  progress: Progress,
) {
  const { answer: requested } = await runJob<{ evaluation: { evaluationNumber: number } }>(
    api,
    trialPath,
    statistician,
    `${trialPath}/economic-evaluations`,
    { lookNumber, draws: 1000, seed },
    progress,
  );
  const { result } = await api.json<EconomicResultView>(
    'GET',
    `${trialPath}/economic-evaluations/${requested.evaluation.evaluationNumber}/result`,
    statistician,
  );
  return {
    currency: result.currency,
    effectMeasure: result.effectMeasure,
    strategies: result.baseCase.strategies.map((row) => ({
      name: row.strategy,
      cost: row.cost,
      effect: row.effect,
    })),
    incremental: result.baseCase.incremental.map((row) => ({
      name: row.strategy,
      icer: row.icer,
      status: row.status,
      note: row.note,
    })),
  };
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function untilPast(instant: Date): Promise<void> {
  const wait = instant.getTime() - Date.now() + 50;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

function countFiles(directory: string): number {
  let count = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    count += entry.isDirectory() ? countFiles(join(directory, entry.name)) : 1;
  }
  return count;
}

function reportPath(packageDir: string, inside: string, cwd: string): string | null {
  const path = join(packageDir, inside);
  return existsSync(path) ? relative(cwd, path) : null;
}

const percent = (value: number): string => `${(100 * value).toFixed(1)} %`;

function describe(summary: DemoSummary): string {
  const lines = [
    `Prospect demo: ${summary.trial} (${summary.indication}), ${summary.patients} synthetic patients, seed "${summary.seed}", ${summary.seconds['total']?.toFixed(1)} s`,
    `  enrolled ${summary.enrolled} (${summary.screenedNotEligible} not eligible), locked before treatment ${summary.locked}`,
  ];
  for (const look of summary.looks) {
    const auc = look.auc
      ? `AUC ${look.auc.estimate.toFixed(3)} (95 % CI ${look.auc.ci[0].toFixed(3)}–${look.auc.ci[1].toFixed(3)})`
      : 'AUC not available';
    lines.push(
      `  look ${look.lookNumber}${look.final ? ' (final)' : ''} at information ${look.informationFraction.toFixed(2)}: ` +
        `${look.analysed} analysed, ${auc}, z ${look.z === null ? '—' : look.z.toFixed(2)} vs ${look.criticalValue.toFixed(2)}: ${look.decision}`,
    );
  }
  if (summary.finalPerformance) {
    const p = summary.finalPerformance;
    lines.push(
      `  at the locked threshold ${p.threshold}: sensitivity ${percent(p.sensitivity)}, specificity ${percent(p.specificity)}` +
        (p.calibrationSlope === null ? '' : `, calibration slope ${p.calibrationSlope.toFixed(2)}`),
    );
  }
  {
    const { currency, effectMeasure } = summary.economics;
    for (const row of summary.economics.incremental) {
      // The note spells out dominance; a non-dominated strategy is better said by its ICER.
      const text =
        row.icer === null
          ? row.note
          : `${row.status}, ICER ${Math.round(row.icer).toLocaleString('en-GB')} ${currency} per ${effectMeasure}`;
      lines.push(`  ${row.name}: ${text}`);
    }
  }
  lines.push(
    `  package: ${summary.package.path} (${summary.package.files} files, manifest signed, ${summary.package.verified ? 'VERIFIED' : 'NOT verified'})`,
  );
  if (summary.report.html)
    lines.push(`  report: ${summary.report.html}${summary.report.pdf ? ` and ${summary.report.pdf}` : ''}`);
  lines.push(
    `  the platform's database: DATA_DIR=${summary.platform.dataDir} npm start (accounts in ${summary.platform.accounts})`,
  );
  return lines.join('\n');
}
