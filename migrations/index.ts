export { MIGRATIONS } from './migrations';
export { REGULATED_TABLES } from './regulated-tables';
export { createProspectDataSource, PROSPECT_ENTITIES } from './data-source';
