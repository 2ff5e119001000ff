import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { type Subscription } from 'rxjs';
import { type HealthCheck, type HealthReport, type OverallStatus } from './health.model';
import { HealthService } from './health.service';

type ViewState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'loaded'; readonly report: HealthReport; readonly checkedAt: Date };

interface CheckRow {
  readonly name: string;
  readonly label: string;
  readonly status: string;
  readonly tone: 'good' | 'warn' | 'bad' | 'neutral';
  readonly details: readonly string[];
}

const checkLabels: Readonly<Record<string, string>> = {
  database: 'Database',
  queue: 'Queue',
  fhir: 'FHIR server',
};
const checkOrder = ['database', 'queue', 'fhir'];
const overallText: Readonly<Record<OverallStatus, string>> = {
  ok: 'All systems operational',
  degraded: 'Degraded: some dependencies need attention',
  down: 'Down: the API cannot serve requests',
};

function toneOf(status: string): CheckRow['tone'] {
  switch (status) {
    case 'up':
    case 'ok':
      return 'good';
    case 'degraded':
      return 'warn';
    case 'down':
    case 'error':
      return 'bad';
    default:
      return 'neutral';
  }
}

function detailsOf(check: HealthCheck): string[] {
  const details: string[] = [];
  if (check.engine !== undefined) details.push(`Engine: ${check.engine}`);
  if (check.driver !== undefined) details.push(`Driver: ${check.driver}`);
  if (check.latencyMs !== undefined) details.push(`Latency: ${check.latencyMs.toFixed(1)} ms`);
  if (check.message !== undefined) details.push(check.message);
  return details;
}

function describeError(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    return error.status === 0
      ? 'The API could not be reached. Check that it is running and try again.'
      : `The API answered ${error.status} ${error.statusText}`.trim() + '.';
  }
  return 'An unexpected error occurred while checking the API.';
}

@Component({
  selector: 'app-status-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './status-page.html',
})
export class StatusPage {
  private readonly health = inject(HealthService);
  private request: Subscription | undefined;

  protected readonly state = signal<ViewState>({ kind: 'loading' });
  protected readonly loading = computed(() => this.state().kind === 'loading');
  protected readonly errorMessage = computed(() => {
    const state = this.state();
    return state.kind === 'error' ? state.message : undefined;
  });
  protected readonly checkedAt = computed(() => {
    const state = this.state();
    return state.kind === 'loaded'
      ? { iso: state.checkedAt.toISOString(), text: state.checkedAt.toLocaleTimeString() }
      : undefined;
  });
  protected readonly report = computed(() => {
    const state = this.state();
    return state.kind === 'loaded' ? state.report : undefined;
  });
  protected readonly overall = computed(() => {
    const report = this.report();
    return report
      ? { status: report.status, text: overallText[report.status], tone: toneOf(report.status) }
      : undefined;
  });
  protected readonly rows = computed<CheckRow[]>(() => {
    const checks = this.report()?.checks ?? {};
    const rank = (name: string): number =>
      checkOrder.includes(name) ? checkOrder.indexOf(name) : checkOrder.length;
    return Object.keys(checks)
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
      .flatMap((name) => {
        const check = checks[name];
        if (check === undefined) return [];
        return [
          {
            name,
            label: checkLabels[name] ?? name,
            status: check.status,
            tone: toneOf(check.status),
            details: detailsOf(check),
          },
        ];
      });
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
    this.load();
  }

  protected load(): void {
    this.request?.unsubscribe();
    this.state.set({ kind: 'loading' });
    this.request = this.health.getHealth().subscribe({
      next: (report) => this.state.set({ kind: 'loaded', report, checkedAt: new Date() }),
      error: (error: unknown) => this.state.set({ kind: 'error', message: describeError(error) }),
    });
  }
}
