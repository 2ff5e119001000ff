import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { exampleTrialDefinitionJson } from '@prospect/domain';
import { FhirGateway, startFhirSandbox, type FhirSandbox } from '@prospect/fhir-server';
import type { PatientTruth } from '@prospect/synth';
import { runCli } from './testing/run-cli';
import type { SynthManifest } from './synth-command';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('prospect synth', () => {
  let workDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'prospect-synth-'));
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  async function cli(args: string[]): Promise<Outcome> {
    return runCli(args, { cwd: workDir, env: { NODE_ENV: 'test', DATA_DIR: join(workDir, 'data') } });
  }

  /** Every file under `dir`, `/`-separated and sorted. */
  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
      .sort();
  }

  const read = (dir: string, path: string): Buffer => readFileSync(join(dir, ...path.split('/')));
  const readJson = <T>(dir: string, path: string): T => JSON.parse(read(dir, path).toString('utf8')) as T;

  it('writes bundles, truth, the trial and a manifest with every file’s SHA-256', async () => {
    const outcome = await cli([
      'synth',
      '--indication',
      'myeloma',
      '--patients',
      '12',
      '--seed',
      'files',
      '--out',
      'cohort',
      '--json',
    ]);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    const dir = join(workDir, 'cohort');
    const manifest = JSON.parse(outcome.stdout) as SynthManifest;
    expect(readJson(dir, 'manifest.json')).toEqual(manifest);
    expect(manifest).toMatchObject({
      generator: 'prospect synth',
      indication: 'myeloma',
      trial: { code: 'MM-RAD-01' },
      seed: 'files',
      options: {
        patients: 12,
        signalStrength: 1,
        prevalence: 0.35,
        mess: {
          missingCovariate: 0.08,
          imagingOutsideWindow: 0.06,
          lateTreatmentRecord: 0.1,
          duplicateStudy: 0.05,
        },
        stableIds: false,
      },
      counts: { patients: 12, baselineBundles: 12, outcomeBundles: 12 },
    });

    const numbered = (folder: string, count: number): string[] =>
      Array.from({ length: count }, (_, index) => `${folder}/${String(index + 1).padStart(6, '0')}.json`);
    const onDisk = filesUnder(dir);
    expect(onDisk.filter((path) => path.startsWith('baseline/'))).toEqual(numbered('baseline', 12));
    expect(onDisk.filter((path) => path.startsWith('outcomes/'))).toEqual(numbered('outcomes', 12));
    expect(onDisk.filter((path) => path.startsWith('late/'))).toHaveLength(manifest.counts.lateBundles);
    expect(manifest.files.map((file) => file.path)).toEqual(
      onDisk.filter((path) => path !== 'manifest.json'),
    );
    for (const file of manifest.files) {
      const bytes = read(dir, file.path);
      expect({
        path: file.path,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      }).toEqual(file);
    }

    const truth = readJson<PatientTruth[]>(dir, 'truth.json');
    expect(truth).toHaveLength(12);
    expect(manifest.counts.responders).toBe(truth.filter((patient) => patient.responder).length);
    expect(readJson(dir, 'trial.json')).toEqual(exampleTrialDefinitionJson('myeloma'));

    // A late bundle is named after its patient, and is that patient's late treatment record.
    const late = onDisk.filter((path) => path.startsWith('late/'));
    expect(late.length).toBe(truth.filter((patient) => patient.mess.includes('lateTreatmentRecord')).length);
    for (const path of late) {
      const number = Number(path.slice('late/'.length, -'.json'.length));
      const patient = readJson<Bundle>(dir, path).entry?.find(
        (entry) => entry.resource?.resourceType === 'Patient',
      )?.resource as Patient;
      expect(patient.identifier?.[0]?.value).toBe(truth[number - 1]?.mrn);
    }
    const baseline = readJson<Bundle>(dir, 'baseline/000001.json');
    expect(baseline).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(baseline.entry?.[1]?.request).toMatchObject({ method: 'POST', url: 'Patient' });

    const human = await cli([
      'synth',
      '--indication',
      'breast',
      '--patients',
      '2',
      '--seed',
      'x',
      '--out',
      'human',
    ]);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toMatch(
      /^Wrote 2 patients \(2 baseline, \d late, 2 outcome bundles\) for BC-PCR-02, seed "x", to human; /,
    );
    expect(human.stdout).toContain(
      `prospect trial create --protocol ${join('human', 'trial.json')} --as ADMIN`,
    );
  });

  it('is deterministic: the same seed and options give identical bytes, another seed others', async () => {
    const args = (seed: string, out: string): string[] => [
      'synth',
      '--indication',
      'breast',
      '--patients',
      '8',
      '--seed',
      seed,
      '--signal',
      '0.5',
      '--prevalence',
      '0.3',
      '--out',
      join(workDir, out),
    ];
    expect((await cli(args('same', 'first'))).code).toBe(0);
    expect((await cli(args('same', 'second'))).code).toBe(0);
    expect((await cli(args('other', 'third'))).code).toBe(0);
    const first = join(workDir, 'first');
    const second = join(workDir, 'second');
    const third = join(workDir, 'third');
    expect(filesUnder(second)).toEqual(filesUnder(first));
    for (const path of filesUnder(first)) expect(read(second, path).equals(read(first, path))).toBe(true);
    expect(read(third, 'baseline/000001.json').equals(read(first, 'baseline/000001.json'))).toBe(false);
    expect(read(third, 'trial.json').equals(read(first, 'trial.json'))).toBe(true);
    expect(readJson<SynthManifest>(first, 'manifest.json').options).toMatchObject({
      signalStrength: 0.5,
      prevalence: 0.3,
    });
  });

  it('--no-mess gives clean records; --stable-ids writes bundles with ids, by PUT', async () => {
    const outcome = await cli([
      'synth',
      '--indication',
      'myeloma',
      '--patients',
      '30',
      '--seed',
      'clean',
      '--no-mess',
      '--stable-ids',
      '--out',
      'clean',
      '--json',
    ]);
    expect(outcome.code).toBe(0);
    const manifest = JSON.parse(outcome.stdout) as SynthManifest;
    expect(manifest.options).toMatchObject({
      mess: { missingCovariate: 0, imagingOutsideWindow: 0, lateTreatmentRecord: 0, duplicateStudy: 0 },
      stableIds: true,
    });
    expect(manifest.counts.lateBundles).toBe(0);
    const dir = join(workDir, 'clean');
    expect(existsSync(join(dir, 'late'))).toBe(true);
    expect(filesUnder(join(dir, 'late'))).toEqual([]);
    expect(readJson<PatientTruth[]>(dir, 'truth.json').every((patient) => patient.mess.length === 0)).toBe(
      true,
    );
    const entries = readJson<Bundle>(dir, 'baseline/000001.json').entry ?? [];
    for (const entry of entries) {
      expect(entry.request).toEqual({
        method: 'PUT',
        url: `${entry.resource?.resourceType}/${entry.resource?.id}`,
      });
    }
  });

  it('refuses a non-empty directory without --force; with it, replaces the earlier bundles only', async () => {
    const dir = join(workDir, 'again');
    const args = (patients: number): string[] => [
      'synth',
      '--indication',
      'myeloma',
      '--patients',
      String(patients),
      '--seed',
      'again',
      '--out',
      dir,
    ];
    expect((await cli(args(6))).code).toBe(0);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const refused = await cli(args(3));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--out ${dir} is not empty; add --force`);
    expect(readJson<SynthManifest>(dir, 'manifest.json').counts.patients).toBe(6);

    expect((await cli([...args(3), '--force'])).code).toBe(0);
    const manifest = readJson<SynthManifest>(dir, 'manifest.json');
    expect(manifest.counts.patients).toBe(3);
    expect(filesUnder(dir)).toEqual(
      ['manifest.json', 'notes.txt', ...manifest.files.map((file) => file.path)].sort(),
    );

    writeFileSync(join(workDir, 'a-file'), '');
    const notDirectory = await cli([...args(1).slice(0, -1), 'a-file', '--force']);
    expect(notDirectory).toMatchObject({
      code: 1,
      stderr: 'prospect: --out a-file: exists and is not a directory.\n',
    });
  });

  it('--write-trial writes only the example trial definition, the bytes of trial.json', async () => {
    const written = await cli(['synth', '--write-trial', 'mm.json', '--indication', 'myeloma', '--json']);
    expect(written).toMatchObject({ code: 0, stderr: '' });
    const text = readFileSync(join(workDir, 'mm.json'));
    expect(text.equals(read(join(workDir, 'cohort'), 'trial.json'))).toBe(true);
    expect(JSON.parse(written.stdout)).toEqual({
      indication: 'myeloma',
      code: 'MM-RAD-01',
      file: 'mm.json',
      bytes: text.length,
      sha256: createHash('sha256').update(text).digest('hex'),
    });

    const again = await cli(['synth', '--write-trial', 'mm.json', '--indication', 'breast']);
    expect(again).toMatchObject({
      code: 1,
      stderr: 'prospect: --write-trial mm.json: the file exists; add --force to overwrite it.\n',
    });
    const forced = await cli(['synth', '--write-trial', 'mm.json', '--indication', 'breast', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(
      'Wrote the example trial definition BC-PCR-02 (breast) to mm.json.\nRegister it: prospect trial create --protocol mm.json --as ADMIN\n',
    );
    expect(JSON.parse(readFileSync(join(workDir, 'mm.json'), 'utf8'))).toEqual(
      exampleTrialDefinitionJson('breast'),
    );
  });

  it.each([
    [
      ['--patients', '0'],
      "option '--patients <n>' argument '0' is invalid. Must be an integer from 1 to 100000.",
    ],
    [['--patients', '100001'], "option '--patients <n>' argument '100001' is invalid."],
    [['--patients', '2.5'], "option '--patients <n>' argument '2.5' is invalid."],
    [['--patients', 'ten'], "option '--patients <n>' argument 'ten' is invalid."],
    [
      ['--indication', 'flu'],
      "option '--indication <name>' argument 'flu' is invalid. Allowed choices are myeloma, breast.",
    ],
    [['--signal', '-1'], "option '--signal <x>' argument '-1' is invalid. Must be a number of at least 0"],
    [['--signal', 'strong'], "option '--signal <x>' argument 'strong' is invalid."],
    [
      ['--prevalence', '0'],
      "option '--prevalence <p>' argument '0' is invalid. Must be a number between 0 and 1",
    ],
    [['--prevalence', '1'], "option '--prevalence <p>' argument '1' is invalid."],
    [['--prevalence', '1.5'], "option '--prevalence <p>' argument '1.5' is invalid."],
    [['--fhir', 'http://127.0.0.1:9/fhir'], '--out and --fhir exclude each other'],
  ])('exits 2 on %j, naming the option', async (override, message) => {
    const base: Record<string, string> = {
      '--indication': 'myeloma',
      '--patients': '2',
      '--seed': 'bad',
      '--out': 'never',
    };
    const args = ['synth', ...Object.entries(base).flatMap(([flag, value]) => [flag, value])];
    const [flag, value] = override as [string, string];
    const index = args.indexOf(flag);
    if (index >= 0) args[index + 1] = value;
    else args.push(flag, value);
    const outcome = await cli(args);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(existsSync(join(workDir, 'never'))).toBe(false);
  });

  it.each([
    [
      ['--indication', 'myeloma', '--patients', '2', '--seed', 's'],
      'Give --out DIR (write files) or --fhir URL',
    ],
    [
      ['--patients', '2', '--seed', 's', '--out', 'never'],
      "required option '--indication <name>' not specified",
    ],
    [['--indication', 'breast', '--seed', 's', '--out', 'never'], '--patients is required.'],
    [['--indication', 'breast', '--patients', '2', '--out', 'never'], '--seed is required'],
    [
      ['--indication', 'breast', '--patients', '2', '--seed', 's', '--fhir', 'ftp://x.example'],
      '--fhir: FHIR baseUrl must be http(s)',
    ],
    [
      ['--indication', 'breast', '--patients', '2', '--seed', 's', '--fhir', 'not a url'],
      '--fhir: not a URL.',
    ],
    [
      ['--indication', 'breast', '--patients', '2', '--seed', 's', '--fhir', 'http://127.0.0.1:9', '--force'],
      '--force applies to --out and --write-trial only.',
    ],
    [
      ['--indication', 'breast', '--write-trial', 'never.json', '--patients', '2', '--no-mess'],
      '--write-trial writes only the trial definition and takes no --patients, --no-mess',
    ],
  ])('exits 2 on %j', async (args, message) => {
    const outcome = await cli(['synth', ...args]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(existsSync(join(workDir, 'never'))).toBe(false);
    expect(existsSync(join(workDir, 'never.json'))).toBe(false);
  });

  describe('--fhir', () => {
    let sandbox: FhirSandbox;

    beforeAll(async () => {
      sandbox = await startFhirSandbox();
    });

    afterAll(() => sandbox?.close());

    const post = (...extra: string[]): Promise<Outcome> =>
      cli([
        'synth',
        '--indication',
        'myeloma',
        '--patients',
        '3',
        '--seed',
        'fhir',
        '--fhir',
        sandbox.baseUrl,
        ...extra,
      ]);

    it('explains Medplum’s limit on conditional transactions, which --stable-ids avoids', async () => {
      const refused = await post();
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('The FHIR server refused the transaction');
      expect(refused.stderr).toContain('Add --stable-ids');
      expect(refused.stderr).toContain('0 of 3 baseline bundles were posted before patient 1 (SYN-');
    });

    it('posts the baseline bundles with --stable-ids, again without duplicates', async () => {
      const posted = await post('--stable-ids', '--json');
      expect(posted).toMatchObject({ code: 0, stderr: '' });
      const result = JSON.parse(posted.stdout) as {
        counts: { patients: number };
        fhir: { baseUrl: string; posted: number; patients: { mrn: string; patientId: string }[] };
      };
      expect(result.fhir).toMatchObject({ baseUrl: sandbox.baseUrl, posted: 3 });
      expect(result.fhir.patients).toHaveLength(3);

      const gateway = new FhirGateway({ baseUrl: sandbox.baseUrl });
      for (const { mrn, patientId } of result.fhir.patients) {
        const patient = await gateway.read('Patient', patientId);
        expect(patient.identifier?.[0]?.value).toBe(mrn);
      }
      const again = await post('--stable-ids', '--json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).fhir.patients).toEqual(result.fhir.patients);
      expect(await gateway.searchResources('Patient', {})).toHaveLength(3);
      expect(
        await gateway.searchResources('ImagingStudy', {
          subject: `Patient/${result.fhir.patients[0]?.patientId}`,
        }),
      ).not.toHaveLength(0);

      const human = await post('--stable-ids');
      expect(human.stdout).toContain(
        'Posted 3 baseline bundles (one transaction per patient) for MM-RAD-01, seed "fhir"',
      );
      expect(human.stdout).toContain(`to ${sandbox.baseUrl}.`);
    });

    it('posts bundles as generated (conditional creates) where the server takes them', async () => {
      // Breast bundles are small enough for Medplum's limit on conditional transactions.
      const args = ['synth', '--indication', 'breast', '--patients', '2', '--seed', 'small', '--no-mess'];
      const first = await cli([...args, '--fhir', sandbox.baseUrl, '--json']);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      const patients = JSON.parse(first.stdout).fhir.patients as { mrn: string; patientId: string }[];
      expect(patients).toHaveLength(2);
      // The Patient is a conditional create: posting again finds it instead of adding another.
      const again = await cli([...args, '--fhir', sandbox.baseUrl, '--json']);
      expect(JSON.parse(again.stdout).fhir.patients).toEqual(patients);
      const gateway = new FhirGateway({ baseUrl: sandbox.baseUrl });
      const written = await cli([...args, '--out', 'small']);
      expect(written.code).toBe(0);
      const bundle = JSON.parse(
        readFileSync(join(workDir, 'small', 'baseline', '000001.json'), 'utf8'),
      ) as Bundle;
      expect(
        bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.request,
      ).toMatchObject({
        method: 'POST',
        ifNoneExist: expect.stringContaining(patients[0]?.mrn ?? '?'),
      });
      expect((await gateway.read('Patient', patients[0]?.patientId ?? '?')).identifier?.[0]?.value).toBe(
        patients[0]?.mrn,
      );
    });

    it('reports a server that cannot be reached', async () => {
      const outcome = await cli([
        'synth',
        '--indication',
        'breast',
        '--patients',
        '1',
        '--seed',
        's',
        '--fhir',
        'http://127.0.0.1:9/fhir',
      ]);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toContain('FHIR POST http://127.0.0.1:9/fhir failed');
      expect(outcome.stderr).toContain('0 of 1 baseline bundles were posted before patient 1');
    }, 30_000);
  });

  it('writes a gzipped NIfTI-1 baseline image and lesion mask per patient, unless --no-images', async () => {
    const dir = join(workDir, 'images-out');
    const result = await cli([
      'synth',
      '--indication',
      'myeloma',
      '--patients',
      '2',
      '--seed',
      'img',
      '--out',
      dir,
    ]);
    expect(result.code).toBe(0);
    const images = filesUnder(dir).filter((path) => path.startsWith('images/'));
    expect(images).toEqual([
      'images/000001-image.nii.gz',
      'images/000001-mask.nii.gz',
      'images/000002-image.nii.gz',
      'images/000002-mask.nii.gz',
    ]);
    const image = gunzipSync(read(dir, 'images/000001-image.nii.gz'));
    const header = new DataView(image.buffer, image.byteOffset, image.byteLength);
    expect(header.getInt32(0, true)).toBe(348);
    expect(image.subarray(344, 347).toString('latin1')).toBe('n+1');
    expect([
      header.getInt16(40, true),
      header.getInt16(42, true),
      header.getInt16(44, true),
      header.getInt16(46, true),
    ]).toEqual([3, 48, 48, 24]);
    expect(header.getInt16(70, true)).toBe(4); // int16
    const mask = gunzipSync(read(dir, 'images/000001-mask.nii.gz'));
    const maskVoxels = mask.subarray(352);
    expect(maskVoxels.length).toBe(48 * 48 * 24);
    expect(maskVoxels.filter((value) => value === 1).length).toBeGreaterThan(100);
    const manifest = readJson<SynthManifest>(dir, 'manifest.json');
    const entry = manifest.files.find((file) => file.path === 'images/000001-mask.nii.gz');
    expect(entry?.sha256).toBe(
      createHash('sha256').update(read(dir, 'images/000001-mask.nii.gz')).digest('hex'),
    );

    const without = join(workDir, 'no-images');
    expect(
      (
        await cli([
          'synth',
          '--indication',
          'breast',
          '--patients',
          '2',
          '--seed',
          'img',
          '--out',
          without,
          '--no-images',
        ])
      ).code,
    ).toBe(0);
    expect(filesUnder(without).some((path) => path.startsWith('images/'))).toBe(false);
  });

  it('writes the first patients’ baseline images as DICOM series too, every fourth off-protocol on purpose', async () => {
    const dir = join(workDir, 'dicom-out');
    const args = [
      'synth',
      '--indication',
      'myeloma',
      '--patients',
      '6',
      '--seed',
      'dcm',
      '--out',
      dir,
      '--dicom',
      '4',
    ];
    const result = await cli([...args, '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const manifest = JSON.parse(result.stdout) as SynthManifest;
    expect(manifest.options.dicomPatients).toBe(4);
    expect(manifest.dicom.map((series) => [series.patient, series.directory, series.instances])).toEqual([
      [1, 'dicom/000001', 24],
      [2, 'dicom/000002', 24],
      [3, 'dicom/000003', 24],
      [4, 'dicom/000004', 24],
    ]);
    expect(manifest.dicom.map((series) => series.deviation)).toEqual([
      null,
      null,
      null,
      'magnetic-field-strength',
    ]);
    expect(manifest.dicom[3]?.acquisition.magneticFieldStrengthTesla).toBe(1);
    expect(manifest.dicom[0]?.acquisition).toEqual({
      manufacturer: 'Prospect Synthetic',
      magneticFieldStrengthTesla: 3,
      sequenceName: 'ep_b800',
      sliceThicknessMm: 4,
    });
    const slices = filesUnder(dir).filter((path) => path.startsWith('dicom/000001/'));
    expect(slices).toHaveLength(24);
    expect(slices[0]).toBe('dicom/000001/0001.dcm');
    expect(filesUnder(dir).some((path) => path.startsWith('dicom/000005'))).toBe(false);
    for (const path of slices) {
      expect(manifest.files.find((file) => file.path === path)?.sha256).toBe(
        createHash('sha256').update(read(dir, path)).digest('hex'),
      );
    }

    // Same study as the FHIR ImagingStudy the baseline link selects, same voxels as the NIfTI file.
    const truth = readJson<PatientTruth[]>(dir, 'truth.json');
    expect(manifest.dicom[0]?.studyInstanceUid).toBe(truth[0]?.baselineStudyInstanceUid);
    const bundle = readJson<Bundle>(dir, 'baseline/000001.json');
    const seriesUids = (bundle.entry ?? []).flatMap((entry) =>
      entry.resource?.resourceType === 'ImagingStudy' ? (entry.resource.series ?? []).map((s) => s.uid) : [],
    );
    expect(seriesUids).toContain(manifest.dicom[0]?.seriesInstanceUid);
    const nifti = gunzipSync(read(dir, 'images/000001-image.nii.gz'));
    const voxels = new Int16Array(
      nifti.buffer.slice(nifti.byteOffset + 352, nifti.byteOffset + nifti.byteLength),
    );
    const sliceVoxels = 48 * 48;
    slices.forEach((path, k) => {
      const file = read(dir, path);
      // Pixel Data is the last element: its 12-byte header precedes the final 48·48·2 bytes.
      expect(file.subarray(file.length - sliceVoxels * 2 - 12, file.length - sliceVoxels * 2 - 8)).toEqual(
        Buffer.from([0xe0, 0x7f, 0x10, 0x00]),
      );
      const pixels = new Int16Array(
        file.buffer.slice(file.byteOffset + file.length - sliceVoxels * 2, file.byteOffset + file.length),
      );
      expect(pixels).toEqual(voxels.subarray(k * sliceVoxels, (k + 1) * sliceVoxels));
    });

    // Deterministic by seed; --force replaces the series of an earlier run.
    const again = await cli([...args, '--force', '--dicom', '1', '--json']);
    expect(again.code).toBe(0);
    expect(filesUnder(dir).filter((path) => path.startsWith('dicom/'))).toHaveLength(24);
    expect(existsSync(join(dir, 'dicom', '000002'))).toBe(false);
    expect(
      (JSON.parse(again.stdout) as SynthManifest).files.find((f) => f.path === 'dicom/000001/0007.dcm'),
    ).toEqual(manifest.files.find((f) => f.path === 'dicom/000001/0007.dcm'));
  });

  it.each([
    [
      ['--dicom', '3', '--patients', '2'],
      '--dicom: Must be an integer from 0 (no DICOM) to the number of patients. (--patients is 2)',
    ],
    [['--dicom', '-1', '--patients', '2'], "option '--dicom <n>' argument '-1' is invalid"],
    [['--dicom', '1', '--patients', '2', '--no-images'], 'cannot be combined with --no-images'],
  ])('refuses %j', async (extra, message) => {
    const outcome = await cli([
      'synth',
      '--indication',
      'breast',
      '--seed',
      'x',
      '--out',
      join(workDir, 'never'),
      ...extra,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(existsSync(join(workDir, 'never'))).toBe(false);
  });

  it('writes no DICOM with --dicom 0', async () => {
    const dir = join(workDir, 'dicom-none');
    expect(
      (
        await cli([
          'synth',
          '--indication',
          'breast',
          '--patients',
          '2',
          '--seed',
          'x',
          '--out',
          dir,
          '--dicom',
          '0',
        ])
      ).code,
    ).toBe(0);
    expect(filesUnder(dir).some((path) => path.startsWith('dicom/'))).toBe(false);
    expect(readJson<SynthManifest>(dir, 'manifest.json').dicom).toEqual([]);
  });

  it('writes the demonstration model the trial pins, with its card', async () => {
    const dir = join(workDir, 'model-out');
    expect(
      (
        await cli([
          'synth',
          '--indication',
          'breast',
          '--patients',
          '1',
          '--seed',
          'm',
          '--out',
          dir,
          '--no-images',
        ])
      ).code,
    ).toBe(0);
    const trial = readJson<{ protocol: { model: { name: string; sha256: string } } }>(dir, 'trial.json');
    const model = read(dir, `model/${trial.protocol.model.name}.onnx`);
    expect(createHash('sha256').update(model).digest('hex')).toBe(trial.protocol.model.sha256);
    const card = readJson<{ name: string; inputs: unknown[]; radiomics: unknown }>(
      dir,
      `model/${trial.protocol.model.name}.card.json`,
    );
    expect(card).toMatchObject({
      name: trial.protocol.model.name,
      radiomics: { discretisation: { method: 'fixed-bin-size' } },
    });
    expect(card.inputs).toHaveLength(5);
  });

  it('writes into an existing empty directory', async () => {
    mkdirSync(join(workDir, 'empty'));
    const outcome = await cli([
      'synth',
      '--indication',
      'breast',
      '--patients',
      '1',
      '--seed',
      's',
      '--out',
      'empty',
    ]);
    expect(outcome.code).toBe(0);
    expect(filesUnder(join(workDir, 'empty'))).toContain('baseline/000001.json');
  });
});
