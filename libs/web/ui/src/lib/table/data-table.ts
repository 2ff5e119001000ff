import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { downloadText, toCsv, type CsvCell } from '../csv/csv';

/** A captioned table of plain values with a CSV download of exactly what it shows. */
@Component({
  selector: 'app-data-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap">
      <table class="table">
        <caption>
          {{
            caption()
          }}
          @if (fileName()) {
            <button type="button" class="button button--small" (click)="download()">Download CSV</button>
          }
        </caption>
        <thead>
          <tr>
            @for (column of columns(); track $index) {
              <th scope="col">{{ column }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track $index) {
            <tr>
              @for (value of row; track $index) {
                <td>{{ value ?? '—' }}</td>
              }
            </tr>
          } @empty {
            <tr>
              <td [attr.colspan]="columns().length" class="muted">{{ empty() }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class DataTable {
  readonly caption = input.required<string>();
  readonly columns = input.required<readonly string[]>();
  readonly rows = input.required<readonly (readonly CsvCell[])[]>();
  readonly empty = input('Nothing to show.');
  /** CSV file name; no download button without one. */
  readonly fileName = input<string | null>(null);

  protected download(): void {
    downloadText(this.fileName() ?? 'table.csv', toCsv(this.columns(), this.rows()));
  }
}
