import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import {
  EXAMPLE_TRIALS,
  isExampleTrialName,
  EXAMPLE_TRIAL_NAMES,
  type ExampleTrialName,
} from '@prospect/domain';
import { FhirGateway, FhirRequestError, logSafeUrl } from '@prospect/fhir-server';
import { DEMO_MODELS, demoModelBytes } from '@prospect/models';
import { CliError, USAGE } from '../cli-error';
import { demoDefinition, MAX_DEMO_PATIENTS } from './demo-command';
import { demoBaselineImage, demoCohort, redated, type DemoPatient } from './demo-cohort';

/**
 * `prospect hospital`: plays the hospital's side of a demo trial against a real FHIR server, in
 * the order a prospective study sees it, so the platform (or its web app) can be driven by people
 * or browser tests. `baseline` writes the patients' records as they stand at enrollment (imaging
 * dated for a treatment start about now, no treatment record yet) and the files a coordinator and an administrator need (trial definition,
 * model, baseline images); `treatment` records the treatment starts (run it after the locks);
 * `outcomes` records the follow-up results. Each stage regenerates the same cohort from the state
 * the first one wrote.
 */
export type HospitalStage = 'baseline' | 'treatment' | 'outcomes';
export const HOSPITAL_STAGES: readonly HospitalStage[] = ['baseline', 'treatment', 'outcomes'];

export interface HospitalOptions {
  dir: string;
  fhir: string;
  indication?: string;
  patients?: number;
  seed?: string;
  /** Patient numbers (1-based) whose records this stage leaves out, e.g. "3,5". */
  except?: string;
}

interface HospitalState {
  readonly format: 'prospect.hospital/1';
  readonly indication: ExampleTrialName;
  readonly patients: number;
  readonly seed: string;
  readonly plannedStart: string;
}

const STATE_FILE = 'hospital.json';

export async function runHospital(
  stage: HospitalStage,
  options: HospitalOptions,
  cwd: string,
): Promise<{ human: string; machine: Record<string, unknown> }> {
  const dir = resolve(cwd, options.dir);
  const gateway = new FhirGateway({ baseUrl: options.fhir });
  const except = parseExcept(options.except);
  if (stage === 'baseline') {
    const state = newState(options);
    if (existsSync(dir) && readdirSync(dir).length > 0)
      throw new CliError(`--dir ${options.dir}: the folder is not empty; choose a new one.`);
    const cohort = cohortOf(state);
    writeFiles(dir, state, cohort);
    const posted = await post(gateway, cohort, except, (patient) => patient.baseline);
    return {
      human:
        `Posted the baseline records of ${posted.length} of ${cohort.length} ${state.indication} patients to ` +
        `${logSafeUrl(gateway.baseUrl)} (baseline imaging dated for a treatment start about ${state.plannedStart}).\n` +
        `Wrote ${join(options.dir, 'trial.json')} (register it), ${join(options.dir, 'model')}/ (the model and its card), ` +
        `${join(options.dir, 'images')}/ (baseline image and lesion mask per patient) and ${join(options.dir, 'patients.json')}.`,
      machine: { stage, ...state, posted },
    };
  }
  const state = readState(dir, options.dir);
  const cohort = cohortOf(state);
  const at = new Date();
  const posted = await post(gateway, cohort, except, (patient) =>
    redated(stage === 'treatment' ? patient.treatment : patient.outcome, at),
  );
  return {
    human: `Posted the ${stage === 'treatment' ? 'treatment start' : 'outcome'} records of ${posted.length} patients, dated ${at.toISOString()}.`,
    machine: { stage, at: at.toISOString(), posted },
  };
}

function newState(options: HospitalOptions): HospitalState {
  const indication = options.indication ?? 'myeloma';
  if (!isExampleTrialName(indication))
    throw new CliError(
      `--indication must be one of ${EXAMPLE_TRIAL_NAMES.join(', ')}; got "${indication}".`,
      USAGE,
    );
  const patients = options.patients ?? 10;
  return {
    format: 'prospect.hospital/1',
    indication,
    patients,
    seed: options.seed ?? 'prospect-hospital',
    plannedStart: new Date().toISOString(),
  };
}

function readState(dir: string, shown: string): HospitalState {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file))
    throw new CliError(`--dir ${shown}: no ${STATE_FILE} here; run "prospect hospital baseline" first.`);
  const state = JSON.parse(readFileSync(file, 'utf8')) as HospitalState;
  if (state.format !== 'prospect.hospital/1' || !isExampleTrialName(state.indication))
    throw new CliError(`${join(shown, STATE_FILE)} is not a state file of prospect hospital.`);
  return state;
}

function cohortOf(state: HospitalState): DemoPatient[] {
  return demoCohort(
    EXAMPLE_TRIALS[state.indication],
    state.patients,
    state.seed,
    new Date(state.plannedStart),
  );
}

function writeFiles(dir: string, state: HospitalState, cohort: readonly DemoPatient[]): void {
  mkdirSync(join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'model'), { recursive: true });
  writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  writeFileSync(
    join(dir, 'trial.json'),
    `${JSON.stringify(demoDefinition(state.indication, state.patients), null, 2)}\n`,
  );
  const model = DEMO_MODELS[state.indication];
  writeFileSync(join(dir, 'model', `${model.card.name}.onnx`), demoModelBytes(model));
  writeFileSync(
    join(dir, 'model', `${model.card.name}.card.json`),
    `${JSON.stringify(model.card, null, 2)}\n`,
  );
  const patients = cohort.map((patient) => {
    const number = String(patient.index + 1).padStart(3, '0');
    const { image, mask } = demoBaselineImage(patient, state.seed);
    writeFileSync(join(dir, 'images', `${number}-image.nii.gz`), image);
    writeFileSync(join(dir, 'images', `${number}-mask.nii.gz`), mask);
    return {
      number: patient.index + 1,
      patientReference: `Patient/${patient.patientId}`,
      mrn: patient.truth.mrn,
      image: `images/${number}-image.nii.gz`,
      mask: `images/${number}-mask.nii.gz`,
    };
  });
  writeFileSync(join(dir, 'patients.json'), `${JSON.stringify(patients, null, 2)}\n`);
}

async function post(
  gateway: FhirGateway,
  cohort: readonly DemoPatient[],
  except: ReadonlySet<number>,
  bundleOf: (patient: DemoPatient) => Bundle,
): Promise<number[]> {
  const posted: number[] = [];
  for (const patient of cohort) {
    if (except.has(patient.index + 1)) continue;
    try {
      await gateway.transaction(bundleOf(patient));
    } catch (error) {
      const done = `${posted.length} patients were posted before patient ${patient.index + 1}.`;
      if (error instanceof FhirRequestError) throw new CliError(`${error.message}\n${done}`);
      throw error;
    }
    posted.push(patient.index + 1);
  }
  return posted;
}

function parseExcept(value: string | undefined): ReadonlySet<number> {
  if (value === undefined || value.trim() === '') return new Set();
  const numbers = value.split(',').map((part) => Number(part.trim()));
  if (numbers.some((number) => !Number.isInteger(number) || number < 1 || number > MAX_DEMO_PATIENTS))
    throw new CliError(`--except must list patient numbers such as "2,5"; got "${value}".`, USAGE);
  return new Set(numbers);
}
