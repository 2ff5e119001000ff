import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import {
  EXAMPLE_TRIAL_NAMES,
  EXAMPLE_TRIALS,
  exampleTrialDefinitionJson,
  isExampleTrialName,
  type ExampleTrialName,
} from '@prospect/domain';
import { FhirGateway, FhirRequestError, logSafeUrl } from '@prospect/fhir-server';
import {
  DEFAULT_MESS,
  DEFAULT_MRN_SYSTEM,
  DEFAULT_PREVALENCE,
  DEFAULT_SIGNAL_STRENGTH,
  ACQUISITION_DEVIATIONS,
  baselineDicomSeries,
  createRandom,
  encodeNifti1,
  generateCohort,
  gzipNifti,
  NO_MESS,
  synthesizeBaselineImage,
  withStableIds,
  type AcquisitionDeviation,
  type Cohort,
  type MessRates,
} from '@prospect/synth';
import { DEMO_MODELS, demoModelBytes } from '@prospect/models';
import { InvalidArgumentError } from 'commander';
import { CliError, USAGE } from './cli-error';

export const MAX_PATIENTS = 100_000;

/** The options of `prospect synth`, as commander parses them. */
export interface SynthOptions {
  indication: ExampleTrialName;
  patients?: number;
  seed?: string;
  out?: string;
  fhir?: string;
  /** Bundles with ids, by PUT ({@link withStableIds}). */
  stableIds?: boolean;
  signal?: number;
  prevalence?: number;
  /** false with `--no-mess`. */
  mess?: boolean;
  /** false with `--no-images`: skip the NIfTI baseline image and lesion mask per patient. */
  images?: boolean;
  /** How many patients (the first ones) also get their baseline image as a DICOM series. */
  dicom?: number;
  force?: boolean;
  writeTrial?: string;
}

/** What to print: text for people, the object for `--json`. */
export interface SynthResult {
  human: string;
  machine: unknown;
}

export interface ManifestFile {
  /** Relative to the output directory, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

/** `manifest.json`: everything needed to reproduce and check the files (no times or paths, so it is reproducible too). */
export interface SynthManifest {
  generator: 'prospect synth';
  indication: ExampleTrialName;
  trial: { code: string; title: string };
  seed: string;
  options: {
    patients: number;
    signalStrength: number;
    prevalence: number;
    mess: MessRates;
    stableIds: boolean;
    /** Patients whose baseline image is also written as a DICOM series (0 without images). */
    dicomPatients: number;
  };
  counts: {
    patients: number;
    responders: number;
    baselineBundles: number;
    lateBundles: number;
    outcomeBundles: number;
  };
  /** The DICOM series written, by patient number. */
  dicom: ManifestDicomSeries[];
  /** Every file written except manifest.json, sorted by path. */
  files: ManifestFile[];
}

export interface ManifestDicomSeries {
  /** The patient's number: `images/NNNNNN-*.nii.gz` holds the same voxels. */
  patient: number;
  directory: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  instances: number;
  acquisition: {
    manufacturer: string;
    magneticFieldStrengthTesla?: number;
    sequenceName?: string;
    sliceThicknessMm?: number;
  };
  /** The protocol constraint this series breaks on purpose (every fourth series breaks one). */
  deviation: AcquisitionDeviation | null;
}

/** Patients with a DICOM series unless `--dicom` says otherwise. */
export const DEFAULT_DICOM_PATIENTS = 5;
/** Every this many DICOM series, one breaks a protocol acquisition constraint. */
const DEVIATION_EVERY = 4;

const PATIENTS_RULE = `Must be an integer from 1 to ${MAX_PATIENTS}.`;
const SIGNAL_RULE = 'Must be a number of at least 0 (0: no signal; 1: the marker’s AUC is about 0.7).';
const PREVALENCE_RULE = 'Must be a number between 0 and 1, both excluded.';
const DICOM_RULE = 'Must be an integer from 0 (no DICOM) to the number of patients.';
const BUNDLE_FILE = /^\d{6}\.json$/;
const IMAGE_FILE = /^\d{6}-(image|mask)\.nii\.gz$/;
const DICOM_FOLDER = /^\d{6}$/;
const MODEL_FILE = /^[a-z0-9-]+(\.onnx|\.card\.json)$/;
const DICOM_FILE = /^\d{4}\.dcm$/;
const BUNDLE_FOLDERS = ['baseline', 'late', 'outcomes'] as const;
/** Medplum's answer to a transaction with conditional entries (ifNoneExist) and more than 8 entries. */
const CONDITIONAL_LIMIT = /strict isolation but has too many entries/i;

const validPatients = (value: number): boolean =>
  Number.isSafeInteger(value) && value >= 1 && value <= MAX_PATIENTS;
const validSignal = (value: number): boolean => Number.isFinite(value) && value >= 0;
const validPrevalence = (value: number): boolean => value > 0 && value < 1;

/** commander parser of `--patients`. */
export function parsePatients(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!validPatients(value)) throw new InvalidArgumentError(PATIENTS_RULE);
  return value;
}

