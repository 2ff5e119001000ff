import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BlindedProgress } from '@prospect/web-data-access/analyses';
import { DataTable } from '@prospect/web-ui';
import { formatPercent } from './format';

const EXCLUSION_LABELS: Readonly<Record<string, string>> = {
  'lock-after-treatment-start': 'Locked after treatment start',
  'imaging-outside-window': 'Baseline imaging outside the window',
  'outcome-outside-window': 'Outcome assessed outside the window',
  withdrawn: 'Withdrawn',
};

/** Blinded progress: information fraction, outcome completeness and the flow counts. No outcome values. */
@Component({
  selector: 'app-progress-panel',
  imports: [DataTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">Blinded status</h2>
      @if (progress(); as progress) {
        <dl class="facts">
          <dt>Information fraction</dt>
          <dd>
            <span class="numeric">{{ fraction() }}</span>
            ({{ progress.flow.analysedPrimary }} per-protocol subjects with an outcome of
            {{ progress.plannedSampleSize }} planned)
            <progress
              max="1"
              [value]="progress.informationFraction"
              aria-label="Information fraction"
            ></progress>
          </dd>
          <dt>Next look</dt>
          <dd>
            @if (progress.nextLook; as next) {
              Look {{ next.lookNumber }} at information fraction {{ next.informationFraction }}
              @if (progress.informationFraction >= next.informationFraction) {
                <span class="badge badge--good">information reached</span>
              } @else {
                <span class="badge badge--neutral">not reached yet</span>
              }
            } @else {
              Every planned look has been taken.
            }
          </dd>
          <dt>Outcome completeness</dt>
          <dd>
            {{ completeness() }} of locked subjects have a settled outcome (observed, adjudicated, missing or
            withdrawn)
          </dd>
          <dt>Enrolled / locked</dt>
          <dd>
            {{ progress.flow.enrolled }} enrolled, {{ progress.flow.locked }} locked,
            {{ progress.flow.notLocked }} not locked
          </dd>
          <dt>Awaiting adjudication</dt>
          <dd>{{ progress.outcomesAwaitingAdjudication }}</dd>
        </dl>
        <app-data-table
          caption="Locked subjects by outcome status (counts only)"
          [columns]="['Status', 'Subjects']"
          [rows]="statusRows()"
        />
        <app-data-table
          caption="Per-protocol exclusions among subjects with an outcome"
          [columns]="['Reason', 'Subjects']"
          [rows]="exclusionRows()"
        />
      } @else {
        <p class="muted" role="status">Loading progress…</p>
      }
    </section>
  `,
})
export class ProgressPanel {
  readonly progress = input<BlindedProgress | null>(null);
  protected readonly fraction = computed(() => formatPercent(this.progress()?.informationFraction));
  protected readonly completeness = computed(() => formatPercent(this.progress()?.completeness ?? null));
  protected readonly statusRows = computed(() =>
    Object.entries(this.progress()?.flow.outcome ?? {}).map(([status, count]) => [status, count]),
  );
  protected readonly exclusionRows = computed(() => {
    const flow = this.progress()?.flow;
    if (!flow) return [];
    return [
      ...Object.entries(flow.exclusions).map(([reason, count]) => [
        EXCLUSION_LABELS[reason] ?? reason,
        count,
      ]),
      ['Excluded from the primary analysis (any reason)', flow.excludedFromPrimary],
    ];
  });
}
