#!/usr/bin/env node
// `npm run bench`: runs every benchmark in bench/ as a child process (through bench/run.js) with
// BENCH_REPORT naming a temporary file, then prints one table of the figures they reported (see
// bench/report.ts for the protocol), each beside its reference measured in the same run, with the
// machine it ran on. See bench/README.md.
//
//   npm run bench                              # every bench, quick sizes (about 5–10 min on 2 cores)
//   npm run bench -- --skip load               # all but load (repeat --skip, or a comma list)
//   npm run bench -- --only stats --only cdisc # just these
//   npm run bench -- --full                    # each bench at its own default size (much longer)
//   npm run bench -- --out bench-results.md    # also write the table and machine as Markdown
//
// A bench is any bench/*.ts that exports nothing and that no other file in bench/ imports
// (helpers such as report.ts export what the benches import). Exit code: 0 when every bench ran
// and met its targets; 1 when a bench crashed, reported nothing, or missed a target; 2 on bad flags.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const BENCH_DIR = __dirname;
const RUN_JS = path.join(BENCH_DIR, 'run.js');

/**
 * Sizes for the suite, chosen so that all of it takes minutes on a 2-core machine; a bench not
 * listed runs at its own defaults. `--full` drops these. The bench:* scripts run one bench at its
 * own defaults (see bench/README.md).
 */
const QUICK_ARGS = {
  cdisc: [],
  economics: [],
  inference: ['--rows', '20000', '--batch-sizes', '1,4096'],
  'ledger-verify': ['--entries', '200000'],
  'link-patients': ['--patients', '2000'],
  locks: ['--locks', '1000', '--raw', '1000'],
  radiomics: [],
  stats: [],
};

function readOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true, default: [] },
      skip: { type: 'string', multiple: true, default: [] },
      full: { type: 'boolean', default: false },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
    },
    strict: true,
  });
  const names = (list) =>
    list.flatMap((item) => item.split(',')).map((name) => name.trim().replace(/\.ts$/, ''));
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  return {
    only: names(values.only).filter(Boolean),
    skip: names(values.skip).filter(Boolean),
    full: values.full,
    out: values.out,
    verbose: values.verbose,
    list: values.list,
    timeoutMs: timeout * 1000,
  };
}

class UsageError extends Error {}

/** The benches: bench/*.ts that export nothing and are imported by no other file in bench/. */
function discoverBenches() {
  const files = fs
    .readdirSync(BENCH_DIR)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .sort();
  const sources = new Map(files.map((name) => [name, fs.readFileSync(path.join(BENCH_DIR, name), 'utf8')]));
  const imported = new Set();
  for (const source of sources.values()) {
    for (const match of source.matchAll(/from\s+['"]\.\/([^'"]+)['"]/g)) {
      imported.add(match[1].replace(/\.(ts|js)$/, ''));
    }
  }
  return files
    .filter((name) => !/^\s*export\s/m.test(sources.get(name)) && !imported.has(name.replace(/\.ts$/, '')))
    .map((name) => name.replace(/\.ts$/, ''));
}

/** Runs one bench; resolves with its exit, duration, figures and log file. */
function runBench(name, args, options, logDir) {
  const reportFile = path.join(logDir, `${name}.jsonl`);
  const logFile = path.join(logDir, `${name}.log`);
  const log = fs.openSync(logFile, 'w');
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-websocket',
        '--enable-source-maps',
        RUN_JS,
        path.join(BENCH_DIR, `${name}.ts`),
        ...args,
      ],
      {
        cwd: path.resolve(BENCH_DIR, '..'),
        env: { ...process.env, BENCH_REPORT: reportFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let timedOut = false;
    // On time-out, SIGINT first: a bench that starts processes of its own stops them on Ctrl-C.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGTERM'), 20_000).unref();
      setTimeout(() => child.kill('SIGKILL'), 40_000).unref();
    }, options.timeoutMs);
    const forward = (stream, target) =>
      stream.on('data', (chunk) => {
        fs.writeSync(log, chunk);
        if (options.verbose) target.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      fs.closeSync(log);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ name, args, code, signal, timedOut, seconds, logFile, figures: readFigures(reportFile) });
    });
  });
}

