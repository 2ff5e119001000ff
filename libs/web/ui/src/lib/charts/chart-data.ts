import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { formatNumber, type FigureCell, type FigureData } from '@prospect/report';
import { downloadText, toCsv } from '../csv/csv';
import { DataTable } from '../table/data-table';

/** Table cells as shown on screen: numbers to 4 significant digits, missing values empty. */
export function figureTableRows(data: FigureData): (string | null)[][] {
  return data.rows.map((row) => data.columns.map((_, index) => cellText(row[index], 4)));
}

/**
 * The figure's numbers as CSV, as the submission package's figure CSVs write them (12 significant
 * digits, missing values empty), with the web app's spreadsheet-formula guard.
 */
export function figureCsv(data: FigureData): string {
  return toCsv(
    data.columns,
    data.rows.map((row) => data.columns.map((_, index) => cellText(row[index], 12))),
  );
}

function cellText(cell: FigureCell | undefined, digits: number): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? formatNumber(cell, digits) : null;
  return cell;
}

/** A file name from a figure id: letters, digits, dashes and underscores only. */
export function csvFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9_-]/g, '-') || 'figure'}.csv`;
}

let nextId = 0;

/** "Show data table" toggle and "Download CSV" of a figure's numbers. */
@Component({
  selector: 'app-chart-data',
  imports: [DataTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="actions">
      <button
        type="button"
        class="button button--secondary button--small"
        [attr.aria-expanded]="shown()"
        [attr.aria-controls]="tableId"
        (click)="shown.set(!shown())"
      >
        {{ shown() ? 'Hide data table' : 'Show data table' }}
      </button>
      <button type="button" class="button button--secondary button--small" (click)="download()">
        Download CSV<span class="visually-hidden">: {{ title() }}</span>
      </button>
    </div>
    <div [id]="tableId">
      @if (shown()) {
        <app-data-table
          [caption]="'Data: ' + title()"
          [columns]="data().columns"
          [rows]="rows()"
          empty="No values to show."
        />
      }
    </div>
  `,
})
export class ChartData {
  readonly title = input.required<string>();
  /** Figure id: the CSV file name. */
  readonly fileId = input.required<string>();
  readonly data = input.required<FigureData>();

  protected readonly tableId = `chart-data-${++nextId}`;
  protected readonly shown = signal(false);
  protected readonly rows = computed(() => figureTableRows(this.data()));

  protected download(): void {
    downloadText(csvFileName(this.fileId()), figureCsv(this.data()));
  }
}
