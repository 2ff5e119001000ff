export * from './figure';
export {
  linearScale,
  niceTicks,
  niceTicksWithin,
  niceStep,
  formatNumber,
  formatTick,
  formatCompact,
  type LinearScale,
} from './scale';
export { clipSegment, clipPolyline, clipPolygon, type Box } from './clip';
export { textElement, lineElement, arrowElements, textWidth, type TextOptions } from './shapes';
export * from './xy-chart';
export { figureToSvg, escapeXml } from './svg';
export { figureDataToCsv, figureDataToHtmlTable } from './figure-data';
