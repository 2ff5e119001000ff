#!/usr/bin/env node
// The fault stage: worker processes killed mid-job, Redis and PostgreSQL cut and restored, a
// faulty FHIR server, a skewed clock (tests/integration), then the short load test
// (bench/load.ts --ci). It needs the real services: DATABASE_URL and REDIS_URL, defaulting to
// this machine's PostgreSQL and Redis. Builds the api and worker unless FAULTS_SKIP_BUILD=1
// (`.ci/run` has just built everything).
'use strict';
const { spawnSync } = require('node:child_process');
const { Socket } = require('node:net');
const { join } = require('node:path');
const { nxBin } = require('../support/nx-bin');

const root = join(__dirname, '../..');
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};

function fail(message) {
  process.stderr.write(`test:faults: ${message}\n`);
  process.exit(1);
}

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2000);
    socket.once('connect', () => resolve(socket.destroy() || true));
    socket.once('timeout', () => resolve(socket.destroy() && false));
    socket.once('error', () => resolve(false));
    socket.connect(Number(port || defaultPort), hostname);
  });
}

function run(args, extraEnv = {}) {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  return result.status ?? 1;
}

async function main() {
  for (const [name, url, port] of [
    ['DATABASE_URL', env.DATABASE_URL, 5432],
    ['REDIS_URL', env.REDIS_URL, 6379],
  ]) {
    if (!(await reachable(url, port)))
      fail(
        `${name} (${new URL(url).host}) does not answer: the fault tests need a real PostgreSQL and Redis.`,
      );
  }
  if (process.env.FAULTS_SKIP_BUILD !== '1') {
    const nx = nxBin(root);
    if (run([nx, 'run-many', '-t', 'build', '-p', 'api', 'worker', 'cli', '--output-style=static']) !== 0)
      fail('the build failed');
  }
  const jest = join(root, 'node_modules/jest/bin/jest.js');
  const faults = run(
    [
      '--experimental-vm-modules',
      '--experimental-websocket',
      jest,
      '--config',
      'tests/integration/jest.config.js',
    ],
    { NODE_OPTIONS: '' },
  );
  if (faults !== 0) process.exit(faults);
  process.exit(
    run(['--experimental-websocket', '--enable-source-maps', 'bench/run.js', 'bench/load.ts', '--ci']),
  );
}

main().catch((error) => fail(error && error.stack ? error.stack : String(error)));
