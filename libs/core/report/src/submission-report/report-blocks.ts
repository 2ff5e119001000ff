import type { Figure } from '../graphics/figure';

/**
 * The report's content as a list of blocks, rendered once as HTML and once as PDF, so the two
 * documents can never say different things.
 */
export type ReportBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'key-value'; readonly rows: readonly (readonly [string, string])[] }
  | {
      readonly kind: 'table';
      readonly caption: string;
      readonly columns: readonly {
        readonly header: string;
        readonly width?: number;
        readonly numeric?: boolean;
      }[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: 'figure'; readonly figure: Figure; readonly caption: string }
  | { readonly kind: 'page-break' };

/** A report: its title, subtitle lines and blocks. */
export interface ReportDocument {
  readonly title: string;
  readonly subtitle: readonly string[];
  /** Text of every PDF page's footer. */
  readonly footer: string;
  readonly createdAt: Date;
  readonly blocks: readonly ReportBlock[];
}
