export {
  cheersChecklist,
  type CheersChecklist,
  type CheersEntry,
  type CheersEntryStatus,
  type CheersEvaluation,
  type CheersInput,
  type CheersItem,
} from './cheers-checklist';
export { CHEERS_2022_ITEMS, type CheersItemDefinition, type CheersSection } from './cheers-items';
