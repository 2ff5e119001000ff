import { randomBytes } from 'node:crypto';
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, PATHS, RUN_DIR, cli, freePort, requireBuilt, startProcess, writeState } from './platform';

/** Patients of the e2e cohort; the last one's outcome is withheld for the assessor to enter. */
export const E2E_PATIENTS = 10;

/**
 * Starts what a site would run: a FHIR server holding the hospital's records (the sandbox, in
 * its own process, as an external server would be) and the platform on embedded defaults on a
 * fresh data folder, whatever DATABASE_URL or REDIS_URL say in this environment.
 */
export default async function globalSetup(): Promise<void> {
  requireBuilt();
  rmSync(RUN_DIR, { recursive: true, force: true });
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(RUN_DIR, { recursive: true });
  mkdirSync(join(ARTIFACTS, 'screenshots', 'full'), { recursive: true });

  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    NODE_ENV: 'production',
  };
  const fhir = await startProcess(
    [PATHS.CLI, 'fhir-sandbox', '--port', String(await freePort())],
    baseEnv,
    /FHIR sandbox at (\S+)/,
    join(RUN_DIR, 'fhir-sandbox.log'),
  );
  const fhirBaseUrl = fhir.match[1] as string;
  cli([
    'hospital',
    'baseline',
    '--dir',
    'hospital',
    '--fhir',
    fhirBaseUrl,
    '--patients',
    String(E2E_PATIENTS),
    '--seed',
    'e2e',
  ]);

  const port = await freePort();
  const bootstrapPassword = `e2e-${randomBytes(12).toString('base64url')}`;
  const api = await startProcess(
    [PATHS.API],
    {
      ...baseEnv,
      DATA_DIR: join(RUN_DIR, 'platform'),
      HOST: '127.0.0.1',
      PORT: String(port),
      FHIR_BASE_URL: fhirBaseUrl,
      BOOTSTRAP_ADMIN_PASSWORD: bootstrapPassword,
      LOG_LEVEL: 'info',
    },
    /Prospect API listening/,
    join(RUN_DIR, 'api.log'),
  );
  const baseURL = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`${baseURL}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  writeState({
    baseURL,
    fhirBaseUrl,
    hospitalDir: join(RUN_DIR, 'hospital'),
    trialCode: 'MM-RAD-01',
    bootstrapPassword,
    pids: [fhir.child.pid ?? 0, api.child.pid ?? 0],
  });
}
