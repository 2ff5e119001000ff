#!/usr/bin/env node
// The browser end-to-end suite: Debian's Chromium (installed with apt when missing and allowed),
// the api, web and cli builds, then Playwright. `npm test` runs it after the unit and
// integration tests; `.ci/run` sets E2E_SKIP_BUILD=1 because it has just built everything.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { nxBin } = require('../support/nx-bin');

const root = join(__dirname, '../..');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};

function fail(message) {
  process.stderr.write(`e2e: ${message}\n`);
  process.exit(1);
}

if (!existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    fail(
      `the browser tests need Debian's Chromium at ${chromium}: install it with ` +
        '"sudo apt-get install -y chromium fonts-liberation" (or set CHROMIUM_PATH), then run again.',
    );
  }
  process.stderr.write(
    "e2e: installing Debian's Chromium for the browser tests (apt-get install chromium fonts-liberation)\n",
  );
  execFileSync(
    'apt-get',
    [
      '-o',
      'DPkg::Lock::Timeout=300',
      'install',
      '-y',
      '--no-install-recommends',
      'chromium',
      'fonts-liberation',
    ],
    {
      stdio: 'inherit',
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    },
  );
}

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync(
    process.execPath,
    [nxBin(root), 'run-many', '-t', 'build', '-p', 'api', 'web', 'cli', '--output-style=static'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env },
  );
  if (build.status !== 0)
    fail('building api, web and cli failed (run "npx nx run-many -t build -p api web cli" to see why).');
}

const result = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@playwright/test/cli.js'),
    'test',
    '-c',
    join(root, 'tests/e2e/playwright.config.ts'),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
