import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { figureToSvg, type Figure } from '@prospect/report';
import { ChartData } from './chart-data';

/**
 * A figure of the submission report (e.g. the CONSORT flow diagram) drawn by the report's own SVG
 * renderer, exactly as in the package, with its data table and CSV.
 */
@Component({
  selector: 'app-figure-svg',
  imports: [ChartData],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="figure-svg">
      <figcaption>
        <span class="figure-svg__title" role="heading" [attr.aria-level]="headingLevel()">
          {{ figure().title }}
        </span>
        @if (caption()) {
          <span class="muted">{{ caption() }}</span>
        }
      </figcaption>
      <div class="figure-svg__drawing" [innerHTML]="svg()"></div>
      <app-chart-data [title]="figure().title" [fileId]="figure().id" [data]="figure().data" />
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    .figure-svg {
      margin: 0 0 1.5rem;
      max-width: 44rem;
    }
    figcaption {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      margin-bottom: 0.5rem;
    }
    .figure-svg__title {
      font-weight: 600;
      font-size: 1.05rem;
    }
    .figure-svg__drawing {
      overflow-x: auto;
    }
    .figure-svg__drawing ::ng-deep svg {
      max-width: 100%;
      height: auto;
    }
  `,
})
export class FigureSvg {
  readonly figure = input.required<Figure>();
  readonly caption = input<string | null>(null);
  readonly headingLevel = input(3);

  private readonly sanitizer = inject(DomSanitizer);

  /**
   * Safe to trust: figureToSvg builds the markup itself from the figure's numbers and escapes
   * every text (escapeXml) and attribute; colours are checked against #rrggbb and coordinates
   * are numbers. No markup from the API or the user passes through unescaped. Angular's
   * sanitizer would otherwise strip the SVG.
   */
  protected readonly svg = computed<SafeHtml>(() =>
    this.sanitizer.bypassSecurityTrustHtml(figureToSvg(this.figure())),
  );
}
