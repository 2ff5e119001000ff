/**
 * Benchmark for the SAS transport writer: `writeXpt` on a 100,000-row × 30-variable dataset (10 Char
 * of lengths 8–200, 20 Num with missing values, seeded), next to R's `haven::write_xpt(version = 5)`
 * on the same data in the same run (when `Rscript` with haven is installed: `apt-get install
 * r-base-core r-cran-haven`). See bench/README.md.
 *
 *   npm run bench:cdisc -- [--rows 100000] [--runs 3]
 *
 * Target: writing (to a file) at least as fast as haven. Exits 1 when missed, or when the file haven
 * wrote does not read back (with `readXpt`) as the same values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readXpt, writeXpt, type Dataset, type DatasetValue, type DatasetVariable } from '@prospect/cdisc';
import { reportFigure } from './report';

const CHAR_LENGTHS = [8, 12, 16, 24, 32, 48, 64, 100, 150, 200];
const NUM_COUNT = 20;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -_/';

/** Seeded mixed data: Char values of random length (2 % missing), Num integers and decimals (5 % missing). */
function dataset(rows: number, seed: number): Dataset {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32: small, fast and seedable; the same data in every run.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const variables: DatasetVariable[] = [
    ...CHAR_LENGTHS.map((length, index): DatasetVariable => ({
      name: `C${String(index + 1).padStart(2, '0')}`,
      label: `Character variable ${index + 1} (length ${length})`,
      type: 'Char',
      length,
    })),
    ...Array.from({ length: NUM_COUNT }, (_, index): DatasetVariable => ({
      name: `N${String(index + 1).padStart(2, '0')}`,
      label: `Numeric variable ${index + 1}`,
      type: 'Num',
    })),
  ];
  const data: DatasetValue[][] = [];
  for (let row = 0; row < rows; row++) {
    const values: DatasetValue[] = [];
    for (const length of CHAR_LENGTHS) {
      if (uniform() < 0.02) {
        values.push(null);
        continue;
      }
      const size = 1 + Math.floor(uniform() * length);
      let text = ALPHABET[Math.floor(uniform() * 52)] as string; // starts with a letter
      for (let i = 1; i < size; i++) text += ALPHABET[Math.floor(uniform() * ALPHABET.length)];
      values.push(text.replace(/ +$/, ''));
    }
    for (let index = 0; index < NUM_COUNT; index++) {
      if (uniform() < 0.05) values.push(null);
      else if (index < 5) values.push(Math.floor(uniform() * 1000) - 100);
      else {
        const decimals = index % 6;
        const scale = 10 ** (index % 5);
        values.push(Number(((uniform() - 0.3) * scale * 100).toFixed(decimals)));
      }
    }
    data.push(values);
  }
  return { name: 'BENCH', label: 'Benchmark dataset', variables, rows: data };
}

