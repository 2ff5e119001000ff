export type {
  ChecklistItemDefinition,
  ChecklistItemStatus,
  FilledChecklist,
  FilledChecklistItem,
} from './checklist-types';
export { consortAiChecklist } from './consort-ai-checklist';
export {
  CONSORT_AI_ITEMS,
  CONSORT_AI_REFERENCE,
  type AiExtensionItemKind,
  type ConsortAiItemDefinition,
} from './consort-ai-items';
export {
  REPORT_SECTION_IDS,
  type BaselineInputFacts,
  type BlindingFacts,
  type BlindingRoleFacts,
  type CountFacts,
  type DayWindow,
  type DesignFacts,
  type EndpointFacts,
  type FutilityRuleFacts,
  type HumanAiFacts,
  type InputFeatureFacts,
  type InputQualityFacts,
  type InputShiftFacts,
  type LockingFacts,
  type ModelFacts,
  type PackageFacts,
  type PreprocessingFacts,
  type ReportSectionId,
  type ReportingFacts,
  type SiteFacts,
  type SponsorStatements,
  type SpendingFunctionFacts,
} from './reporting-facts';
export { spiritAiChecklist } from './spirit-ai-checklist';
export { SPIRIT_AI_ITEMS, SPIRIT_AI_REFERENCE, type SpiritAiItemDefinition } from './spirit-ai-items';
export { tripodAiChecklist } from './tripod-ai-checklist';
export {
  TRIPOD_AI_ITEMS,
  TRIPOD_AI_REFERENCE,
  type TripodAiApplicability,
  type TripodAiItemDefinition,
  type TripodAiSection,
} from './tripod-ai-items';
