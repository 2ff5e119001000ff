export { decisionCurve, type DecisionCurvePoint } from './decision-curve';
