export {
  inputShiftThresholdsSchema,
  subgroupSchema,
  type InputShiftThresholds,
  type Subgroup,
} from './analysis-options';
export { codeListSchema, codingSchema, type CodeList, type Coding } from './coding';
export {
  COVARIATE_SOURCES,
  COVARIATE_VALUE_TYPES,
  covariateSchema,
  covariatesSchema,
  type Covariate,
  type CovariateSource,
  type CovariateValueType,
} from './covariates';
export {
  ECONOMIC_PATHWAYS,
  ECONOMIC_PERSPECTIVES,
  EFFECT_MEASURES,
  costTermSchema,
  economicParameterSchema,
  economicPathwaySchema,
  effectTermSchema,
  healthEconomicsPlanSchema,
  parameterDistributionSchema,
  type CostTerm,
  type EconomicParameter,
  type EconomicPathway,
  type EconomicPathwayName,
  type EconomicPerspective,
  type EffectMeasure,
  type EffectTerm,
  type HealthEconomicsPlan,
  type HealthEconomicsPlanInput,
  type ParameterDistribution,
} from './economics';
export {
  COMPARATORS,
  RULE_KINDS,
  SEX_VALUES,
  criterionSchema,
  eligibilityRuleSchema,
  eligibilitySchema,
  type Comparator,
  type Criterion,
  type CriterionType,
  type Eligibility,
  type EligibilityRule,
  type RuleKind,
  type Sex,
} from './eligibility';
export {
  PCR_DEFINITIONS,
  assessmentWindowSchema,
  primaryEndpointSchema,
  type AssessmentWindow,
  type PcrDefinition,
  type PrimaryEndpoint,
  type PrimaryEndpointType,
} from './endpoint';
export {
  IMAGING_MODALITIES,
  IMAGING_SELECTIONS,
  acquisitionConstraintsSchema,
  baselineImagingSchema,
  type AcquisitionConstraints,
  type BaselineImaging,
  type ImagingModality,
  type ImagingSelection,
} from './imaging';
export { modelReferenceSchema, type ModelReference } from './model';
export { ucumUnitSchema } from './primitives';
export {
  PROTOCOL_SCHEMA_VERSION,
  protocolContentSchema,
  type ProtocolContent,
  type ProtocolContentInput,
} from './protocol-content';
export {
  decisionThresholdSchema,
  expectedPrevalenceSchema,
  futilityRuleSchema,
  interimPlanSchema,
  plannedSampleSizeSchema,
  primaryHypothesisSchema,
  spendingFunctionSchema,
  type FutilityRule,
  type InterimLook,
  type InterimPlan,
  type PrimaryHypothesis,
  type SpendingFunction,
} from './statistics';
export { treatmentStartSchema, type TreatmentStart } from './treatment';
