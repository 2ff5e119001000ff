import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { type ApiProblem, type Job, JobsApi, isJobFinished, toApiProblem } from '@prospect/web-data-access';
import { type BlindedLook } from '@prospect/web-data-access/analyses';
import { type EconomicEvaluation, EconomicsApi } from '@prospect/web-data-access/economics';
import { JobProgress, ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { type Subscription } from 'rxjs';

let nextId = 0;

/** Economic evaluations (what was evaluated, hashes, signatures) and, for the statistician, a new one. */
@Component({
  selector: 'app-evaluations-panel',
  imports: [DateTimePipe, FormsModule, HashText, JobProgress, ProblemAlert, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="evaluations-title">
      <h2 id="evaluations-title">Evaluations</h2>
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Cost-effectiveness evaluations
          </caption>
          <thead>
            <tr>
              <th scope="col">Evaluation</th>
              <th scope="col">Status</th>
              <th scope="col">Look</th>
              <th scope="col">Protocol</th>
              <th scope="col" class="numeric">PSA draws</th>
              <th scope="col">Seed</th>
              <th scope="col">Requested</th>
              <th scope="col">Result</th>
              <th scope="col">Signatures</th>
            </tr>
          </thead>
          <tbody>
            @for (evaluation of evaluations(); track evaluation.evaluationNumber) {
              <tr>
                <th scope="row">
                  <a [routerLink]="['.', evaluation.evaluationNumber]"
                    >Evaluation {{ evaluation.evaluationNumber }}</a
                  >
                </th>
                <td>
                  <span
                    class="badge"
                    [class.badge--good]="evaluation.status === 'computed'"
                    [class.badge--bad]="evaluation.status === 'failed'"
                  >
                    {{ evaluation.status }}
                  </span>
                </td>
                <td>{{ evaluation.lookNumber }}</td>
                <td>v{{ evaluation.protocolVersion }}</td>
                <td class="numeric">{{ evaluation.draws }}</td>
                <td>{{ evaluation.seed }}</td>
                <td>{{ evaluation.requestedAt | dateTime }}</td>
                <td>
                  <app-hash-text
                    [value]="evaluation.resultSha256"
                    label="result hash"
                    missing="not computed"
                  />
                </td>
                <td>
                  @if (evaluation.signatures.length === 0) {
                    <span class="badge badge--warn">unsigned</span>
                  } @else {
                    {{ evaluation.signatures.length }}
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="9" class="muted">No evaluation yet.</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (canRequest()) {
        <h3>Request an evaluation</h3>
        @if (computedLooks().length === 0) {
          <p class="muted">
            An evaluation runs on a computed look's frozen snapshot; no look is computed yet.
          </p>
        } @else {
          <form class="form form--inline" (ngSubmit)="request()">
            <label [for]="id + '-look'">Look</label>
            <select [id]="id + '-look'" name="look" [ngModel]="look()" (ngModelChange)="look.set(+$event)">
              @for (option of computedLooks(); track option.lookNumber) {
                <option [value]="option.lookNumber">Look {{ option.lookNumber }}</option>
              }
            </select>
            <label [for]="id + '-draws'">PSA draws</label>
            <input
              [id]="id + '-draws'"
              name="draws"
              type="number"
              min="0"
              max="100000"
              step="1"
              required
              [ngModel]="draws()"
              (ngModelChange)="draws.set($event)"
            />
            <label [for]="id + '-seed'">Seed</label>
            <input
              [id]="id + '-seed'"
              name="seed"
              required
              maxlength="100"
              [ngModel]="seed()"
              (ngModelChange)="seed.set($event)"
            />
            <button type="submit" class="button" [disabled]="busy() || jobRunning() || !valid()">
              Evaluate
            </button>
          </form>
          <p class="muted">
            0 draws runs the deterministic analyses only. The same seed reproduces the same result.
          </p>
        }
        <app-problem-alert [problem]="problem()" />
        <app-job-progress [job]="job()" label="Economic evaluation" />
      }
    </section>
  `,
})
export class EvaluationsPanel {
  private readonly api = inject(EconomicsApi);
  private readonly jobs = inject(JobsApi);
  readonly trialCode = input.required<string>();
  readonly evaluations = input.required<readonly EconomicEvaluation[]>();
  readonly looks = input<readonly BlindedLook[]>([]);
  readonly canRequest = input(false);
  readonly changed = output<void>();
  protected readonly id = `evaluation-${nextId++}`;

  protected readonly computedLooks = computed(() =>
    this.looks().filter((look) => look.status === 'computed'),
  );
  /** The newest computed look unless the user chose another. */
  protected readonly look = linkedSignal<number | null>(
    () => this.computedLooks().at(-1)?.lookNumber ?? null,
  );
  protected readonly draws = signal<number>(1000);
  protected readonly seed = signal('prospect');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly job = signal<Job | null>(null);
  protected readonly jobRunning = computed(() => {
    const job = this.job();
    return job !== null && !isJobFinished(job);
  });
  protected readonly valid = computed(() => {
    const draws = Number(this.draws());
    return (
      this.look() !== null &&
      Number.isInteger(draws) &&
      draws >= 0 &&
      draws <= 100_000 &&
      this.seed().trim().length > 0
    );
  });
  private watching: Subscription | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watching?.unsubscribe());
  }

  protected request(): void {
    const lookNumber = this.look();
    if (lookNumber === null || !this.valid()) return;
    this.busy.set(true);
    this.problem.set(null);
    this.api
      .request(this.trialCode(), { lookNumber, draws: Number(this.draws()), seed: this.seed().trim() })
      .subscribe({
        next: (answer) => {
          this.busy.set(false);
          this.job.set(answer.job);
          this.changed.emit();
          this.watching?.unsubscribe();
          this.watching = this.jobs.watch(this.trialCode(), answer.job.id).subscribe({
            next: (job) => {
              this.job.set(job);
              if (isJobFinished(job)) this.changed.emit();
            },
            error: (error: unknown) => this.problem.set(toApiProblem(error)),
          });
        },
        error: (error: unknown) => {
          this.busy.set(false);
          this.problem.set(toApiProblem(error));
        },
      });
  }
}