/** commander parser of `--dicom`. */
export function parseDicomPatients(text: string): number {
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(Number.isSafeInteger(value) && value <= MAX_PATIENTS)) throw new InvalidArgumentError(DICOM_RULE);
  return value;
}

/** commander parser of `--signal`. */
export function parseSignal(text: string): number {
  const value = parseNumber(text);
  if (!validSignal(value)) throw new InvalidArgumentError(SIGNAL_RULE);
  return value;
}

/** commander parser of `--prevalence`. */
export function parsePrevalence(text: string): number {
  const value = parseNumber(text);
  if (!validPrevalence(value)) throw new InvalidArgumentError(PREVALENCE_RULE);
  return value;
}

function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/**
 * `prospect synth`: a synthetic cohort for an example trial (`EXAMPLE_TRIALS` of
 * `@prospect/domain`) written to a directory (`--out`) or posted to a FHIR server (`--fhir`), or
 * only the example trial definition (`--write-trial`). Bad or conflicting options throw a
 * {@link CliError} with exit code 2 naming the option; refusals and failures exit code 1.
 * @param options - The parsed options.
 * @param cwd - Relative paths are resolved against it.
 */
export async function synth(options: SynthOptions, cwd: string): Promise<SynthResult> {
  if (!isExampleTrialName(options.indication)) {
    throw new CliError(`--indication: must be one of ${EXAMPLE_TRIAL_NAMES.join(', ')}.`, USAGE);
  }
  if (options.writeTrial !== undefined) return writeTrialOnly(options, options.writeTrial, cwd);

  const settings = cohortSettings(options);
  // Refuse a non-empty directory before spending time on the cohort.
  if (settings.target.kind === 'out') {
    prepareDirectory(
      resolve(cwd, settings.target.directory),
      settings.target.directory,
      options.force === true,
    );
  }
  const definition = EXAMPLE_TRIALS[options.indication];
  const cohort = generateCohort({
    definition,
    patients: settings.patients,
    seed: settings.seed,
    signalStrength: settings.signalStrength,
    prevalence: settings.prevalence,
    mess: settings.mess,
  });
  const description: Omit<SynthManifest, 'files' | 'dicom'> = {
    generator: 'prospect synth',
    indication: options.indication,
    trial: { code: definition.code, title: definition.title },
    seed: settings.seed,
    options: {
      patients: settings.patients,
      signalStrength: settings.signalStrength,
      prevalence: settings.prevalence,
      mess: settings.mess,
      stableIds: settings.stableIds,
      dicomPatients: settings.dicomPatients,
    },
    counts: {
      patients: cohort.truth.length,
      responders: cohort.truth.filter((patient) => patient.responder).length,
      baselineBundles: cohort.baselineBundles.length,
      lateBundles: cohort.lateBundles.length,
      outcomeBundles: cohort.outcomeBundles.length,
    },
  };
  const seedText = `seed ${JSON.stringify(settings.seed)}`;

  if (settings.target.kind === 'fhir') {
    const fhir = await postBaseline(cohort, settings.target.gateway, settings.stableIds);
    return {
      human:
        `Posted ${fhir.posted} baseline bundles (one transaction per patient) for ${definition.code}, ${seedText}, ` +
        `to ${fhir.baseUrl}. Late and outcome bundles were not sent: write them with --out DIR.\n` +
        `Register the trial: prospect synth --write-trial FILE --indication ${options.indication}, ` +
        'then prospect trial create --protocol FILE --as ADMIN',
      machine: { ...description, fhir },
    };
  }

  const out = settings.target.directory;
  const counts = description.counts;
  const written = writeCohort(resolve(cwd, out), options, cohort, settings);
  const manifest: SynthManifest = { ...description, dicom: written.dicom, files: written.files };
  writeFile(join(resolve(cwd, out), 'manifest.json'), toJson(manifest), out);
  return {
    human:
      `Wrote ${counts.patients} patients (${counts.baselineBundles} baseline, ${counts.lateBundles} late, ` +
      `${counts.outcomeBundles} outcome bundles) for ${definition.code}, ${seedText}, to ${out}; ` +
      (manifest.dicom.length
        ? `DICOM series for patients 1–${manifest.dicom.length} in dicom/ (${manifest.dicom.filter((series) => series.deviation).length} off-protocol on purpose). `
        : '') +
      `The demonstration model trial.json pins is in model/. ` +
      'manifest.json lists every file with its SHA-256.\n' +
      `Register the trial: prospect trial create --protocol ${join(out, 'trial.json')} --as ADMIN`,
    machine: manifest,
  };
}

