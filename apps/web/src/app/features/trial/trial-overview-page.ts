import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { SessionStore, TrialContextStore, toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import {
  TrialApi,
  type ProtocolVersion,
  type TrialDetail,
  type TrialFlow,
  type TrialProgress,
} from '@prospect/web-data-access/trial';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { percent } from '../enrollment/format';
import { ConsortFlowDiagram } from './consort-flow';
import { ProtocolVersions } from './protocol-versions';

/** The trial: summary, sites, protocol versions, blinded progress and the participant flow. */
@Component({
  selector: 'app-trial-overview-page',
  imports: [FormsModule, ProblemAlert, ConsortFlowDiagram, ProtocolVersions],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ trial()?.title ?? code() }}</h1>
    <app-problem-alert [problem]="problem()" />
    @if (trial(); as trial) {
      <dl class="facts">
        <dt>Trial code</dt>
        <dd>{{ trial.code }}</dd>
        <dt>Indication</dt>
        <dd>{{ trial.indication }}</dd>
        <dt>Registered</dt>
        <dd>{{ date(trial.createdAt) }}</dd>
        <dt>Protocol in force</dt>
        <dd>
          @if (trial.protocolInForce !== null) {
            version {{ trial.protocolInForce }}
          } @else {
            <span class="badge badge--warn">none approved</span>
          }
          @if (
            trial.latestProtocolVersion !== null && trial.latestProtocolVersion !== trial.protocolInForce
          ) {
            (latest draft: version {{ trial.latestProtocolVersion }})
          }
        </dd>
      </dl>

      <section aria-labelledby="sites-title">
        <h2 id="sites-title">Sites</h2>
        <div class="table-wrap">
          <table class="table table--compact">
            <caption>
              Sites of
              {{
                trial.code
              }}
            </caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              @for (site of trial.sites; track site.code) {
                <tr>
                  <th scope="row">{{ site.code }}</th>
                  <td>{{ site.name }}</td>
                  <td>{{ date(site.createdAt) }}</td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="3" class="muted">No site yet.</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (isAdmin()) {
          <form class="form form--inline" (ngSubmit)="addSite()" aria-labelledby="add-site-title">
            <h3 id="add-site-title">Add a site</h3>
            <label for="site-code">Site code</label>
            <input
              id="site-code"
              name="siteCode"
              required
              pattern="[A-Z0-9]{1,8}"
              maxlength="8"
              [ngModel]="siteCode()"
              (ngModelChange)="siteCode.set($event.toUpperCase())"
              aria-describedby="site-code-hint"
            />
            <span id="site-code-hint" class="muted">1–8 upper-case letters or digits, e.g. HD01</span>
            <label for="site-name">Site name</label>
            <input
              id="site-name"
              name="siteName"
              required
              maxlength="200"
              [ngModel]="siteName()"
              (ngModelChange)="siteName.set($event)"
            />
            <button class="button" type="submit" [disabled]="siteBusy() || !siteCode() || !siteName().trim()">
              Add site
            </button>
          </form>
          <app-problem-alert [problem]="siteProblem()" />
          @if (siteAdded(); as added) {
            <p class="notice notice--good" role="status">{{ added }}</p>
          }
        }
      </section>

      <section aria-labelledby="protocol-title">
        <h2 id="protocol-title">Protocol</h2>
        <app-protocol-versions
          [trialCode]="trial.code"
          [versions]="versions()"
          [inForce]="trial.protocolInForce"
          [isAdmin]="isAdmin()"
          (approved)="reload()"
        />
      </section>
    }

    @if (readsProgress()) {
      <section aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <app-problem-alert [problem]="progressProblem()" />
        @if (!progress() && !progressProblem()) {
          <p role="status" class="muted">Loading progress…</p>
        }
        @if (progress(); as progress) {
          <dl class="facts">
            <dt>Enrolled</dt>
            <dd>{{ progress.flow.enrolled }} of {{ progress.plannedSampleSize }} planned</dd>
            <dt>Predictions locked</dt>
            <dd>{{ progress.flow.locked }}</dd>
            <dt>Outcomes known</dt>
            <dd>{{ progress.flow.withOutcome }}</dd>
            <dt>Information fraction</dt>
            <dd>
              <span class="numeric">{{ pct(progress.informationFraction) }}</span>
              <progress
                max="1"
                [value]="progress.informationFraction"
                aria-label="Information fraction"
              ></progress>
            </dd>
            <dt>Outcome completeness</dt>
            <dd>{{ pct(progress.completeness) }}</dd>
            <dt>Awaiting adjudication</dt>
            <dd>{{ progress.outcomesAwaitingAdjudication }}</dd>
            <dt>Next look</dt>
            <dd>
              @if (progress.nextLook; as look) {
                Look {{ look.lookNumber }} at information fraction {{ pct(look.informationFraction) }}
              } @else {
                All planned looks analysed
              }
            </dd>
          </dl>
        }
        @if (flow(); as flow) {
          <h3>Participant flow</h3>
          <app-consort-flow [flow]="flow" />
        }
      </section>
    }
  `,
})
export class TrialOverviewPage {
  private readonly api = inject(TrialApi);
  private readonly context = inject(TrialContextStore);
  private readonly session = inject(SessionStore);

  protected readonly code = computed(() => this.context.currentCode() ?? '');
  protected readonly trial = signal<TrialDetail | null>(null);
  protected readonly versions = signal<readonly ProtocolVersion[]>([]);
  protected readonly progress = signal<TrialProgress | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly flow = signal<TrialFlow | null>(null);
  protected readonly progressProblem = signal<ApiProblem | null>(null);
  protected readonly isAdmin = computed(() => this.session.me()?.isAdmin ?? false);
  /** Progress and flow are for every trial role (not for an administrator without one). */
  protected readonly readsProgress = computed(() => this.context.roles().length > 0);

  protected readonly siteCode = signal('');
  protected readonly siteName = signal('');
  protected readonly siteBusy = signal(false);
  protected readonly siteProblem = signal<ApiProblem | null>(null);
  protected readonly siteAdded = signal<string | null>(null);

  protected readonly date = formatDateTime;
  protected readonly pct = percent;

  constructor() {
    effect(() => {
      const code = this.code();
      if (code) void this.load(code, this.readsProgress());
    });
  }

  protected reload(): void {
    void this.load(this.code(), this.readsProgress());
  }

  private async load(code: string, withProgress: boolean): Promise<void> {
    this.problem.set(null);
    try {
      const [trial, versions] = await Promise.all([
        firstValueFrom(this.api.get(code)),
        firstValueFrom(this.api.protocolVersions(code)),
      ]);
      this.trial.set(trial);
      this.versions.set(versions);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
    if (!withProgress) return;
    try {
      const [progress, flow] = await Promise.all([
        firstValueFrom(this.api.progress(code)),
        firstValueFrom(this.api.flow(code)),
      ]);
      this.progress.set(progress);
      this.flow.set(flow);
      this.progressProblem.set(null);
    } catch (error) {
      this.progressProblem.set(toApiProblem(error));
    }
  }

  protected async addSite(): Promise<void> {
    this.siteBusy.set(true);
    this.siteProblem.set(null);
    this.siteAdded.set(null);
    try {
      const site = await firstValueFrom(
        this.api.addSite(this.code(), { code: this.siteCode(), name: this.siteName().trim() }),
      );
      this.siteAdded.set(`Site ${site.code} (${site.name}) added.`);
      this.siteCode.set('');
      this.siteName.set('');
      const trial = this.trial();
      if (trial) this.trial.set({ ...trial, sites: [...trial.sites, site] });
    } catch (error) {
      this.siteProblem.set(toApiProblem(error));
    } finally {
      this.siteBusy.set(false);
    }
  }
}
