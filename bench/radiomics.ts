/**
 * Benchmark for "Feature extraction": IBSI radiomics (`extractFeatures`) of a synthetic 512×512×200
 * CT-like volume with a ~1 M-voxel lesion mask, each family's time, next to the machine's
 * memory-bandwidth-bound reference (a plain pass over the same voxels) measured in the same run, and
 * the process's peak memory during extraction. See bench/README.md.
 *
 *   npm run bench:radiomics -- [--dims 512,512,200] [--spacing 0.8,0.8,2] [--roi-voxels 1000000]
 *                              [--runs 3] [--seed bench-radiomics] [--bin-width 10] [--bin-count 32]
 *                              [--families glcm,glrlm] [--resample 1,1,1] [--profile]
 *
 * Exits 1 when a target is missed, naming it; it is not a test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import {
  extractFeatures,
  FEATURE_FAMILIES,
  prepareRoi,
  type Extraction,
  type FeatureFamily,
  type PreprocessingSettings,
  type RoiVolume,
  type Vec3,
} from '@prospect/radiomics';
import { reportFigure } from './report';

const TARGETS = {
  /** Intensity statistics family time / plain pass over the volume's voxels. */
  maxIntensityStatisticsRatio: 3,
  /** Every family, pre-processing included (median wall time of `extractFeatures`). */
  maxFullSetMs: 2000,
  /** Peak memory above the baseline (before the volume existed) / the Float32 image's bytes. */
  maxPeakOverVolume: 4,
} as const;

const ALL_FAMILIES = Object.keys(FEATURE_FAMILIES) as FeatureFamily[];
const PLAIN_PASS_REPETITIONS = 5;

interface Options {
  dims: Vec3;
  spacing: Vec3;
  roiVoxels: number;
  runs: number;
  seed: string;
  binWidth: number;
  binCount: number | undefined;
  families: FeatureFamily[];
  resample: Vec3 | undefined;
  profile: boolean;
  profileOut: string | undefined;
}

/** One discretisation setting, measured over the warm-up and the measured runs. */
interface SettingResult {
  label: string;
  settings: PreprocessingSettings;
  /** Per measured run: ms by step, and the wall time of the call. */
  runs: { steps: Map<string, number>; wallMs: number; cpuMs: number }[];
  last: Extraction;
  /** Peak memory above the baseline (bytes) of each run, warm-up first: exact (VmHWM) and sampled. */
  peaks: { exact: number | undefined; sampled: number }[];
}

const gc = exposeGc();

