import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/browser';

/**
 * Browser end-to-end tests: one synthetic trial run from the browser, role by role, on the
 * platform's embedded defaults (PGlite, in-process jobs) with an external sandbox FHIR server
 * the tests control as the hospital would. The specs run in file order and share that trial.
 * Debian's Chromium only: a browser is never downloaded.
 */
export default defineConfig({
  testDir: './specs',
  testMatch: /.*\.e2e\.ts$/,
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  outputDir: '../../dist/e2e/test-results',
  reporter: [['list'], ['html', { outputFolder: '../../dist/e2e/report', open: 'never' }]],
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