type Target = { kind: 'out'; directory: string } | { kind: 'fhir'; gateway: FhirGateway };

interface CohortSettings {
  target: Target;
  patients: number;
  seed: string;
  signalStrength: number;
  prevalence: number;
  mess: MessRates;
  stableIds: boolean;
  dicomPatients: number;
}

/** Checks the options of a cohort run (commander has parsed the numbers; direct callers may not have). */
function cohortSettings(options: SynthOptions): CohortSettings {
  const usage = (message: string): CliError => new CliError(message, USAGE);
  if (options.out !== undefined && options.fhir !== undefined) {
    throw usage('--out and --fhir exclude each other: write files, or post to a FHIR server.');
  }
  if (options.out === undefined && options.fhir === undefined) {
    throw usage(
      'Give --out DIR (write files) or --fhir URL (post to a FHIR server); --write-trial FILE writes only the trial definition.',
    );
  }
  if (options.patients === undefined) throw usage(`--patients is required. ${PATIENTS_RULE}`);
  if (!validPatients(options.patients)) throw usage(`--patients: ${PATIENTS_RULE}`);
  if (options.seed === undefined || options.seed.trim() === '') {
    throw usage('--seed is required: any text; the same seed and options give the same cohort.');
  }
  if (options.signal !== undefined && !validSignal(options.signal)) throw usage(`--signal: ${SIGNAL_RULE}`);
  if (options.prevalence !== undefined && !validPrevalence(options.prevalence)) {
    throw usage(`--prevalence: ${PREVALENCE_RULE}`);
  }
  if (options.dicom !== undefined) {
    if (!Number.isSafeInteger(options.dicom) || options.dicom < 0 || options.dicom > options.patients) {
      throw usage(`--dicom: ${DICOM_RULE} (--patients is ${options.patients})`);
    }
    if (options.fhir !== undefined)
      throw usage('--dicom applies to --out only: DICOM files are not posted to FHIR.');
    if (options.images === false && options.dicom > 0) {
      throw usage('--dicom writes the baseline images as DICOM too; it cannot be combined with --no-images.');
    }
  }
  let target: Target;
  if (options.fhir !== undefined) {
    if (options.force) throw usage('--force applies to --out and --write-trial only.');
    target = fhirTarget(options.fhir);
  } else {
    if (options.out?.trim() === '') throw usage('--out: give a directory.');
    target = { kind: 'out', directory: options.out as string };
  }
  return {
    target,
    patients: options.patients,
    seed: options.seed,
    signalStrength: options.signal ?? DEFAULT_SIGNAL_STRENGTH,
    prevalence: options.prevalence ?? DEFAULT_PREVALENCE,
    mess: { ...(options.mess === false ? NO_MESS : DEFAULT_MESS) },
    stableIds: options.stableIds === true,
    dicomPatients:
      options.fhir !== undefined || options.images === false
        ? 0
        : (options.dicom ?? Math.min(DEFAULT_DICOM_PATIENTS, options.patients)),
  };
}