async function main(): Promise<number> {
  const options = readOptions();
  const memory = await MemoryPeak.start();
  try {
    gc();
    const baseline = memory.current();
    const [nx, ny, nz] = options.dims;
    log(
      `radiomics: ${nx}×${ny}×${nz} voxels of ${options.spacing.join('×')} mm, ~${fmtInt(options.roiVoxels)}-voxel ROI, ` +
        `${options.runs} measured runs after a warm-up, families: ${options.families.length === ALL_FAMILIES.length ? 'all' : options.families.join(', ')}, ` +
        `Node ${process.version}`,
    );

    // --- Setup (not measured): the volume and its mask.
    const started = performance.now();
    const volume = syntheticVolume(options);
    const roiVoxels = countMask(volume.mask);
    gc();
    const volumeBytes = volume.image.byteLength;
    log(
      `setup (not measured): volume built in ${fmt(seconds(started), 1)} s; ROI ${fmtInt(roiVoxels)} voxels; ` +
        `image Float32 ${mib(volumeBytes)} MiB + mask ${mib(volume.mask.byteLength)} MiB; ` +
        `RSS ${mib(baseline.rss)} MiB before the volume, ${mib(memory.current().rss)} MiB after`,
    );

    // --- Reference, same run: a plain pass over the same voxels.
    const plain = plainPass(volume);
    const roiPlain = preparedGridPass(volume, fixedBinSize(options));
    gc();
    log(
      `plain pass: Σ image·mask over all ${fmtInt(volume.mask.length)} voxels (${mib(plain.bytes)} MiB read), ` +
        `best of ${PLAIN_PASS_REPETITIONS}: ${fmt(plain.ms, 1)} ms = ${fmt(plain.bytes / plain.ms / 1e6, 1)} GB/s ` +
        `(sum ${fmt(plain.sum, 0)}); for scale, memcpy of the image ${fmt(plain.copyGBps, 1)} GB/s (read + write)`,
    );

    // --- Measured: warm-up, then the measured runs, per setting.
    const settings: [string, PreprocessingSettings][] = [
      [`fixed bin size ${options.binWidth}`, fixedBinSize(options)],
    ];
    if (options.binCount !== undefined) {
      settings.push([
        `fixed bin number ${options.binCount}`,
        {
          ...baseSettings(options),
          discretisation: { method: 'fixed-bin-number', binCount: options.binCount },
        },
      ]);
    }
    const results = settings.map(([label, setting]) =>
      measureSetting(label, setting, volume, options, memory, baseline.rss),
    );

    printTable(results, plain.ms, options.families);
    const [primary] = results as [SettingResult, ...SettingResult[]];
    const roi = primary.last.roi;
    log(
      `ROI after pre-processing: ${fmtInt(roi.voxels)} voxels (morphological ${fmtInt(roi.morphologicalVoxels)}), ` +
        `${roi.greyLevels} grey levels; ${primary.last.features.length} features; prepared grid ${roiPlain.dims.join('×')}`,
    );
    const intensityMs = median(primary.runs.map((run) => run.steps.get('intensity-statistics') ?? NaN));
    const preprocessingMs = median(primary.runs.map((run) => run.steps.get('preprocessing') ?? NaN));
    if (!Number.isNaN(intensityMs)) {
      log(
        `intensity statistics: ${fmt(intensityMs / plain.ms, 2)}× the plain pass over the volume; ` +
          `with pre-processing (volume → first-order features) ${fmt((intensityMs + preprocessingMs) / plain.ms, 2)}×; ` +
          `${fmt(intensityMs / roiPlain.ms, 1)}× a plain pass over the prepared grid's ${fmtInt(roiPlain.voxels)} voxels ` +
          `(Float64 + mask, ${fmt(roiPlain.ms, 2)} ms)`,
      );
    }
    for (const result of results) {
      const peaks = result.peaks.map((peak) => peak.exact ?? peak.sampled);
      log(
        `memory (${result.label}): peak above baseline per run (warm-up first) ${peaks.map((peak) => mib(peak)).join(', ')} MiB` +
          (memory.exact
            ? `; sampled every 2 ms by a worker thread: ${result.peaks.map((peak) => mib(peak.sampled)).join(', ')} MiB`
            : ' (sampled every 2 ms by a worker thread: /proc/self/clear_refs is not writable here)'),
      );
    }
    log(
      `process peak RSS over the whole run (setup included): ${mib(process.resourceUsage().maxRSS * 1024)} MiB`,
    );

    if (options.profile) {
      const profiler = await CpuProfiler.start();
      extractFeatures(volume, primary.settings, { families: options.families });
      printProfile(await profiler.stop(), options.profileOut);
    }

    log('');
    log(`targets (${primary.label}):`);
    const verdicts = judgeTargets(primary, plain.ms, volumeBytes, options.families);
    for (const verdict of verdicts)
      log(`  ${verdict.pass === undefined ? 'n/a ' : verdict.pass ? 'PASS' : 'FAIL'}  ${verdict.text}`);
    reportFigures(primary, verdicts, plain, volume.mask.length, volumeBytes, options);
    const missed = verdicts.filter((verdict) => verdict.pass === false).map((verdict) => verdict.text);
    if (missed.length) {
      log(`\nmissed: ${missed.join('; ')}`);
      return 1;
    }
    return 0;
  } finally {
    await memory.stop();
  }
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      dims: { type: 'string', default: '512,512,200' },
      spacing: { type: 'string', default: '0.8,0.8,2' },
      'roi-voxels': { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: 'bench-radiomics' },
      'bin-width': { type: 'string', default: '10' },
      'bin-count': { type: 'string' },
      families: { type: 'string' },
      resample: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-out': { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, text: string | undefined, integer = true): number => {
    const value = Number(text);
    if (!(value > 0 && Number.isFinite(value)) || (integer && !Number.isInteger(value)))
      throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}`);
    return value;
  };
  const triple = (name: string, text: string | undefined, integer: boolean): Vec3 => {
    const parts = (text ?? '').split(',');
    if (parts.length !== 3) throw new Error(`--${name} must be three comma-separated numbers`);
    return parts.map((part) => positive(name, part, integer)) as unknown as Vec3;
  };
  const families = values.families
    ? values.families.split(',').map((name) => {
        if (!(ALL_FAMILIES as string[]).includes(name))
          throw new Error(`--families: unknown family "${name}" (one of ${ALL_FAMILIES.join(', ')})`);
        return name as FeatureFamily;
      })
    : ALL_FAMILIES;
  return {
    dims: triple('dims', values.dims, true),
    spacing: triple('spacing', values.spacing, false),
    roiVoxels: positive('roi-voxels', values['roi-voxels']),
    runs: positive('runs', values.runs),
    seed: values.seed ?? 'bench-radiomics',
    binWidth: positive('bin-width', values['bin-width'], false),
    binCount: values['bin-count'] === undefined ? undefined : positive('bin-count', values['bin-count']),
    families,
    resample: values.resample === undefined ? undefined : triple('resample', values.resample, false),
    profile: Boolean(values.profile || values['profile-out']),
    profileOut: values['profile-out'],
  };
}

function baseSettings(options: Options): Omit<PreprocessingSettings, 'discretisation'> {
  return options.resample ? { resampledSpacingMm: options.resample, roundIntensities: true } : {};
}

function fixedBinSize(options: Options): PreprocessingSettings {
  return {
    ...baseSettings(options),
    discretisation: { method: 'fixed-bin-size', binWidth: options.binWidth },
  };
}

// --- The synthetic volume -------------------------------------------------------------------------

/**
 * A CT-like volume (integer HU values stored as Float32, as the DICOM decoder returns them): air
 * (−1000 ± 5) around an elliptic body cylinder of soft tissue (40 HU, a smooth gradient, ±10 noise),
 * with a lobulated ellipsoid lesion at the centre. The lesion's intensities span [−5, 305] — a
 * necrotic core (40 ± 30) and a textured rim (150 + two periodic patterns of amplitude 70 and 50,
 * ±35 noise) — so a 10 HU bin gives 32 grey levels. The lesion is scaled so that its mask holds
 * about `roiVoxels` voxels. Deterministic for a seed.
 */
function syntheticVolume(options: Options): RoiVolume {
  const [nx, ny, nz] = options.dims;
  const [sx, sy, sz] = options.spacing;
  const random = xorshift(hashSeed(options.seed));
  const count = nx * ny * nz;
  const image = new Float32Array(count);
  const mask = new Uint8Array(count);

  // Body: an elliptic cylinder along z, 90 % × 70 % of the field of view.
  const cx = (nx - 1) / 2;
  const cy = (ny - 1) / 2;
  const cz = (nz - 1) / 2;
  const bodyA = 0.45 * nx;
  const bodyB = 0.35 * ny;
  const gradientY = Float64Array.from({ length: ny }, (_, y) => 12 * Math.sin((y / ny) * Math.PI));
  const gradientZ = Float64Array.from({ length: nz }, (_, z) => 6 * Math.cos((z / nz) * 2 * Math.PI));
  for (let z = 0, index = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const dy = (y - cy) / bodyB;
      const rest = 1 - dy * dy;
      const halfWidth = rest > 0 ? bodyA * Math.sqrt(rest) : -1;
      const tissue = 40 + (gradientY[y] as number) + (gradientZ[z] as number);
      for (let x = 0; x < nx; x++, index++) {
        const noise = random() * 2 - 1;
        image[index] =
          Math.abs(x - cx) <= halfWidth ? Math.round(tissue + 10 * noise) : Math.round(-1000 + 5 * noise);
      }
    }
  }

  // The lesion: radius r mm scaled until the mask holds ~roiVoxels voxels.
  const shape = [1.15, 0.95, 0.92] as const;
  const voxelVolume = sx * sy * sz;
  let radius = Math.cbrt(
    (3 * options.roiVoxels * voxelVolume) / (4 * Math.PI * shape[0] * shape[1] * shape[2]),
  );
  const lobes = {
    x: Float64Array.from({ length: nx }, (_, x) => Math.sin(x * sx * 0.09)),
    y: Float64Array.from({ length: ny }, (_, y) => Math.sin(y * sy * 0.07 + 1)),
    z: Float64Array.from({ length: nz }, (_, z) => Math.sin(z * sz * 0.05 + 2)),
  };
  const lesion = (r: number, paint: boolean): number => {
    const a = (shape[0] * r) / sx;
    const b = (shape[1] * r) / sy;
    const c = (shape[2] * r) / sz;
    const margin = 1.1;
    const x0 = Math.floor(cx - margin * a);
    const x1 = Math.ceil(cx + margin * a);
    const y0 = Math.floor(cy - margin * b);
    const y1 = Math.ceil(cy + margin * b);
    const z0 = Math.floor(cz - margin * c);
    const z1 = Math.ceil(cz + margin * c);
    if (x0 < 0 || y0 < 0 || z0 < 0 || x1 >= nx || y1 >= ny || z1 >= nz)
      throw new Error(`--roi-voxels ${options.roiVoxels} does not fit in --dims ${options.dims.join(',')}`);
    let inside = 0;
    for (let z = z0; z <= z1; z++) {
      const dz = (z - cz) / c;
      for (let y = y0; y <= y1; y++) {
        const dy = (y - cy) / b;
        let index = x0 + nx * (y + ny * z);
        for (let x = x0; x <= x1; x++, index++) {
          const dx = (x - cx) / a;
          const rho = Math.sqrt(dx * dx + dy * dy + dz * dz);
          const edge =
            1 + 0.07 * (lobes.x[x] as number) * (lobes.y[y] as number) + 0.05 * (lobes.z[z] as number);
          if (rho >= edge) continue;
          inside++;
          if (!paint) continue;
          mask[index] = 1;
          const noise = random() * 2 - 1;
          image[index] =
            rho < 0.35 * edge
              ? Math.round(40 + 30 * noise)
              : Math.round(
                  150 +
                    70 * Math.sin(x * 0.35 + 0.2 * z) * Math.sin(y * 0.29) +
                    50 * Math.sin(z * 0.9 + 0.1 * y) * Math.cos(x * 0.13) +
                    35 * noise,
                );
        }
      }
    }
    return inside;
  };
  for (let iteration = 0; iteration < 4; iteration++) {
    radius *= Math.cbrt(options.roiVoxels / Math.max(1, lesion(radius, false)));
  }
  lesion(radius, true);
  return { dims: options.dims, spacingMm: options.spacing, image, mask };
}

function hashSeed(seed: string): number {
  let hash = 2166136261;
  for (let index = 0; index < seed.length; index++) hash = Math.imul(hash ^ seed.charCodeAt(index), 16777619);
  return hash >>> 0 || 1;
}

/** xorshift32: uniform in [0, 1). */
function xorshift(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function countMask(mask: Uint8Array): number {
  let total = 0;
  for (let index = 0; index < mask.length; index++) total += mask[index] as number;
  return total;
}

// --- The references -------------------------------------------------------------------------------

/**
 * The memory-bandwidth-bound reference: Σ image[i]·mask[i] over the whole volume (every image and
 * mask byte read once, no branch, four accumulators so that the additions do not wait on each
 * other), best of several repetitions. Also the machine's copy bandwidth (TypedArray#set, memcpy) over
 * the image, in 8 MiB chunks, for scale: a scalar JS loop does not reach it.
 */
function plainPass(volume: RoiVolume): { ms: number; bytes: number; sum: number; copyGBps: number } {
  const image = volume.image as Float32Array;
  const mask = volume.mask;
  let best = Infinity;
  let sum = 0;
  for (let repetition = 0; repetition < PLAIN_PASS_REPETITIONS; repetition++) {
    const started = performance.now();
    sum = maskedSum32(image, mask);
    best = Math.min(best, performance.now() - started);
  }
  const chunk = new Float32Array(2 * 1024 * 1024);
  let copyBest = Infinity;
  for (let repetition = 0; repetition < PLAIN_PASS_REPETITIONS; repetition++) {
    const started = performance.now();
    for (let offset = 0; offset < image.length; offset += chunk.length)
      chunk.set(image.subarray(offset, Math.min(image.length, offset + chunk.length)));
    copyBest = Math.min(copyBest, performance.now() - started);
  }
  return {
    ms: best,
    bytes: image.byteLength + mask.byteLength,
    sum,
    copyGBps: (2 * image.byteLength) / copyBest / 1e6,
  };
}

// Two copies of one loop, so that each stays monomorphic (one element type each).
function maskedSum32(image: Float32Array, mask: Uint8Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = image.length & ~3;
  let index = 0;
  for (; index < end; index += 4) {
    s0 += (image[index] as number) * (mask[index] as number);
    s1 += (image[index + 1] as number) * (mask[index + 1] as number);
    s2 += (image[index + 2] as number) * (mask[index + 2] as number);
    s3 += (image[index + 3] as number) * (mask[index + 3] as number);
  }
  for (; index < image.length; index++) s0 += (image[index] as number) * (mask[index] as number);
  return s0 + s1 + s2 + s3;
}

function maskedSum64(image: Float64Array, mask: Uint8Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = image.length & ~3;
  let index = 0;
  for (; index < end; index += 4) {
    s0 += (image[index] as number) * (mask[index] as number);
    s1 += (image[index + 1] as number) * (mask[index + 1] as number);
    s2 += (image[index + 2] as number) * (mask[index + 2] as number);
    s3 += (image[index + 3] as number) * (mask[index + 3] as number);
  }
  for (; index < image.length; index++) s0 += (image[index] as number) * (mask[index] as number);
  return s0 + s1 + s2 + s3;
}

/** The same plain pass over the prepared grid (what the intensity families read), best of several. */
function preparedGridPass(
  volume: RoiVolume,
  settings: PreprocessingSettings,
): { ms: number; voxels: number; dims: Vec3 } {
  const roi = prepareRoi(volume, settings);
  let best = Infinity;
  for (let repetition = 0; repetition < PLAIN_PASS_REPETITIONS; repetition++) {
    const started = performance.now();
    maskedSum64(roi.intensities, roi.intensityMask);
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, voxels: roi.intensities.length, dims: roi.dims };
}

// --- The measurement ------------------------------------------------------------------------------

function measureSetting(
  label: string,
  settings: PreprocessingSettings,
  volume: RoiVolume,
  options: Options,
  memory: MemoryPeak,
  baselineRss: number,
): SettingResult {
  const runs: SettingResult['runs'] = [];
  const peaks: SettingResult['peaks'] = [];
  let last: Extraction | undefined;
  for (let run = 0; run <= options.runs; run++) {
    gc();
    memory.reset();
    const cpu = process.cpuUsage();
    const started = performance.now();
    last = extractFeatures(volume, settings, { families: options.families });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const peak = memory.peak();
    peaks.push({
      exact: peak.exact === undefined ? undefined : peak.exact - baselineRss,
      sampled: peak.sampled - baselineRss,
    });
    const steps = new Map(last.timings.map((timing) => [timing.step as string, timing.ms]));
    log(
      `  ${label}, ${run === 0 ? 'warm-up' : `run ${run}`}: ${fmt(wallMs, 0)} ms (process CPU ${fmt(cpuMs, 0)} ms) ` +
        `(${last.timings.map((timing) => `${timing.step} ${fmt(timing.ms, 0)}`).join(', ')})`,
    );
    if (run > 0) runs.push({ steps, wallMs, cpuMs });
  }
  if (!last) throw new Error('no run');
  return { label, settings, runs, last, peaks };
}

/**
 * Peak memory of a synchronous extraction, which no timer on the main thread can sample:
 * - exact: the kernel's resident high-water mark (VmHWM in /proc/self/status), reset to the current
 *   RSS before each run by writing 5 to /proc/self/clear_refs (Linux ≥ 4.0);
 * - sampled (cross-check, and the fallback where clear_refs is not writable): a worker thread reads
 *   the process RSS every 2 ms while the main thread computes, and keeps the maximum in shared memory.
 */
class MemoryPeak {
  private constructor(
    private readonly worker: Worker,
    private readonly shared: Int32Array,
    readonly exact: boolean,
  ) {}

  static async start(): Promise<MemoryPeak> {
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const shared = workerData;
       let generation = -1;
       let peak = 0;
       setInterval(() => {
         const current = Atomics.load(shared, 0);
         if (current !== generation) { generation = current; peak = 0; }
         const kib = Math.round(process.memoryUsage.rss() / 1024);
         if (kib > peak) { peak = kib; Atomics.store(shared, 1, kib); }
       }, 2);`,
      { eval: true, workerData: shared },
    );
    worker.unref();
    await new Promise((resolve) => setTimeout(resolve, 50));
    let exact = true;
    try {
      writeFileSync('/proc/self/clear_refs', '5');
      readHighWaterMark();
    } catch {
      exact = false;
    }
    return new MemoryPeak(worker, shared, exact);
  }

  current(): { rss: number; arrayBuffers: number } {
    const usage = process.memoryUsage();
    return { rss: usage.rss, arrayBuffers: usage.arrayBuffers };
  }

  reset(): void {
    if (this.exact) writeFileSync('/proc/self/clear_refs', '5');
    Atomics.store(this.shared, 1, 0);
    Atomics.add(this.shared, 0, 1);
  }

  peak(): { exact: number | undefined; sampled: number } {
    const rss = process.memoryUsage.rss();
    const sampled = Math.max(rss, Atomics.load(this.shared, 1) * 1024);
    return { exact: this.exact ? Math.max(readHighWaterMark(), rss) : undefined, sampled };
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

function readHighWaterMark(): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!match) throw new Error('no VmHWM in /proc/self/status');
  return Number(match[1]) * 1024;
}