function readFigures(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return { bench: '?', figure: `unreadable report line: ${line.slice(0, 80)}`, pass: false };
      }
    });
}

/** ok: exit 0 with figures; miss: exit 1 with a figure that missed its target; crashed otherwise. */
function statusOf(run) {
  if (run.timedOut) return `CRASH (timed out after ${Math.round(run.seconds)} s)`;
  if (run.signal) return `CRASH (killed by ${run.signal})`;
  if (run.code === 0) return run.figures.length ? 'ok' : 'CRASH (no figures reported)';
  if (run.code === 1 && run.figures.some((figure) => figure.pass === false)) return 'miss';
  return `CRASH (exit ${run.code})`;
}

// --- The table ------------------------------------------------------------------------------------

function formatNumber(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude >= 1e6) return `${Number((value / 1e6).toPrecision(3))} M`;
  if (magnitude >= 1e4) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude < 1e-3) return value.toExponential(1);
  return Number(value.toPrecision(3)).toString();
}

function withUnit(value, unit) {
  const text = formatNumber(value);
  return unit && text !== 'n/a' ? `${text} ${unit}` : text;
}

function tableRows(runs) {
  const rows = [];
  for (const run of runs) {
    const status = statusOf(run);
    for (const figure of run.figures) {
      const reference = figure.reference;
      rows.push([
        run.name,
        String(figure.figure ?? ''),
        withUnit(figure.value, figure.unit),
        reference ? String(reference.name) : 'none',
        reference ? withUnit(reference.value, reference.unit) : '',
        figure.ratio === null || figure.ratio === undefined ? '' : `${formatNumber(figure.ratio)}×`,
        figure.target ?? '',
        figure.pass === true ? 'PASS' : figure.pass === false ? 'MISS' : figure.target ? 'n/a' : '',
      ]);
    }
    if (status.startsWith('CRASH')) {
      const what = run.code === 0 ? 'reported no figures' : 'did not finish';
      rows.push([run.name, `${what}: see ${path.basename(run.logFile)}`, '', '', '', '', '', status]);
    }
  }
  return rows;
}

