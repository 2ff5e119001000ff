/**
 * Benchmark for the statistics library: AUC + DeLong CI and the paired DeLong test on 1,000,000
 * patients, and the full performance report (`performanceReport`) on 100,000, next to R's pROC
 * doing the same on the same data in the same run (when `Rscript` with pROC is installed:
 * `apt-get install r-base-core r-cran-proc`). See bench/README.md.
 *
 *   npm run bench:stats -- [--patients 1000000] [--report-patients 100000] [--runs 3]
 *
 * Targets: AUC + DeLong CI and the paired test ≥ 5× faster than pROC; the full report for
 * 100,000 patients within 0.5 s. Exits 1 when a target is missed or the two disagree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { delongPairedTest, performanceReport, rocAuc } from '@prospect/stats';
import { reportFigure } from './report';

interface Dataset {
  scores: number[];
  comparator: number[];
  outcomes: (0 | 1)[];
}

/** A seeded binormal sample: outcome ~ Bernoulli(0.3); scores shifted by outcome, the comparator correlated. */
function dataset(n: number, seed: number): Dataset {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32: small, fast and seedable; the same data in every run.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const scores: number[] = [];
  const comparator: number[] = [];
  const outcomes: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const outcome: 0 | 1 = uniform() < 0.3 ? 1 : 0;
    const latent = normal() + outcome;
    outcomes.push(outcome);
    scores.push(1 / (1 + Math.exp(-(latent - 0.8))));
    comparator.push(0.6 * latent + 0.8 * normal());
  }
  return { scores, comparator, outcomes };
}

function best(runs: number, work: () => unknown): { seconds: number; result: unknown } {
  let seconds = Number.POSITIVE_INFINITY;
  let result: unknown;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = work();
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
  }
  return { seconds, result };
}