/** `gc()` without --expose-gc on the command line (the bench runs under bench/run.js). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

// --- Report ---------------------------------------------------------------------------------------

function judgeTargets(
  result: SettingResult,
  plainMs: number,
  volumeBytes: number,
  families: readonly FeatureFamily[],
): { pass: boolean | undefined; text: string }[] {
  const intensityMs = median(result.runs.map((run) => run.steps.get('intensity-statistics') ?? NaN));
  const totalMs = median(result.runs.map((run) => run.wallMs));
  const peak = Math.max(...result.peaks.map((value) => value.exact ?? value.sampled));
  const ratio = intensityMs / plainMs;
  const allFamilies = families.length === ALL_FAMILIES.length;
  return [
    {
      pass: Number.isNaN(ratio) ? undefined : ratio <= TARGETS.maxIntensityStatisticsRatio,
      text: Number.isNaN(ratio)
        ? 'intensity statistics: not run (--families)'
        : `intensity statistics ${fmt(intensityMs, 1)} ms = ${fmt(ratio, 2)}× the plain pass ${fmt(plainMs, 1)} ms (target ≤ ${TARGETS.maxIntensityStatisticsRatio}×)`,
    },
    {
      pass: allFamilies ? totalMs <= TARGETS.maxFullSetMs : undefined,
      text: allFamilies
        ? `full IBSI feature set ${fmt(totalMs, 0)} ms, pre-processing included (target ≤ ${fmtInt(TARGETS.maxFullSetMs)} ms)`
        : `full IBSI feature set: not run (--families); the selected families took ${fmt(totalMs, 0)} ms`,
    },
    {
      pass: peak <= TARGETS.maxPeakOverVolume * volumeBytes,
      text:
        `peak memory ${mib(peak)} MiB above the baseline = ${fmt(peak / volumeBytes, 2)}× the Float32 volume ` +
        `(${mib(volumeBytes)} MiB; target ≤ ${TARGETS.maxPeakOverVolume}× = ${mib(TARGETS.maxPeakOverVolume * volumeBytes)} MiB)`,
    },
  ];
}

/** The headline figures in the result protocol (bench/report.ts), beside the plain pass. */
function reportFigures(
  result: SettingResult,
  verdicts: readonly { pass: boolean | undefined }[],
  plain: { ms: number; bytes: number },
  voxels: number,
  volumeBytes: number,
  options: Options,
): void {
  const intensityMs = median(result.runs.map((run) => run.steps.get('intensity-statistics') ?? NaN));
  const totalMs = median(result.runs.map((run) => run.wallMs));
  const peak = Math.max(...result.peaks.map((value) => value.exact ?? value.sampled));
  const size = `${options.dims.join('×')}, ${result.label}`;
  const passOf = (index: number): boolean | null => verdicts[index]?.pass ?? null;
  const plainReference = (unit: 'ms' | 'voxels/s') => ({
    name: `plain pass Σ image·mask over the volume (${fmt(plain.bytes / plain.ms / 1e6, 1)} GB/s)`,
    value: unit === 'ms' ? plain.ms : (voxels / plain.ms) * 1000,
    unit,
  });
  if (!Number.isNaN(intensityMs)) {
    reportFigure({
      bench: 'radiomics',
      figure: `intensity statistics family, ${size}, ms (lower is better)`,
      value: intensityMs,
      unit: 'ms',
      reference: plainReference('ms'),
      target: `ratio ≤ ${TARGETS.maxIntensityStatisticsRatio}`,
      pass: passOf(0),
    });
  }
  const allFamilies = options.families.length === ALL_FAMILIES.length;
  reportFigure({
    bench: 'radiomics',
    figure: `${allFamilies ? 'full IBSI feature set' : options.families.join(', ')}, ${size}, volume voxels/s (${fmt(totalMs / 1000, 2)} s)`,
    value: (voxels / totalMs) * 1000,
    unit: 'voxels/s',
    reference: plainReference('voxels/s'),
    target: allFamilies ? `≤ ${TARGETS.maxFullSetMs / 1000} s per volume` : null,
    pass: allFamilies ? passOf(1) : null,
  });
  reportFigure({
    bench: 'radiomics',
    figure: 'peak memory above the baseline during extraction',
    value: peak / 2 ** 20,
    unit: 'MiB',
    reference: { name: 'the Float32 volume', value: volumeBytes / 2 ** 20, unit: 'MiB' },
    target: `ratio ≤ ${TARGETS.maxPeakOverVolume}`,
    pass: passOf(2),
  });
}

