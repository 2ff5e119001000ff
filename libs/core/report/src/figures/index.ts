export {
  rocFigure,
  rocChartSpec,
  type RocFigureInput,
  type RocPoint,
  type RocBandPoint,
  type EstimateWithCi,
} from './roc';
export {
  calibrationFigure,
  calibrationChartSpec,
  type CalibrationFigureInput,
  type CalibrationGroup,
} from './calibration';
export {
  decisionCurveFigure,
  decisionCurveChartSpec,
  type DecisionCurveFigureInput,
  type DecisionCurvePoint,
} from './decision-curve';
export {
  forestFigure,
  forestChartSpec,
  type ForestFigureInput,
  type ForestRow,
  type ForestPooled,
} from './forest';
export { boundaryFigure, boundaryChartSpec, type BoundaryFigureInput } from './boundary';
export { cePlaneFigure, cePlaneChartSpec, type CePlaneFigureInput } from './ce-plane';
export { ceacFigure, ceacChartSpec, type CeacFigureInput } from './ceac';
export { consortFigure, type ConsortFlow, type ConsortFigureOptions } from './consort';
export { formatEstimate, formatWithCi } from './format';
