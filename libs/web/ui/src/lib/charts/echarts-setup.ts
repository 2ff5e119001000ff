/**
 * ECharts with only what x–y charts need (line, scatter and custom series; grid, tooltip, legend,
 * title and ARIA; the SVG renderer). Imported lazily by ChartPanel (`import('./echarts-setup')`),
 * so ECharts lands in its own chunk and never in the app's initial bundle.
 */
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([
  LineChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  AriaComponent,
  SVGRenderer,
]);

/** A chart instance drawn as SVG in `element`. */
export function createChart(element: HTMLElement): ECharts {
  return init(element, null, { renderer: 'svg' });
}
