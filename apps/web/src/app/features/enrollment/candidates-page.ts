import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { TrialContextStore, toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import {
  EnrollmentApi,
  type Candidate,
  type CandidateQuery,
  type Enrollment,
} from '@prospect/web-data-access/enrollment';
import { TrialApi } from '@prospect/web-data-access/trial';
import { ProblemAlert } from '@prospect/web-ui';
import { EnrollResult } from './enroll-result';
import { formatDate } from './format';

/** Search the FHIR server for patients and enroll one at a site (coordinators). */
@Component({
  selector: 'app-candidates-page',
  imports: [FormsModule, RouterLink, ProblemAlert, EnrollResult],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Candidates</h1>
    <p class="muted">
      Search the hospital’s FHIR server by identifier, name, birth date or condition code (at least one).
    </p>
    <form class="form form--inline" (ngSubmit)="search()" role="search" aria-label="Search candidates">
      <label for="q-identifier">Identifier</label>
      <input
        id="q-identifier"
        name="identifier"
        maxlength="200"
        placeholder="system|value or value"
        [ngModel]="query().identifier"
        (ngModelChange)="set('identifier', $event)"
      />
      <label for="q-name">Name</label>
      <input
        id="q-name"
        name="name"
        maxlength="100"
        [ngModel]="query().name"
        (ngModelChange)="set('name', $event)"
      />
      <label for="q-birth">Birth date</label>
      <input
        id="q-birth"
        name="birthDate"
        placeholder="YYYY, YYYY-MM or YYYY-MM-DD"
        pattern="\\d{4}(-\\d{2}(-\\d{2})?)?"
        [ngModel]="query().birthDate"
        (ngModelChange)="set('birthDate', $event)"
      />
      <label for="q-condition">Condition code</label>
      <input
        id="q-condition"
        name="conditionCode"
        maxlength="200"
        placeholder="system|code"
        [ngModel]="query().conditionCode"
        (ngModelChange)="set('conditionCode', $event)"
      />
      <button class="button" type="submit" [disabled]="searching() || !hasCriterion()">Search</button>
    </form>
    @if (conditionHints().length > 0) {
      <p class="muted">
        Conditions of the protocol:
        @for (hint of conditionHints(); track hint.value) {
          <button
            type="button"
            class="button button--secondary button--small"
            (click)="set('conditionCode', hint.value)"
          >
            {{ hint.label }}
          </button>
        }
      </p>
    }
    <app-problem-alert [problem]="searchProblem()" />
    <p role="status" class="muted">{{ status() }}</p>

    @if (candidates().length > 0) {
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Patients found
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Identifiers</th>
              <th scope="col">Birth date</th>
              <th scope="col">Gender</th>
              <th scope="col">Enrollment</th>
            </tr>
          </thead>
          <tbody>
            @for (candidate of candidates(); track candidate.reference) {
              <tr [class.selected]="selected()?.reference === candidate.reference">
                <th scope="row">{{ candidate.name }}</th>
                <td>
                  @for (id of candidate.identifiers; track $index) {
                    <span class="hash" [title]="id.system ?? ''">{{ id.value }}</span>
                  }
                </td>
                <td>{{ fmtDate(candidate.birthDate) }}</td>
                <td>{{ candidate.gender ?? '—' }}</td>
                <td>
                  @if (candidate.enrolledAs; as subjectId) {
                    <a [routerLink]="['..', 'subjects', subjectId]">Enrolled as {{ subjectId }}</a>
                  } @else {
                    <button
                      type="button"
                      class="button button--small"
                      (click)="select(candidate)"
                      [attr.aria-label]="'Enroll ' + candidate.name"
                    >
                      Enroll…
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }

    @if (selected(); as candidate) {
      <form class="form" (ngSubmit)="enroll(candidate)" aria-labelledby="enroll-title">
        <h2 id="enroll-title">Enroll {{ candidate.name }}</h2>
        <p class="muted">{{ candidate.reference }}</p>
        <label for="enroll-site">Site</label>
        <select
          id="enroll-site"
          name="site"
          required
          [ngModel]="siteCode()"
          (ngModelChange)="siteCode.set($event)"
        >
          <option value="" disabled>Choose a site</option>
          @for (site of sites(); track site.code) {
            <option [value]="site.code">{{ site.code }} · {{ site.name }}</option>
          }
        </select>
        <fieldset>
          <legend>Planned treatment start (only when no treatment is recorded yet)</legend>
          <label for="enroll-planned">Planned date</label>
          <input
            id="enroll-planned"
            name="plannedAt"
            type="date"
            [ngModel]="plannedAt()"
            (ngModelChange)="plannedAt.set($event)"
          />
          <label for="enroll-planned-reason">Reason</label>
          <input
            id="enroll-planned-reason"
            name="plannedReason"
            maxlength="1000"
            placeholder="e.g. First infusion booked"
            [required]="!!plannedAt()"
            [ngModel]="plannedReason()"
            (ngModelChange)="plannedReason.set($event)"
          />
        </fieldset>
        <div class="actions">
          <button
            class="button"
            type="submit"
            [disabled]="enrolling() || !siteCode() || (!!plannedAt() && plannedReason().trim().length < 3)"
          >
            Enroll at {{ siteCode() || 'site' }}
          </button>
          <button class="button button--secondary" type="button" (click)="selected.set(null)">Cancel</button>
        </div>
        <app-problem-alert [problem]="enrollProblem()" />
      </form>
    }

    @if (enrolled(); as enrollment) {
      <app-enroll-result [enrollment]="enrollment" />
    }
  `,
})
export class CandidatesPage {
  private readonly api = inject(EnrollmentApi);
  private readonly context = inject(TrialContextStore);
  private readonly trialApi = inject(TrialApi);

  protected readonly query = signal<CandidateQuery>({});
  protected readonly candidates = signal<readonly Candidate[]>([]);
  protected readonly searching = signal(false);
  protected readonly searched = signal(false);
  protected readonly searchProblem = signal<ApiProblem | null>(null);
  protected readonly selected = signal<Candidate | null>(null);
  protected readonly siteCode = signal('');
  protected readonly plannedAt = signal('');
  protected readonly plannedReason = signal('');
  protected readonly enrolling = signal(false);
  protected readonly enrollProblem = signal<ApiProblem | null>(null);
  protected readonly enrolled = signal<Enrollment | null>(null);

  protected readonly sites = computed(() => this.context.currentTrial()?.sites ?? []);
  protected readonly hasCriterion = computed(() =>
    Object.values(this.query()).some((value) => !!value?.trim()),
  );
  protected readonly status = computed(() => {
    if (this.searching()) return 'Searching…';
    if (!this.searched()) return '';
    const count = this.candidates().length;
    return count === 0 ? 'No patient matches.' : `${count} patient${count === 1 ? '' : 's'} found.`;
  });
  /** Condition codes of the protocol's inclusion rules, offered as one-click searches. */
  protected readonly conditionHints = signal<{ label: string; value: string }[]>([]);
  protected readonly fmtDate = formatDate;

  constructor() {
    effect(() => {
      const trial = this.context.currentTrial();
      if (trial?.protocolInForce) void this.loadHints(trial.code, trial.protocolInForce);
    });
  }

  private async loadHints(code: string, version: number): Promise<void> {
    try {
      const protocol = await firstValueFrom(this.trialApi.protocolVersion(code, version));
      this.conditionHints.set(conditionCodes(protocol.content));
    } catch {
      // Hints only: the search works without them.
      this.conditionHints.set([]);
    }
  }

  protected set(key: keyof CandidateQuery, value: string): void {
    this.query.update((query) => ({ ...query, [key]: value }));
  }

  protected async search(): Promise<void> {
    const code = this.context.currentCode();
    if (!code) return;
    this.searching.set(true);
    this.searchProblem.set(null);
    this.selected.set(null);
    try {
      this.candidates.set(await firstValueFrom(this.api.candidates(code, this.query())));
    } catch (error) {
      this.candidates.set([]);
      this.searchProblem.set(toApiProblem(error));
    } finally {
      this.searching.set(false);
      this.searched.set(true);
    }
  }

  protected select(candidate: Candidate): void {
    this.selected.set(candidate);
    this.enrollProblem.set(null);
    this.enrolled.set(null);
    if (!this.siteCode() && this.sites().length === 1) this.siteCode.set(this.sites()[0]?.code ?? '');
  }

  protected async enroll(candidate: Candidate): Promise<void> {
    const code = this.context.currentCode();
    if (!code) return;
    this.enrolling.set(true);
    this.enrollProblem.set(null);
    try {
      const planned = this.plannedAt();
      const enrollment = await firstValueFrom(
        this.api.enroll(code, {
          patientReference: candidate.reference,
          siteCode: this.siteCode(),
          ...(planned ? { plannedTreatmentStart: { at: planned, reason: this.plannedReason().trim() } } : {}),
        }),
      );
      this.enrolled.set(enrollment);
      this.selected.set(null);
      this.candidates.update((list) =>
        list.map((item) =>
          item.reference === candidate.reference ? { ...item, enrolledAs: enrollment.subjectId } : item,
        ),
      );
    } catch (error) {
      this.enrollProblem.set(toApiProblem(error));
    } finally {
      this.enrolling.set(false);
    }
  }
}

/** `system|code` of every code in the protocol's inclusion rules on conditions. */
export function conditionCodes(content: Record<string, unknown>): { label: string; value: string }[] {
  const eligibility = content['eligibility'] as { rules?: unknown[] } | undefined;
  const hints: { label: string; value: string }[] = [];
  for (const rule of eligibility?.rules ?? []) {
    const { kind, criterion } = rule as { kind?: string; criterion?: { type?: string; codes?: unknown[] } };
    if (kind !== 'inclusion' || criterion?.type !== 'condition') continue;
    for (const item of criterion.codes ?? []) {
      const { system, code, display } = item as { system?: string; code?: string; display?: string };
      if (system && code) hints.push({ label: `${display ?? code} (${code})`, value: `${system}|${code}` });
    }
  }
  return hints;
}
