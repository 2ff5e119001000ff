/**
 * The benchmark result protocol, shared by every bench in this folder (see bench/README.md).
 *
 * Each bench prints its own human-readable output and, when the environment variable
 * `BENCH_REPORT` names a file, also appends one JSON object per line per headline figure:
 *
 *   {"bench":"locks","figure":"locks/s, batched","value":812.3,"unit":"locks/s",
 *    "reference":{"name":"raw INSERT commits/s, same driver","value":1450.2,"unit":"commits/s"},
 *    "ratio":0.56,"target":"ratio >= 0.5","pass":true}
 *
 * `npm run bench` (bench/suite.js) runs every bench with `BENCH_REPORT` set and prints the lines as
 * one table. This file is a helper, not a bench: the suite does not run it.
 */
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** A figure measured in the same run as the figure it is compared with. */
export interface BenchReference {
  name: string;
  value: number;
  unit: string;
}

export interface BenchFigure {
  /** The bench's file name without `.ts`. */
  bench: string;
  /** What was measured; says which way is better when that is not obvious (e.g. "s, lower is better"). */
  figure: string;
  value: number;
  unit: string;
  /** Measured in the same run; null when the figure has none (or it could not be measured here). */
  reference: BenchReference | null;
  /** value ÷ reference.value; computed when left out, null without a reference. */
  ratio?: number | null;
  /** The target in words, e.g. "ratio ≤ 0.2" or "≤ 10 s"; null when there is none. */
  target: string | null;
  /** Whether the target was met; null when there is no target (or it could not be judged). */
  pass: boolean | null;
}

/** Appends `figure` to the file named by `BENCH_REPORT` (one JSON line); does nothing without it. */
export function reportFigure(figure: BenchFigure): void {
  const file = process.env['BENCH_REPORT'];
  if (!file) return;
  const reference = figure.reference;
  const ratio =
    figure.ratio !== undefined
      ? figure.ratio
      : reference && reference.value !== 0 && Number.isFinite(reference.value)
        ? figure.value / reference.value
        : null;
  const line = {
    bench: figure.bench,
    figure: figure.figure,
    value: finiteOrNull(figure.value),
    unit: figure.unit,
    reference: reference ? { ...reference, value: finiteOrNull(reference.value) } : null,
    ratio: ratio === null ? null : finiteOrNull(ratio),
    target: figure.target,
    pass: figure.pass,
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Bytes read per pass of `memoryPass`: large enough to leave the caches, small enough to allocate. */
const MEMORY_PASS_CHUNK_BYTES = 64 * 1024 * 1024;

/**
 * The memory-bandwidth reference for throughput-bound benches: a plain JS pass summing Float64
 * values over `bytes` bytes (a 64 MiB `Float64Array`, read again as often as needed to reach
 * `bytes`; four accumulators, no branch), best of `repetitions`. Returns the bytes per second.
 */
export function memoryPass(bytes: number, repetitions = 3): { seconds: number; bytesPerSecond: number } {
  const length = Math.max(1, Math.floor(Math.min(bytes, MEMORY_PASS_CHUNK_BYTES) / 8));
  const chunk = new Float64Array(length);
  for (let index = 0; index < length; index++) chunk[index] = index & 1023;
  const words = Math.max(1, Math.floor(bytes / 8));
  let best = Infinity;
  let sink = 0;
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const started = performance.now();
    for (let done = 0; done < words; done += length) sink += sum64(chunk, Math.min(length, words - done));
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  if (sink < 0) throw new Error('unreachable: the sum of non-negative values is negative');
  const seconds = Math.max(best, 1e-9);
  return { seconds, bytesPerSecond: (words * 8) / seconds };
}

function sum64(values: Float64Array, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = length & ~3;
  let index = 0;
  for (; index < end; index += 4) {
    s0 += values[index] as number;
    s1 += values[index + 1] as number;
    s2 += values[index + 2] as number;
    s3 += values[index + 3] as number;
  }
  for (; index < length; index++) s0 += values[index] as number;
  return s0 + s1 + s2 + s3;
}