function printTable(
  results: readonly SettingResult[],
  plainMs: number,
  families: readonly FeatureFamily[],
): void {
  const steps = ['preprocessing', ...ALL_FAMILIES.filter((family) => families.includes(family))];
  const header = [
    'step',
    ...results.flatMap((result) => [`${result.label}: ms (median)`, 'min–max', '× plain pass']),
  ];
  const cells = (values: number[]): string[] => {
    const middle = median(values);
    return [
      fmt(middle, 1),
      `${fmt(Math.min(...values), 0)}–${fmt(Math.max(...values), 0)}`,
      fmt(middle / plainMs, 1),
    ];
  };
  const body = [
    ['plain pass over the volume (reference)', ...results.flatMap(() => [fmt(plainMs, 1), '', '1.0'])],
    ...steps.map((step) => [
      step,
      ...results.flatMap((result) => cells(result.runs.map((run) => run.steps.get(step) ?? NaN))),
    ]),
    [
      'total (extractFeatures wall time)',
      ...results.flatMap((result) => cells(result.runs.map((run) => run.wallMs))),
    ],
    [
      'process CPU time during the call',
      ...results.flatMap((result) => cells(result.runs.map((run) => run.cpuMs))),
    ],
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  log('');
  log(line(header));
  log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of body) log(line(row));
  log('');
}

