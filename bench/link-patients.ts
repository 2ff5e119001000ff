/**
 * Benchmark for "Enrollment from FHIR": link N synthetic patients (default 10 000) read over HTTP
 * from the in-process sandbox FHIR server, next to the naive one-request-per-resource client
 * measured in the same run. See bench/README.md.
 *
 *   npm run bench:link -- [--patients 10000] [--naive-sample 500] [--batch-size 50] [--seed bench]
 *                         [--profile] [--profile-out file.cpuprofile]
 *
 * Exits 1 when a target is missed (or the run read the wrong data), naming it; it is not a test.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Bundle, Resource, ResourceType } from '@medplum/fhirtypes';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { linkBaseline, type BaselineLink, type PatientRecord } from '@prospect/fhir-mapping';
import { FhirGateway, readPatientRecords, startFhirSandbox, type FhirSandbox } from '@prospect/fhir-server';
import { generateCohort, withStableIds } from '@prospect/synth';
import { reportFigure } from './report';

const TARGETS = { maxRequestsPerPatient: 0.05, minPatientsPerSecond: 1000 } as const;

/** The resource types of a PatientRecord besides the Patient (what linkBaseline reads). */
const RECORD_TYPES: ReadonlySet<string> = new Set([
  'Condition',
  'Observation',
  'ImagingStudy',
  'MedicationAdministration',
  'Procedure',
]);
const PATIENTS_PER_LOAD = 1000;

interface Options {
  patients: number;
  naiveSample: number;
  batchSize: number;
  seed: string;
  profile: boolean;
  profileOut: string | undefined;
}

interface Row {
  approach: string;
  patients: number;
  requests: number;
  seconds: number;
}

/** What the generator put on the server for one patient. */
interface LoadedPatient {
  /** The patient's treatment start: the benchmark links each patient as of that time. */
  evaluatedAt: string;
  /** `Type/id` of the record's resources (Patient excluded), for the naive client. */
  resources: string[];
}

