import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXAMPLE_TRIAL_NAMES } from '@prospect/domain';
import {
  AuditService,
  ConfigError,
  DomainError,
  loadConfig,
  migrateUp,
  UserEntity,
  UsersService,
  type Actor,
  type AppConfig,
} from '@prospect/platform';
import { TrialsService } from '@prospect/trials';
import { TRIAL_ROLES, type TrialRole } from '@prospect/domain';
import { EnrollmentEntity, EnrollmentService } from '@prospect/enrollment';
import { SubmissionService } from '@prospect/outcomes';
import { DataSource } from 'typeorm';
import { withDataSource, withServices } from './cli-context';
import {
  parseBinCount,
  parsePositive,
  parseSpacing,
  predict,
  radiomics,
  type PredictOptions,
  type RadiomicsOptions,
} from './imaging-commands';
import { CliError } from './cli-error';
import {
  DEFAULT_DEMO_PATIENTS,
  MAX_DEMO_PATIENTS,
  parseDemoPatients,
  runDemo,
  type DemoOptions,
} from './demo/demo-command';
import {
  HOSPITAL_STAGES,
  runHospital,
  type HospitalOptions,
  type HospitalStage,
} from './demo/hospital-command';
import { startFhirSandbox } from '@prospect/fhir-server';
import { createProgress } from './progress';
import { economicsCommand, type EconomicsOptions } from './economics-command';
import { verifyPath } from './verify-command';
import {
  parseNumberOption,
  statsAnalysis,
  statsBoundaries,
  statsPerformance,
  type AnalysisOptions,
  type BoundariesOptions,
  type PerformanceOptions,
} from './stats-commands';
import {
  DEFAULT_DICOM_PATIENTS,
  MAX_PATIENTS,
  parseDicomPatients,
  parsePatients,
  parsePrevalence,
  parseSignal,
  synth,
  type SynthOptions,
} from './synth-command';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The password for `user create --password-stdin`. */
  readonly readStdin: () => Promise<string>;
  /** Whether stderr is a terminal: long commands then draw a progress bar in place. */
  readonly stderrIsTerminal?: boolean;
}

