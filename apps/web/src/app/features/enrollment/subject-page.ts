import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { TrialContextStore, toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import {
  EnrollmentApi,
  type BaselineImage,
  type BaselineVersion,
  type Enrollment,
  type EnrollmentLock,
  type PredictionHashes,
} from '@prospect/web-data-access/enrollment';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime, HashText } from '@prospect/web-ui/records';
import { BaselineHistory } from './baseline-history';
import { BaselineImages } from './baseline-images';
import { BaselineLinkView } from './baseline-link-view';
import { EligibilityRules } from './eligibility-rules';
import { IssueList } from './issue-list';
import { LockPanel } from './lock-panel';
import { SubjectActions } from './subject-actions';

/** One enrollment, everything a coordinator needs about it; read-only for monitors. */
@Component({
  selector: 'app-subject-page',
  imports: [
    RouterLink,
    ProblemAlert,
    BaselineHistory,
    BaselineImages,
    BaselineLinkView,
    EligibilityRules,
    HashText,
    IssueList,
    LockPanel,
    SubjectActions,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="..">← All enrollments</a></p>
    <h1>Subject {{ subjectId() }}</h1>
    <app-problem-alert [problem]="problem()" />
    @if (!canAct()) {
      <p class="notice">Read-only: you may review this enrollment; only coordinators change it.</p>
    }
    @if (enrollment(); as enrollment) {
      <dl class="facts">
        <dt>Site</dt>
        <dd>{{ enrollment.siteCode }}</dd>
        <dt>Enrolled</dt>
        <dd>{{ date(enrollment.enrolledAt) }} under protocol version {{ enrollment.protocolVersion }}</dd>
        <dt>FHIR patient</dt>
        <dd>
          <span class="hash">{{ enrollment.fhirPatientReference }}</span>
        </dd>
        <dt>Baseline link</dt>
        <dd>version {{ enrollment.baseline.version }}, synced {{ date(enrollment.baseline.syncedAt) }}</dd>
        <dt>Write-back to FHIR</dt>
        <dd>
          @if (enrollment.writeBack; as writeBack) {
            {{ writeBack.status }}{{ writeBack.reference ? ' · ' + writeBack.reference : ''
            }}{{ writeBack.lastError ? ' · ' + writeBack.lastError : '' }}
          } @else {
            —
          }
        </dd>
      </dl>

      <section aria-labelledby="issues-title">
        <h2 id="issues-title">Open issues ({{ enrollment.baseline.issues.length }})</h2>
        <app-issue-list [issues]="enrollment.baseline.issues" />
      </section>

      <section aria-labelledby="eligibility-title">
        <h2 id="eligibility-title">Eligibility</h2>
        <app-eligibility-rules [eligibility]="enrollment.baseline.link.eligibility" />
      </section>

      <section aria-labelledby="baseline-title">
        <h2 id="baseline-title">Baseline link</h2>
        <app-baseline-link-view [link]="enrollment.baseline.link" />
      </section>

      @if (canAct()) {
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          <app-subject-actions
            [trialCode]="code()"
            [subjectId]="subjectId()"
            [hasImage]="images().length > 0"
            [locked]="!!lock()"
            (changed)="reload()"
          />
        </section>
      }

      <section aria-labelledby="images-title">
        <h2 id="images-title">Baseline image and mask</h2>
        <app-baseline-images
          [trialCode]="code()"
          [subjectId]="subjectId()"
          [images]="images()"
          [canUpload]="canAct() && !lock()"
          (changed)="reload()"
        />
      </section>

      <section aria-labelledby="predictions-title">
        <h2 id="predictions-title">Predictions</h2>
        @for (prediction of predictions(); track prediction.id) {
          <dl class="facts">
            <dt>Predicted</dt>
            <dd>
              {{ date(prediction.predictedAt) }} (protocol v{{ prediction.protocolVersion }}, baseline image
              v{{ prediction.baselineImageVersion }})
            </dd>
            <dt>Model</dt>
            <dd><app-hash-text [value]="prediction.modelSha256" label="model SHA-256" /></dd>
            <dt>Inputs, features</dt>
            <dd>
              <app-hash-text [value]="prediction.inputsSha256" label="inputs SHA-256" />
              <app-hash-text [value]="prediction.featuresSha256" label="features SHA-256" />
            </dd>
          </dl>
        } @empty {
          <p class="muted">No prediction yet.</p>
        }
      </section>

      <section aria-labelledby="lock-title">
        <h2 id="lock-title">Lock</h2>
        <app-lock-panel
          [trialCode]="code()"
          [subjectId]="subjectId()"
          [lock]="lock()"
          [canLock]="canAct()"
          (changed)="reload()"
        />
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">Baseline history</h2>
        <app-baseline-history [versions]="history()" />
      </section>
    } @else if (!problem()) {
      <p role="status">Loading…</p>
    }
  `,
})
export class SubjectPage {
  private readonly api = inject(EnrollmentApi);
  private readonly context = inject(TrialContextStore);
  readonly subjectId = input.required<string>();

  protected readonly code = computed(() => this.context.currentCode() ?? '');
  protected readonly canAct = computed(() => this.context.roles().includes('coordinator'));
  protected readonly enrollment = signal<Enrollment | null>(null);
  protected readonly history = signal<readonly BaselineVersion[]>([]);
  protected readonly images = signal<readonly BaselineImage[]>([]);
  protected readonly predictions = signal<readonly PredictionHashes[]>([]);
  protected readonly lock = signal<EnrollmentLock | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly date = formatDateTime;

  constructor() {
    effect(() => {
      const code = this.code();
      const subjectId = this.subjectId();
      if (code && subjectId) void this.load(code, subjectId);
    });
  }

  protected reload(): void {
    void this.load(this.code(), this.subjectId());
  }

  private async load(code: string, subjectId: string): Promise<void> {
    this.problem.set(null);
    try {
      const [enrollment, history, images, predictions, lock] = await Promise.all([
        firstValueFrom(this.api.get(code, subjectId)),
        firstValueFrom(this.api.history(code, subjectId)),
        firstValueFrom(this.api.baselineImages(code, subjectId)),
        firstValueFrom(this.api.predictions(code, subjectId)),
        firstValueFrom(this.api.lockOf(code, subjectId)),
      ]);
      this.enrollment.set(enrollment);
      this.history.set(history);
      this.images.set(images);
      this.predictions.set(predictions);
      this.lock.set(lock);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