function fhirTarget(url: string): Target {
  let reason = 'not a URL';
  if (URL.canParse(url)) {
    try {
      return { kind: 'fhir', gateway: new FhirGateway({ baseUrl: url }) };
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  throw new CliError(`--fhir: ${reason}. Give the FHIR base URL, e.g. https://fhir.example.org/r4.`, USAGE);
}

function writeTrialOnly(options: SynthOptions, file: string, cwd: string): SynthResult {
  const extra = (
    [
      ['--out', options.out !== undefined],
      ['--fhir', options.fhir !== undefined],
      ['--patients', options.patients !== undefined],
      ['--seed', options.seed !== undefined],
      ['--signal', options.signal !== undefined],
      ['--prevalence', options.prevalence !== undefined],
      ['--stable-ids', options.stableIds === true],
      ['--no-mess', options.mess === false],
      ['--dicom', options.dicom !== undefined],
    ] as const
  )
    .filter(([, given]) => given)
    .map(([name]) => name);
  if (extra.length > 0) {
    throw new CliError(
      `--write-trial writes only the trial definition and takes no ${extra.join(', ')}; generate a cohort with --out or --fhir.`,
      USAGE,
    );
  }
  if (file.trim() === '') throw new CliError('--write-trial: give a file name.', USAGE);
  const path = resolve(cwd, file);
  if (existsSync(path) && !options.force) {
    throw new CliError(`--write-trial ${file}: the file exists; add --force to overwrite it.`);
  }
  const text = toJson(exampleTrialDefinitionJson(options.indication));
  writeFile(path, text, file);
  const code = EXAMPLE_TRIALS[options.indication].code;
  return {
    human:
      `Wrote the example trial definition ${code} (${options.indication}) to ${file}.\n` +
      `Register it: prospect trial create --protocol ${file} --as ADMIN`,
    machine: {
      indication: options.indication,
      code,
      file,
      bytes: Buffer.byteLength(text),
      sha256: sha256(text),
    },
  };
}

/** Writes the cohort's files into `directory` (prepared); returns them for the manifest, sorted by path. */
function writeCohort(
  directory: string,
  options: SynthOptions,
  cohort: Cohort,
  settings: CohortSettings,
): { files: ManifestFile[]; dicom: ManifestDicomSeries[] } {
  const { stableIds } = settings;
  const shown = options.out ?? directory;
  const files: ManifestFile[] = [];
  const putContent = (path: string, content: string | Uint8Array): void => {
    if (files.some((file) => file.path === path)) throw new Error(`synth: ${path} would be written twice`);
    writeFile(join(directory, ...path.split('/')), content, shown);
    files.push({
      path,
      bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
      sha256: sha256(content),
    });
  };
  const put = (path: string, value: unknown): void => putContent(path, toJson(value));
  const bundle = (value: Bundle): Bundle => (stableIds ? withStableIds(value) : value);

  // Files are named by patient number (the MRN's last part): late bundles exist for some patients only.
  const numbers = new Map(cohort.truth.map((patient, index) => [patient.mrn, index + 1]));
  const numberOf = (value: Bundle, fallback?: number): number => {
    const number = numbers.get(mrnOf(value) ?? '') ?? fallback;
    if (number === undefined) throw new Error('synth: a bundle names no patient of the cohort');
    return number;
  };
  for (const folder of BUNDLE_FOLDERS) mkdir(join(directory, folder), shown);
  cohort.baselineBundles.forEach((value, index) =>
    put(`baseline/${fileNumber(numberOf(value, index + 1))}.json`, bundle(value)),
  );
  for (const value of cohort.lateBundles) put(`late/${fileNumber(numberOf(value))}.json`, bundle(value));
  cohort.outcomeBundles.forEach((value, index) =>
    put(`outcomes/${fileNumber(numberOf(value, index + 1))}.json`, bundle(value)),
  );
  put('truth.json', cohort.truth);
  put('trial.json', exampleTrialDefinitionJson(options.indication));
  // The trial's demonstration model, the file trial.json pins by SHA-256, with its card: for POST /models.
  const demo = DEMO_MODELS[options.indication];
  mkdir(join(directory, 'model'), shown);
  putContent(`model/${demo.card.name}.onnx`, demoModelBytes(demo));
  put(`model/${demo.card.name}.card.json`, demo.card);
  const dicom: ManifestDicomSeries[] = [];
  if (options.images !== false) {
    // One baseline image and lesion mask per patient, the lesion showing the patient's imaging marker.
    mkdir(join(directory, 'images'), shown);
    const imageRandom = createRandom(`${options.seed ?? ''}/images`);
    const dicomRandom = createRandom(`${options.seed ?? ''}/dicom`);
    const definition = EXAMPLE_TRIALS[options.indication];
    const deviations = ACQUISITION_DEVIATIONS.filter((deviation) => constrains(definition, deviation));
    if (settings.dicomPatients > 0) mkdir(join(directory, 'dicom'), shown);
    cohort.truth.forEach((patient, index) => {
      const number = fileNumber(index + 1);
      const { image, mask } = synthesizeBaselineImage(imageRandom.fork(patient.mrn), {
        imagingMarker: patient.imagingMarker,
      });
      if (index < settings.dicomPatients) {
        const deviation =
          index % DEVIATION_EVERY === DEVIATION_EVERY - 1
            ? deviations[Math.floor(index / DEVIATION_EVERY) % deviations.length]
            : undefined;
        const series = baselineDicomSeries(dicomRandom.fork(patient.mrn), {
          definition,
          bundle: cohort.baselineBundles[index] as Bundle,
          truth: patient,
          image,
          ...(deviation ? { deviation } : {}),
        });
        const folder = `dicom/${number}`;
        mkdir(join(directory, 'dicom', number), shown);
        for (const file of series.files) {
          putContent(`${folder}/${String(file.instanceNumber).padStart(4, '0')}.dcm`, file.bytes);
        }
        dicom.push({
          patient: index + 1,
          directory: folder,
          studyInstanceUid: series.studyInstanceUid,
          seriesInstanceUid: series.seriesInstanceUid,
          instances: series.files.length,
          acquisition: {
            manufacturer: series.acquisition.manufacturer,
            ...(series.acquisition.magneticFieldStrengthTesla !== undefined
              ? { magneticFieldStrengthTesla: series.acquisition.magneticFieldStrengthTesla }
              : {}),
            ...(series.acquisition.sequenceName !== undefined
              ? { sequenceName: series.acquisition.sequenceName }
              : {}),
            ...(series.acquisition.sliceThicknessMm !== undefined
              ? { sliceThicknessMm: series.acquisition.sliceThicknessMm }
              : {}),
          },
          deviation: series.deviation ?? null,
        });
      }
      putContent(
        `images/${number}-image.nii.gz`,
        gzipNifti(encodeNifti1({ ...image, description: `synthetic baseline ${patient.mrn}` })),
      );
      putContent(
        `images/${number}-mask.nii.gz`,
        gzipNifti(encodeNifti1({ ...mask, description: `lesion mask ${patient.mrn}` })),
      );
    });
  }
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), dicom };
}