function markdownTable(header, rows) {
  const escape = (cell) => cell.replace(/\|/g, '\\|');
  const cells = [header, ...rows].map((row) => row.map(escape));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => [...row[column]].length)));
  const numeric = new Set([2, 4, 5]);
  const pad = (cell, column) => {
    const gap = ' '.repeat(widths[column] - [...cell].length);
    return numeric.has(column) ? gap + cell : cell + gap;
  };
  const line = (row) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (numeric.has(column) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

// --- The machine ----------------------------------------------------------------------------------

async function describeMachine() {
  const cpus = os.cpus();
  const lines = [
    `CPU: ${cpus[0] ? cpus[0].model.trim() : 'unknown'}, ${cpus.length} cores; RAM ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
      `${os.type()} ${os.release()}`,
    `Node ${process.version}; database: ${await databaseEngine()}; ${rVersions()}`,
  ];
  return lines;
}

async function databaseEngine() {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    let version = '';
    try {
      // Read from the file: the package's exports do not include its package.json.
      const file = path.resolve(BENCH_DIR, '..', 'node_modules/@electric-sql/pglite/package.json');
      version = ` ${JSON.parse(fs.readFileSync(file, 'utf8')).version}`;
    } catch {
      version = ''; // the version is only for the record
    }
    return `PGlite${version} (embedded; DATABASE_URL not set)`;
  }
  try {
    const { Client } = require('pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SHOW server_version');
    await client.end();
    return `PostgreSQL ${String(rows[0].server_version).split(' ')[0]} (DATABASE_URL, loopback)`;
  } catch (error) {
    return `PostgreSQL (DATABASE_URL; version not read: ${error.message})`;
  }
}

function rVersions() {
  const script =
    'v <- function(p) if (requireNamespace(p, quietly = TRUE)) as.character(packageVersion(p)) else "not installed"; ' +
    'cat(paste0("R ", getRversion(), ", pROC ", v("pROC"), ", haven ", v("haven")))';
  const result = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'R not installed (no pROC or haven references)';
}

function loadText(load) {
  return load.map((value) => value.toFixed(1)).join(', ');
}

// --- Main -----------------------------------------------------------------------------------------

async function main() {
  const options = readOptions();
  const all = discoverBenches();
  const unknown = [...options.only, ...options.skip].filter((name) => !all.includes(name));
  if (unknown.length)
    throw new UsageError(`no bench named ${unknown.join(', ')} (benches: ${all.join(', ')})`);
  const selected = all.filter(
    (name) => (options.only.length === 0 || options.only.includes(name)) && !options.skip.includes(name),
  );
  if (options.list) {
    for (const name of all) console.log(`${name}${selected.includes(name) ? '' : ' (skipped)'}`);
    return 0;
  }
  if (selected.length === 0) throw new UsageError('no bench selected');

  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prospect-bench-'));
  const started = new Date();
  const load = os.loadavg();
  console.log(
    `bench suite: ${selected.join(', ')}${options.full ? ' (full sizes)' : ' (quick sizes)'}; logs in ${logDir}`,
  );
  const runs = [];
  for (const [index, name] of selected.entries()) {
    const args = options.full ? [] : (QUICK_ARGS[name] ?? []);
    process.stdout.write(`[${index + 1}/${selected.length}] ${[name, ...args].join(' ')} … `);
    const run = await runBench(name, args, options, logDir);
    runs.push(run);
    const status = statusOf(run);
    console.log(`${run.seconds.toFixed(1)} s, ${status}, ${run.figures.length} figures`);
    if (status.startsWith('CRASH')) {
      const tail = fs.readFileSync(run.logFile, 'utf8').trimEnd().split('\n').slice(-15);
      for (const line of tail) console.log(`    ${line}`);
    }
  }

  const header = [
    'bench',
    'figure',
    'value',
    'reference (same run)',
    'reference value',
    'ratio',
    'target',
    'result',
  ];
  const table = markdownTable(header, tableRows(runs));
  const machine = await describeMachine();
  const totalSeconds = (Date.now() - started.getTime()) / 1000;
  const when =
    `${started.toISOString().replace(/\.\d+Z$/, 'Z')}; suite ${Math.round(totalSeconds)} s` +
    `${options.full ? ', full sizes' : ', quick sizes'}; load average (1, 5, 15 min) ${loadText(load)} at the start, ` +
    `${loadText(os.loadavg())} at the end`;
  const text = [table, '', ...machine, when].join('\n');
  console.log('');
  console.log(text);

  const crashed = runs.filter((run) => statusOf(run).startsWith('CRASH'));
  const missed = runs.flatMap((run) => run.figures.filter((figure) => figure.pass === false));
  console.log('');
  console.log(
    `${runs.length - crashed.length}/${runs.length} benches ran; ${missed.length} figure(s) missed their target` +
      (crashed.length ? `; crashed: ${crashed.map((run) => run.name).join(', ')}` : ''),
  );
  if (options.out) {
    fs.writeFileSync(options.out, `${text}\n`);
    console.log(`written to ${options.out}`);
  }
  if (crashed.length === 0 && missed.length === 0) fs.rmSync(logDir, { recursive: true, force: true });
  else console.log(`each bench's output: ${logDir}`);
  return crashed.length || missed.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError || (error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) {
      process.stderr.write(`bench suite: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
