/**
 * The triggers that make a table append-only: UPDATE, DELETE and TRUNCATE raise
 * `prospect_refuse_mutation()` (created by CreateAuditTrail). New migrations use this; merged ones
 * keep their own copies, since a merged migration is never edited.
 */
export function appendOnlyTriggersSql(table: string): string {
  return `
    CREATE TRIGGER "TRG_${table}_append_only" BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION prospect_refuse_mutation();
    CREATE TRIGGER "TRG_${table}_no_truncate" BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION prospect_refuse_mutation();
  `;
}
