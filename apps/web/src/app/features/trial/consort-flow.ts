import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { consortStages, consortTableRows, type TrialFlow } from '@prospect/web-data-access/trial';

/**
 * The CONSORT-style flow as an HTML diagram (a list of stages, each with who left the flow there
 * and why) and the same numbers as a table.
 */
@Component({
  selector: 'app-consort-flow',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="consort" aria-labelledby="consort-caption">
      <figcaption id="consort-caption">Participant flow (CONSORT-style)</figcaption>
      <ol class="consort__stages">
        @for (stage of stages(); track stage.key) {
          <li class="consort__stage" [attr.data-stage]="stage.key">
            <div class="consort__box">
              <strong>{{ stage.title }}</strong>
              <span class="consort__count numeric">n = {{ stage.count }}</span>
              <span class="muted">{{ stage.note }}</span>
            </div>
            @if (stage.aside; as aside) {
              <div class="consort__aside" [attr.aria-label]="aside.title + ': ' + aside.count">
                <strong>{{ aside.title }}</strong>
                <span class="consort__count numeric">n = {{ aside.count }}</span>
                @if (aside.reasons.length > 1) {
                  <ul>
                    @for (reason of aside.reasons; track reason.key) {
                      <li>
                        {{ reason.label }}: <span class="numeric">{{ reason.count }}</span>
                      </li>
                    }
                  </ul>
                }
              </div>
            }
          </li>
        }
      </ol>
    </figure>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Participant flow in numbers
        </caption>
        <thead>
          <tr>
            <th scope="col">Stage or reason</th>
            <th scope="col" class="numeric">Subjects</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track $index) {
            <tr>
              <th
                scope="row"
                [style.padding-left.rem]="0.5 + row.level * 1.25"
                [class.muted]="row.level === 2"
              >
                {{ row.label }}
              </th>
              <td class="numeric">{{ row.count }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .consort {
      margin: 0 0 1rem;
    }
    .consort__stages {
      list-style: none;
      padding: 0;
      margin: 0 0 1rem;
      display: grid;
      gap: 1.25rem;
    }
    .consort__stage {
      display: grid;
      grid-template-columns: minmax(12rem, 1fr) minmax(12rem, 1fr);
      gap: 1.5rem;
      align-items: start;
      position: relative;
    }
    .consort__stage:not(:last-child) .consort__box::after {
      content: '';
      position: absolute;
      left: 25%;
      bottom: -1.25rem;
      height: 1.25rem;
      border-left: 2px solid currentColor;
    }
    .consort__box,
    .consort__aside {
      border: 2px solid currentColor;
      border-radius: 4px;
      padding: 0.5rem 0.75rem;
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
    }
    .consort__box {
      align-self: stretch;
    }
    .consort__aside {
      border-style: dashed;
    }
    .consort__aside ul {
      margin: 0.25rem 0 0;
      padding-left: 1.1rem;
    }
    .consort__count {
      font-size: 1.25rem;
      font-weight: 600;
    }
    @media (max-width: 40rem) {
      .consort__stage {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class ConsortFlowDiagram {
  readonly flow = input.required<TrialFlow>();
  protected readonly stages = computed(() => consortStages(this.flow()));
  protected readonly rows = computed(() => consortTableRows(this.flow()));
}