/** Whether the trial's protocol sets the acquisition constraint a deviation would break. */
function constrains(
  definition: (typeof EXAMPLE_TRIALS)[ExampleTrialName],
  deviation: AcquisitionDeviation,
): boolean {
  const constraints = definition.protocol.baselineImaging.acquisition;
  switch (deviation) {
    case 'magnetic-field-strength':
      return constraints?.magneticFieldStrengthTesla !== undefined;
    case 'slice-thickness':
      return constraints?.sliceThicknessMm !== undefined;
    case 'sequence-name':
      return constraints?.sequenceNamePatterns !== undefined;
    case 'manufacturer':
      return constraints?.manufacturers !== undefined;
  }
}

/** Creates `directory`, or checks that it is empty; with `force`, removes earlier synth bundles in it. */
function prepareDirectory(directory: string, shown: string, force: boolean): void {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) {
      throw new CliError(`--out ${shown}: exists and is not a directory.`);
    }
    entries = readdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(error, shown);
    mkdir(directory, shown);
    return;
  }
  if (entries.length === 0) return;
  if (!force) {
    throw new CliError(
      `--out ${shown} is not empty; add --force to write into it (earlier synth output there is replaced).`,
    );
  }
  // A smaller cohort than last time must not leave the earlier run's extra bundles or images behind.
  const generated: [string, RegExp][] = [
    ...BUNDLE_FOLDERS.map((folder): [string, RegExp] => [folder, BUNDLE_FILE]),
    ['images', IMAGE_FILE],
    ['model', MODEL_FILE],
  ];
  for (const [folder, pattern] of generated) {
    const path = join(directory, folder);
    if (!existsSync(path) || !statSync(path).isDirectory()) continue;
    for (const name of readdirSync(path)) {
      if (pattern.test(name)) rmSync(join(path, name));
    }
  }
  const dicom = join(directory, 'dicom');
  if (existsSync(dicom) && statSync(dicom).isDirectory()) {
    for (const series of readdirSync(dicom)) {
      const path = join(dicom, series);
      if (!DICOM_FOLDER.test(series) || !statSync(path).isDirectory()) continue;
      for (const name of readdirSync(path)) if (DICOM_FILE.test(name)) rmSync(join(path, name));
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    }
  }
}

