/**
 * Benchmark for the cost-effectiveness evaluation: a probabilistic sensitivity analysis with
 * 10,000 draws on 10,000 patients (each draw resamples the patients and draws every parameter
 * of the example myeloma plan), then CEAC, frontier and EVPI. Printed beside a reference measured
 * in the same run: the textbook patient bootstrap alone (10,000 × 10,000 resampled indices and
 * their accuracy counts, no model at all), which the evaluation replaces by drawing the same
 * resamples from the confusion counts. See bench/README.md.
 *
 *   npm run bench:economics -- [--patients 10000] [--draws 10000]
 *
 * Targets: within 10 s and 1 GB (resident set size). Exits 1 when a target is missed.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { accuracyFromSample, bootstrapIndices, createRng, economicEvaluation } from '@prospect/economics';
import { reportFigure } from './report';

function patients(n: number): { outcomes: Uint8Array; scores: Float64Array } {
  const rng = createRng('bench-economics-patients');
  const outcomes = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const outcome = rng.next() < 0.45 ? 1 : 0;
    outcomes[i] = outcome;
    scores[i] = 1 / (1 + Math.exp(-(rng.normal() + (outcome ? 0.6 : -0.6))));
  }
  return { outcomes, scores };
}

function main(): number {
  const { values } = parseArgs({
    options: { patients: { type: 'string', default: '10000' }, draws: { type: 'string', default: '10000' } },
  });
  const n = Number(values.patients);
  const draws = Number(values.draws);
  const plan = EXAMPLE_TRIALS.myeloma.protocol.healthEconomics;
  if (!plan) throw new Error('the example myeloma protocol has no health-economic plan');
  const threshold = EXAMPLE_TRIALS.myeloma.protocol.decisionThreshold;
  const data = patients(n);
  console.log(`economics: PSA of ${draws} draws on ${n} patients, Node ${process.version}`);

  const predicted = data.scores.map((score) => (score >= threshold ? 1 : 0));
  const predictedBytes = Uint8Array.from(predicted);
  let started = performance.now();
  const rng = createRng('reference');
  let checksum = 0;
  for (let draw = 0; draw < draws; draw++) {
    checksum += accuracyFromSample(data.outcomes, predictedBytes, bootstrapIndices(rng, n)).sensitivity;
  }
  const referenceSeconds = (performance.now() - started) / 1000;

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  started = performance.now();
  const result = economicEvaluation({
    plan,
    threshold,
    outcomes: data.outcomes,
    scores: data.scores,
    draws,
    seed: 'bench',
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  console.log('');
  console.log('| computation | draws × patients | seconds | peak RSS MB | ÷ textbook bootstrap |');
  console.log('| --- | --: | --: | --: | --: |');
  console.log(
    `| textbook bootstrap alone (indices + accuracy) | ${draws} × ${n} | ${referenceSeconds.toFixed(2)} | n/a | 1.0 |`,
  );
  console.log(
    `| full evaluation (base case, tornado, PSA, CEAC, EVPI) | ${draws} × ${n} | ${seconds.toFixed(2)} | ${(peakRss / 2 ** 20).toFixed(0)} | ${(seconds / referenceSeconds).toFixed(2)} |`,
  );
  console.log('');
  const frontier = result.psa?.ceac.frontier ?? [];
  const at50k = frontier.reduce((best, point) =>
    Math.abs(point.wtp - 50_000) < Math.abs(best.wtp - 50_000) ? point : best,
  );
  console.log(
    `check: at ${at50k.wtp} ${plan.currency}/QALY ${at50k.strategy} is cost-effective with probability ${at50k.probability.toFixed(3)}; EVPI ${result.psa?.evpi[1]?.perPatient.toFixed(0)} per patient (reference checksum ${(checksum / draws).toFixed(4)})`,
  );
  const checks = [
    { name: 'PSA within 10 s', pass: seconds <= 10 },
    { name: 'peak memory within 1 GB', pass: peakRss <= 2 ** 30 },
  ];
  for (const check of checks) console.log(`${check.pass ? 'PASS' : 'MISS'}  ${check.name}`);
  reportFigure({
    bench: 'economics',
    figure: `full evaluation with PSA, ${draws} draws × ${n} patients, s (lower is better)`,
    value: seconds,
    unit: 's',
    reference: {
      name: 'textbook patient bootstrap alone (indices + accuracy), no model',
      value: referenceSeconds,
      unit: 's',
    },
    target: '≤ 10 s',
    pass: checks[0]?.pass ?? null,
  });
  reportFigure({
    bench: 'economics',
    figure: 'peak RSS during the evaluation',
    value: peakRss / 2 ** 20,
    unit: 'MiB',
    reference: null,
    target: '≤ 1 GiB',
    pass: checks[1]?.pass ?? null,
  });
  return checks.every((check) => check.pass) ? 0 : 1;
}

process.exit(main());
