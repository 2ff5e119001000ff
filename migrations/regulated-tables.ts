/** Tables the database keeps append-only; tests try UPDATE, DELETE and TRUNCATE on each. */
export const REGULATED_TABLES = [
  'audit_event',
  'e_signature',
  'trial',
  'trial_site',
  'protocol_version',
  'protocol_approval',
  'enrollment',
  'baseline_link',
  'planned_treatment_start',
  'stored_image',
  'baseline_image',
  'model',
  'feature_extraction',
  'prediction',
] as const;