async function main(): Promise<number> {
  const options = readOptions();
  const protocol = EXAMPLE_TRIALS.myeloma.protocol;
  const rss = new RssPeak();
  log(
    `link-patients: ${options.patients} patients (${EXAMPLE_TRIALS.myeloma.code}), naive sample ${options.naiveSample}, ` +
      `${options.batchSize} patients per search, Node ${process.version}`,
  );

  // --- Setup (not measured): generate, then load straight into the sandbox (no HTTP).
  let started = performance.now();
  const cohort = generateCohort({
    definition: EXAMPLE_TRIALS.myeloma,
    patients: options.patients,
    seed: options.seed,
  });
  const bundles = cohort.baselineBundles.map(withStableIds);
  const generateSeconds = seconds(started);
  const loaded = describeLoaded(bundles, cohort.truth);
  const resourceCount = [...loaded.values()].reduce((sum, patient) => sum + patient.resources.length, 0);

  // Distinct request lines received, to tell retries (the same URL again) from new requests.
  const received = new Set<string>();
  const sandbox = await startFhirSandbox({
    onRequest: ({ method, url }) => received.add(`${method} ${url}`),
  });
  try {
    started = performance.now();
    for (const chunk of loadChunks(bundles, PATIENTS_PER_LOAD)) await sandbox.load(chunk);
    const loadSeconds = seconds(started);
    bundles.length = 0;
    log(
      `setup (not measured): generated in ${fmt(generateSeconds, 1)} s, loaded ${options.patients} patients ` +
        `(${fmt(resourceCount / options.patients, 1)} record resources each, plus the Patient) in ${fmt(loadSeconds, 1)} s`,
    );

    const gateway = new FhirGateway({ baseUrl: sandbox.baseUrl });
    // One request outside the measurement: connection and first-use costs are not per patient.
    await gateway.capabilities();

    // --- Measured: list the patients, read their records in batches, link each one.
    const profiles: [string, CpuProfile][] = [];
    received.clear();
    const batched = await measure('batched', sandbox, gateway, rss, profiles, options.profile, async () => {
      const listed = await gateway.searchResources('Patient', { _elements: 'id', _count: 1000 });
      const ids = listed.map((patient) => patient.id ?? '');
      const listedAt = performance.now();
      const records = await readPatientRecords(gateway, ids, options.batchSize);
      const readAt = performance.now();
      const links = linkAll(ids, records, loaded, protocol);
      return { ids, records, links, listedAt, readAt };
    });

    const { ids, records, links } = batched.value;
    const repeated = batched.requests - received.size;
    const problems = checkRun(options.patients, ids, records, links, loaded);
    const phases = {
      list: (batched.value.listedAt - batched.started) / 1000,
      read: (batched.value.readAt - batched.value.listedAt) / 1000,
      link: (batched.ended - batched.value.readAt) / 1000,
    };

    // --- Reference, same run: one GET for the patient and one per resource of its record.
    const sample = evenSample(ids, Math.min(options.naiveSample, ids.length));
    const naive = await measure('naive', sandbox, gateway, rss, profiles, options.profile, async () => {
      for (const id of sample) {
        const record = await readOneByOne(gateway, id, loaded.get(id)?.resources ?? []);
        linkOne(id, record, loaded, protocol);
      }
    });

    const rows: Row[] = [
      {
        approach: `batched: list + readPatientRecords (${options.batchSize}/search) + linkBaseline`,
        patients: ids.length,
        requests: batched.requests,
        seconds: batched.seconds,
      },
      {
        approach: 'naive: GET Patient + GET each resource + linkBaseline (sample)',
        patients: sample.length,
        requests: naive.requests,
        seconds: naive.seconds,
      },
    ];
    printTable(rows, options.patients);
    log(
      `batched phases: list ${fmt(phases.list, 2)} s, read ${fmt(phases.read, 2)} s, link ${fmt(phases.link, 2)} s` +
        ` (linkBaseline ${fmt((phases.link * 1e6) / Math.max(1, ids.length), 0)} µs/patient)`,
    );
    log(
      `memory: RSS peak ${mib(rss.batchedPeak)} MiB during the batched run, ${mib(rss.naivePeak)} MiB during the naive run, ` +
        `${mib(process.resourceUsage().maxRSS * 1024)} MiB over the whole process (setup included)`,
    );
    if (repeated) {
      log(
        `retries: ${repeated} of the batched run's ${batched.requests} requests repeated an earlier URL ` +
          '(the gateway retries a search that takes longer than its 10 s timeout; the sandbox still does the work)',
      );
    }
    log(`links: ${summarizeLinks(links)}`);
    for (const [phase, profile] of profiles) printProfile(phase, profile, options.profileOut);

    log('');
    log('targets (batched, against the in-process sandbox):');
    const verdicts = judgeTargets(rows[0] as Row);
    for (const verdict of verdicts) log(`  ${verdict.pass ? 'PASS' : 'FAIL'}  ${verdict.text}`);
    for (const problem of problems) log(`  INVALID RUN  ${problem}`);
    reportFigures(rows[0] as Row, rows[1] as Row, verdicts, problems);
    const missed = verdicts.filter((verdict) => !verdict.pass).map((verdict) => verdict.text);
    if (missed.length || problems.length) {
      log(`\nmissed: ${[...missed, ...problems].join('; ')}`);
      return 1;
    }
    return 0;
  } finally {
    rss.stop();
    await sandbox.close();
  }
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: '10000' },
      'naive-sample': { type: 'string', default: '500' },
      'batch-size': { type: 'string', default: '50' },
      seed: { type: 'string', default: 'bench-link-patients' },
      profile: { type: 'boolean', default: false },
      'profile-out': { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, text: string | undefined): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  return {
    patients: positive('patients', values.patients),
    naiveSample: positive('naive-sample', values['naive-sample']),
    batchSize: positive('batch-size', values['batch-size']),
    seed: values.seed ?? 'bench-link-patients',
    profile: Boolean(values.profile || values['profile-out']),
    profileOut: values['profile-out'],
  };
}