/** pROC on the same data: seconds (best of `runs`) for AUC + DeLong CI and for the paired test. */
function runPRoc(
  data: Dataset,
  runs: number,
): { auc: number; ci: number[]; z: number; aucSeconds: number; pairedSeconds: number } | null {
  if (spawnSync('Rscript', ['-e', 'library(pROC)'], { stdio: 'ignore' }).status !== 0) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'prospect-bench-stats-'));
  try {
    const csv = path.join(dir, 'data.csv');
    const lines = ['outcome,score,comparator'];
    for (let i = 0; i < data.scores.length; i++)
      lines.push(`${data.outcomes[i]},${data.scores[i]},${data.comparator[i]}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const script = `
      suppressMessages(library(pROC))
      d <- read.csv("${csv}")
      best <- function(f) { t <- Inf; for (i in 1:${runs}) { s <- proc.time()[["elapsed"]]; r <- f(); t <- min(t, proc.time()[["elapsed"]] - s) }; list(t = t, r = r) }
      a <- best(function() { r <- roc(d$outcome, d$score, levels = c(0, 1), direction = "<", quiet = TRUE); list(r = r, ci = ci.auc(r, method = "delong")) })
      b <- roc(d$outcome, d$comparator, levels = c(0, 1), direction = "<", quiet = TRUE)
      p <- best(function() { r <- roc(d$outcome, d$score, levels = c(0, 1), direction = "<", quiet = TRUE); roc.test(r, b, method = "delong", paired = TRUE) })
      cat(sprintf("%.17g %.17g %.17g %.17g %.6f %.6f\\n", as.numeric(a$r$r$auc), a$r$ci[1], a$r$ci[3], p$r$statistic, a$t, p$t))`;
    const result = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`Rscript failed: ${result.stderr}`);
    const [auc, lo, hi, z, aucSeconds, pairedSeconds] = result.stdout.trim().split(/\s+/).map(Number);
    return {
      auc: auc as number,
      ci: [lo as number, hi as number],
      z: z as number,
      aucSeconds: aucSeconds as number,
      pairedSeconds: pairedSeconds as number,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): number {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: '1000000' },
      'report-patients': { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
    },
  });
  const n = Number(values.patients);
  const reportN = Number(values['report-patients']);
  const runs = Number(values.runs);
  console.log(
    `stats: ${n} patients (AUC, paired test), ${reportN} (full report), best of ${runs}, Node ${process.version}`,
  );
  const data = dataset(n, 20261127);
  const auc = best(runs, () => rocAuc(data.scores, data.outcomes));
  const paired = best(runs, () => delongPairedTest(data.scores, data.comparator, data.outcomes));
  const small = dataset(reportN, 7);
  const report = best(runs, () =>
    performanceReport({
      scores: small.scores,
      outcomes: small.outcomes,
      threshold: 0.5,
      comparator: small.comparator,
    }),
  );
  const ours = auc.result as ReturnType<typeof rocAuc>;
  const proc = runPRoc(data, runs);
  console.log('');
  console.log('| computation | n | Prospect s | pROC s | pROC ÷ Prospect |');
  console.log('| --- | --: | --: | --: | --: |');
  const row = (name: string, count: number, seconds: number, reference: number | null) =>
    console.log(
      `| ${name} | ${count} | ${seconds.toFixed(3)} | ${reference === null ? 'n/a' : reference.toFixed(3)} | ${reference === null ? 'n/a' : (reference / seconds).toFixed(1)} |`,
    );
  row('AUC + DeLong CI', n, auc.seconds, proc?.aucSeconds ?? null);
  row('paired DeLong test', n, paired.seconds, proc?.pairedSeconds ?? null);
  row('full performance report', reportN, report.seconds, null);
  console.log('');
  const checks: { name: string; pass: boolean }[] = [
    { name: 'full report within 0.5 s', pass: report.seconds <= 0.5 },
  ];
  const z = (paired.result as { z: number }).z;
  if (proc) {
    const agree =
      Math.abs(proc.auc - ours.auc) <= 1e-9 * proc.auc &&
      Math.abs((proc.ci[0] as number) - ours.ci[0]) <= 1e-9 &&
      Math.abs(z - proc.z) <= 1e-6 * Math.abs(proc.z);
    checks.push({ name: 'same AUC, CI and z as pROC', pass: agree });
    checks.push({ name: 'AUC + DeLong CI ≥ 5× faster than pROC', pass: proc.aucSeconds / auc.seconds >= 5 });
    checks.push({
      name: 'paired test ≥ 5× faster than pROC',
      pass: proc.pairedSeconds / paired.seconds >= 5,
    });
    reportFigure({
      bench: 'stats',
      figure: 'AUC, CI and z agree with pROC (largest relative difference)',
      value: Math.max(
        Math.abs(proc.auc - ours.auc) / proc.auc,
        Math.abs((proc.ci[0] as number) - ours.ci[0]),
        Math.abs(z - proc.z) / Math.abs(proc.z),
      ),
      unit: '',
      reference: null,
      target: 'AUC ≤ 1e-9, CI ≤ 1e-9, z ≤ 1e-6',
      pass: agree,
    });
  } else {
    console.log('R pROC not installed (apt-get install r-base-core r-cran-proc): no reference timing.');
  }
  const speed = (figure: string, seconds: number, reference: number | undefined, name: string) =>
    reportFigure({
      bench: 'stats',
      figure: `${figure}, ${n} patients, s (lower is better)`,
      value: seconds,
      unit: 's',
      reference: reference === undefined ? null : { name, value: reference, unit: 's' },
      target: 'ratio ≤ 0.2 (≥ 5× faster than pROC)',
      pass: reference === undefined ? null : reference / seconds >= 5,
    });
  speed('AUC + DeLong CI', auc.seconds, proc?.aucSeconds, 'pROC roc + ci.auc(delong), in R');
  speed('paired DeLong test', paired.seconds, proc?.pairedSeconds, 'pROC roc + roc.test(delong), in R');
  reportFigure({
    bench: 'stats',
    figure: `full performance report, ${reportN} patients, s`,
    value: report.seconds,
    unit: 's',
    reference: null,
    target: '≤ 0.5 s',
    pass: report.seconds <= 0.5,
  });
  for (const check of checks) console.log(`${check.pass ? 'PASS' : 'MISS'}  ${check.name}`);
  return checks.every((check) => check.pass) ? 0 : 1;
}

process.exit(main());
