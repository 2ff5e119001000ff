export {
  echartsOption,
  escapeHtml,
  tooltipFormatter,
  type EchartsOptionSettings,
  type XySeriesOption,
} from './echarts-option';
export { ChartData, csvFileName, figureCsv, figureTableRows } from './chart-data';
export { ChartPanel, CHART_LOADER, type ChartFactory, type ChartInstance } from './chart-panel';
export { FigureSvg } from './figure-svg';
