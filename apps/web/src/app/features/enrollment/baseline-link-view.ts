import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BaselineLink, CovariateValue } from '@prospect/web-data-access/enrollment';
import { formatDateTime } from '@prospect/web-ui/records';

/** The baseline link: day 0 and its source, the imaging study chosen (and why), covariates with sources. */
@Component({
  selector: 'app-baseline-link-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3>Treatment start (day 0)</h3>
    @switch (link().treatmentStart.status) {
      @case ('actual') {
        <p>
          <span class="badge badge--good">Actual</span> {{ date(start().at) }} from
          <span class="hash">{{ start().source }}</span>
          @if (start().candidates > 1) {
            (earliest of {{ start().candidates }} qualifying records)
          }
        </p>
      }
      @case ('planned') {
        <p>
          <span class="badge badge--warn">Planned</span> {{ date(start().at) }}, entered by a coordinator;
          provisional until given.
        </p>
      }
      @default {
        <p><span class="badge badge--bad">Unknown</span> No administration, procedure or planned date.</p>
      }
    }

    <h3>Baseline imaging</h3>
    @if (link().imaging.selected; as study) {
      <dl class="facts">
        <dt>Study Instance UID</dt>
        <dd>
          <span class="hash">{{ study.studyInstanceUid }}</span>
        </dd>
        <dt>ImagingStudy</dt>
        <dd>
          <span class="hash">ImagingStudy/{{ study.imagingStudyId }}</span>
        </dd>
        <dt>Taken</dt>
        <dd>
          {{ date(study.started) }} ({{ study.daysBeforeTreatment.toFixed(1) }} days before treatment start)
        </dd>
        <dt>Modality, body site</dt>
        <dd>{{ study.modality }}, {{ study.bodySite.display ?? study.bodySite.code }}</dd>
        <dt>Series</dt>
        <dd>
          @for (uid of study.seriesInstanceUids; track uid) {
            <span class="hash">{{ uid }}</span>
          }
        </dd>
        <dt>Selection rule</dt>
        <dd>{{ link().imaging.rule }}</dd>
      </dl>
    } @else {
      <p class="notice notice--warn">No baseline study selected.</p>
    }
    @if (link().imaging.candidates.length > 0) {
      <div class="table-wrap">
        <table class="table table--compact">
          <caption>
            Imaging studies considered
          </caption>
          <thead>
            <tr>
              <th scope="col">ImagingStudy</th>
              <th scope="col">Study Instance UID</th>
              <th scope="col">Taken</th>
              <th scope="col">Outcome</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            @for (candidate of link().imaging.candidates; track candidate.imagingStudyId) {
              <tr>
                <th scope="row">
                  <span class="hash" [title]="candidate.imagingStudyId"
                    >{{ candidate.imagingStudyId.slice(0, 8) }}…</span
                  >
                </th>
                <td>
                  <span class="hash">{{ candidate.studyInstanceUid ?? '—' }}</span>
                </td>
                <td>{{ date(candidate.started) }}</td>
                <td>{{ candidate.reason }}</td>
                <td>{{ candidate.detail }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }

    <h3>Covariates</h3>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Covariates as of
          {{
            date(link().covariates.at)
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Covariate</th>
            <th scope="col">Value</th>
            <th scope="col">Source</th>
            <th scope="col">Effective</th>
          </tr>
        </thead>
        <tbody>
          @for (item of covariates(); track item.name) {
            <tr>
              <th scope="row">{{ item.name }}</th>
              @if (item.value; as value) {
                <td>{{ valueText(value) }}</td>
                <td>
                  <span class="hash" [title]="value.source.resourceType + '/' + value.source.id"
                    >{{ value.source.resourceType }}/{{ value.source.id.slice(0, 8) }}…</span
                  >
                </td>
                <td>{{ date(value.effectiveAt) }}</td>
              } @else {
                <td colspan="3"><span class="badge badge--warn">No value</span></td>
              }
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class BaselineLinkView {
  readonly link = input.required<BaselineLink>();
  protected readonly date = formatDateTime;
  /** The treatment start with every field optional, for the template's branches. */
  protected readonly start = computed(() => {
    const start = this.link().treatmentStart;
    return start.status === 'actual'
      ? {
          at: start.at,
          source: `${start.source.resourceType}/${start.source.id}`,
          candidates: start.candidates,
        }
      : start.status === 'planned'
        ? { at: start.at, source: null, candidates: 0 }
        : { at: null, source: null, candidates: 0 };
  });
  protected readonly covariates = computed(() =>
    Object.entries(this.link().covariates.values).map(([name, value]) => ({ name, value })),
  );

  protected valueText(value: CovariateValue): string {
    switch (value.valueType) {
      case 'quantity':
        return `${value.comparator ?? ''}${value.value}${value.unit ? ' ' + value.unit : ''}`;
      case 'coded':
        return value.coding.display ?? value.coding.code ?? '—';
      case 'boolean':
        return value.value ? 'yes' : 'no';
    }
  }
}
