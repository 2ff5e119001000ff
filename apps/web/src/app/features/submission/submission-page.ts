import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { type ApiProblem, type Job, JobsApi, toApiProblem } from '@prospect/web-data-access';
import {
  PACKAGE_SIGNER_ROLES,
  type PackageBuildProgress,
  SIGNATURE_READER_ROLES,
  SubmissionApi,
  type SubmissionPackage,
  formatBytes,
} from '@prospect/web-data-access/submission';
import { JobProgress, ProblemAlert } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { type Subscription, firstValueFrom } from 'rxjs';
import { injectMayUse, injectTrialCode } from '../ledger/trial-access';
import { PACKAGE_STATUS, formatElapsed } from './package-status';

/**
 * Submission packages of the trial: every package with its status, manifest hash and
 * signatures; regulatory staff build a new one (a job, followed here until it is built, then
 * opened).
 */
@Component({
  selector: 'app-submission-page',
  imports: [RouterLink, ProblemAlert, JobProgress, HashText, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Submission packages</h1>
    <p class="muted">
      A package holds the CDISC datasets (SDTM and ADaM as XPT and Dataset-JSON) with define.xml and the
      reviewer's guide, the trial report (HTML and PDF), every analysis result, the ledger with its proofs and
      the audit trail, listed with their SHA-256 in a manifest that regulatory staff sign.
    </p>
    @if (maySignatures()) {
      <p>
        <a [routerLink]="['/trials', trialCode(), 'submission', 'signatures']"
          >All electronic signatures of the trial</a
        >
      </p>
    }

    @if (mayBuild()) {
      <section aria-labelledby="build-title">
        <h2 id="build-title">Build a package</h2>
        <p>Builds a new package from the trial's current data. Earlier packages stay as they were.</p>
        <div class="actions">
          <button type="button" class="button" [disabled]="building()" (click)="build()">
            {{ building() ? 'Building…' : 'Build a new package' }}
          </button>
        </div>
        <app-problem-alert [problem]="buildProblem()" />
      </section>
    }

    @if (job(); as job) {
      <section class="card" aria-labelledby="job-title">
        <h2 id="job-title">Package {{ jobPackage() }}</h2>
        <app-job-progress [job]="job" [label]="'Building package ' + jobPackage()" />
        @if (step(); as step) {
          <label for="build-steps">{{ step.step }}: step {{ step.done }} of {{ step.total }}</label>
          <progress id="build-steps" [max]="step.total" [value]="step.done"></progress>
        }
        <p class="muted">Elapsed {{ elapsed() }}</p>
      </section>
    }

    <app-problem-alert [problem]="problem()" />
    <div class="table-wrap">
      <table class="table">
        <caption>
          Submission packages of
          {{
            trialCode()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Package</th>
            <th scope="col">Status</th>
            <th scope="col">Requested</th>
            <th scope="col">Built</th>
            <th scope="col">Files</th>
            <th scope="col">Manifest SHA-256</th>
            <th scope="col">Signatures</th>
          </tr>
        </thead>
        <tbody>
          @for (pkg of newestFirst(); track pkg.packageNumber) {
            <tr>
              <th scope="row">
                <a [routerLink]="['packages', pkg.packageNumber]">Package {{ pkg.packageNumber }}</a>
              </th>
              <td>
                <span class="badge {{ status[pkg.status].badge }}">{{ status[pkg.status].text }}</span>
              </td>
              <td>{{ pkg.requestedAt | dateTime }}</td>
              <td>{{ pkg.builtAt | dateTime }}</td>
              <td class="numeric">
                @if (pkg.manifest; as manifest) {
                  {{ manifest.files.length }} ({{ size(pkg) }})
                } @else {
                  —
                }
              </td>
              <td>
                @if (pkg.manifestSha256) {
                  <app-hash-text [value]="pkg.manifestSha256" label="manifest SHA-256" />
                } @else {
                  —
                }
              </td>
              <td>
                @if (pkg.signatures.length === 0) {
                  <span class="badge badge--warn">Unsigned</span>
                } @else {
                  <span class="badge badge--good">Signed</span>
                  {{ pkg.signatures.length }}
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="7" class="muted">
                {{ loaded() ? 'No package has been built yet.' : 'Loading…' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class SubmissionPage {
  private readonly submission = inject(SubmissionApi);
  private readonly jobs = inject(JobsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly mayUse = injectMayUse();
  protected readonly trialCode = injectTrialCode();
  protected readonly status = PACKAGE_STATUS;

  protected readonly packages = signal<readonly SubmissionPackage[]>([]);
  protected readonly loaded = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly buildProblem = signal<ApiProblem | null>(null);
  protected readonly building = signal(false);
  protected readonly job = signal<Job | null>(null);
  protected readonly jobPackage = signal<number | null>(null);
  private readonly startedAt = signal<number | null>(null);
  private readonly now = signal(Date.now());
  private watching: Subscription | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;

  protected readonly mayBuild = computed(() => this.mayUse(PACKAGE_SIGNER_ROLES));
  protected readonly maySignatures = computed(() => this.mayUse(SIGNATURE_READER_ROLES, true));
  protected readonly newestFirst = computed(() => [...this.packages()].reverse());
  protected readonly step = computed(() => progressOf(this.job()));
  protected readonly elapsed = computed(() => {
    const job = this.job();
    const started = this.startedAt();
    if (started === null) return formatElapsed(0);
    const end = job?.finishedAt ? Date.parse(job.finishedAt) : this.now();
    return formatElapsed(Math.max(0, end - started));
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopWatching());
    effect(() => {
      const code = this.trialCode();
      if (code) untracked(() => void this.load(code, true));
    });
  }

  protected size(pkg: SubmissionPackage): string {
    return formatBytes(pkg.manifest?.files.reduce((sum, file) => sum + file.bytes, 0) ?? 0);
  }

  private async load(trialCode: string, resume = false): Promise<void> {
    try {
      const packages = await firstValueFrom(this.submission.list(trialCode));
      this.packages.set(packages);
      this.problem.set(null);
      const pending = [...packages]
        .reverse()
        .find((pkg) => pkg.status === 'queued' || pkg.status === 'running');
      if (resume && pending && !this.watching)
        this.watch(trialCode, pending.jobId, pending.packageNumber, false);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loaded.set(true);
    }
  }

  protected async build(): Promise<void> {
    const trialCode = this.trialCode();
    if (!trialCode || this.building()) return;
    this.building.set(true);
    this.buildProblem.set(null);
    try {
      const requested = await firstValueFrom(this.submission.request(trialCode));
      this.job.set(requested.job);
      this.packages.update((list) => [...list, requested.package]);
      this.watch(trialCode, requested.job.id, requested.package.packageNumber, true);
    } catch (error) {
      this.buildProblem.set(toApiProblem(error));
      this.building.set(false);
    }
  }

  /** Follows the build job; opens the package when it is built (`open`), else refreshes the list. */
  private watch(trialCode: string, jobId: string, packageNumber: number, open: boolean): void {
    this.stopWatching();
    this.building.set(true);
    this.jobPackage.set(packageNumber);
    this.startedAt.set(Date.now());
    this.now.set(Date.now());
    this.ticker = setInterval(() => this.now.set(Date.now()), 1000);
    this.watching = this.jobs.watch(trialCode, jobId).subscribe({
      next: (job) => {
        // A build found running on arrival counts from its request, not from this visit.
        if (!open && this.job()?.id !== job.id) this.startedAt.set(Date.parse(job.createdAt));
        this.job.set(job);
      },
      error: (error: unknown) => {
        this.buildProblem.set(toApiProblem(error));
        this.finish();
      },
      complete: () => {
        const job = this.job();
        this.finish();
        if (job?.status === 'succeeded' && open) {
          void this.router.navigate(['packages', packageNumber], { relativeTo: this.route });
        } else {
          void this.load(trialCode);
        }
      },
    });
  }

  private finish(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.watching = null;
    this.building.set(false);
  }

  private stopWatching(): void {
    this.watching?.unsubscribe();
    this.finish();
  }
}

/** The build step the job reports while it runs, when it reports one. */
function progressOf(job: Job | null): PackageBuildProgress | null {
  const result = job?.result;
  if (!result || job.status !== 'running') return null;
  const { step, done, total } = result as Partial<PackageBuildProgress>;
  return typeof step === 'string' && typeof done === 'number' && typeof total === 'number' && total > 0
    ? { step, done, total }
    : null;
}
