import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { InputShift } from '@prospect/web-data-access/analyses';
import { formatNumber } from './format';
import { HashText } from '@prospect/web-ui/records';

/** Model inputs by site against the training distribution (SMD, PSI); needs no outcome. */
@Component({
  selector: 'app-input-shift-panel',
  imports: [HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="shift-title">
      <h2 id="shift-title">Input shift by site</h2>
      @if (shift(); as shift) {
        <p>
          Model <app-hash-text [value]="shift.modelSha256" label="model hash" />. A site is flagged when |SMD|
          ≥ {{ shift.thresholds.smd }} or PSI ≥ {{ shift.thresholds.psi }} with at least
          {{ shift.thresholds.minimumSubjects }} subjects.
        </p>
        @if (shift.flaggedSites.length > 0) {
          <p class="notice notice--warn" role="status">
            Flagged sites: <strong>{{ shift.flaggedSites.join(', ') }}</strong>. Check scanners and
            acquisition protocols.
          </p>
        } @else {
          <p class="notice notice--good" role="status">No site is flagged.</p>
        }
        <div class="table-wrap">
          <table class="table table--compact">
            <caption>
              Inputs at each site against training
            </caption>
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col">Training mean (SD)</th>
                <th scope="col">Site</th>
                <th scope="col" class="numeric">n</th>
                <th scope="col">Mean (SD)</th>
                <th scope="col" class="numeric">SMD</th>
                <th scope="col" class="numeric">PSI</th>
                <th scope="col">Flag</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.key) {
                <tr>
                  <th scope="row">{{ row.input }}</th>
                  <td>{{ row.training }}</td>
                  <td>{{ row.site }}</td>
                  <td class="numeric">{{ row.n }}</td>
                  <td>{{ row.mean }}</td>
                  <td class="numeric">{{ row.smd }}</td>
                  <td class="numeric">{{ row.psi }}</td>
                  <td>
                    @if (row.flagged) {
                      <span class="badge badge--warn">Flagged</span>
                    } @else if (row.note) {
                      <span class="muted">{{ row.note }}</span>
                    } @else {
                      <span class="badge badge--neutral">Within thresholds</span>
                    }
                  </td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="8" class="muted">No prediction yet.</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
})
export class InputShiftPanel {
  readonly shift = input<InputShift | null>(null);
  protected readonly rows = computed(() =>
    (this.shift()?.inputs ?? []).flatMap((entry) => {
      const training = entry.training
        ? `${formatNumber(entry.training.mean, 2)} (${formatNumber(entry.training.sd, 2)}), n = ${entry.training.n}`
        : 'not in the model card';
      if (!entry.sites || entry.sites.length === 0) {
        return [
          {
            key: entry.name,
            input: entry.name,
            training,
            site: '—',
            n: '—',
            mean: '—',
            smd: '—',
            psi: '—',
            flagged: false,
            note: entry.note,
          },
        ];
      }
      return entry.sites.map((site) => ({
        key: `${entry.name}/${site.site}`,
        input: entry.name,
        training,
        site: site.site,
        n: String(site.n),
        mean: site.mean === null ? '—' : `${formatNumber(site.mean, 2)} (${formatNumber(site.sd, 2)})`,
        smd: formatNumber(site.smd, 3),
        psi: formatNumber(site.psi, 3),
        flagged: site.flagged,
        note: site.note ?? entry.note,
      }));
    }),
  );
}
