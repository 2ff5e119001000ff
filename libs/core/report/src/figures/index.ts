export { rocFigure, type RocFigureInput, type RocPoint, type RocBandPoint, type EstimateWithCi } from './roc';
export { calibrationFigure, type CalibrationFigureInput, type CalibrationGroup } from './calibration';
export {
  decisionCurveFigure,
  type DecisionCurveFigureInput,
  type DecisionCurvePoint,
} from './decision-curve';
export { forestFigure, type ForestFigureInput, type ForestRow, type ForestPooled } from './forest';
export { boundaryFigure, type BoundaryFigureInput } from './boundary';
export { cePlaneFigure, type CePlaneFigureInput } from './ce-plane';
export { ceacFigure, type CeacFigureInput } from './ceac';
export { consortFigure, type ConsortFlow, type ConsortFigureOptions } from './consort';
export { formatEstimate, formatWithCi } from './format';
