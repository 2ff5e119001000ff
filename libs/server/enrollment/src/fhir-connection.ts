import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EXAMPLE_TRIALS } from '@prospect/domain';
import { FhirGateway, startFhirSandbox, type FhirAuth, type FhirSandbox } from '@prospect/fhir-server';
import { APP_CONFIG, FHIR_LOCATOR, type AppConfig, type FhirLocator } from '@prospect/platform';
import { generateCohort, withStableIds } from '@prospect/synth';

/** Seed of the demo cohort, so that a restarted sandbox holds the same patients under the same ids. */
export const DEMO_COHORT_SEED = 'prospect-demo';

/**
 * The FHIR server Prospect talks to: `FHIR_BASE_URL` (with credentials read from their files), or,
 * when it is unset, a sandbox FHIR server started in this process and loaded with a synthetic demo
 * cohort for each example trial, so that a newcomer can enroll patients at once.
 */
@Injectable()
export class FhirConnection implements OnModuleInit, OnApplicationShutdown, FhirLocator {
  private readonly logger = new Logger('FhirConnection');
  private sandbox: FhirSandbox | null = null;
  private current: FhirGateway | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get mode(): 'configured' | 'sandbox' {
    return this.config.fhir ? 'configured' : 'sandbox';
  }

  baseUrl(): string | null {
    return this.config.fhir?.baseUrl ?? this.sandbox?.baseUrl ?? null;
  }

  /** The gateway to the FHIR server. */
  get gateway(): FhirGateway {
    if (!this.current) throw new Error('the FHIR connection is not started');
    return this.current;
  }

  async onModuleInit(): Promise<void> {
    const fhir = this.config.fhir;
    if (fhir) {
      this.current = new FhirGateway({
        baseUrl: fhir.baseUrl,
        ...(authFrom(fhir) ? { auth: authFrom(fhir) as FhirAuth } : {}),
      });
      return;
    }
    if (this.config.queue.kind === 'bullmq') {
      // A sandbox lives in one process; workers elsewhere could not reach it.
      throw new Error(
        'FHIR_BASE_URL is required when REDIS_URL is set (the in-process FHIR sandbox serves one process only)',
      );
    }
    this.sandbox = await startFhirSandbox({ port: 0 });
    const patients = this.config.fhirSandboxPatients;
    for (const [name, definition] of Object.entries(EXAMPLE_TRIALS)) {
      if (patients === 0) break;
      const cohort = generateCohort({
        definition,
        patients,
        seed: `${DEMO_COHORT_SEED}-${name}`,
        firstTreatmentStart: sandboxFirstTreatmentStart(this.config.dataDir),
      });
      // Late treatment records stay out: those patients show how a planned start and a later sync work.
      for (const bundle of cohort.baselineBundles) await this.sandbox.load(withStableIds(bundle));
    }
    this.current = new FhirGateway({ baseUrl: this.sandbox.baseUrl });
    this.logger.log(
      `sandbox FHIR server at ${this.sandbox.baseUrl} with ${patients} synthetic patients per example trial`,
    );
  }

  /** The sandbox itself (tests and the demo load more data into it); null with a configured server. */
  get sandboxServer(): FhirSandbox | null {
    return this.sandbox;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sandbox?.close();
    this.sandbox = null;
  }
}

function authFrom(fhir: NonNullable<AppConfig['fhir']>): FhirAuth | null {
  if (fhir.bearerTokenFile)
    return { kind: 'bearer', token: readSecret(fhir.bearerTokenFile, 'FHIR_BEARER_TOKEN_FILE') };
  if (fhir.basicAuthFile) {
    const text = readSecret(fhir.basicAuthFile, 'FHIR_BASIC_AUTH_FILE');
    const colon = text.indexOf(':');
    if (colon < 1) throw new Error('FHIR_BASIC_AUTH_FILE must hold "username:password"');
    return { kind: 'basic', username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  return null;
}

function readSecret(path: string, variable: string): string {
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (!text) throw new Error('empty');
    return text;
  } catch {
    throw new Error(`${variable}: cannot read a secret from ${path}`);
  }
}

/** Global so that health reporting (platform) finds where the FHIR server is. */
@Global()
@Module({
  providers: [FhirConnection, { provide: FHIR_LOCATOR, useExisting: FhirConnection }],
  exports: [FhirConnection, FHIR_LOCATOR],
})
export class FhirConnectionModule {}

/**
 * When the sandbox's first patient starts treatment: 08:00 UTC on the day after the data folder's
 * first start, remembered in `DATA_DIR/fhir-sandbox-anchor` so a restarted sandbox holds the same
 * dates. Starting in the future leaves the demo patients' predictions lockable (a lock is refused
 * once treatment has started), while their diagnoses and baseline records lie in the past.
 */
export function sandboxFirstTreatmentStart(dataDir: string, now = new Date()): string {
  const file = join(dataDir, 'fhir-sandbox-anchor');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (Number.isFinite(Date.parse(stored))) return stored;
  } catch {
    // First start: fall through and remember a new anchor.
  }
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8));
  const anchor = tomorrow.toISOString();
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${anchor}\n`);
  } catch {
    // A read-only data folder still gets a working sandbox, with dates that move at each start.
  }
  return anchor;
}