/**
 * The `prospect` command line. Returns the exit code: 0 success, 1 refused or failed, 2 usage,
 * 78 configuration. Output goes to stdout (`--json` for machines), errors to stderr.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let json = false;
  /** Set by commands whose outcome is not success or an error (verify: 1 when a check fails). */
  let exitCode = 0;
  const print = (human: string, machine: unknown): void =>
    io.stdout(json ? `${JSON.stringify(machine, null, 2)}\n` : `${human}\n`);
  const config = (): AppConfig => loadConfig(io.env, io.cwd);

  const program = new Command('prospect')
    .description('Prospect: prospective validation of clinical AI predictions')
    .option('--json', 'print machine-readable JSON')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .hook('preAction', (command) => {
      json = Boolean(command.optsWithGlobals()['json']);
    });

  program
    .command('migrate')
    .description('apply pending database migrations (DATABASE_URL, or the embedded database under DATA_DIR)')
    .option('--status', 'only report whether migrations are pending')
    .action(async (options: { status?: boolean }) => {
      await withDataSource(config(), async (dataSource) => {
        if (options.status) {
          const pending = await dataSource.showMigrations();
          print(pending ? 'Migrations are pending.' : 'The schema is current.', { pending });
          return;
        }
        const applied = await migrateUp(dataSource);
        print(
          applied.length
            ? `Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`
            : 'The schema is current; nothing to apply.',
          { applied },
        );
      });
    });

  const user = program.command('user').description('manage user accounts');
  user
    .command('create')
    .description('create a user (the first administrator of a deployment: --admin)')
    .requiredOption(
      '--username <name>',
      'login name: 3–64 lower-case letters, digits, dot, underscore, hyphen',
    )
    .requiredOption('--display-name <name>', 'printed name shown with electronic signatures')
    .option('--admin', 'grant the global admin role')
    .option('--password-stdin', 'read the initial password from standard input instead of generating one')
    .action(
      async (options: {
        username: string;
        displayName: string;
        admin?: boolean;
        passwordStdin?: boolean;
      }) => {
        const password = options.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
        const result = await withServices(config(), (context) =>
          context.get(UsersService).create(cliActor(null, 'cli'), {
            username: options.username,
            displayName: options.displayName,
            isAdmin: options.admin ?? false,
            ...(password !== undefined ? { password } : {}),
          }),
        );
        print(
          `Created ${result.user.isAdmin ? 'administrator' : 'user'} ${result.user.username} (${result.user.id}).` +
            (result.temporaryPassword
              ? `\nOne-time password (shown only now; must be changed at first login): ${result.temporaryPassword}`
              : ''),
          result,
        );
      },
    );

  user
    .command('grant')
    .description('grant a user a role in a trial')
    .requiredOption('--username <name>', 'the user receiving the role')
    .requiredOption('--trial <code>', 'trial code')
    .addOption(new Option('--role <role>', 'trial role').choices([...TRIAL_ROLES]).makeOptionMandatory())
    .requiredOption('--as <username>', 'the administrator granting it (recorded in the audit trail)')
    .option('--reason <text>', 'why (kept in the audit trail)')
    .action(
      async (options: { username: string; trial: string; role: TrialRole; as: string; reason?: string }) => {
        const assignment = await withServices(config(), async (context) => {
          const dataSource = context.get(DataSource);
          const actor = await administrator(dataSource, options.as);
          const target = await dataSource
            .getRepository(UserEntity)
            .findOneBy({ username: options.username.trim().toLowerCase() });
          if (!target) throw new CliError(`No user ${options.username}.`);
          return context
            .get(UsersService)
            .grantRole(actor, target.id, options.trial, options.role, options.reason ?? null);
        });
        print(`Granted ${options.role} in ${assignment.trialCode} to ${options.username}.`, assignment);
      },
    );

  const trial = program.command('trial').description('manage trials');
  trial
    .command('create')
    .description('register a trial, its sites and protocol version 1 from a trial definition file (JSON)')
    .requiredOption(
      '--protocol <file>',
      'trial definition file (an example: prospect synth --write-trial FILE --indication myeloma)',
    )
    .requiredOption(
      '--as <username>',
      'the administrator on whose authority the trial is registered (recorded in the audit trail)',
    )
    .action(async (options: { protocol: string; as: string }) => {
      const definition = readJson(options.protocol);
      const view = await withServices(config(), async (context) => {
        const actor = await administrator(context.get(DataSource), options.as);
        return context.get(TrialsService).create(actor, definition);
      });
      print(
        `Registered trial ${view.code} (${view.indication}) with ${view.sites.length} site(s) and protocol version ${view.latestProtocolVersion} (draft, to be approved with a signature).`,
        view,
      );
    });

  trial
    .command('approve')
    .description(
      'approve the latest protocol version with your electronic signature (password on standard input)',
    )
    .requiredOption('--trial <code>', 'trial code')
    .requiredOption('--version <n>', 'protocol version to approve')
    .requiredOption(
      '--as <username>',
      'the approving administrator; the password is read from standard input',
    )
    .action(async (options: { trial: string; version: string; as: string }) => {
      const version = Number(options.version);
      if (!Number.isInteger(version) || version < 1)
        throw new CliError('--version must be a positive integer.', 2);
      const password = (await io.readStdin()).replace(/\r?\n$/, '');
      const approved = await withServices(config(), async (context) => {
        const dataSource = context.get(DataSource);
        const trialRef = await trialByCode(dataSource, options.trial);
        const actor = await administrator(dataSource, options.as);
        return context.get(TrialsService).approve(actor, trialRef.trialId, version, password);
      });
      print(
        `Approved protocol ${options.trial} version ${approved.version}; signature ${approved.approval?.signatureId ?? ''}.`,
        approved,
      );
    });

  program
    .command('synth')
    .description(
      'generate a synthetic cohort (FHIR R4 transaction bundles) for an example trial, to files or a FHIR server',
    )
    .addOption(
      new Option('--indication <name>', 'example trial: myeloma (MM-RAD-01) or breast (BC-PCR-02)')
        .choices(EXAMPLE_TRIAL_NAMES)
        .makeOptionMandatory(),
    )
    .option('--patients <n>', `number of patients, 1–${MAX_PATIENTS}`, parsePatients)
    .option('--seed <text>', 'seed: the same seed and options give the same bytes')
    .option('--out <dir>', 'write baseline/, late/, outcomes/, truth.json, trial.json and manifest.json here')
    .option(
      '--fhir <url>',
      'instead of --out: POST the baseline bundles to this FHIR R4 server as transactions',
    )
    .option(
      '--stable-ids',
      'bundles with ids, by PUT instead of conditional creates (Medplum refuses conditional transactions over 8 entries)',
    )
    .option('--signal <x>', 'strength of the imaging marker: 0 none, 1 (default) AUC about 0.7', parseSignal)
    .option(
      '--prevalence <p>',
      'share of patients reaching the endpoint, in (0, 1); default 0.35',
      parsePrevalence,
    )
    .option(
      '--no-mess',
      'clean records: no missing covariates, out-of-window or duplicate studies, late records',
    )
    .option(
      '--no-images',
      'skip the baseline NIfTI image and lesion mask per patient (written by default with --out)',
    )
    .option(
      '--dicom <n>',
      `the first n patients also get their baseline image as a DICOM series in dicom/ (default ${DEFAULT_DICOM_PATIENTS}; 0 for none)`,
      parseDicomPatients,
    )
    .option('--force', 'write into a non-empty --out directory, or over the --write-trial file')
    .option('--write-trial <file>', 'only write the example trial definition, for trial create --protocol')
    .action(async (options: SynthOptions) => {
      const result = await synth(options, io.cwd);
      print(result.human, result.machine);
    });

  program
    .command('radiomics')
    .description('IBSI radiomics features of an image (NIfTI file or DICOM folder) in a mask (NIfTI)')
    .requiredOption(
      '--image <path>',
      'the image: a .nii/.nii.gz file, or a folder with the DICOM files of one series',
    )
    .requiredOption('--mask <path>', 'the region of interest: a .nii/.nii.gz mask on the image grid')
    .option('--bin-width <w>', 'discretise with a fixed bin size (intensity units)', parsePositive)
    .option('--bin-count <n>', 'discretise into a fixed number of bins', parseBinCount)
    .option('--discretisation <none>', 'no discretisation: the intensities are grey levels (integers ≥ 1)')
    .option('--resample <x,y,z>', 'resample to this voxel spacing in mm first', parseSpacing)
    .action((options: RadiomicsOptions) => {
      const result = radiomics(options, io.cwd);
      print(result.human, result.machine);
    });

  program
    .command('predict')
    .description('run an ONNX model on the rows of a CSV of its inputs (an optional id column aside)')
    .requiredOption('--model <file>', 'the .onnx file')
    .requiredOption(
      '--input <file>',
      "CSV: a header of the model's inputs in order, one row per case; or PyRadiomics output (with --card)",
    )
    .option('--card <file>', 'the model card (JSON): input names, output and threshold')
    .option(
      '--threshold <p>',
      'probability from which the label is 1, without --card (default 0.5)',
      parsePositive,
    )
    .option(
      '--covariates <file>',
      'with a PyRadiomics CSV: a CSV of the covariates the card names, with an id column matching its cases',
    )
    .action(async (options: PredictOptions) => {
      const result = await predict(options, io.cwd);
      print(result.human, result.machine);
    });

  program
    .command('enroll')
    .description('enroll a FHIR patient into a trial at a site (as a coordinator of that trial)')
    .requiredOption('--trial <code>', 'trial code')
    .requiredOption('--patient <reference>', 'FHIR Patient reference, e.g. Patient/123')
    .requiredOption('--site <code>', 'site code')
    .requiredOption('--as <username>', 'the coordinator enrolling (recorded in the audit trail)')
    .option('--planned-start <date>', 'planned treatment start while no treatment record exists (ISO-8601)')
    .option('--reason <text>', 'why that date (required with --planned-start)')
    .action(
      async (options: {
        trial: string;
        patient: string;
        site: string;
        as: string;
        plannedStart?: string;
        reason?: string;
      }) => {
        if (options.plannedStart && !options.reason) throw new CliError('--planned-start needs --reason.', 2);
        const view = await withServices(config(), async (context) => {
          const dataSource = context.get(DataSource);
          const trial = await trialByCode(dataSource, options.trial);
          const actor = await trialMember(dataSource, options.as, trial.trialId, 'coordinator');
          return context.get(EnrollmentService).enroll(actor, trial, {
            patientReference: options.patient,
            siteCode: options.site,
            ...(options.plannedStart
              ? { plannedTreatmentStart: { at: options.plannedStart, reason: options.reason as string } }
              : {}),
          });
        });
        const issues = view.baseline.issues
          .map((issue) => `\n  ${issue.severity}: ${issue.message}`)
          .join('');
        print(
          `Enrolled ${view.subjectId} at ${view.siteCode}: eligibility ${view.baseline.eligibility}, treatment start ${view.baseline.treatmentStart.status}` +
            `${view.baseline.treatmentStart.at ? ` (${view.baseline.treatmentStart.at})` : ''}, ${view.baseline.issues.length} open issue(s).${issues}`,
          view,
        );
      },
    );

  program
    .command('sync')
    .description('re-read the FHIR records of a trial’s enrollments (or one) and record what changed')
    .requiredOption('--trial <code>', 'trial code')
    .option('--subject <id>', 'only this subject')
    .requiredOption('--as <username>', 'the coordinator requesting the sync (recorded in the audit trail)')
    .action(async (options: { trial: string; subject?: string; as: string }) => {
      const counts = await withServices(config(), async (context) => {
        const dataSource = context.get(DataSource);
        const trial = await trialByCode(dataSource, options.trial);
        const actor = await trialMember(dataSource, options.as, trial.trialId, 'coordinator');
        const enrollments = await dataSource.getRepository(EnrollmentEntity).find({
          where: options.subject
            ? { trialId: trial.trialId, subjectId: options.subject }
            : { trialId: trial.trialId },
          order: { subjectId: 'ASC' },
        });
        if (options.subject && enrollments.length === 0)
          throw new CliError(`No subject ${options.subject} in ${options.trial}.`);
        return context.get(EnrollmentService).syncEnrollments(trial, enrollments, actor);
      });
      print(
        `Synced ${counts['enrollments'] ?? 0} enrollment(s): ${counts['changed'] ?? 0} changed, ${counts['unchanged'] ?? 0} unchanged, ${counts['missing'] ?? 0} missing on the FHIR server.`,
        counts,
      );
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('export')
    .description('export the audit trail (all of it, or one trial’s) as CSV or JSON')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--trial <code>', 'only events of this trial')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { format: 'csv' | 'json'; trial?: string; output?: string }) => {
      const text = await withServices(config(), async (context) => {
        let trialId: string | undefined;
        if (options.trial) {
          const rows: { id: string }[] = await context
            .get(DataSource)
            .query('SELECT id FROM trial WHERE code = $1', [options.trial]);
          trialId = rows[0]?.id;
          if (!trialId) throw new CliError(`No trial with code ${options.trial}.`);
        }
        return context.get(AuditService).export(trialId ? { trialId } : {}, options.format);
      });
      if (options.output) {
        writeFileSync(options.output, text);
        io.stderr(`Wrote ${options.output}\n`);
      } else {
        io.stdout(text);
      }
    });

  const stats = program
    .command('stats')
    .description('independent re-analysis: performance and group-sequential boundaries');
  stats
    .command('performance')
    .description('prospective performance of a score from a CSV with columns outcome (0/1) and score')
    .requiredOption('--input <file>', 'CSV with columns outcome and score (and the comparator column)')
    .option(
      '--threshold <t>',
      'decision threshold: positive when score >= t (default 0.5)',
      parseNumberOption('--threshold'),
    )
    .option('--comparator <column>', 'a comparator score column: paired DeLong test against it')
    .option(
      '--confidence <level>',
      'two-sided confidence level of the intervals (default 0.95)',
      parseNumberOption('--confidence'),
    )
    .action((options: PerformanceOptions) => {
      const result = statsPerformance(options, io.cwd);
      print(result.human, result.machine);
    });
  stats
    .command('boundaries')
    .description('critical values of a group-sequential design (z scale)')
    .requiredOption('--design <design>', 'asOF, asP, asHSD, asKD (Lan-DeMets spending) or OF, P (classical)')
    .option(
      '--gamma <g>',
      'the Hwang-Shih-DeCani gamma (asHSD) or Kim-DeMets rho (asKD)',
      parseNumberOption('--gamma'),
    )
    .requiredOption('--alpha <a>', 'overall type I error', parseNumberOption('--alpha'))
    .requiredOption('--sided <1|2>', 'one- or two-sided')
    .requiredOption(
      '--information <f1,f2,...,1>',
      'information fractions of the looks, increasing, ending in 1',
    )
    .action((options: BoundariesOptions) => {
      const result = statsBoundaries(options);
      print(result.human, result.machine);
    });
  stats
    .command('analysis')
    .description('re-run an interim or final analysis from its frozen snapshot and hash the result')
    .requiredOption('--snapshot <file>', 'the snapshot JSON (GET /trials/{code}/analyses/{look}/snapshot)')
    .option('--expect-result-sha256 <hex>', 'fail unless the result hashes to this (the stored resultSha256)')
    .action((options: AnalysisOptions) => {
      const result = statsAnalysis(options, io.cwd);
      print(result.human, result.machine);
    });

  program
    .command('export')
    .description(
      'build the trial’s submission package (SDTM/ADaM as XPT, Dataset-JSON and CSV, define.xml, reviewer’s guide, ledger and audit exports, results, manifest) into DIR',
    )
    .requiredOption('--trial <code>', 'trial code')
    .requiredOption('--out <dir>', 'the folder to write (created; must be empty if it exists)')
    .requiredOption(
      '--as <username>',
      'the regulatory user building the package (recorded in the audit trail)',
    )
    .action(async (options: { trial: string; out: string; as: string }) => {
      const out = resolve(io.cwd, options.out);
      if (existsSync(out) && readdirSync(out).length > 0) {
        throw new CliError(`--out ${options.out}: the folder is not empty; choose a new one.`);
      }
      const progress = createProgress(io.stderr, io.stderrIsTerminal ?? false);
      const manifest = await withServices(config(), async (context) => {
        const dataSource = context.get(DataSource);
        const trial = await trialByCode(dataSource, options.trial);
        const actor = await trialMember(dataSource, options.as, trial.trialId, 'regulatory');
        progress.step('building the submission package');
        const built = await context.get(SubmissionService).build(trial, out, (_step, done, total) => {
          progress.update(done, total);
        });
        progress.finish(`${built.files.length} files`);
        await context.get(AuditService).recordAlone(actor, {
          action: 'submission.package-built',
          entityType: 'trial',
          entityId: trial.trialId,
          trialId: trial.trialId,
          after: { files: built.files.length, builtAt: built.builtAt },
        });
        return built;
      });
      print(`Wrote ${manifest.files.length} files and manifest.json to ${options.out}.`, manifest);
    });

  program
    .command('demo')
    .description(
      'run a whole prospective validation on embedded defaults (sandbox FHIR cohort → enrollment → images → predictions → locks → outcomes → interim and final analyses → economics → submission package) into DIR',
    )
    .requiredOption('--out <dir>', 'the folder to write (created; must be empty if it exists)')
    .addOption(
      new Option('--indication <name>', 'the example trial')
        .choices([...EXAMPLE_TRIAL_NAMES])
        .default('myeloma'),
    )
    .option(
      '--patients <n>',
      `synthetic patients in the cohort (10–${MAX_DEMO_PATIENTS}, default ${DEFAULT_DEMO_PATIENTS})`,
      parseDemoPatients,
    )
    .option(
      '--seed <s>',
      'random seed; the same seed gives the same cohort, images and results',
      'prospect-demo',
    )
    .action(async (options: DemoOptions) => {
      const progress = createProgress(io.stderr, io.stderrIsTerminal ?? false);
      const result = await runDemo(options, io.cwd, progress);
      print(result.human, result.machine);
    });

  program
    .command('hospital')
    .description(
      "play the hospital's side of a demo trial against a FHIR server, stage by stage: baseline records and the trial, model and image files; then treatment starts (after the locks); then outcomes",
    )
    .addArgument(new Argument('<stage>', 'what reaches the FHIR server now').choices([...HOSPITAL_STAGES]))
    .requiredOption('--dir <dir>', 'where the files and the state are kept (baseline: a new or empty folder)')
    .requiredOption('--fhir <url>', 'the FHIR R4 base URL (e.g. the one prospect fhir-sandbox prints)')
    .addOption(
      new Option('--indication <name>', 'baseline: the example trial').choices([...EXAMPLE_TRIAL_NAMES]),
    )
    .option(
      '--patients <n>',
      `baseline: patients in the cohort (10–${MAX_DEMO_PATIENTS}, default 10)`,
      parseDemoPatients,
    )
    .option('--seed <s>', 'baseline: random seed (the same seed gives the same patients and images)')
    .option('--except <numbers>', 'leave out these patients (1-based, comma-separated) at this stage')
    .action(async (stage: HospitalStage, options: HospitalOptions) => {
      const result = await runHospital(stage, options, io.cwd);
      print(result.human, result.machine);
    });

  program
    .command('fhir-sandbox')
    .description(
      'serve an empty in-memory FHIR R4 sandbox server until interrupted (for FHIR_BASE_URL in trials and tests)',
    )
    .option('--port <n>', 'TCP port (default: a free one)', parsePort)
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .action(async (options: { port?: number; host: string }) => {
      const sandbox = await startFhirSandbox({ port: options.port ?? 0, host: options.host });
      print(`FHIR sandbox at ${sandbox.baseUrl} (empty, in memory). Stop it with Ctrl-C.`, {
        baseUrl: sandbox.baseUrl,
      });
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sandbox.close().then(done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('economics')
    .description('cost-effectiveness of acting on the model: base case, ICER, NMB, PSA (CEAC, EVPI)')
    .requiredOption(
      '--input <file>',
      'CSV with columns outcome (1 = responder) and score (the locked probability)',
    )
    .requiredOption(
      '--plan <file>',
      'the health-economic plan: a trial definition, protocol content, or {"decisionThreshold", "healthEconomics"}',
    )
    .option(
      '--draws <k>',
      'probabilistic sensitivity analysis draws (default 1000; 0 for none)',
      parseNumberOption('--draws'),
    )
    .option('--seed <s>', 'random seed; the same seed gives the same result (default "prospect")')
    .action((options: EconomicsOptions) => {
      const result = economicsCommand(options, io.cwd);
      print(result.human, result.machine);
    });

  program
    .command('verify')
    .description(
      'check a ledger export or lock receipts offline, without the database: signatures, proofs, commitments, lock before treatment',
    )
    .argument('<path>', 'a ledger export (.jsonl), receipts (.json or .jsonl), or a folder of them')
    .option(
      '--trusted-key <key>',
      "a key id or raw public key published for the trial, checked against the log's first key (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (path: string, options: { trustedKey: string[] }) => {
      exitCode = await verifyPath(resolve(io.cwd, path), { json, trustedKeys: options.trustedKey }, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (help and version exit with 0).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof ConfigError) {
    io.stderr(`${error.message}\n`);
    return 78;
  }
  if (error instanceof CliError) {
    io.stderr(`prospect: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof DomainError) {
    const fields = error.fields.map((field) => `\n  ${field.field}: ${field.reason}`).join('');
    io.stderr(`prospect: ${error.message}${fields}\n`);
    return 1;
  }
  io.stderr(`prospect: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function cliActor(user: { id: string; username: string } | null, requestId: string): Actor {
  return user
    ? { userId: user.id, username: user.username, requestId }
    : { userId: null, username: 'cli', requestId };
}

async function trialByCode(
  dataSource: DataSource,
  code: string,
): Promise<{ trialId: string; trialCode: string }> {
  const rows: { id: string; code: string }[] = await dataSource.query(
    'SELECT id, code FROM trial WHERE code = $1',
    [code],
  );
  const trial = rows[0];
  if (!trial) throw new CliError(`No trial with code ${code}.`);
  return { trialId: trial.id, trialCode: trial.code };
}

/** The named user, if active and holding `role` in the trial: the CLI applies the API's role rules. */
async function trialMember(
  dataSource: DataSource,
  username: string,
  trialId: string,
  role: string,
): Promise<Actor> {
  const rows: { id: string; username: string }[] = await dataSource.query(
    `SELECT u.id, u.username FROM app_user u JOIN role_assignment ra ON ra.user_id = u.id
     WHERE u.username = $1 AND u.is_active AND ra.trial_id = $2 AND ra.role = $3 AND ra.revoked_at IS NULL`,
    [username.trim().toLowerCase(), trialId, role],
  );
  const user = rows[0];
  if (!user) throw new CliError(`--as ${username}: no active user with the ${role} role in this trial.`);
  return cliActor(user, 'cli');
}

async function administrator(dataSource: DataSource, username: string): Promise<Actor> {
  const user = await dataSource
    .getRepository(UserEntity)
    .findOneBy({ username: username.trim().toLowerCase() });
  if (!user?.isActive || !user.isAdmin)
    throw new CliError(`--as ${username}: no active administrator with that username.`);
  return cliActor(user, 'cli');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError('a TCP port between 1 and 65535');
  return port;
}