/** CSV for R: Char quoted (`""` escaped), missing Num and missing Char as `.` (never in the data). */
function csvFor(data: Dataset): string {
  const lines = [data.variables.map((variable) => variable.name).join(',')];
  for (const row of data.rows) {
    lines.push(
      row
        .map((value, column) =>
          value === null
            ? '.'
            : data.variables[column]?.type === 'Char'
              ? `"${String(value).replace(/"/g, '""')}"`
              : String(value),
        )
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function runHaven(
  data: Dataset,
  dir: string,
  runs: number,
): { seconds: number; file: string; version: string } | null {
  if (spawnSync('Rscript', ['-e', 'library(haven)'], { stdio: 'ignore' }).status !== 0) return null;
  const csv = path.join(dir, 'data.csv');
  const file = path.join(dir, 'haven.xpt');
  writeFileSync(csv, csvFor(data));
  const classes = data.variables.map((variable) => (variable.type === 'Char' ? '"character"' : '"numeric"'));
  const labels = data.variables.map((variable) => JSON.stringify(variable.label));
  const script = `
    suppressMessages(library(haven))
    d <- read.csv("${csv}", colClasses = c(${classes.join(',')}), na.strings = ".", stringsAsFactors = FALSE)
    for (i in seq_along(d)) if (is.character(d[[i]])) d[[i]][is.na(d[[i]])] <- ""
    labels <- c(${labels.join(',')})
    for (i in seq_along(d)) attr(d[[i]], "label") <- labels[i]
    t <- Inf
    for (i in 1:${runs}) { s <- proc.time()[["elapsed"]]; write_xpt(d, "${file}", version = 5, name = "BENCH", label = "${data.label}"); t <- min(t, proc.time()[["elapsed"]] - s) }
    cat(sprintf("%.6f %s\\n", t, as.character(packageVersion("haven"))))`;
  const result = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Rscript failed: ${result.stderr}`);
  const [seconds, version] = result.stdout.trim().split(/\s+/);
  return { seconds: Number(seconds), file, version: version as string };
}

/** First difference between the dataset and what `readXpt` reads from R's file, or null. */
function compare(data: Dataset, file: string): string | null {
  const [member] = readXpt(new Uint8Array(readFileSync(file))).members;
  if (!member) return 'no member in the file haven wrote';
  if (member.rows.length !== data.rows.length) return `haven wrote ${member.rows.length} rows`;
  for (let row = 0; row < data.rows.length; row++) {
    const mine = data.rows[row] as DatasetValue[];
    const theirs = member.rows[row] as DatasetValue[];
    for (let column = 0; column < mine.length; column++) {
      const a = mine[column] ?? null;
      const b = theirs[column] ?? null;
      const same =
        typeof a === 'number' && typeof b === 'number'
          ? Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a))
          : (a === '' ? null : a) === b;
      if (!same)
        return `row ${row + 1}, ${data.variables[column]?.name}: ${JSON.stringify(a)} vs haven ${JSON.stringify(b)}`;
    }
  }
  return null;
}

/** The memory-bandwidth reference: copying `bytes` bytes into another buffer, best of 5, in seconds. */
function copyPass(bytes: number): number {
  const source = new Uint8Array(bytes).fill(0x20);
  const target = new Uint8Array(bytes);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    target.set(source);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return Math.max(best, 1e-9);
}

function main(): number {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  console.log(`cdisc: writeXpt, ${rows} rows × 30 variables, best of ${runs}, Node ${process.version}`);
  const data = dataset(rows, 20261128);
  const dir = mkdtempSync(path.join(tmpdir(), 'prospect-bench-cdisc-'));
  try {
    const file = path.join(dir, 'prospect.xpt');
    let encode = Number.POSITIVE_INFINITY;
    let total = Number.POSITIVE_INFINITY;
    let bytes = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const out = writeXpt([data]);
      const encoded = performance.now();
      writeFileSync(file, out);
      const written = performance.now();
      encode = Math.min(encode, (encoded - started) / 1000);
      total = Math.min(total, (written - started) / 1000);
      bytes = out.length;
    }
    const copySeconds = copyPass(bytes);
    const haven = runHaven(data, dir, runs);
    const mb = bytes / 1e6;
    console.log('');
    console.log('| writer | file MB | seconds | MB/s | haven ÷ writer |');
    console.log('| --- | --: | --: | --: | --: |');
    const row = (name: string, size: number, seconds: number) =>
      console.log(
        `| ${name} | ${size.toFixed(1)} | ${seconds.toFixed(3)} | ${(size / seconds).toFixed(0)} | ${haven ? (haven.seconds / seconds).toFixed(2) : 'n/a'} |`,
      );
    row('writeXpt (bytes in memory)', mb, encode);
    row('writeXpt + writeFileSync', mb, total);
    if (haven)
      row(`haven ${haven.version} write_xpt(version = 5)`, statSync(haven.file).size / 1e6, haven.seconds);
    console.log(
      `memory copy of the ${mb.toFixed(1)} MB (TypedArray#set, best of 5): ${copySeconds.toFixed(4)} s = ${(mb / copySeconds).toFixed(0)} MB/s`,
    );
    console.log('');
    reportFigure({
      bench: 'cdisc',
      figure: `writeXpt to bytes in memory, ${rows} rows × 30 variables (${mb.toFixed(1)} MB)`,
      value: mb / encode,
      unit: 'MB/s',
      reference: {
        name: 'memory copy of the same bytes (TypedArray#set)',
        value: mb / copySeconds,
        unit: 'MB/s',
      },
      target: null,
      pass: null,
    });
    reportFigure({
      bench: 'cdisc',
      figure: `writeXpt + writeFileSync, ${rows} rows, s (lower is better)`,
      value: total,
      unit: 's',
      reference: haven
        ? { name: `R haven ${haven.version} write_xpt(version = 5)`, value: haven.seconds, unit: 's' }
        : null,
      target: 'ratio ≤ 1 (at least as fast as haven)',
      pass: haven ? total <= haven.seconds : null,
    });
    if (!haven) {
      console.log('haven not installed (apt-get install r-base-core r-cran-haven): no reference timing.');
      return 0;
    }
    const difference = compare(data, haven.file);
    reportFigure({
      bench: 'cdisc',
      figure: "haven's file read back with readXpt: values differing from the input",
      value: difference ? 1 : 0,
      unit: 'differences',
      reference: null,
      target: 'none',
      pass: !difference,
    });
    const checks = [
      {
        name: `haven's file reads back as the same values${difference ? ` (${difference})` : ''}`,
        pass: !difference,
      },
      { name: 'writeXpt + write to file at least as fast as haven', pass: total <= haven.seconds },
    ];
    for (const check of checks) console.log(`${check.pass ? 'PASS' : 'MISS'}  ${check.name}`);
    return checks.every((check) => check.pass) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exit(main());
