import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE_DRIVER, type QueueDriver } from '../queue/queue-driver';
import { FHIR_LOCATOR, type FhirLocator } from './fhir-locator';

export interface CheckResult {
  status: 'up' | 'down' | 'not-configured';
  [detail: string]: unknown;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  checks: { database: CheckResult; queue: CheckResult; fhir: CheckResult };
}

export const APP_VERSION = '0.1.0';

/**
 * Database, queue and FHIR reachability. The database is essential (down → 503); the queue and
 * the FHIR server degrade the platform without stopping reads.
 */
@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUEUE_DRIVER) private readonly queue: QueueDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(FHIR_LOCATOR) private readonly fhirLocator?: FhirLocator,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, queue, fhir] = await Promise.all([this.database(), this.queueCheck(), this.fhir()]);
    const status =
      database.status !== 'up'
        ? 'down'
        : queue.status === 'down' || fhir.status === 'down'
          ? 'degraded'
          : 'ok';
    return { status, version: APP_VERSION, checks: { database, queue, fhir } };
  }

  private async database(): Promise<CheckResult> {
    const engine = this.config.database.kind === 'postgres' ? 'postgresql' : 'pglite';
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up', engine, latencyMs: round(performance.now() - started) };
    } catch (error) {
      return { status: 'down', engine, message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async queueCheck(): Promise<CheckResult> {
    const health = await this.queue.health();
    return { ...health };
  }

  private async fhir(): Promise<CheckResult> {
    const baseUrl = this.fhirLocator ? this.fhirLocator.baseUrl() : (this.config.fhir?.baseUrl ?? null);
    const mode = this.fhirLocator?.mode ?? 'configured';
    if (!baseUrl) return { status: 'not-configured' };
    const started = performance.now();
    try {
      const response = await fetch(`${baseUrl}/metadata`, {
        headers: { accept: 'application/fhir+json' },
        signal: AbortSignal.timeout(3000),
      });
      if (!response.ok) return { status: 'down', mode, message: `metadata answered HTTP ${response.status}` };
      const body = (await response.json()) as { resourceType?: string; fhirVersion?: string };
      if (body.resourceType !== 'CapabilityStatement')
        return { status: 'down', message: 'metadata is not a CapabilityStatement' };
      return {
        status: 'up',
        mode,
        fhirVersion: body.fhirVersion ?? null,
        latencyMs: round(performance.now() - started),
      };
    } catch (error) {
      return { status: 'down', message: error instanceof Error ? error.message : String(error) };
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
