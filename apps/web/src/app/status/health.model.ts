/** Shape of `GET /api/v1/health`. */
export type OverallStatus = 'ok' | 'degraded' | 'down';

/** One dependency check. `status` is open-ended ("up", "down", "not-configured", ...). */
export interface HealthCheck {
  readonly status: string;
  readonly engine?: string;
  readonly driver?: string;
  readonly latencyMs?: number;
  readonly message?: string;
}

export interface HealthReport {
  readonly status: OverallStatus;
  readonly checks: Readonly<Record<string, HealthCheck>>;
  readonly version?: string;
}

const overallStatuses: readonly string[] = ['ok', 'degraded', 'down'] satisfies OverallStatus[];

/** Structural check, used for error bodies (a `down` report may arrive with HTTP 503). */
export function isHealthReport(value: unknown): value is HealthReport {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { status?: unknown; checks?: unknown };
  return (
    typeof candidate.status === 'string' &&
    overallStatuses.includes(candidate.status) &&
    typeof candidate.checks === 'object' &&
    candidate.checks !== null
  );
}