function describeLoaded(bundles: readonly Bundle[], truth: readonly { treatmentStart: string }[]) {
  const loaded = new Map<string, LoadedPatient>();
  bundles.forEach((bundle, index) => {
    const resources = (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
    const patient = resources.find((resource) => resource.resourceType === 'Patient');
    const evaluatedAt = truth[index]?.treatmentStart;
    if (!patient?.id || !evaluatedAt) throw new Error(`bundle ${index} has no Patient with an id`);
    loaded.set(patient.id, {
      evaluatedAt,
      resources: resources
        .filter((resource) => RECORD_TYPES.has(resource.resourceType))
        .map((resource) => `${resource.resourceType}/${resource.id ?? ''}`),
    });
  });
  return loaded;
}

/**
 * The per-patient bundles merged into a few large transactions (one store snapshot each instead
 * of one per patient); the shared PACS Endpoint is written once.
 */
function* loadChunks(bundles: readonly Bundle[], patientsPerChunk: number): Generator<Bundle> {
  const written = new Set<string>();
  for (let start = 0; start < bundles.length; start += patientsPerChunk) {
    const entry = bundles.slice(start, start + patientsPerChunk).flatMap((bundle) =>
      (bundle.entry ?? []).filter((item) => {
        const key = item.request?.url ?? '';
        if (written.has(key)) return false;
        written.add(key);
        return true;
      }),
    );
    yield { resourceType: 'Bundle', type: 'transaction', entry };
  }
}

async function measure<T>(
  phase: 'batched' | 'naive',
  sandbox: FhirSandbox,
  gateway: FhirGateway,
  rss: RssPeak,
  profiles: [string, CpuProfile][],
  profile: boolean,
  run: () => Promise<T>,
): Promise<{ value: T; requests: number; seconds: number; started: number; ended: number }> {
  const profiler = profile ? await CpuProfiler.start() : undefined;
  sandbox.resetRequestCount();
  gateway.resetRequestCount();
  rss.begin(phase);
  const started = performance.now();
  const value = await run();
  const ended = performance.now();
  rss.end();
  if (profiler) profiles.push([phase, await profiler.stop()]);
  const requests = sandbox.requestCount();
  if (requests !== gateway.requestCount()) {
    throw new Error(`the sandbox counted ${requests} requests, the gateway ${gateway.requestCount()}`);
  }
  return { value, requests, seconds: (ended - started) / 1000, started, ended };
}

function linkAll(
  ids: readonly string[],
  records: ReadonlyMap<string, PatientRecord>,
  loaded: ReadonlyMap<string, LoadedPatient>,
  protocol: typeof EXAMPLE_TRIALS.myeloma.protocol,
): BaselineLink[] {
  const links: BaselineLink[] = [];
  for (const id of ids) {
    const record = records.get(id);
    if (record) links.push(linkOne(id, record, loaded, protocol));
  }
  return links;
}

function linkOne(
  id: string,
  record: PatientRecord,
  loaded: ReadonlyMap<string, LoadedPatient>,
  protocol: typeof EXAMPLE_TRIALS.myeloma.protocol,
): BaselineLink {
  const evaluatedAt = loaded.get(id)?.evaluatedAt;
  if (!evaluatedAt) throw new Error(`the server returned a patient the benchmark did not load: ${id}`);
  return linkBaseline(record, protocol, { evaluatedAt });
}

/** The naive client: the Patient, then every resource of its record, one GET each. */
async function readOneByOne(
  gateway: FhirGateway,
  patientId: string,
  references: readonly string[],
): Promise<PatientRecord> {
  const patient = await gateway.read('Patient', patientId);
  const byType = new Map<string, Resource[]>();
  for (const reference of references) {
    const [type = '', id = ''] = reference.split('/');
    const resource = await gateway.read(type as ResourceType, id);
    byType.set(type, [...(byType.get(type) ?? []), resource]);
  }
  const of = <T extends Resource>(type: T['resourceType']): T[] => (byType.get(type) ?? []) as T[];
  return {
    patient,
    conditions: of('Condition'),
    observations: of('Observation'),
    imagingStudies: of('ImagingStudy'),
    medicationAdministrations: of('MedicationAdministration'),
    procedures: of('Procedure'),
  };
}

function evenSample<T>(items: readonly T[], size: number): T[] {
  const step = items.length / size;
  return Array.from({ length: size }, (_, index) => items[Math.floor(index * step)] as T);
}

/** The run must have read exactly what was loaded, or its figures mean nothing. */
function checkRun(
  expected: number,
  ids: readonly string[],
  records: ReadonlyMap<string, PatientRecord>,
  links: readonly BaselineLink[],
  loaded: ReadonlyMap<string, LoadedPatient>,
): string[] {
  const problems: string[] = [];
  if (new Set(ids).size !== expected) problems.push(`listed ${new Set(ids).size} of ${expected} patients`);
  if (records.size !== expected) problems.push(`read ${records.size} of ${expected} records`);
  if (links.length !== expected) problems.push(`linked ${links.length} of ${expected} patients`);
  let short = 0;
  for (const [id, record] of records) {
    const count =
      record.conditions.length +
      record.observations.length +
      record.imagingStudies.length +
      record.medicationAdministrations.length +
      record.procedures.length;
    if (count !== loaded.get(id)?.resources.length) short++;
  }
  if (short) problems.push(`${short} records differ from what was loaded`);
  return problems;
}

function summarizeLinks(links: readonly BaselineLink[]): string {
  const count = (predicate: (link: BaselineLink) => boolean): number => links.filter(predicate).length;
  const pct = (n: number): string => `${fmt((100 * n) / Math.max(1, links.length), 1)} %`;
  const actual = count((link) => link.treatmentStart.status === 'actual');
  const withIssues = count((link) => link.issues.length > 0);
  const outcomes = (['passed', 'needs-review', 'failed'] as const)
    .map((outcome) => `${outcome} ${pct(count((link) => link.eligibility.outcome === outcome))}`)
    .join(', ');
  return `treatment start recorded ${pct(actual)}; eligibility ${outcomes}; with open issues ${pct(withIssues)}`;
}

function judgeTargets(batched: Row): { pass: boolean; text: string }[] {
  const perPatient = batched.requests / Math.max(1, batched.patients);
  const rate = batched.patients / batched.seconds;
  return [
    {
      pass: perPatient <= TARGETS.maxRequestsPerPatient,
      text: `HTTP requests per patient ${fmt(perPatient, 3)} (target ≤ ${TARGETS.maxRequestsPerPatient})`,
    },
    {
      pass: rate >= TARGETS.minPatientsPerSecond,
      text: `patients linked per second ${fmt(rate, 0)} (target ≥ ${TARGETS.minPatientsPerSecond})`,
    },
  ];
}

/** The headline figures in the result protocol (bench/report.ts), each beside the naive client's. */
function reportFigures(
  batched: Row,
  naive: Row,
  verdicts: readonly { pass: boolean }[],
  problems: readonly string[],
): void {
  const perPatient = (row: Row): number => row.requests / Math.max(1, row.patients);
  const rate = (row: Row): number => row.patients / row.seconds;
  reportFigure({
    bench: 'link-patients',
    figure: `HTTP requests per patient, batched, ${batched.patients} patients (lower is better)`,
    value: perPatient(batched),
    unit: 'requests/patient',
    reference: {
      name: `naive client (GET per resource), ${naive.patients}-patient sample`,
      value: perPatient(naive),
      unit: 'requests/patient',
    },
    target: `≤ ${TARGETS.maxRequestsPerPatient} requests/patient`,
    pass: verdicts[0]?.pass ?? null,
  });
  reportFigure({
    bench: 'link-patients',
    figure: `patients linked per second, batched, ${batched.patients} patients`,
    value: rate(batched),
    unit: 'patients/s',
    reference: { name: 'naive client, same sample', value: rate(naive), unit: 'patients/s' },
    target: `≥ ${TARGETS.minPatientsPerSecond} patients/s`,
    pass: verdicts[1]?.pass ?? null,
  });
  if (problems.length) {
    reportFigure({
      bench: 'link-patients',
      figure: `invalid run: ${problems.join('; ')}`,
      value: problems.length,
      unit: 'problems',
      reference: null,
      target: 'none',
      pass: false,
    });
  }
}

function printTable(rows: readonly Row[], total: number): void {
  const header = ['approach', 'patients', 'HTTP requests', 'requests/patient', 'patients/s'];
  const body = rows.map((row) => [
    row.approach,
    String(row.patients),
    String(row.requests),
    fmt(row.requests / Math.max(1, row.patients), 3),
    fmt(row.patients / row.seconds, 0),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  log('');
  log(line(header));
  log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cells of body) log(line(cells));
  const [batched, naive] = rows;
  if (batched && naive) {
    const naivePerPatient = naive.requests / Math.max(1, naive.patients);
    const naiveRate = naive.patients / naive.seconds;
    log(
      `naive extrapolated to ${total} patients: ~${fmt(naivePerPatient * total, 0)} requests, ` +
        `~${fmt(total / naiveRate, 0)} s (batched: ${batched.requests} requests, ${fmt(batched.seconds, 1)} s)`,
    );
  }
  log('');
}

/** Peak RSS, sampled every 10 ms (between requests: the sandbox yields the event loop). */
class RssPeak {
  batchedPeak = 0;
  naivePeak = 0;
  private phase: 'batched' | 'naive' | undefined;
  private readonly timer = setInterval(() => this.sample(), 10);

  constructor() {
    this.timer.unref();
  }

  begin(phase: 'batched' | 'naive'): void {
    this.phase = phase;
    this.sample();
  }

  end(): void {
    this.sample();
    this.phase = undefined;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (this.phase === 'batched') this.batchedPeak = Math.max(this.batchedPeak, rss);
    if (this.phase === 'naive') this.naivePeak = Math.max(this.naivePeak, rss);
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** V8's sampling profiler over the measured run only (setup excluded). */
class CpuProfiler {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<CpuProfiler> {
    const session = new Session();
    session.connect();
    const profiler = new CpuProfiler(session);
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.post('Profiler.start');
    return profiler;
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: CpuProfile };
    this.session.disconnect();
    return profile;
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  }
}

/** Self time by component (package, workspace folder, Node internals) and the top functions. */
function printProfile(phase: string, profile: CpuProfile, out: string | undefined): void {
  if (out) {
    const file = out.replace(/(\.cpuprofile)?$/, `.${phase}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile of the ${phase} run written to ${file} (open in Chrome DevTools)`);
  }
  const selfMs = new Map<number, number>();
  (profile.samples ?? []).forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const byComponent = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    const where = locate(node.callFrame);
    byComponent.set(where.component, (byComponent.get(where.component) ?? 0) + ms);
    const name = `${node.callFrame.functionName || '(anonymous)'}  ${where.at}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number): string[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `  ${fmt((100 * ms) / total, 1).padStart(5)} %  ${name}`);
  log(`\nCPU self time of the ${phase} run (${fmt(total / 1000, 1)} s sampled), by component:`);
  top(byComponent, 12).forEach((row) => log(row));
  log('top functions:');
  top(byFunction, 15).forEach((row) => log(row));
}

const workspaceRoot = path.resolve(__dirname, '..');

/** Where a profiled frame's code lives; bundled workspace code is mapped back through the source map. */
function locate(frame: ProfileNode['callFrame']): { component: string; at: string } {
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (!url) {
    const builtin = /^(parse|stringify)$/.test(functionName)
      ? 'V8: JSON'
      : `V8/runtime: ${functionName || '?'}`;
    return { component: builtin, at: '' };
  }
  let file = url.startsWith('file://') ? new URL(url).pathname : url;
  let line = lineNumber + 1;
  // Bundled workspace code and minified packages (Medplum) name their sources in source maps;
  // Node loads those with --enable-source-maps.
  const entry = file.startsWith('node:')
    ? undefined
    : (findSourceMap(file)?.findEntry(lineNumber, columnNumber) as
        { originalSource?: string; originalLine?: number } | undefined);
  if (entry?.originalSource) {
    const source = entry.originalSource;
    const mapped = source.startsWith('file://')
      ? new URL(source).pathname
      : path.resolve(path.dirname(file), source);
    // Packages map to their own (unshipped) src/: keep them attributed to the package.
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
    file =
      pkg && !mapped.includes('node_modules')
        ? `${file.slice(0, file.indexOf(pkg) + pkg.length)}/${path.relative(path.dirname(file), mapped).replace(/^(\.\.\/)+/, '')}`
        : mapped;
    line = (entry.originalLine ?? 0) + 1;
  }
  const relative = path.relative(workspaceRoot, file);
  const at = `${file.startsWith('node:') ? file : relative}:${line}`;
  if (file.startsWith('node:')) return { component: `Node: ${file.split('/').slice(0, 2).join('/')}`, at };
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(relative)?.[1];
  if (pkg)
    return { component: pkg, at: relative.slice(relative.lastIndexOf('node_modules/') + 13) + `:${line}` };
  const folder = /^(libs\/[^/]+\/[^/]+\/src\/[^/]+|bench|apps\/[^/]+)/.exec(relative)?.[1];
  return { component: folder ? folder.replace(/\.ts$/, '') : relative, at };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function mib(bytes: number): string {
  return fmt(bytes / 1024 / 1024, 0);
}

function log(text: string): void {
  console.log(text);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