// --- CPU profile (--profile) ----------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  /** Samples by (1-based) line of the script, within this function. */
  positionTicks?: { line: number; ticks: number }[];
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** V8's sampling profiler over one extra extraction (not one of the measured runs). */
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

/** Self time by source file and the top functions (file:line of the function, via the source map). */
function printProfile(profile: CpuProfile, out: string | undefined): void {
  if (out) {
    const file = out.endsWith('.cpuprofile') ? out : `${out}.cpuprofile`;
    writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile written to ${file} (open in Chrome DevTools)`);
  }
  const selfMs = new Map<number, number>();
  (profile.samples ?? []).forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas?.[index] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byLine = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    const at = locate(node.callFrame);
    const file = at.replace(/:\d+$/, '');
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const name = `${node.callFrame.functionName || '(anonymous)'}  ${at}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    // The function's self time shared among its lines in proportion to their samples.
    const ticks = (node.positionTicks ?? []).reduce((sum, tick) => sum + tick.ticks, 0);
    for (const tick of node.positionTicks ?? []) {
      const line = `${locate({ ...node.callFrame, lineNumber: tick.line - 1, columnNumber: 200 })}  (${node.callFrame.functionName || '(anonymous)'})`;
      byLine.set(line, (byLine.get(line) ?? 0) + (ms * tick.ticks) / ticks);
    }
  }
  const top = (map: Map<string, number>, n: number): string[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, ms]) =>
          `  ${fmt((100 * ms) / total, 1).padStart(5)} %  ${fmt(ms, 0).padStart(6)} ms  ${name}`,
      );
  log(`\nCPU self time of one extraction (${fmt(total, 0)} ms sampled), by file:`);
  top(byFile, 12).forEach((row) => log(row));
  log('top functions (self time; the line is where the function starts):');
  top(byFunction, 15).forEach((row) => log(row));
  log('top lines (self time):');
  top(byLine, 15).forEach((row) => log(row));
  log('top functions (total time: self plus callees, as V8 saw the calls after inlining):');
  top(totalByFunction(profile, selfMs), 30).forEach((row) => log(row));
}

