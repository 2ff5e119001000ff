import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  type ElementRef,
  inject,
  InjectionToken,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { chartData, type XyChartSpec } from '@prospect/report';
import { ChartData } from './chart-data';
import { echartsOption } from './echarts-option';

/** What the panel needs of an ECharts instance. */
export interface ChartInstance {
  setOption(option: object, settings: { notMerge: boolean }): void;
  resize(): void;
  dispose(): void;
}

export type ChartFactory = (element: HTMLElement) => ChartInstance;

/**
 * Loads the chart library. The default imports ECharts lazily (its own chunk, never the initial
 * bundle); tests provide a fake.
 */
export const CHART_LOADER = new InjectionToken<() => Promise<ChartFactory>>('CHART_LOADER', {
  providedIn: 'root',
  factory: () => () => import('./echarts-setup').then((module) => module.createChart),
});

let nextId = 0;

/**
 * A chart of the web app: figure with title and caption, the spec drawn by ECharts (loaded when
 * the panel first comes into view, resized with its container, disposed with the panel), and the
 * spec's data table and CSV, which hold the same numbers as the submission report's figure.
 */
@Component({
  selector: 'app-chart-panel',
  imports: [ChartData],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart-panel" [attr.aria-labelledby]="titleId">
      <figcaption>
        <span class="chart-panel__title" role="heading" [attr.aria-level]="headingLevel()" [id]="titleId">
          {{ chart().title }}
        </span>
        @for (note of chart().notes ?? []; track $index) {
          <span class="chart-panel__note">{{ note }}</span>
        }
        @if (caption()) {
          <span class="chart-panel__caption muted">{{ caption() }}</span>
        }
      </figcaption>
      <div
        #canvas
        class="chart-panel__canvas"
        role="img"
        [attr.aria-label]="chart().description"
        [style.aspect-ratio]="aspectRatio()"
        [attr.data-state]="state()"
      ></div>
      @if (state() === 'failed') {
        <p class="notice notice--error" role="alert">
          The chart could not be drawn ({{ failure() }}). Its numbers are in the data table.
        </p>
      }
      <app-chart-data [title]="chart().title" [fileId]="chart().id" [data]="data()" />
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart-panel {
      margin: 0 0 1.5rem;
      max-width: 44rem;
    }
    figcaption {
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      margin-bottom: 0.5rem;
    }
    .chart-panel__title {
      font-weight: 600;
      font-size: 1.05rem;
    }
    .chart-panel__canvas {
      width: 100%;
      min-height: 240px;
      max-height: 80vh;
    }
  `,
})
export class ChartPanel {
  readonly chart = input.required<XyChartSpec>();
  readonly caption = input<string | null>(null);
  /** Level of the title's heading in the page outline. */
  readonly headingLevel = input(3);

  protected readonly titleId = `chart-panel-${++nextId}`;
  protected readonly data = computed(() => chartData(this.chart()));
  protected readonly aspectRatio = computed(() => {
    const spec = this.chart();
    return `${spec.width ?? 480} / ${spec.height ?? 360}`;
  });
  protected readonly state = signal<'waiting' | 'loading' | 'drawn' | 'failed'>('waiting');
  protected readonly failure = signal('');

  private readonly canvas = viewChild.required<ElementRef<HTMLElement>>('canvas');
  private readonly load = inject(CHART_LOADER);
  private readonly instance = signal<ChartInstance | null>(null);

  constructor() {
    const destroyRef = inject(DestroyRef);
    let destroyed = false;
    let visibility: IntersectionObserver | null = null;
    let resize: ResizeObserver | null = null;
    const start = (): void => {
      visibility?.disconnect();
      visibility = null;
      if (this.state() !== 'waiting') return;
      this.state.set('loading');
      this.load().then(
        (create) => {
          if (destroyed) return;
          const element = this.canvas().nativeElement;
          const chart = create(element);
          this.instance.set(chart);
          if (typeof ResizeObserver !== 'undefined') {
            resize = new ResizeObserver(() => chart.resize());
            resize.observe(element);
          }
        },
        (error: unknown) => {
          this.failure.set(error instanceof Error ? error.message : 'the chart library did not load');
          this.state.set('failed');
        },
      );
    };
    afterNextRender(() => {
      // Load ECharts when the chart scrolls into view; at once where there is no IntersectionObserver.
      if (typeof IntersectionObserver === 'undefined') {
        start();
        return;
      }
      visibility = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) start();
      });
      visibility.observe(this.canvas().nativeElement);
    });
    effect(() => {
      const chart = this.instance();
      if (!chart) return;
      try {
        chart.setOption(echartsOption(this.chart(), { title: false }), { notMerge: true });
        this.state.set('drawn');
      } catch (error) {
        this.failure.set(error instanceof Error ? error.message : String(error));
        this.state.set('failed');
      }
    });
    destroyRef.onDestroy(() => {
      destroyed = true;
      visibility?.disconnect();
      resize?.disconnect();
      this.instance()?.dispose();
    });
  }
}