interface PostedPatient {
  mrn: string;
  /** The server's Patient id (from the transaction-response), or null if it named none. */
  patientId: string | null;
}

/** POSTs the baseline bundles as transactions, one per patient, in order. */
async function postBaseline(
  cohort: Cohort,
  gateway: FhirGateway,
  stableIds: boolean,
): Promise<{ baseUrl: string; posted: number; patients: PostedPatient[] }> {
  const baseUrl = logSafeUrl(gateway.baseUrl);
  const patients: PostedPatient[] = [];
  for (const [index, generated] of cohort.baselineBundles.entries()) {
    const bundle = stableIds ? withStableIds(generated) : generated;
    let response: Bundle;
    try {
      response = await gateway.transaction(bundle);
    } catch (error) {
      const mrn = cohort.truth[index]?.mrn ?? '?';
      const progress = `${index} of ${cohort.baselineBundles.length} baseline bundles were posted before patient ${index + 1} (${mrn}).`;
      if (!(error instanceof FhirRequestError)) throw error;
      if (error.status === 400 && error.issues.some((issue) => CONDITIONAL_LIMIT.test(issue)) && !stableIds) {
        throw new CliError(
          `The FHIR server refused the transaction: ${error.issues.join('; ')} (HTTP 400). Medplum accepts ` +
            'transactions with conditional creates (ifNoneExist) of at most 8 entries, and synth bundles have more. ' +
            'Add --stable-ids to send them with ids by PUT instead, or use a server without this limit (HAPI FHIR).\n' +
            progress,
        );
      }
      throw new CliError(`${error.message}\n${progress}`);
    }
    patients.push({ mrn: cohort.truth[index]?.mrn ?? '', patientId: patientIdOf(bundle, response) });
  }
  return { baseUrl, posted: patients.length, patients };
}

function patientIdOf(request: Bundle, response: Bundle): string | null {
  const index = (request.entry ?? []).findIndex((entry) => entry.resource?.resourceType === 'Patient');
  const answer = index < 0 ? undefined : response.entry?.[index];
  if (answer?.resource?.resourceType === 'Patient' && answer.resource.id) return answer.resource.id;
  return (
    /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/|$)/.exec(answer?.response?.location ?? '')?.[1] ?? null
  );
}

function mrnOf(bundle: Bundle): string | undefined {
  const patient = bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource;
  return patient?.resourceType === 'Patient'
    ? patient.identifier?.find((identifier) => identifier.system === DEFAULT_MRN_SYSTEM)?.value
    : undefined;
}

function fileNumber(number: number): string {
  return String(number).padStart(6, '0');
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function mkdir(path: string, shown: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw fileError(error, shown);
  }
}

function writeFile(path: string, text: string | Uint8Array, shown: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw fileError(error, shown);
  }
}

function fileError(error: unknown, shown: string): Error {
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return code ? new CliError(`Cannot write to ${shown}: ${code}`) : (error as Error);
}
