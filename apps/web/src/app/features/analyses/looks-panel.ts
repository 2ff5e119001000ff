import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ApiProblem, type Job, JobsApi, isJobFinished, toApiProblem } from '@prospect/web-data-access';
import { AnalysesApi, type BlindedLook, type BlindedProgress } from '@prospect/web-data-access/analyses';
import { JobProgress, ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { type Subscription } from 'rxjs';
import { formatPercent } from './format';

const STATUS_BADGE: Readonly<Record<BlindedLook['status'], string>> = {
  computed: 'badge badge--good',
  succeeded: 'badge badge--good',
  queued: 'badge badge--neutral',
  running: 'badge badge--neutral',
  failed: 'badge badge--bad',
};

/** The looks taken so far (hashes, status, signatures; never results) and, for the statistician, the next one. */
@Component({
  selector: 'app-looks-panel',
  imports: [RouterLink, JobProgress, ProblemAlert, DateTimePipe, HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="looks-title">
      <h2 id="looks-title">Looks</h2>
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Analyses requested so far
          </caption>
          <thead>
            <tr>
              <th scope="col">Look</th>
              <th scope="col">Status</th>
              <th scope="col">Protocol</th>
              <th scope="col" class="numeric">Locked subjects</th>
              <th scope="col">Frozen</th>
              <th scope="col">Snapshot</th>
              <th scope="col">Result</th>
              <th scope="col">Signatures</th>
            </tr>
          </thead>
          <tbody>
            @for (look of looks(); track look.lookNumber) {
              <tr>
                <th scope="row">
                  <a [routerLink]="['.', look.lookNumber]">Look {{ look.lookNumber }}</a>
                </th>
                <td>
                  <span [class]="badge(look)">{{ look.status }}</span>
                </td>
                <td>v{{ look.protocolVersion }}</td>
                <td class="numeric">{{ look.subjects }}</td>
                <td>{{ look.frozenAt | dateTime }}</td>
                <td><app-hash-text [value]="look.snapshotSha256" label="snapshot hash" /></td>
                <td>
                  <app-hash-text [value]="look.resultSha256" label="result hash" missing="not computed" />
                </td>
                <td>
                  @if (look.signatures.length === 0) {
                    <span class="badge badge--warn">unsigned</span>
                  } @else {
                    {{ signers(look) }}
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="8" class="muted">No look has been requested yet.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>

      @if (canRequest()) {
        <h3>Request the next look</h3>
        @if (nextLook(); as next) {
          <p>
            Look {{ next }} is planned at information fraction {{ plannedFraction() }}; the trial is at
            {{ currentFraction() }}.
            @if (belowPlan()) {
              <strong>The planned information has not been reached.</strong>
            }
            Requesting it freezes every locked subject's data as it stands now; the analysis runs on that
            snapshot and cannot be repeated or withdrawn. You will see its hashes and status, not its results.
          </p>
          <div class="actions">
            @if (!confirming()) {
              <button
                type="button"
                class="button"
                [disabled]="busy() || jobRunning()"
                (click)="confirming.set(true)"
              >
                Request look {{ next }}
              </button>
            } @else {
              <button type="button" class="button" [disabled]="busy()" (click)="request(next)">
                Freeze the data and analyse look {{ next }}
              </button>
              <button
                type="button"
                class="button button--secondary"
                [disabled]="busy()"
                (click)="confirming.set(false)"
              >
                Cancel
              </button>
            }
          </div>
        } @else {
          <p class="muted">Every planned look has been requested.</p>
        }
        <app-problem-alert [problem]="problem()" />
        <app-job-progress [job]="job()" [label]="'Look ' + (jobLook() ?? '') + ' analysis'" />
      }
    </section>
  `,
})
export class LooksPanel {
  private readonly api = inject(AnalysesApi);
  private readonly jobs = inject(JobsApi);
  readonly trialCode = input.required<string>();
  readonly looks = input.required<readonly BlindedLook[]>();
  readonly progress = input<BlindedProgress | null>(null);
  /** Only statisticians request looks. */
  readonly canRequest = input(false);
  /** Emitted when a requested look's job has finished, to reload. */
  readonly changed = output<void>();

  protected readonly busy = signal(false);
  protected readonly confirming = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly job = signal<Job | null>(null);
  protected readonly jobLook = signal<number | null>(null);
  protected readonly jobRunning = computed(() => {
    const job = this.job();
    return job !== null && !isJobFinished(job);
  });
  private watching: Subscription | undefined;

  protected readonly nextLook = computed(() => {
    const progress = this.progress();
    if (progress) return progress.nextLook?.lookNumber ?? null;
    return this.looks().length + 1;
  });
  protected readonly plannedFraction = computed(() =>
    formatPercent(this.progress()?.nextLook?.informationFraction),
  );
  protected readonly currentFraction = computed(() => formatPercent(this.progress()?.informationFraction));
  protected readonly belowPlan = computed(() => {
    const progress = this.progress();
    return !!progress?.nextLook && progress.informationFraction < progress.nextLook.informationFraction;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watching?.unsubscribe());
  }

  protected badge(look: BlindedLook): string {
    return STATUS_BADGE[look.status];
  }

  protected signers(look: BlindedLook): string {
    return look.signatures.map((signature) => `${signature.printedName} (${signature.meaning})`).join(', ');
  }

  protected request(lookNumber: number): void {
    this.busy.set(true);
    this.problem.set(null);
    this.api.request(this.trialCode(), lookNumber).subscribe({
      next: (answer) => {
        this.busy.set(false);
        this.confirming.set(false);
        this.jobLook.set(lookNumber);
        this.job.set(answer.job);
        this.changed.emit();
        this.watch(answer.job.id);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.problem.set(toApiProblem(error));
      },
    });
  }

  private watch(jobId: string): void {
    this.watching?.unsubscribe();
    this.watching = this.jobs.watch(this.trialCode(), jobId).subscribe({
      next: (job) => {
        this.job.set(job);
        if (isJobFinished(job)) this.changed.emit();
      },
      error: (error: unknown) => this.problem.set(toApiProblem(error)),
    });
  }
}