/** Each function's self time plus that of everything it called, each sample counted once per function. */
function totalByFunction(profile: CpuProfile, selfMs: ReadonlyMap<number, number>): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const names = new Map(
    profile.nodes.map((node) => [
      node.id,
      `${node.callFrame.functionName || '(anonymous)'}  ${locate(node.callFrame)}`,
    ]),
  );
  const totals = new Map<string, number>();
  const visit = (id: number, path: readonly string[]): void => {
    const node = nodes.get(id);
    if (!node) return;
    const name = names.get(id) ?? '?';
    const here = path.includes(name) ? path : [...path, name];
    const ms = selfMs.get(id) ?? 0;
    if (ms) for (const entry of here) totals.set(entry, (totals.get(entry) ?? 0) + ms);
    for (const child of node.children ?? []) visit(child, here);
  };
  visit(profile.nodes[0]?.id ?? 1, []);
  for (const name of [...totals.keys()]) if (name.startsWith('(root)')) totals.delete(name);
  return totals;
}

const workspaceRoot = path.resolve(__dirname, '..');

function locate(frame: ProfileNode['callFrame']): string {
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (!url) return `(V8/runtime: ${functionName || '?'})`;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  if (file.startsWith('node:')) return `${file}:${lineNumber + 1}`;
  const entry = findSourceMap(file)?.findEntry(lineNumber, columnNumber) as
    { originalSource?: string; originalLine?: number } | undefined;
  if (!entry?.originalSource) return `${path.relative(workspaceRoot, file)}:${lineNumber + 1}`;
  const source = entry.originalSource;
  const mapped = source.startsWith('file://')
    ? new URL(source).pathname
    : path.resolve(path.dirname(file), source);
  return `${path.relative(workspaceRoot, mapped)}:${(entry.originalLine ?? 0) + 1}`;
}

// --- Helpers --------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtInt(value: number): string {
  return fmt(value, 0);
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
